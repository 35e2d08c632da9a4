import type { Manifest } from "../../manifest/index.js";
import { recordedEntries, type JsonArg } from "./networkManifest.js";

/** One `verifyContract` call: the contract's address, fully qualified name and constructor arguments. */
export interface VerificationJob {
  name: string;
  address: string;
  contract: string;
  constructorArgs: JsonArg[];
  /**
   * An index: an ERC-1167 clone, whose code is the 45-byte proxy. The explorer is sent its implementation instead
   * (`cloneImplementation` of the code at `address`), which has no constructor arguments.
   */
  clone?: true;
}

/**
 * What `--verify` submits to the explorer: every contract and index of the manifest, in deployment order. An index
 * is a clone of IndexVaultDeployer's implementation: its job verifies IndexVault with no constructor arguments (the
 * manifest keeps its creation parameters, which `initialize` took).
 */
export function planVerification(manifest: Manifest, source = `the ${manifest.network} manifest`): VerificationJob[] {
  return recordedEntries(manifest, source).map(({ field, name, address, contract, constructorArgs }) =>
    field.startsWith("indices[")
      ? { name, address, contract, constructorArgs: [], clone: true }
      : { name, address, contract, constructorArgs },
  );
}

/** The implementation an ERC-1167 minimal proxy's runtime `code` delegates to, or undefined for other code. */
export function cloneImplementation(code: string): string | undefined {
  const match = /^0x363d3d373d3d3d363d73([0-9a-f]{40})5af43d82803e903d91602b57fd5bf3$/i.exec(code);
  return match === null ? undefined : `0x${match[1]}`;
}

/** hardhat-verify's `verifyContract`, injected so the plan can be tested without an explorer. */
export type VerifyFn = (job: VerificationJob) => Promise<boolean>;

/** Verifies every job; one failure does not stop the others. Returns the names that failed. */
export async function runVerification(
  jobs: VerificationJob[],
  verify: VerifyFn,
  log: (line: string) => void = () => undefined,
): Promise<string[]> {
  const failed: string[] = [];
  for (const job of jobs) {
    log(`→ verifying ${job.name} at ${job.address} (${job.contract})`);
    try {
      const ok = await verify(job);
      if (!ok) failed.push(job.name);
      log(ok ? `✓ ${job.name} verified` : `✗ ${job.name} not verified`);
    } catch (err) {
      failed.push(job.name);
      const message = err instanceof Error ? err.message : String(err);
      // An explorer that already has the source answers with an error: that counts as done.
      if (/already verified/i.test(message)) {
        failed.pop();
        log(`✓ ${job.name} already verified`);
      } else log(`✗ ${job.name}: ${message}`);
    }
  }
  return failed;
}
