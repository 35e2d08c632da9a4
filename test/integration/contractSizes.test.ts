import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "chai";

const ARTIFACTS = join(import.meta.dirname, "..", "..", "artifacts", "contracts");

/** EIP-170: the most runtime code a contract may have. */
const EIP170_LIMIT = 24_576;
/** Room every contract keeps under the limit, so each can still grow (issue 12, "Room to grow"). */
const HEADROOM = 4_096;

/** Every artifact JSON under `dir` (build-info and debug files excluded). */
function artifactFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return artifactFiles(path);
    return e.name.endsWith(".json") && !e.name.endsWith(".dbg.json") ? [path] : [];
  });
}

/** Runtime size in bytes of every contract under contracts/ that has code (interfaces and abstract ones excluded). */
function runtimeSizes(): { name: string; bytes: number }[] {
  return artifactFiles(ARTIFACTS)
    .map((file) => {
      const artifact = JSON.parse(readFileSync(file, "utf8")) as {
        contractName: string;
        sourceName: string;
        deployedBytecode?: string;
      };
      const code = artifact.deployedBytecode ?? "0x";
      return { name: `${artifact.sourceName}:${artifact.contractName}`, bytes: (code.length - 2) / 2 };
    })
    .filter((c) => c.bytes > 0);
}

describe("contract sizes (EIP-170)", function () {
  it(`every contract's runtime code is at most ${EIP170_LIMIT} - ${HEADROOM} bytes`, function () {
    const sizes = runtimeSizes();
    const names = sizes.map((s) => s.name);
    // The artifacts are there (built) and include the protocol's largest contracts.
    for (const n of ["IndexVault", "IndexVaultDeployer", "IndexFactory", "Rebalancer", "TMAIGovernor", "IndexLens"]) {
      expect(
        names.some((name) => name.endsWith(`:${n}`)),
        `${n} in ${relative(process.cwd(), ARTIFACTS)}`,
      ).to.equal(true);
    }
    const over = sizes.filter((s) => s.bytes > EIP170_LIMIT - HEADROOM).map((s) => `${s.name}: ${s.bytes} bytes`);
    expect(over, "contracts with less than 4 KB of headroom").to.deep.equal([]);
  });
});
