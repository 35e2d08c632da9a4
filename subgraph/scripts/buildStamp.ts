/**
 * Whether `subgraph/build` was compiled from the current sources: a SHA-256 over everything the compiled mappings
 * depend on (the schema, the mappings in src/, the manifest generator, the contracts' ABIs in bindings/json/, and the
 * lockfile, which pins graph-cli and graph-ts), written next to the build by `npm run subgraph:build`
 * (`--write`). `npm start` skips the ~40 s build when the stamp matches. Data source addresses are not inputs: the
 * WASM does not depend on them, and the local runner takes them from the deployments manifest.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { SUBGRAPH_DIR } from "./manifest.js";

const ROOT = join(SUBGRAPH_DIR, "..");
const STAMP = join(SUBGRAPH_DIR, "build", ".inputs-sha256");

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The hash of the build's inputs (paths and contents, in a fixed order). */
export async function subgraphInputsHash(): Promise<string> {
  const files = [
    join(SUBGRAPH_DIR, "schema.graphql"),
    join(SUBGRAPH_DIR, "scripts", "manifest.ts"),
    join(ROOT, "package-lock.json"),
    ...(await filesUnder(join(SUBGRAPH_DIR, "src"))),
    ...(await filesUnder(join(ROOT, "bindings", "json"))),
  ]
    .map((f) => relative(ROOT, f))
    .sort();
  const hash = createHash("sha256");
  for (const f of files)
    hash
      .update(f)
      .update("\0")
      .update(await readFile(join(ROOT, f)))
      .update("\0");
  return hash.digest("hex");
}

/** True when subgraph/build holds a stamp equal to the current inputs' hash. */
export async function subgraphBuildIsCurrent(): Promise<boolean> {
  const stamp = await readFile(STAMP, "utf8").catch(() => "");
  return stamp.trim() === (await subgraphInputsHash());
}

if (process.argv.includes("--write")) {
  await writeFile(STAMP, (await subgraphInputsHash()) + "\n");
}
