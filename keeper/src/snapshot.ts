/**
 * Weekly methodology snapshots: the inputs a target was computed from, frozen into one JSON document with the
 * methodology (id, version, parameters), the contracts' bounds and the resulting target. The document is stored as
 * its canonical serialization (keys sorted, no whitespace), and its keccak256 is the `snapshotHash` the posted target
 * carries on chain (`TargetPosted`), so anyone can fetch the file, hash it, recompute the target and compare.
 */
import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";
import { computeWeights, type MethodologyInputs, type MethodologySpec } from "./methodology/index.js";
import type { TargetBounds } from "./methodology/common.js";
import { targetFromWeights } from "./methodology/target.js";

export const SNAPSHOT_FORMAT = "tmai-methodology-snapshot/1";
export const WEEK_SECONDS = 7 * 86_400;

/** The week (whole weeks since the Unix epoch, which began on a Thursday 00:00 UTC) that `timestamp` falls in. */
export function weekOf(timestamp: number): number {
  return Math.floor(timestamp / WEEK_SECONDS);
}

/** Bounds as JSON: weights as decimal strings of 18-decimal integers. */
export interface BoundsJson {
  maxAssets: number;
  weightCapWad: string;
  minWeightWad: string;
  assetCapsWad?: Record<string, string>;
}

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  vault: string;
  /** Week number (`weekOf`) and, within it, 0 for the weekly snapshot and 1, 2, … for drift-triggered ones. */
  week: number;
  sequence: number;
  /** Why it was taken: the weekly rebalance, or the live target leaving the drift band of the posted one. */
  reason: "weekly" | "drift";
  /** Chain time it was taken at. */
  takenAt: number;
  methodology: MethodologySpec;
  bounds: BoundsJson;
  /** Where the inputs came from (source names), for the reader; not used to recompute. */
  sources: Record<string, string>;
  inputs: MethodologyInputs;
  /** The target posted: assets by ascending address, weights as decimal strings, and its Rebalancer key. */
  target: { assets: string[]; weights: string[]; key: string };
}

export class SnapshotError extends Error {}

/**
 * The canonical serialization: JSON with object keys sorted (by UTF-16 code unit), no whitespace, `undefined`
 * members left out, bigints as decimal strings. Numbers are written as JavaScript writes them (shortest round trip).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new SnapshotError(`cannot serialize ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new SnapshotError(`cannot serialize a ${typeof value}`);
}

/** keccak256 of the canonical serialization's UTF-8 bytes: the `snapshotHash` posted on chain. */
export function snapshotHash(snapshot: Snapshot): string {
  return keccak256(toUtf8Bytes(canonicalJson(snapshot)));
}

export function boundsToJson(b: TargetBounds): BoundsJson {
  return {
    maxAssets: b.maxAssets,
    weightCapWad: b.weightCapWad.toString(),
    minWeightWad: b.minWeightWad.toString(),
    ...(b.assetCapsWad === undefined
      ? {}
      : {
          assetCapsWad: Object.fromEntries(
            Object.entries(b.assetCapsWad).map(([a, c]) => [a.toLowerCase(), c.toString()]),
          ),
        }),
  };
}

export function boundsFromJson(b: BoundsJson): TargetBounds {
  return {
    maxAssets: b.maxAssets,
    weightCapWad: BigInt(b.weightCapWad),
    minWeightWad: BigInt(b.minWeightWad),
    ...(b.assetCapsWad === undefined
      ? {}
      : { assetCapsWad: Object.fromEntries(Object.entries(b.assetCapsWad).map(([a, c]) => [a, BigInt(c)])) }),
  };
}

/** Freezes inputs into a snapshot: runs the methodology and records its target. */
export function takeSnapshot(args: {
  vault: string;
  takenAt: number;
  sequence: number;
  reason: Snapshot["reason"];
  methodology: MethodologySpec;
  bounds: TargetBounds;
  sources: Record<string, string>;
  inputs: MethodologyInputs;
}): Snapshot {
  // Through JSON first, so the target is computed from exactly what is stored (no stray fields, no undefined).
  const inputs = JSON.parse(canonicalJson(args.inputs)) as MethodologyInputs;
  const target = targetFromWeights(computeWeights(args.methodology, inputs, args.bounds));
  return {
    format: SNAPSHOT_FORMAT,
    vault: args.vault,
    week: weekOf(args.takenAt),
    sequence: args.sequence,
    reason: args.reason,
    takenAt: args.takenAt,
    methodology: args.methodology,
    bounds: boundsToJson(args.bounds),
    sources: args.sources,
    inputs,
    target: { assets: target.assets, weights: target.weights.map(String), key: target.key },
  };
}

