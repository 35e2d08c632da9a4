import type { RevenueDistributor, VeTMAI } from "../../../types/ethers-contracts/index.js";
import { chainClock } from "../clock.js";
import type { Logger } from "../log.js";
import type { Clock, HousekeepingChain, Submit } from "../types.js";

/** One week, the period of veTMAI's schedule and of revenue epochs. */
export const WEEK_SECONDS = 604_800;

/**
 * The housekeeping chain view over the typed veTMAI and revenue-distributor bindings, telling time by `clock` (the
 * keeper's; by default chain time from veTMAI's provider).
 */
export async function contractsHousekeeping(
  ve: VeTMAI,
  distributor: RevenueDistributor,
  clock: Clock = chainClock(ve.runner?.provider),
): Promise<HousekeepingChain> {
  return {
    now: () => clock.now(),
    lastVeCheckpoint: () => ve.lastGlobalCheckpoint(),
    rewardTokens: () => distributor.rewardTokens(),
    finalizedUntil: async (token) => (await distributor.tokenInfo(token))[2],
    ve: await ve.getAddress(),
    distributor: await distributor.getAddress(),
    encodeVeCheckpoint: () => ve.interface.encodeFunctionData("checkpoint"),
    encodeCheckpointToken: (token) => distributor.interface.encodeFunctionData("checkpointToken", [token]),
  };
}

/**
 * Weekly housekeeping, permissionless and idempotent, that keeps users' transactions cheap: once per week it records
 * veTMAI's global point (so no lock operation pays a long catch-up) and closes the revenue weeks that ended (so a
 * claim only reads stored weekly rates). Each step is skipped when the chain shows it done; intents are keyed by
 * week so a retry or restart never sends one twice.
 * @returns The number of transactions sent.
 */
export async function runHousekeeping(chain: HousekeepingChain, submit: Submit, log: Logger): Promise<number> {
  const week = BigInt(Math.floor((await chain.now()) / WEEK_SECONDS) * WEEK_SECONDS);
  let sent = 0;
  if ((await chain.lastVeCheckpoint()) < week) {
    const outcome = await submit({ intent: `ve-checkpoint:${week}`, to: chain.ve, data: chain.encodeVeCheckpoint() });
    log.info("recorded veTMAI's weekly checkpoint", { week: Number(week), outcome: outcome.kind });
    sent++;
  }
  for (const token of await chain.rewardTokens()) {
    if ((await chain.finalizedUntil(token)) >= week) continue;
    const outcome = await submit({
      intent: `close-weeks:${token}:${week}`,
      to: chain.distributor,
      data: chain.encodeCheckpointToken(token),
    });
    log.info("closed ended revenue weeks", { token, week: Number(week), outcome: outcome.kind });
    sent++;
  }
  return sent;
}
