/**
 * Which methodology each vault follows (TMAI_METHODOLOGY_FILE): a JSON file
 * `{ "vaults": { "<index name or address>": { "methodology": { id, version, params }, "bounds"?: {...},
 * "membership"?: "<path of the sector membership file>" } } }`, checked when the keeper starts. A vault it does not
 * list gets capped market cap over every token the market data lists.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { MarketDataError } from "./marketData.js";
import type { SectorMembership } from "./methodology/signalSector.js";
import { boundsFromJson } from "./snapshot.js";
import type { SignalSource, VaultMethodology } from "./types.js";

const wad = z.string().regex(/^\d+$/, "a whole number of wei (18 decimals), as a string");
const spec = z.discriminatedUnion("id", [
  z.strictObject({ id: z.literal("capped-market-cap"), version: z.string(), params: z.strictObject({}) }),
  z.strictObject({
    id: z.literal("global-top-n"),
    version: z.string(),
    params: z.strictObject({ n: z.number().int().min(1).max(100) }),
  }),
  z.strictObject({
    id: z.literal("signal-sector"),
    version: z.string(),
    params: z.strictObject({
      sector: z.string().min(1),
      weighting: z.enum(["market-cap", "signal"]),
      neutral: z.enum(["hold", "exclude"]),
      neutralFactorBps: z.number().int().min(1).max(10_000),
      minBullish: z.number().int().min(1),
      stablecoins: z.array(z.string()),
      depegToleranceBps: z.number().min(0),
    }),
  }),
]);
const file = z.strictObject({
  description: z.string().optional(),
  vaults: z.record(
    z.string(),
    z.strictObject({
      methodology: spec,
      bounds: z
        .strictObject({
          maxAssets: z.number().int().min(1).max(100),
          weightCapWad: wad,
          minWeightWad: wad,
          assetCapsWad: z.record(z.string(), wad).optional(),
        })
        .optional(),
      membership: z.string().optional(),
    }),
  ),
});

const membershipSchema = z.strictObject({
  version: z.string().min(1),
  description: z.string().optional(),
  sectors: z.record(z.string(), z.array(z.string())),
});

export async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new MarketDataError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new MarketDataError(`${what} ${path} is not valid JSON`);
  }
}

/** Reads a sector membership file (`{ version, sectors: { <sector>: [<provider id>, …] } }`). */
export async function readMembership(path: string): Promise<SectorMembership> {
  const parsed = membershipSchema.safeParse(await readJson(path, "the sector membership file"));
  if (!parsed.success)
    throw new MarketDataError(
      `${path}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return { version: parsed.data.version, sectors: parsed.data.sectors };
}

/**
 * Each listed vault's methodology, keyed by lower-case vault address.
 * @param resolveVault Index name or address to the vault's address (undefined: not an index of the manifest).
 * @param signals The signal source of the vaults whose methodology reads signals.
 */
export async function loadMethodologies(
  path: string,
  resolveVault: (nameOrAddress: string) => string | undefined,
  signals: SignalSource | undefined,
): Promise<Record<string, VaultMethodology>> {
  const parsed = file.safeParse(await readJson(path, "the methodology file"));
  if (!parsed.success) {
    throw new MarketDataError(
      `${path}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const out: Record<string, VaultMethodology> = {};
  for (const [key, v] of Object.entries(parsed.data.vaults)) {
    const vault = resolveVault(key);
    if (vault === undefined) throw new MarketDataError(`${path}: "${key}" is not an index of the manifest`);
    const m: VaultMethodology = { spec: v.methodology };
    if (v.bounds !== undefined) m.bounds = boundsFromJson(v.bounds);
    if (v.methodology.id === "signal-sector") {
      if (v.membership === undefined)
        throw new MarketDataError(`${path}: ${key} follows signal-sector but names no membership file`);
      if (signals === undefined) {
        throw new MarketDataError(`${path}: ${key} follows signal-sector, which needs signals: set TMAI_SIGNALS`);
      }
      m.membership = await readMembership(resolve(dirname(path), v.membership));
      m.signals = signals;
    }
    out[vault.toLowerCase()] = m;
  }
  return out;
}
