import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localManifest, networkManifest } from "../../manifest/test/fixtures.js";
import { loadSimulatorManifest, simulatorTargets } from "../simulator.js";

/** Writes `json` as deployments/localhost.json in a fresh directory and returns its path. */
async function manifestFile(json: unknown): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "tmai-simulator-")), "localhost.json");
  await writeFile(path, JSON.stringify(json));
  return path;
}

describe("the simulator's manifest", () => {
  it("takes the SwapRouter, the pools and the quote token of a local manifest", async () => {
    const m = localManifest();
    const t = await loadSimulatorManifest(await manifestFile(m));
    expect(t.swapRouter).toBe(m.contracts.UniswapV3SwapRouter!.address);
    expect(t.quote.symbol).toBe("USDC");
  });

  it("refuses a manifest with a missing or wrong field, naming it", async () => {
    const m = localManifest();
    m.pools!.fee = 0.3;
    const path = await manifestFile(m);
    await expect(loadSimulatorManifest(path)).rejects.toThrow(`${path}: pools.fee: `);
    const noFeed: Record<string, unknown> = { ...localManifest(), chainId: "31337" };
    await expect(loadSimulatorManifest(await manifestFile(noFeed))).rejects.toThrow(/: chainId: .*, got "31337"/);
  });

  it("refuses a network manifest, and a local one without a DEX", () => {
    expect(() => simulatorTargets(networkManifest(), "base.json")).toThrow(
      "base.json: chainId is 8453: the simulator only runs on a local chain (31337)",
    );
    const { pools: _, ...noPools } = localManifest();
    expect(() => simulatorTargets(noPools, "localhost.json")).toThrow("localhost.json has no pools");
  });
});
