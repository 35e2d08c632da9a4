import {
  RevenueDistributor__factory,
  TMAI__factory,
  VeTMAI__factory,
  type RevenueDistributor,
  type VeTMAI,
} from "../../../types/ethers-contracts/index.js";
import { wad, type FlowContext } from "./context.js";

export interface StakingStep {
  tmai: string;
  veAddress: string;
  ve: VeTMAI;
  distributorAddress: string;
  distributor: RevenueDistributor;
}

/** TMAI (fixed supply to the treasury), VeTMAI and the RevenueDistributor (reward token TMAI; the index follows). */
export async function stakingStep(ctx: FlowContext): Promise<StakingStep> {
  const { signer, deployer, config: c, operators: ops, manifest, ensure, step } = ctx;
  const tmai = await ensure("TMAI", [ops.treasury], () => new TMAI__factory(signer).deploy(ops.treasury));
  const tiers = c.staking.tierThresholdsTmai.map(wad) as [bigint, bigint, bigint, bigint];
  const veArgs = [tmai, deployer, ops.guardian, wad(c.staking.minLockTmai), tiers] as const;
  const veAddress = await ensure("VeTMAI", veArgs, () => new VeTMAI__factory(signer).deploy(...veArgs));
  const ve = VeTMAI__factory.connect(veAddress, signer);
  const distributorAddress = await ensure("RevenueDistributor", [veAddress, deployer], () =>
    new RevenueDistributor__factory(signer).deploy(veAddress, deployer),
  );
  manifest.roles.feeRecipient = distributorAddress;
  const distributor = RevenueDistributor__factory.connect(distributorAddress, signer);
  await step(
    "VeTMAI.setRevenueDistributor",
    async () => (await ve.revenueDistributor()) === distributorAddress,
    () => ve.setRevenueDistributor(distributorAddress),
  );
  await addRewardToken(ctx, distributor, "TMAI", tmai);
  return { tmai, veAddress, ve, distributorAddress, distributor };
}

/** Registers `token` as a reward token of the distributor. */
export function addRewardToken(
  ctx: FlowContext,
  distributor: RevenueDistributor,
  symbol: string,
  token: string,
): Promise<void> {
  return ctx.step(
    `RevenueDistributor.addRewardToken(${symbol})`,
    async () => (await distributor.rewardTokens()).includes(token),
    () => distributor.addRewardToken(token),
  );
}
