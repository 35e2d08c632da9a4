import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GovernanceError, loadGovernance } from "../../deploy/governance/lib.js";
import { localManifest, networkManifest } from "./fixtures.js";

async function manifestFile(json: unknown): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "tmai-gov-manifest-")), "localhost.json");
  await writeFile(path, JSON.stringify(json));
  return path;
}

/** The governance CLI's reader (`npm run gov`): loadGovernance. */
describe("the governance CLI's manifest", () => {
  it("names the index vaults from the manifest's indices, listed after the IndexFactory", async () => {
    const m = localManifest();
    const gov = await loadGovernance(await manifestFile(m));
    expect(gov.vaults).toEqual(["DemoIndex"]);
    expect(gov.governor).toBe(m.contracts.Governor!.address);
    expect(Object.keys(gov.contracts).slice(0, 4)).toEqual([
      "PriceOracle",
      "IndexVaultDeployer",
      "IndexFactory",
      "DemoIndex",
    ]);
    expect(gov.abis.DemoIndex).toBeDefined();
    expect(gov.abis.Governor).toBeDefined();
    expect(gov.abis.UniswapV3SwapRouter).toBeUndefined();
  });

  it("refuses a manifest with a wrong field, naming it", async () => {
    const m = localManifest();
    m.indices[0]!.address = "0x12";
    const path = await manifestFile(m);
    await expect(loadGovernance(path)).rejects.toThrow(GovernanceError);
    await expect(loadGovernance(path)).rejects.toThrow(
      `${path}: indices[0].address: expected a 0x-prefixed 40-hex address, got "0x12"`,
    );
  });

  it("refuses a manifest with a missing field, naming it", async () => {
    const m = localManifest();
    delete (m.roles as Partial<typeof m.roles>).guardian;
    await expect(loadGovernance(await manifestFile(m))).rejects.toThrow(/: roles\.guardian: .* \(missing\)/);
  });

  it("refuses an old manifest with embedded ABIs, and one without the DAO", async () => {
    const { version: _, ...old } = localManifest();
    await expect(loadGovernance(await manifestFile({ ...old, abis: {} }))).rejects.toThrow(
      /was written by an older version \(no "version" field/,
    );
    const path = await manifestFile(networkManifest());
    await expect(loadGovernance(path)).rejects.toThrow(`${path} has no contracts.Governor: is the DAO deployed?`);
  });
});
