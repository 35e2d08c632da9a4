/**
 * The deployments manifest's schema, validation and lookups: the part of the manifest module without file access, so
 * that a browser bundle (the dApp) can import it. `manifest/index.ts` re-exports all of it and adds the reader and
 * the writer of `deployments/<network>.json`.
 */
import { z } from "zod";

/** The format version this code writes and reads. Manifests without it were written before this module (v1). */
export const MANIFEST_VERSION = 2;

/** A manifest that cannot be used: missing, not JSON, of an older version, or with a missing or wrong field. */
export class ManifestError extends Error {
  override name = "ManifestError";
}

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, { error: "expected a 0x-prefixed 40-hex address" });
const uintString = z.string().regex(/^\d+$/, { error: "expected a whole number as a decimal string" });
const decimalString = z.string().regex(/^\d+(\.\d+)?$/, { error: "expected a decimal number as a string" });
const block = z.number().int().nonnegative();
const seconds = z.number().int().nonnegative();
const name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: "expected a name of letters, digits and _ starting with a letter" });

/** A constructor argument as JSON: bigints are written as decimal strings (ethers and verifiers accept them). */
export type JsonArg = string | number | boolean | null | JsonArg[] | { [key: string]: JsonArg };
const jsonArg: z.ZodType<JsonArg> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonArg), z.record(z.string(), jsonArg)]),
);

/** What verification and re-runs of the network flow need besides the address (absent on the local stack). */
const deploymentRecord = {
  /** Fully qualified name, `<source>:<contract>`, as hardhat-verify takes it. */
  contract: z.string().min(1).optional(),
  /** Constructor arguments (for a vault: the factory's creation parameters). */
  constructorArgs: z.array(jsonArg).optional(),
  /** Hash of the creating transaction (a factory call for vaults). */
  txHash: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, { error: "expected a 0x-prefixed 32-byte transaction hash" })
    .optional(),
};

const contractEntry = z.strictObject({ address, ...deploymentRecord });

/** The Rebalancer's settings of one index (fractions and USD as decimal strings, durations in seconds). */
const rebalancingSettings = z.strictObject({
  bandHigh: decimalString,
  bandLow: decimalString,
  auctionDurationSeconds: seconds,
  announcementDelaySeconds: seconds,
  hysteresisSeconds: seconds,
  weightCap: decimalString,
  maxLotUsd: decimalString,
  /** The risk-off asset. */
  stablecoin: address,
  /** RebalanceUpkeep period of the index. */
  upkeepPeriodSeconds: seconds,
});

const indexEntry = z.strictObject({
  /** Manifest name: `Index` for the flagship index (on every network, localhost included). */
  name,
  address,
  /** The ERC-20 name and symbol of the index token. */
  tokenName: z.string().min(1),
  symbol: z.string().min(1),
  /** First block to scan for the vault's events (its creation block, or the deployment's start block). */
  creationBlock: block,
  rebalancing: rebalancingSettings.optional(),
  ...deploymentRecord,
});

const tokenEntry = z.strictObject({
  symbol: z.string().min(1),
  name: z.string().min(1),
  decimals: z.number().int().min(0).max(255),
  address,
  /** Chainlink-compatible USD feed of the token. */
  feed: address,
  /** USD price when deployed. */
  priceUsd: decimalString,
  /** Units of the token per share of the index when it was created. */
  unitsPerShare: uintString,
});

