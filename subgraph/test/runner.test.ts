/** Unit tests of the runner's pure parts and of the manifest generator (no chain, no WASM). */
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { Manifest } from "../../manifest/index.js";
import { bigIntFromSignedLe, bigIntToSignedLe } from "../runner/asc.js";
import * as decimal from "../runner/bigDecimal.js";
import { IMPLEMENTED_HOST_FUNCTIONS, parseCallSignature } from "../runner/host.js";
import { parseSchema } from "../runner/schema.js";
import { fromEntityData, toEntityData, validateEntity } from "../runner/storeValue.js";
import { rebaseSpec, renderSubgraphYaml, subgraphManifest } from "../scripts/manifest.js";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { SUBGRAPH_DIR } from "../scripts/manifest.js";

const d = (s: string): decimal.Decimal => decimal.fromString(s);
const show = (x: decimal.Decimal): string => decimal.toString(x);

describe("BigDecimal (graph-node semantics)", () => {
  it("adds, multiplies and divides exactly up to 34 significant digits, in plain notation", () => {
    expect(show(decimal.plus(d("0.1"), d("0.2")))).toBe("0.3");
    expect(show(decimal.times(d("1.5"), d("-4")))).toBe("-6");
    expect(show(decimal.dividedBy(d("1"), d("3")))).toBe("0." + "3".repeat(34));
    expect(show(decimal.dividedBy(d("2"), d("3")))).toBe("0." + "6".repeat(33) + "7");
    expect(show(decimal.dividedBy(d("123456789"), d("1000000000000000000")))).toBe("0.000000000123456789");
    expect(show(d("1000"))).toBe("1000");
    expect(show(d("1.2300"))).toBe("1.23");
    expect(show(d("1e-3"))).toBe("0.001");
    expect(decimal.equals(d("1.0"), d("1"))).toBe(true);
    expect(() => decimal.dividedBy(d("1"), d("0"))).toThrow(/division by zero/);
  });
});

describe("BigInt bytes", () => {
  it("round-trips signed little-endian two's complement, shortest form", () => {
    for (const v of [0n, 1n, 127n, 128n, 255n, 256n, -1n, -128n, -129n, 10n ** 30n, -(10n ** 30n)]) {
      expect(bigIntFromSignedLe(bigIntToSignedLe(v))).toBe(v);
    }
    expect([...bigIntToSignedLe(128n)]).toEqual([128, 0]);
    expect([...bigIntToSignedLe(-1n)]).toEqual([255]);
  });
});

describe("host functions", () => {
  it("parses graph-cli call signatures, tuples included", () => {
    expect(parseCallSignature("getPrice(address):(uint256)").format("sighash")).toBe("getPrice(address)");
    const fees = parseCallSignature("fees():((uint64,uint64,uint64))");
    expect(fees.outputs[0]?.format("sighash")).toBe("(uint64,uint64,uint64)");
    expect(parseCallSignature("getBasket():(address[],uint256[])").outputs.length).toBe(2);
  });

  it("implements what the mappings import", () => {
    for (const name of ["store.get", "store.set", "ethereum.call", "log.log", "bigDecimal.dividedBy", "abort"]) {
      expect(IMPLEMENTED_HOST_FUNCTIONS).toContain(name);
    }
  });
});

describe("entities", () => {
  const schema = parseSchema(readFileSync(join(SUBGRAPH_DIR, "schema.graphql"), "utf8"));

  it("reads the schema: id kinds, references, immutability, derived fields", () => {
    const mint = schema.get("Mint");
    expect(mint?.immutable).toBe(true);
    expect(mint?.fields.get("index")).toMatchObject({ kind: "Bytes", reference: "Index", nonNull: true });
    expect(schema.get("Proposal")?.fields.get("id")?.kind).toBe("String");
    expect(schema.get("Index")?.fields.get("holdings")?.derived).toBe(true);
  });

  it("refuses a missing required field, an unknown field and a value of the wrong type", () => {
    const type = schema.get("Token")!;
    const ok = fromEntityData(type, { id: "0x01", symbol: "X", name: "X", decimals: 6 });
    expect(() => validateEntity(type, "0x01", ok)).not.toThrow();
    expect(toEntityData(ok)).toEqual({ id: "0x01", symbol: "X", name: "X", decimals: 6 });
    const missing = new Map(ok);
    missing.delete("decimals");
    expect(() => validateEntity(type, "0x01", missing)).toThrow(/missing value for non-nullable field `decimals`/);
    const unknown = new Map(ok).set("price", { kind: "String", value: "1" });
    expect(() => validateEntity(type, "0x01", unknown)).toThrow(/unknown field `price`/);
    const wrong = new Map(ok).set("decimals", { kind: "BigInt", value: 6n });
    expect(() => validateEntity(type, "0x01", wrong)).toThrow(/has a BigInt value, the schema says Int/);
  });
});

describe("subgraph.yaml generation", () => {
  const address = (n: number): string => `0x${n.toString(16).padStart(40, "0")}`;
  const manifest: Manifest = {
    version: 2,
    network: "baseSepolia",
    chainId: 84532,
    rpcUrl: "https://example.invalid",
    deployedAt: "2026-11-30T00:00:00Z",
    startBlock: 1234,
    roles: { admin: address(1), guardian: address(2), feeRecipient: address(3) },
    contracts: {
      IndexFactory: { address: address(10) },
      VeTMAI: { address: address(11) },
      RevenueDistributor: { address: address(12) },
      PriceOracle: { address: address(13) },
      Governor: { address: address(14) },
      Timelock: { address: address(15) },
    },
    indices: [],
    tokens: [],
  };

  it("takes addresses, start block and network from the deployments manifest", () => {
    const spec = parse(renderSubgraphYaml(subgraphManifest(manifest))) as ReturnType<typeof subgraphManifest>;
    const byName = new Map(spec.dataSources.map((ds) => [ds.name, ds]));
    expect(byName.get("IndexFactory")?.source).toEqual({ address: address(10), abi: "IndexFactory", startBlock: 1234 });
    expect(byName.get("TMAIGovernor")?.source.address).toBe(address(14));
    expect(byName.get("TMAITimelock")?.source.address).toBe(address(15));
    expect(byName.has("Rebalancer")).toBe(false); // not deployed there
    expect(spec.dataSources.every((ds) => ds.network === "base-sepolia")).toBe(true);
    expect(spec.templates.map((t) => t.name)).toEqual(["IndexVault"]);
    expect(spec.templates[0]?.mapping.eventHandlers.map((h) => h.event)).toContain(
      "Minted(indexed address,indexed address,uint256,uint256,uint256[])",
    );
  });

  it("writes paths relative to where the YAML goes", () => {
    const spec = subgraphManifest(manifest);
    expect(rebaseSpec(spec, SUBGRAPH_DIR).templates[0]?.mapping.file).toBe("./src/vault.ts");
    const elsewhere = rebaseSpec(spec, join(SUBGRAPH_DIR, "..", "deployments", "base"));
    expect(elsewhere.schema.file).toBe("../../subgraph/schema.graphql");
    expect(elsewhere.dataSources[0]?.mapping.abis[0]?.file).toBe("../../bindings/json/IndexFactory.json");
  });

  it("refuses a manifest without a contract the subgraph needs", () => {
    const { VeTMAI: _dropped, ...contracts } = manifest.contracts;
    expect(() => subgraphManifest({ ...manifest, contracts })).toThrow(/no contracts.VeTMAI/);
  });
});
