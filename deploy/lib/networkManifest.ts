import { ManifestError, readManifestIfExists, type JsonArg, type Manifest } from "../../manifest/index.js";

export type { JsonArg } from "../../manifest/index.js";
export { writeManifest as writeNetworkManifest } from "../../manifest/index.js";

export function toJsonArg(value: unknown): JsonArg {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJsonArg);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonArg(v)]));
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
    return value;
  }
  throw new Error(`cannot record constructor argument of type ${typeof value}`);
}

/** A contract or index of a network manifest with what verification needs: source name and constructor arguments. */
export interface RecordedEntry {
  /** `contracts.<name>` or `indices[<i>]`, for messages. */
  field: string;
  name: string;
  address: string;
  contract: string;
  constructorArgs: JsonArg[];
}

/**
 * Every contract and index of a network manifest in deployment order (indices right after the IndexFactory that
 * created them), each with its recorded source name and constructor arguments; a ManifestError names an entry
 * without them (a local-stack manifest records none: the network flow cannot resume from it).
 */
export function recordedEntries(manifest: Manifest, source: string): RecordedEntry[] {
  const recorded = (
    field: string,
    name: string,
    e: { address: string; contract?: string; constructorArgs?: JsonArg[] },
  ): RecordedEntry => {
    if (e.contract === undefined || e.constructorArgs === undefined) {
      throw new ManifestError(
        `${source}: ${field} has no recorded ${e.contract === undefined ? "contract" : "constructorArgs"}; ` +
          "was it written by another flow (npm start)?",
      );
    }
    return { field, name, address: e.address, contract: e.contract, constructorArgs: e.constructorArgs };
  };
  const indices = manifest.indices.map((index, i) => recorded(`indices[${i}]`, index.name, index));
  const entries: RecordedEntry[] = [];
  for (const [name, entry] of Object.entries(manifest.contracts)) {
    entries.push(recorded(`contracts.${name}`, name, entry));
    if (name === "IndexFactory") entries.push(...indices.splice(0));
  }
  return [...entries, ...indices];
}

/** The network flow's previous manifest at `path` (undefined when there is none), validated for a re-run. */
export async function readNetworkManifest(path: string): Promise<Manifest | undefined> {
  const manifest = await readManifestIfExists(path);
  if (manifest !== undefined) recordedEntries(manifest, path);
  return manifest;
}
