/** Auction fills: the lots of every open auction that the filler (the Uniswap solver) finds worth filling. */
import { errorFields } from "../errors.js";
import { isRevertError } from "../retry.js";
import { describeOutcome, type SendOutcome } from "../txSender.js";
import type { AuctionFiller, Clock, TickContext } from "../types.js";

/**
 * Submits, vault by vault, the lots `filler` proposes for the vault's open auction (none when there is none or it
 * ended), each before the filler plans the next. A lot that reverts when signed is skipped (see below); any other
 * failure ends the fills of that vault (tick.ts logs it, and the rest of the pass goes on).
 * @returns The number of lots sent.
 */
export async function fillAuctions(
  ctx: Pick<TickContext, "rebalancer" | "vaults" | "submit" | "log">,
  filler: AuctionFiller,
  clock: Clock,
): Promise<number> {
  let fills = 0;
  for (const vault of ctx.vaults) {
    const [id, , end] = await ctx.rebalancer.auction(vault);
    const now = await clock.now();
    if (id === 0n || BigInt(now) > end) continue;
    for await (const s of filler.fills(vault, id)) {
      let outcome: SendOutcome;
      try {
        outcome = await ctx.submit(s);
      } catch (err) {
        // The lot simulated fine when planned but reverts now that it is signed (nothing was sent): the auction
        // moved in between, e.g. the surplus shrank by a few wei with the fee accrual. Skip it, not the other lots;
        // the next pass plans it again. Anything else (RPC failure, fee cap) ends this vault's fills.
        if (!isRevertError(err)) throw err;
        ctx.log.warn("auction lot reverts when sent: skipped until the next pass", {
          vault,
          intent: s.intent,
          ...errorFields(err),
        });
        continue;
      }
      ctx.log.info("filled auction lot", { vault, intent: s.intent, outcome: describeOutcome(outcome) });
      fills++;
    }
  }
  return fills;
}
