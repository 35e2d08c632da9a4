import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManifestError } from "../../manifest/index.js";
import { localManifest, networkManifest } from "../../manifest/test/fixtures.js";
import { keeperTargets, loadKeeperManifest } from "../src/manifest.js";

/** Writes `json` as deployments/localhost.json in a fresh directory and returns its path. */
async function manifestFile(json: unknown): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "tmai-keeper-")), "localhost.json");
  await writeFile(path, JSON.stringify(json));
  return path;
}

describe("the keeper's manifest", () => {
  it("serves every index of a local or network manifest", async () => {
    const local = localManifest();
    const t = await loadKeeperManifest(await manifestFile(local));
    expect(t.vaults).toEqual([local.indices[0]!.address]);
    expect(t.rebalancer).toBe(local.contracts.Rebalancer!.address);
    expect(t.solver).toBe(local.contracts.UniswapSolver!.address);
    expect(t.tokenBySymbol.get("USDC")).toBe(local.tokens[1]!.address);

    const network = networkManifest();
    network.contracts = { ...local.contracts, ...network.contracts };
    expect(keeperTargets(network, "base.json").vaults).toEqual([network.indices[0]!.address]);
  });

  it("refuses a manifest with a wrong field, naming it", async () => {
    const m = localManifest();
    m.contracts.Rebalancer!.address = "0x12";
    const path = await manifestFile(m);
    await expect(loadKeeperManifest(path)).rejects.toThrow(ManifestError);
    await expect(loadKeeperManifest(path)).rejects.toThrow(
      `${path}: contracts.Rebalancer.address: expected a 0x-prefixed 40-hex address, got "0x12"`,
    );
  });

  it("refuses a manifest with a missing field, naming it", async () => {
    const m: Record<string, unknown> = { ...localManifest() };
    delete m.tokens;
    await expect(loadKeeperManifest(await manifestFile(m))).rejects.toThrow(/: tokens: .* \(missing\)/);
  });

  it("refuses an old manifest (no version), and one without what the keeper needs", async () => {
    const { version: _, ...old } = localManifest();
    await expect(loadKeeperManifest(await manifestFile(old))).rejects.toThrow('no "version" field');
    const noUpkeep = localManifest();
    delete noUpkeep.contracts.RebalanceUpkeep;
    expect(() => keeperTargets(noUpkeep, "deployments/base.json")).toThrow(
      "deployments/base.json has no contracts.RebalanceUpkeep: nothing for the keeper to do",
    );
    expect(() => keeperTargets({ ...localManifest(), indices: [] }, "deployments/base.json")).toThrow(
      "deployments/base.json lists no index (indices is empty): nothing for the keeper to do",
    );
  });
});
