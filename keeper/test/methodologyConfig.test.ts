import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadMethodologies, readMembership } from "../src/methodologyConfig.js";
import { FixtureSignals } from "../src/providers.js";
import type { SignalSource } from "../src/types.js";

const INDEX = "0x00000000000000000000000000000000000000Aa";
const AI = "0x00000000000000000000000000000000000000bB";
const resolve = (key: string) =>
  ({ index: INDEX, ai: AI })[key.toLowerCase()] ?? [INDEX, AI].find((a) => a.toLowerCase() === key.toLowerCase());
const signals: SignalSource = { name: "test", signals: async () => [] };

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tmai-methodology-config-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sector = {
  id: "signal-sector",
  version: "1.0.0",
  params: {
    sector: "ai",
    weighting: "signal",
    neutral: "exclude",
    neutralFactorBps: 5000,
    minBullish: 3,
    stablecoins: ["usd-coin"],
    depegToleranceBps: 100,
  },
};

describe("methodology file", () => {
  it("the example for the local stack loads", async () => {
    const m = await loadMethodologies("keeper/fixtures/methodologies.example.json", resolve, undefined);
    expect(m[INDEX.toLowerCase()]!.spec).toEqual({ id: "global-top-n", version: "1.0.0", params: { n: 10 } });
    expect(m[INDEX.toLowerCase()]!.bounds!.weightCapWad).toBe(350_000_000_000_000_000n);
    expect((await readMembership("keeper/fixtures/sectors.json")).sectors.ai).toContain("render-token");
  });

  it("a sector vault gets its membership (relative to the file) and the signal source", async () => {
    await writeFile(join(dir, "sectors.json"), JSON.stringify({ version: "7", sectors: { ai: ["x"] } }));
    const path = join(dir, "m.json");
    await writeFile(path, JSON.stringify({ vaults: { AI: { methodology: sector, membership: "sectors.json" } } }));
    const m = await loadMethodologies(path, resolve, signals);
    expect(m[AI.toLowerCase()]!.membership).toEqual({ version: "7", sectors: { ai: ["x"] } });
    expect(m[AI.toLowerCase()]!.signals).toBe(signals);
    await expect(loadMethodologies(path, resolve, undefined)).rejects.toThrow(/needs signals: set TMAI_SIGNALS/);
  });

  it("says what is wrong: an unknown vault, a bad spec, a sector without membership", async () => {
    const path = join(dir, "m.json");
    const write = (v: unknown) => writeFile(path, JSON.stringify({ vaults: v }));
    await write({ Nope: { methodology: { id: "global-top-n", version: "1.0.0", params: { n: 5 } } } });
    await expect(loadMethodologies(path, resolve, signals)).rejects.toThrow(/"Nope" is not an index of the manifest/);
    await write({ Index: { methodology: { id: "global-top-n", version: "1.0.0", params: { n: 500 } } } });
    await expect(loadMethodologies(path, resolve, signals)).rejects.toThrow(/vaults\.Index\.methodology\.params\.n/);
    await write({ AI: { methodology: sector } });
    await expect(loadMethodologies(path, resolve, signals)).rejects.toThrow(/names no membership file/);
    await expect(loadMethodologies(join(dir, "none.json"), resolve, signals)).rejects.toThrow(/cannot read/);
  });
});

describe("fixture signals", () => {
  it("reads the example file and refuses a malformed entry", async () => {
    const s = await new FixtureSignals("keeper/fixtures/signals.example.json").signals();
    expect(s).toContainEqual({ id: "maker", signal: -1, grade: 28 });
    const path = join(dir, "s.json");
    await writeFile(path, JSON.stringify({ signals: [{ id: "a", signal: 3 }] }));
    await expect(new FixtureSignals(path).signals()).rejects.toThrow(/signals\[0\] must be/);
    await expect(new FixtureSignals(join(dir, "none.json")).signals()).rejects.toThrow(/cannot read the signals file/);
  });
});