export const manifestSchema = z
  .strictObject({
    version: z.literal(MANIFEST_VERSION),
    /** Hardhat network name (`localhost`, `hardhat`, `base`, …). */
    network: z.string().min(1),
    chainId: z.number().int().positive(),
    rpcUrl: z.string(),
    deployedAt: z.string().min(1),
    /** First block of the deployment: where indexers start. */
    startBlock: block,
    /** Network deployments: the config it was deployed from (deploy/config/networks/<config>.ts). */
    config: z.string().min(1).optional(),
    /** Network deployments: true when the external contracts were local stand-ins (a dry run). */
    dryRun: z.boolean().optional(),
    /** `admin` holds every DEFAULT_ADMIN_ROLE (the timelock once governance is deployed, else the deployer). */
    roles: z.strictObject({
      admin: address,
      guardian: address,
      feeRecipient: address,
      methodologist: address.optional(),
    }),
    /**
     * Every contract but the index vaults, by stable name (in deployment order). Names are not a closed list: a
     * contract added to the flows later (e.g. `IndexLens`, the dApp's read lens) is simply absent from a manifest
     * written before it, so readers treat any name but the core ones as optional.
     */
    contracts: z.record(name, contractEntry),
    indices: z.array(indexEntry),
    /** The basket tokens. */
    tokens: z.array(tokenEntry),
    /** Uniswap v3 pool of each basket token against the quote token, when a DEX is deployed. */
    pools: z
      .strictObject({ quoteToken: address, fee: z.number().int().positive(), bySymbol: z.record(z.string(), address) })
      .optional(),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.indices.forEach((index, i) => {
      if (seen.has(index.name) || index.name in m.contracts) {
        ctx.addIssue({
          code: "custom",
          path: ["indices", i, "name"],
          message: `"${index.name}" is already the name of another contract or index`,
        });
      }
      seen.add(index.name);
    });
  });

export type Manifest = z.infer<typeof manifestSchema>;
export type ContractEntry = z.infer<typeof contractEntry>;
export type IndexEntry = z.infer<typeof indexEntry>;
export type TokenEntry = z.infer<typeof tokenEntry>;
export type RebalancingSettings = z.infer<typeof rebalancingSettings>;

/** Where a network's manifest lives. */
export function manifestPath(network: string, dir = "deployments"): string {
  return `${dir}/${network}.json`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(top level)" : out;
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const RERUN =
  "re-run npm start (local stack), or move it aside and run npm run deploy again (a network: it deploys afresh)";

/** Validates parsed JSON; `source` (usually the path) starts every message. */
export function parseManifest(json: unknown, source: string): Manifest {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new ManifestError(`${source}: not a deployments manifest (expected a JSON object)`);
  }
  if (!("version" in json)) {
    throw new ManifestError(
      `${source} was written by an older version (no "version" field; this code reads version ` +
        `${MANIFEST_VERSION}): ${RERUN}`,
    );
  }
  if (typeof json.version === "number" && json.version !== MANIFEST_VERSION) {
    throw new ManifestError(
      `${source} has manifest version ${json.version}; this code reads version ${MANIFEST_VERSION}: ${RERUN}`,
    );
  }
  const result = manifestSchema.safeParse(json);
  if (result.success) return result.data;
  const lines = result.error.issues.slice(0, 5).map((issue) => {
    const value = valueAt(json, issue.path);
    const got =
      issue.code === "unrecognized_keys" || issue.code === "custom"
        ? ""
        : value === undefined
          ? " (missing)"
          : `, got ${shown(value)}`;
    return `${source}: ${fieldPath(issue.path)}: ${issue.message}${got}`;
  });
  const more = result.error.issues.length - lines.length;
  throw new ManifestError(lines.join("\n") + (more > 0 ? `\n(and ${more} more)` : ""));
}

/** The address of contract `name`, or a ManifestError naming what is missing. */
export function contractAddress(manifest: Manifest, name: string, source = `the ${manifest.network} manifest`): string {
  const entry = manifest.contracts[name];
  if (entry === undefined) {
    throw new ManifestError(
      `${source} has no contracts.${name} (it lists ${Object.keys(manifest.contracts).join(", ")})`,
    );
  }
  return entry.address;
}

/** The index named `name` (`Index`, …), or undefined. */
export function indexByName(manifest: Manifest, name: string): IndexEntry | undefined {
  return manifest.indices.find((i) => i.name === name);
}

/** The index at `address` (any case), or undefined. */
export function indexByAddress(manifest: Manifest, address: string): IndexEntry | undefined {
  return manifest.indices.find((i) => i.address.toLowerCase() === address.toLowerCase());
}

/** The basket token with `symbol`, or undefined. */
export function tokenBySymbol(manifest: Manifest, symbol: string): TokenEntry | undefined {
  return manifest.tokens.find((t) => t.symbol === symbol);
}
