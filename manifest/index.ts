/**
 * The deployments manifest, `deployments/<network>.json`: one format for every network, localhost included.
 *
 * This module owns it: the schema (validated at runtime with zod), the only writer (`writeManifest`) and the only
 * reader (`readManifest` / `parseManifest`). Writers: the step flow of `npm start` (deploy/lib/local/stack.ts) and `npm run deploy`
 * (deploy/lib/networkFlow.ts). Readers: the keeper, the price simulator, the governance CLI, tests; later the
 * subgraph and the dApp. A broken or old manifest is refused with a message naming the field.
 *
 * No ABIs inside: readers take them from the typechain factories (types/ethers-contracts) or bindings/abis.ts.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ManifestError, parseManifest, type Manifest } from "./schema.js";

export * from "./schema.js";

/** Reads and validates `path`; undefined when there is no file there. */
export async function readManifestIfExists(path: string): Promise<Manifest | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ManifestError(`cannot read the deployments manifest ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ManifestError(`${path} is not valid JSON (${(err as Error).message})`);
  }
  return parseManifest(json, path);
}

/** Reads and validates `path`. */
export async function readManifest(path: string): Promise<Manifest> {
  const manifest = await readManifestIfExists(path);
  if (manifest === undefined) {
    throw new ManifestError(`No deployments manifest at ${path}: deploy first (npm start or npm run deploy).`);
  }
  return manifest;
}

/** Validates `manifest` (a writer's bug is caught before it reaches a reader) and writes it as JSON. */
export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  const valid = parseManifest(manifest, `manifest for ${path}`);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(valid, null, 2) + "\n");
}
