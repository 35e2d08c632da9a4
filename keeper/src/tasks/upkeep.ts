/** Upkeep: the Chainlink-compatible `checkUpkeep`/`performUpkeep` of the RebalanceUpkeep, run when something is due. */
import { keccak256 } from "ethers";
import { describeOutcome } from "../txSender.js";
import type { Clock, TickContext } from "../types.js";

/** Most upkeeps in one pass: a regime switch, then the auction start it implies, and room to spare. */
export const MAX_UPKEEPS_PER_PASS = 4;

/**
 * Performs the upkeep while `checkUpkeep` says something is due, at most `MAX_UPKEEPS_PER_PASS` times; each is
 * keyed by its perform data and the chain time.
 * @returns The number of transactions sent.
 */
export async function performUpkeeps(
  ctx: Pick<TickContext, "upkeep" | "submit" | "log">,
  clock: Clock,
): Promise<number> {
  let sent = 0;
  for (let i = 0; i < MAX_UPKEEPS_PER_PASS; i++) {
    const [needed, performData] = await ctx.upkeep.checkUpkeep.staticCall("0x");
    if (!needed) break;
    const data = ctx.upkeep.interface.encodeFunctionData("performUpkeep", [performData]);
    const intent = `upkeep:${keccak256(performData)}:${await clock.now()}`;
    const outcome = await ctx.submit({ intent, to: await ctx.upkeep.getAddress(), data });
    ctx.log.info("performed upkeep", { outcome: describeOutcome(outcome) });
    sent++;
  }
  return sent;
}
