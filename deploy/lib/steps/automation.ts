import { getAddress } from "ethers";
import { HousekeepingUpkeep__factory } from "../../../types/ethers-contracts/index.js";
import type { FlowContext } from "./context.js";
import type { StakingStep } from "./staking.js";

/**
 * HousekeepingUpkeep: the weekly chores (veTMAI checkpoint, closing revenue weeks, the TrendSignal's sample) as a
 * Chainlink Automation upkeep, so an operator may register it with Automation instead of running the keeper for
 * them. No roles and no settings: it samples the TrendSignal this flow deployed, if any, fixed at construction.
 */
export async function automationStep(ctx: FlowContext, deps: StakingStep): Promise<string> {
  const { signer, manifest, ensure, report } = ctx;
  const trendSignal = manifest.contracts.TrendSignal?.address;
  const signals = trendSignal === undefined ? [] : [trendSignal];
  const args = [deps.veAddress, deps.distributorAddress, signals] as const;
  const address = await ensure("HousekeepingUpkeep", args, () =>
    new HousekeepingUpkeep__factory(signer).deploy(...args),
  );
  const onChain = (await HousekeepingUpkeep__factory.connect(address, signer).signals()).map((a) => getAddress(a));
  const wanted = signals.map((a) => getAddress(a));
  if (onChain.join() !== wanted.join()) {
    report([
      {
        setting: "HousekeepingUpkeep.signals()",
        chain: `[${onChain.join(", ")}]`,
        config: `[${wanted.join(", ")}] (it has no admin: remove it from the manifest to deploy a new one)`,
      },
    ]);
  }
  return address;
}
