/**
 * The local stack's methodologies and their week-by-week inputs (keeper/fixtures/local/, which `npm start` hands to
 * the keeper): every week gives every local index a target within the contracts' bounds, the weeks differ the way
 * the fixtures' descriptions say, and the launch baskets of deploy/config/localhost.ts are what the first week picks.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCAL_TOKENS, MORE_INDICES, REBALANCING } from "../../deploy/config/localhost.js";
import { FixtureMarketData, fixtureWeek, MarketDataError } from "../src/marketData.js";
import { contractBounds } from "../src/methodology/common.js";
import { computeWeights } from "../src/methodology/index.js";
import { globalTopN } from "../src/methodology/globalTopN.js";
import { signalSector } from "../src/methodology/signalSector.js";
import { loadMethodologies } from "../src/methodologyConfig.js";
import { FixtureSignals } from "../src/providers.js";
import { universeOf } from "../src/tasks/targets.js";
import { WEEK_SECONDS } from "../src/snapshot.js";
import type { VaultMethodology } from "../src/types.js";

const DIR = "keeper/fixtures/local";
/** A stand-in address per local token symbol (the manifest's addresses change with each deployment). */
const addressOf = new Map(LOCAL_TOKENS.map((t, i) => [t.symbol, `0x${(i + 1).toString(16).padStart(40, "0")}`]));
const symbolOf = new Map([...addressOf].map(([s, a]) => [a, s]));
const VAULTS = ["Index", ...MORE_INDICES.map((m) => m.key)];
const vaultAddress = (key: string): string => `0x${(VAULTS.indexOf(key) + 1).toString(16).padStart(40, "f")}`;
const bounds = contractBounds(REBALANCING.weightCapWad);
const clockAt = (week: number) => ({ now: async () => week * WEEK_SECONDS + 3_600 });

async function weekInputs(week: number) {
  const caps = await new FixtureMarketData(
    `${DIR}/market-caps.json`,
    (s) => addressOf.get(s),
    clockAt(week),
  ).marketCaps();
  const signals = new FixtureSignals(`${DIR}/signals.json`, clockAt(week));
  const methodologies = await loadMethodologies(
    `${DIR}/methodologies.json`,
    (key) => (VAULTS.includes(key) ? vaultAddress(key) : undefined),
    signals,
  );
  return { universe: universeOf(caps), signals: await signals.signals(), methodologies };
}

function methodology(all: Record<string, VaultMethodology>, key: string): VaultMethodology {
  return all[vaultAddress(key).toLowerCase()]!;
}

describe("the local stack's methodologies and weekly fixtures", () => {
  it("gives every local index a target within the contracts' bounds in each of the four weeks", async () => {
    for (let week = 0; week < 4; week++) {
      const { universe, signals, methodologies } = await weekInputs(week);
      for (const key of VAULTS) {
        const m = methodology(methodologies, key);
        // The file's bounds are the local Rebalancer's: a target above its cap would be refused on chain.
        expect(m.bounds).toEqual(bounds);
        const weights = computeWeights(m.spec, { universe, signals, membership: m.membership! }, m.bounds!);
        expect(
          weights.reduce((sum, w) => sum + w.weightWad, 0n),
          `${key} week ${week}`,
        ).toBe(10n ** 18n);
        for (const w of weights) expect(w.weightWad).toBeLessThanOrEqual(REBALANCING.weightCapWad);
      }
    }
  });

  it("picks GL30's launch basket as the first week's top 30, and the top 10 for GDEMO", async () => {
    const { universe } = await weekInputs(0);
    const top30 = globalTopN(universe, { n: 30 }, bounds).weights.map((w) => symbolOf.get(w.asset));
    const gl30 = MORE_INDICES.find((m) => m.key === "IndexGlobal30")!;
    expect(new Set(top30)).toEqual(new Set(gl30.basket.map((b) => b.symbol)));
    expect(globalTopN(universe, { n: 10 }, bounds).weights).toHaveLength(10);
  });

  it("changes the top 30 from week to week", async () => {
    const tops: string[][] = [];
    for (let week = 0; week < 4; week++) {
      const { universe } = await weekInputs(week);
      tops.push(globalTopN(universe, { n: 30 }, bounds).weights.map((w) => symbolOf.get(w.asset)!));
    }
    expect(tops[1]).toContain("OP");
    expect(tops[1]).not.toContain("MKR");
    expect(tops[2]).toContain("WLD");
    expect(tops[2]).not.toContain("POL");
  });

  it("holds the sector indices' launch baskets in the sector membership, and exits bearish tokens week by week", async () => {
    const w0 = await weekInputs(0);
    const ai = methodology(w0.methodologies, "IndexAI");
    const defi = methodology(w0.methodologies, "IndexDeFi");
    const symbolsOfSector = (m: VaultMethodology, sector: string): Set<string> =>
      new Set(m.membership!.sectors[sector]!.map((id) => w0.universe.find((t) => t.id === id)!.symbol!));
    expect(symbolsOfSector(ai, "ai")).toEqual(
      new Set(MORE_INDICES.find((m) => m.key === "IndexAI")!.basket.map((b) => b.symbol)),
    );
    expect(symbolsOfSector(defi, "defi")).toEqual(
      new Set(MORE_INDICES.find((m) => m.key === "IndexDeFi")!.basket.map((b) => b.symbol)),
    );

    const aiParams = ai.spec.params as Parameters<typeof signalSector>[3];
    const run = async (week: number) => {
      const { universe, signals } = await weekInputs(week);
      return signalSector(universe, ai.membership!, signals, aiParams, bounds);
    };
    const first = await run(0);
    expect(first.excluded).toContainEqual({ id: "worldcoin-wld", reason: "bearish" });
    expect(first.stableShareWad).toBe(0n);
    const second = await run(1);
    expect(second.excluded).toContainEqual({ id: "fetch-ai", reason: "bearish" });
    expect(second.weights.map((w) => w.asset)).not.toContain(addressOf.get("FET"));
    // Week 2: two bullish AI tokens, under the minimum of three: a third of the index in USDC.
    const third = await run(2);
    expect(third.stableShareWad).toBe(10n ** 18n / 3n);
    expect(third.weights.map((w) => w.asset)).toContain(addressOf.get("USDC"));
  });

  it("chooses a weekly fixture's entry by week, cycling, and refuses an empty list", async () => {
    const doc = { weeks: [{ n: 0 }, { n: 1 }, { n: 2 }] };
    expect(fixtureWeek(doc, 7 * WEEK_SECONDS + 5, "f.json")).toEqual({ entry: { n: 1 }, where: "f.json weeks[1]" });
    expect(fixtureWeek({ assets: [] }, 0, "f.json")).toEqual({ entry: { assets: [] }, where: "f.json" });
    expect(() => fixtureWeek({ weeks: [] }, 0, "f.json")).toThrow(MarketDataError);

    const dir = await mkdtemp(join(tmpdir(), "tmai-weeks-"));
    await writeFile(
      join(dir, "caps.json"),
      JSON.stringify({ weeks: [{ assets: [] }, { assets: [{ symbol: "NOPE" }] }] }),
    );
    await expect(
      new FixtureMarketData(join(dir, "caps.json"), () => undefined, clockAt(1)).marketCaps(),
    ).rejects.toThrow(/caps\.json weeks\[1\]: assets\[0\]\.symbol NOPE is not a known token/);
  });
});