/**
 * Recomputes a stored snapshot's target from its inputs (what any reader can do) and checks it is the one recorded.
 * @param text The stored file, byte for byte.
 * @returns The snapshot, its hash (compare with `TargetPosted.snapshotHash`) and the recomputed target.
 */
export function verifySnapshot(text: string): {
  snapshot: Snapshot;
  hash: string;
  target: { assets: string[]; weights: bigint[]; key: string };
} {
  const snapshot = JSON.parse(text) as Snapshot;
  if (snapshot.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`not a ${SNAPSHOT_FORMAT} document`);
  if (canonicalJson(snapshot) !== text) throw new SnapshotError("the document is not in canonical form");
  const target = targetFromWeights(
    computeWeights(snapshot.methodology, snapshot.inputs, boundsFromJson(snapshot.bounds)),
  );
  if (target.key !== snapshot.target.key) {
    throw new SnapshotError(`the inputs give target ${target.key}, the snapshot records ${snapshot.target.key}`);
  }
  return { snapshot, hash: keccak256(toUtf8Bytes(text)), target };
}

/** A stored snapshot and its hash. */
export interface StoredSnapshot {
  snapshot: Snapshot;
  hash: string;
  /** Where it was stored (a path, a URL). */
  location: string;
}

/** Where snapshots are published; the keeper writes one before it posts the target that carries its hash. */
export interface SnapshotStore {
  save(snapshot: Snapshot): Promise<StoredSnapshot>;
  /** The vault's latest snapshot (highest week, then sequence), if any. */
  latest(vault: string): Promise<StoredSnapshot | undefined>;
}

/** The file name of a snapshot: `<week>.json` for the weekly one, `<week>-<sequence>.json` for drift-triggered ones. */
export function snapshotFileName(week: number, sequence: number): string {
  return sequence === 0 ? `${week}.json` : `${week}-${sequence}.json`;
}

/** Snapshots as files: `<dir>/<vault, lower case>/<week>[-<sequence>].json` (locally `deployments/snapshots`). */
export class FileSnapshotStore implements SnapshotStore {
  constructor(readonly dir: string) {}

  async save(snapshot: Snapshot): Promise<StoredSnapshot> {
    const folder = join(this.dir, snapshot.vault.toLowerCase());
    await mkdir(folder, { recursive: true });
    const location = join(folder, snapshotFileName(snapshot.week, snapshot.sequence));
    const text = canonicalJson(snapshot);
    await writeFile(`${location}.tmp`, text);
    await rename(`${location}.tmp`, location);
    return { snapshot, hash: keccak256(toUtf8Bytes(text)), location };
  }

  async latest(vault: string): Promise<StoredSnapshot | undefined> {
    const folder = join(this.dir, vault.toLowerCase());
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return undefined;
    }
    let best: { week: number; sequence: number; name: string } | undefined;
    for (const name of names) {
      const m = /^(\d+)(?:-(\d+))?\.json$/.exec(name);
      if (m === null) continue;
      const week = Number(m[1]);
      const sequence = Number(m[2] ?? 0);
      if (best === undefined || week > best.week || (week === best.week && sequence > best.sequence)) {
        best = { week, sequence, name };
      }
    }
    if (best === undefined) return undefined;
    const location = join(folder, best.name);
    const text = await readFile(location, "utf8");
    return { snapshot: JSON.parse(text) as Snapshot, hash: keccak256(toUtf8Bytes(text)), location };
  }
}

/** Snapshots kept in memory (tests). */
export class MemorySnapshotStore implements SnapshotStore {
  readonly saved: StoredSnapshot[] = [];
  async save(snapshot: Snapshot): Promise<StoredSnapshot> {
    const stored = { snapshot, hash: snapshotHash(snapshot), location: `memory:${this.saved.length}` };
    this.saved.push(stored);
    return stored;
  }
  async latest(vault: string): Promise<StoredSnapshot | undefined> {
    const mine = this.saved.filter((s) => s.snapshot.vault.toLowerCase() === vault.toLowerCase());
    return mine.sort((a, b) => a.snapshot.week - b.snapshot.week || a.snapshot.sequence - b.snapshot.sequence).at(-1);
  }
}
