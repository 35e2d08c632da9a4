/**
 * The deployment of the protocol to a real network (or a dry run of it). This module only sequences the steps of
 * deploy/lib/steps/: each deploys what the manifest does not hold yet and configures what is not configured yet,
 * re-reading the chain after every transaction; settings the timelock already owns are reported, never changed.
 */
import type { Signer } from "ethers";
import { createContext, type NetworkFlowOptions, type NetworkFlowResult } from "./steps/context.js";
import { automationStep } from "./steps/automation.js";
import { dexStep } from "./steps/dex.js";
import { governanceStep } from "./steps/governance.js";
import { handoverStep } from "./steps/handover.js";
import { indexStep } from "./steps/indexVault.js";
import { lensStep } from "./steps/lens.js";
import { oracleStep } from "./steps/oracle.js";
import { openManifest, preflight } from "./steps/preflight.js";
import { rebalancingStep } from "./steps/rebalancing.js";
import { stakingStep } from "./steps/staking.js";

export {
  DEFAULT_ADMIN_ROLE,
  FLOW_ABIS,
  oracleHeartbeat,
  SOURCES,
  swapRouterOf,
  type ContractName,
  type NetworkFlowOptions,
  type NetworkFlowResult,
} from "./steps/context.js";
export { assertHandedOver } from "./steps/handover.js";

/**
 * Deploys what the manifest does not hold yet, configures what is not configured yet, hands every admin role to
 * the timelock and checks that the deployer holds no role at the end. Safe to re-run: a complete deployment
 * re-runs as a no-op.
 */
export async function runNetworkFlow(signer: Signer, o: NetworkFlowOptions): Promise<NetworkFlowResult> {
  const log = o.log ?? ((line: string) => process.stdout.write(line + "\n"));
  const { provider, deployer, chainId } = await preflight(signer, o);
  const manifest = await openManifest(o, provider, deployer, chainId);
  const ctx = createContext(signer, provider, deployer, chainId, o, manifest, log);
  const c = o.config;
  log(`Deploying the TMAI protocol to ${c.name} (chain ${chainId}${o.dryRun ? ", dry run" : ""}) as ${deployer}`);

  const oracle = await oracleStep(ctx);
  const staking = await stakingStep(ctx);
  const index = await indexStep(ctx, { ...oracle, ...staking });
  const rebalancing = await rebalancingStep(ctx, { ...oracle, ...index });
  await automationStep(ctx, staking);
  // Before the DEX: the timelock is the DAO's treasury, where solver profit goes.
  const governance = await governanceStep(ctx, staking);
  await dexStep(ctx, { ...oracle, ...rebalancing, ...governance });
  await lensStep(ctx);
  await handoverStep(ctx, { ...oracle, ...staking, ...index, ...rebalancing, ...governance });

  const { result } = ctx;
  log(
    `✓ every admin role is with the timelock ${governance.timelockAddress}; the deployer holds no role. ` +
      `${result.deployed.length} deployed, ${result.skipped.length} skipped, ${result.configured.length} ` +
      `configuration transaction(s), ${result.alreadyConfigured.length} already in place. Manifest: ${o.manifestPath}`,
  );
  if (result.differences.length > 0) {
    log(
      `! ${result.differences.length} setting(s) on chain differ from the config (listed above); the flow changed ` +
        `none of them: propose the changes through governance (npm run gov -- propose), or update the config.`,
    );
  }
  return result;
}
