import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { Interface } from "ethers";
import { abis, allErrorsAbi, errorDeclaredBy, IndexRouterAbi, localMockNames } from "../../bindings/abis.js";
import {
  collectContracts,
  errorSelector,
  renderBindings,
  staleFiles,
  writeBindings,
  type ContractAbi,
} from "../../scripts/bindings.js";

const BINDINGS = join(import.meta.dirname, "..", "..", "bindings");

describe("bindings: generated ABIs (scripts/bindings.ts)", function () {
  let contracts: ContractAbi[];
  let files: Map<string, string>;

  before(async function () {
    contracts = collectContracts();
    files = await renderBindings(contracts);
  });

  it("bindings/ matches the artifacts: every ABI as the artifact has it, in abis.ts and in json/", function () {
    expect(staleFiles(BINDINGS, files)).to.deep.equal([]);
    const names = contracts.map((c) => c.name);
    expect(Object.keys(abis)).to.deep.equal(names);
    for (const c of contracts) {
      expect(abis[c.name as keyof typeof abis], c.name).to.deep.equal(c.abi);
      const json = join(BINDINGS, "json", ...(c.localMock ? ["mocks"] : []), `${c.name}.json`);
      expect(JSON.parse(readFileSync(json, "utf8")), json).to.deep.equal(c.abi);
    }
    // The project's own contracts, the three test doubles the local stack deploys, nothing from bench/ or test/.
    for (const name of ["IndexVault", "IndexRouter", "PriceOracle", "TMAIGovernor", "TMAITimelock", "UniswapSolver"]) {
      expect(names).to.include(name);
    }
    expect(localMockNames).to.deep.equal(["MockERC20", "MockERC20Permit", "MockV3Aggregator"]);
    expect(contracts.filter((c) => c.localMock).map((c) => c.name)).to.deep.equal([
      "MockERC20",
      "MockERC20Permit",
      "MockV3Aggregator",
    ]);
    for (const excluded of ["BaselineBasket", "BlockableERC20", "SwapRouter02Shim", "FeeOnTransferToken"]) {
      expect(names).to.not.include(excluded);
    }
    expect(contracts.every((c) => c.fqn.startsWith("contracts/") || c.localMock)).to.equal(true);
    // Each contract's module holds its ABI and nothing else (a bundler can then leave it out of chunks not using it).
    for (const c of contracts) {
      const text = files.get(`abis/${c.name}.ts`)!;
      expect(text.match(/export const/g), c.name).to.have.length(1);
      expect(text).to.include(`export const ${c.name}Abi = [`);
    }
  });

  it("a changed, added or removed contract makes the staleness check fail, and writing fixes it", async function () {
    const changed = contracts.map((c) =>
      c.name === "IndexVault"
        ? {
            ...c,
            abi: [...c.abi, { type: "function", name: "newView", inputs: [], outputs: [], stateMutability: "view" }],
          }
        : c,
    );
    // One ABI module per contract: a changed ABI rewrites its own module and JSON, not the barrel abis.ts.
    expect(staleFiles(BINDINGS, await renderBindings(changed))).to.deep.equal([
      "abis/IndexVault.ts",
      "json/IndexVault.json",
    ]);

    const withError = contracts.map((c) =>
      c.name === "PriceOracle" ? { ...c, abi: [...c.abi, { type: "error", name: "BrandNewError", inputs: [] }] } : c,
    );
    expect(staleFiles(BINDINGS, await renderBindings(withError))).to.deep.equal([
      "abis/PriceOracle.ts",
      "abis/allErrors.ts",
      "json/PriceOracle.json",
    ]);

    const removed = contracts.filter((c) => c.name !== "TrendSignal");
    expect(staleFiles(BINDINGS, await renderBindings(removed))).to.deep.equal([
      "abis.ts",
      "abis/TrendSignal.ts",
      "abis/allErrors.ts",
      "json/TrendSignal.json",
    ]);

    const dir = mkdtempSync(join(tmpdir(), "bindings-"));
    try {
      cpSync(BINDINGS, dir, { recursive: true });
      writeFileSync(join(dir, "json", "Stray.json"), "[]\n");
      writeFileSync(join(dir, "abis", "Stray.ts"), "export const StrayAbi = [] as const;\n");
      const next = await renderBindings(changed);
      expect(writeBindings(dir, next)).to.deep.equal([
        "abis/IndexVault.ts",
        "abis/Stray.ts",
        "json/IndexVault.json",
        "json/Stray.json",
      ]);
      expect(staleFiles(dir, next)).to.deep.equal([]);
      expect(readFileSync(join(dir, "abis", "IndexVault.ts"), "utf8")).to.include('name: "newView"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("allErrorsAbi holds every error of every contract once, OpenZeppelin's inherited ones included", function () {
    const selectors = allErrorsAbi.map((e) => errorSelector(e));
    expect(new Set(selectors).size).to.equal(selectors.length);
    for (const c of contracts) {
      for (const item of c.abi.filter((i) => i.type === "error")) {
        expect(selectors, `${c.name}.${String(item.name)}`).to.include(errorSelector(item));
      }
    }
    const names = new Set<string>(allErrorsAbi.map((e) => e.name));
    for (const oz of [
      "ERC20InsufficientBalance",
      "ERC20InsufficientAllowance",
      "AccessControlUnauthorizedAccount",
      "GovernorNonexistentProposal",
      "TimelockUnexpectedOperationState",
      "SafeERC20FailedOperation",
      "ReentrancyGuardReentrantCall",
    ]) {
      expect(names, oz).to.include(oz);
    }
    // IndexRouter's own ABI lacks the oracle's errors: exactly what the merged ABI is for.
    const routerErrors: readonly string[] = IndexRouterAbi.filter((i) => i.type === "error").map((i) => i.name);
    expect(routerErrors).to.include("SwapFailed").and.to.not.include("StalePrice");
    expect(errorDeclaredBy[new Interface(allErrorsAbi).getError("StalePrice")!.selector]).to.deep.equal([
      "PriceOracle",
    ]);
  });
});
