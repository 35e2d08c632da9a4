import { describe, expect, it } from "vitest";
import type { DeploymentManifest } from "../../deploy/lib/manifest.js";
import { vaultsOf } from "../src/manifest.js";

const entry = (address: string) => ({ address, abi: [] });
const manifest = (contracts: Record<string, unknown>) => ({ contracts }) as unknown as DeploymentManifest;

describe("vaultsOf", () => {
  it("finds the local stack's DemoIndex and a network deployment's Index", () => {
    expect(vaultsOf(manifest({ DemoIndex: entry("0xd0") }), "local.json")).toEqual(["0xd0"]);
    expect(vaultsOf(manifest({ Index: entry("0x1d") }), "base.json")).toEqual(["0x1d"]);
  });

  it("says which manifest lists no vault", () => {
    expect(() => vaultsOf(manifest({ Rebalancer: entry("0x01") }), "deployments/base.json")).toThrow(
      "deployments/base.json lists no index vault (DemoIndex or Index): nothing for the keeper to do",
    );
  });
});
