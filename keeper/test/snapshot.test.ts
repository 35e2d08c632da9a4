import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contractBounds } from "../src/methodology/common.js";
import {
  FileSnapshotStore,
  MemorySnapshotStore,
  SnapshotError,
  WEEK_SECONDS,
  canonicalJson,
  snapshotHash,
  takeSnapshot,
  verifySnapshot,
} from "../src/snapshot.js";
import { WAD } from "../src/weights.js";

const addr = (n: number): string => `0x${n.toString(16).padStart(40, "0")}`;
const VAULT = addr(0xaa);

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tmai-snapshot-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const snap = (week: number, sequence = 0) =>
  takeSnapshot({
    vault: VAULT,
    takenAt: week * WEEK_SECONDS + 60,
    sequence,
    reason: sequence === 0 ? "weekly" : "drift",
    methodology: { id: "global-top-n", version: "1.0.0", params: { n: 3 } },
    bounds: contractBounds(WAD / 2n, { [addr(9)]: WAD }),
    sources: { marketData: "test" },
    inputs: {
      universe: [
        { id: "b", asset: addr(2), marketCapUsd: 200, priceUsd: 1.5 },
        { id: "a", asset: addr(1), marketCapUsd: 300, symbol: undefined as unknown as string },
        { id: "c", asset: addr(3), marketCapUsd: 100 },
        { id: "usd", asset: addr(9), marketCapUsd: 900, stablecoin: true },
      ],
    },
  });

describe("canonical serialization", () => {
  it("sorts keys at every depth, drops undefined members, writes bigints as strings, no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 2n, y: undefined }], c: "x" } })).toBe(
      '{"a":{"c":"x","d":[1,{"z":"2"}]},"b":1}',
    );
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(SnapshotError);
  });

  it("the hash does not depend on the order members were written in", () => {
    const s = snap(2_900);
    const reverse = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverse)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverse(x)]),
            )
          : v;
    const reordered = reverse(s) as typeof s;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(s));
    expect(snapshotHash(reordered)).toBe(snapshotHash(s));
  });
});

describe("snapshots", () => {
  it("record the methodology, bounds, inputs and the target; the stored file hashes to the posted hash", async () => {
    const s = snap(2_900);
    expect(s.week).toBe(2_900);
    expect(s.target.assets).toEqual([addr(1), addr(2), addr(3)]);
    expect(s.target.weights.reduce((a, w) => a + BigInt(w), 0n)).toBe(WAD);
    expect(s.bounds.assetCapsWad).toEqual({ [addr(9)]: WAD.toString() });
    const store = new FileSnapshotStore(dir);
    const stored = await store.save(s);
    expect(stored.location).toBe(join(dir, VAULT, "2900.json"));
    const text = await readFile(stored.location, "utf8");
    expect(keccak256(toUtf8Bytes(text))).toBe(stored.hash);
    expect(stored.hash).toBe(snapshotHash(s));
    const v = verifySnapshot(text);
    expect(v.hash).toBe(stored.hash);
    expect(v.target.key).toBe(s.target.key);
  });

  it("verification refuses a tampered or non-canonical document", async () => {
    const s = snap(2_900);
    const tampered = {
      ...s,
      inputs: { universe: s.inputs.universe.map((t) => (t.id === "c" ? { ...t, marketCapUsd: 250 } : t)) },
    };
    expect(() => verifySnapshot(canonicalJson(tampered))).toThrow(
      /the inputs give target 0x[0-9a-f]+, the snapshot records/,
    );
    expect(() => verifySnapshot(JSON.stringify(s, null, 2))).toThrow(/canonical form/);
    expect(() => verifySnapshot(canonicalJson({ ...s, format: "other" }))).toThrow(
      /not a tmai-methodology-snapshot\/1/,
    );
  });

  it("the latest is the highest week, then sequence; a vault without snapshots has none", async () => {
    const store = new FileSnapshotStore(dir);
    expect(await store.latest(VAULT)).toBeUndefined();
    await store.save(snap(2_900));
    await store.save(snap(2_901));
    await store.save(snap(2_901, 1));
    await store.save(snap(2_899, 4));
    await writeFile(join(dir, VAULT, "notes.txt"), "ignored");
    const latest = await store.latest(VAULT.toUpperCase().replace("0X", "0x"));
    expect([latest!.snapshot.week, latest!.snapshot.sequence]).toEqual([2_901, 1]);
    expect(latest!.location).toBe(join(dir, VAULT, "2901-1.json"));
    const memory = new MemorySnapshotStore();
    await memory.save(snap(2_901, 1));
    await memory.save(snap(2_900));
    expect((await memory.latest(VAULT))!.snapshot.week).toBe(2_901);
  });
});
