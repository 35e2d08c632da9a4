import type { Manifest } from "../../manifest/index.js";
import { recordedEntries, type JsonArg } from "./networkManifest.js";

/** One `verifyContract` call: the contract's address, fully qualified name and constructor arguments. */
export interface VerificationJob {
  name: string;
  address: string;
  contract: string;
  constructorArgs: JsonArg[];
}

/** What `--verify` submits to the explorer: every contract and index of the manifest, in deployment order. */
export function planVerification(manifest: Manifest, source = `the ${manifest.network} manifest`): VerificationJob[] {
  return recordedEntries(manifest, source).map(({ name, address, contract, constructorArgs }) => ({
    name,
    address,
    contract,
    constructorArgs,
  }));
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
