import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  contractAddress,
  indexByAddress,
  indexByName,
  ManifestError,
  parseManifest,
  readManifest,
  readManifestIfExists,
  writeManifest,
} from "../index.js";
import { localManifest, networkManifest } from "./fixtures.js";

const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), "tmai-manifest-"));

/** The message `parseManifest` refuses `json` with. */
function refusal(json: unknown, source = "deployments/localhost.json"): string {
  try {
    parseManifest(json, source);
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    return (err as Error).message;
  }
  throw new Error("the manifest was accepted");
}

describe("the deployments manifest", () => {
  it("accepts a local-stack and a network manifest", () => {
    expect(parseManifest(localManifest(), "local")).toEqual(localManifest());
    expect(parseManifest(networkManifest(), "base")).toEqual(networkManifest());
  });

  it("accepts the dApp's IndexLens, and a manifest written before it was deployed (no IndexLens)", () => {
    const withLens = localManifest();
    withLens.contracts.IndexLens = { address: "0x" + "1b".repeat(20) };
    expect(contractAddress(parseManifest(withLens, "local"), "IndexLens")).toBe(withLens.contracts.IndexLens.address);
    const older = parseManifest(localManifest(), "older");
    expect(older.contracts.IndexLens).toBeUndefined();
    expect(() => contractAddress(older, "IndexLens", "older")).toThrow("older has no contracts.IndexLens");
  });

  it("writes and reads back the same manifest", async () => {
    const path = join(await tmp(), "deployments", "base.json");
    await writeManifest(path, networkManifest());
    expect(await readManifest(path)).toEqual(networkManifest());
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(networkManifest());
  });

  it("names a wrong field with its path and value", () => {
    const m = localManifest();
    m.indices[0]!.address = "0x12";
    expect(refusal(m)).toBe(
      'deployments/localhost.json: indices[0].address: expected a 0x-prefixed 40-hex address, got "0x12"',
    );
  });

  it("names a missing field", () => {
    const { chainId: _, ...m } = localManifest();
    expect(refusal(m)).toMatch(/^deployments\/localhost\.json: chainId: .* \(missing\)$/);
    const noFeed = localManifest();
    delete (noFeed.tokens[1] as Partial<(typeof noFeed.tokens)[number]>).feed;
    expect(refusal(noFeed)).toMatch(/^deployments\/localhost\.json: tokens\[1\]\.feed: .* \(missing\)$/);
  });

  it("names a wrong contract address by the contract's name", () => {
    const m = localManifest();
    m.contracts.Rebalancer = { address: "rebalancer" };
    expect(refusal(m)).toContain(
      'contracts.Rebalancer.address: expected a 0x-prefixed 40-hex address, got "rebalancer"',
    );
  });

  it("refuses ABIs and other unknown fields", () => {
    const m = { ...localManifest(), abis: { ERC20: [] } };
    expect(refusal(m)).toContain('deployments/localhost.json: (top level): Unrecognized key: "abis"');
    const withAbi = localManifest();
    Object.assign(withAbi.contracts.PriceOracle!, { abi: [] });
    expect(refusal(withAbi)).toContain('contracts.PriceOracle: Unrecognized key: "abi"');
  });

  it("reports a manifest of an older version as old", () => {
    const { version: _, ...v1 } = localManifest();
    expect(refusal(v1)).toBe(
      'deployments/localhost.json was written by an older version (no "version" field; this code reads version 2): ' +
        "re-run npm start (local stack), or move it aside and run npm run deploy again (a network: it deploys afresh)",
    );
    expect(refusal({ ...localManifest(), version: 1 })).toContain("has manifest version 1; this code reads version 2");
  });

  it("refuses an index named like a contract, and a non-object", () => {
    const m = localManifest();
    m.indices[0]!.name = "TMAI";
    expect(refusal(m)).toContain('indices[0].name: "TMAI" is already the name of another contract or index');
    expect(refusal([])).toBe("deployments/localhost.json: not a deployments manifest (expected a JSON object)");
  });

  it("says when there is no manifest or it is not JSON", async () => {
    const dir = await tmp();
    expect(await readManifestIfExists(join(dir, "none.json"))).toBeUndefined();
    await expect(readManifest(join(dir, "none.json"))).rejects.toThrow(
      `No deployments manifest at ${join(dir, "none.json")}: deploy first (npm start or npm run deploy).`,
    );
    await writeFile(join(dir, "bad.json"), "{");
    await expect(readManifest(join(dir, "bad.json"))).rejects.toThrow(`${join(dir, "bad.json")} is not valid JSON`);
  });

  it("refuses to write an invalid manifest", async () => {
    const m = localManifest();
    m.startBlock = -1;
    await expect(writeManifest(join(await tmp(), "x.json"), m)).rejects.toThrow(/startBlock/);
  });

  it("finds contracts and indices by name", () => {
    const m = localManifest();
    expect(contractAddress(m, "TMAI")).toBe(m.contracts.TMAI!.address);
    expect(() => contractAddress(m, "Nope", "x.json")).toThrow(
      /^x\.json has no contracts\.Nope \(it lists PriceOracle/,
    );
    expect(indexByName(m, "DemoIndex")?.symbol).toBe("TDEMO");
    expect(indexByName(m, "Index")).toBeUndefined();
    expect(indexByAddress(m, m.indices[0]!.address.toUpperCase().replace("0X", "0x"))?.name).toBe("DemoIndex");
  });
});
