import type { IndexVault, PriceOracle, Rebalancer, UniswapSolver } from "../../types/ethers-contracts/index.js";
import { chainClock } from "./clock.js";
import type { Logger } from "./log.js";
import type { AuctionFiller, Clock, Submission } from "./types.js";
import { describeError } from "./errors.js";

export interface SolverFillerDeps {
  rebalancer: Rebalancer;
  solver: UniswapSolver;
  oracle: PriceOracle;
  /** Connect a vault by address (read-only). */
  vaultAt: (address: string) => IndexVault;
  /** Least profit of a fill, in basis points of what it pays the vault (`minProfitFor`). */
  minProfitBps: bigint;
  log: Logger;
  /** Chain time for fill deadlines and intents; by default the latest block of the rebalancer's provider. */
  clock?: Clock;
}

export const BPS = 10_000n;

/**
 * The `minProfit` passed to `UniswapSolver.fill` for a fill that pays the vault `buyAmount` (the `rebalancer.quote`
 * of the lot): `minProfitBps` of it, rounded up, in units of the bought token.
 *
 * Why not zero: the solver swaps with no minimum output; its only guard is `amountOut >= buyAmount + minProfit`.
 * With zero, a searcher who sees the fill can move the pool against the swap (front-run, then back-run) until the
 * swap only just pays the vault: it takes the whole margin between the pool and the auction price, and the keeper
 * pays gas for a fill that earns nothing. With a floor, whatever the pool does, a mined fill earns at least
 * `minProfitBps` of its size (otherwise it reverts `Unprofitable`) and a sandwich can only take the margin above
 * the floor; as the keeper fills once the falling auction price clears the floor, that margin is usually about one
 * pass's price step (more only when the pool is away from the oracle price). The cost: the keeper waits until the
 * auction price is `minProfitBps` lower, so the vault sells up to that much cheaper than a zero-profit fill would
 * (the difference goes to the solver's profit recipient). 10 bps (TMAI_KEEPER_MIN_PROFIT_BPS) is well inside the
 * auction band (e.g. -1 % at its end) and far above rounding; where gas is dear it should also cover a fill's gas
 * (~370k to 490k).
 */
export function minProfitFor(buyAmount: bigint, minProfitBps: bigint): bigint {
  return (buyAmount * minProfitBps + BPS - 1n) / BPS;
}

export interface LotInput {
  /** The asset's surplus (`rebalancer.gap`), in its units. */
  surplus: bigint;
  /** Oracle price, USD per whole token, 18 decimals. */
  price: bigint;
  /** 10^decimals of the asset. */
  unit: bigint;
  /** Largest value one bid may take of the asset (`rebalancer.maxLotUsd`), USD 18 decimals. */
  maxLotUsd: bigint;
  /** Value of the bought asset's deficit (`rebalancer.gap`) at the oracle price, USD 18 decimals. */
  budgetUsd: bigint;
  /** The auction's price factor now (`rebalancer.priceFactor`, 1e18 = oracle price). */
  factorWad: bigint;
  /** Never the whole surplus: leave at least `MIN_REMAINDER_USD` (after a whole lot failed, see `SolverFiller`). */
  leaveRemainder?: boolean;
}

export interface Lot {
  sellAmount: bigint;
  /** Value of `sellAmount` at the oracle price. */
  sellUsd: bigint;
  /** `sellAmount` is the whole surplus. */
  whole: boolean;
}

const WAD = 10n ** 18n;

/**
 * Least value (USD, 18 decimals) a lot leaves of a surplus it does not take whole. The Rebalancer refuses a bid
 * that leaves less than $1 of a surplus (`LeavesDust`); $2 keeps a price move between this read and the bid from
 * crossing that line. A later lot then takes the rest whole.
 */
export const MIN_REMAINDER_USD = 2n * WAD;

/** The Rebalancer's `WHOLE_SURPLUS`: a bid's `sellAmount` meaning "the whole surplus when the bid runs". */
export const WHOLE_SURPLUS = 2n ** 256n - 1n;

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/**
 * The lot to bid for one surplus asset, or undefined when none can be bid now.
 *
 * - The whole surplus (exactly `rebalancer.gap`'s amount) when it fits under the max lot and the deficit budget:
 *   nothing is left behind, so a sold-out asset leaves the basket instead of staying as dust that blocks later
 *   one-asset mints. `LotTooLarge` still applies: the surplus must be worth at most 99.9 % of `maxLotUsd`.
 * - Otherwise the largest lot 0.1 % under those limits (so rounding and price moves between this read and the bid
 *   cannot push it over one), reduced if needed so that at least `MIN_REMAINDER_USD` of the surplus remains; none
 *   when that leaves nothing to sell (a surplus worth at most $2 that cannot be taken whole).
 *
 * The deficit is spent at the auction price: a lot worth `v` at the oracle makes the vault buy `v x factor`, so the
 * budget allows lots worth up to `budgetUsd / factor`.
 */
export function planLot(i: LotInput): Lot | undefined {
  const { surplus, price, unit, factorWad } = i;
  if (surplus <= 0n || price <= 0n) return undefined;
  const valueOf = (amount: bigint): bigint => (amount * price) / unit;
  const budgetSellUsd = factorWad > 0n ? (i.budgetUsd * WAD) / factorWad : i.maxLotUsd;
  const capUsd = ((i.maxLotUsd < budgetSellUsd ? i.maxLotUsd : budgetSellUsd) * 999n) / 1000n;

  let sellAmount = surplus;
  if (i.leaveRemainder === true || valueOf(surplus) > capUsd) {
    const capAmount = (capUsd * unit) / price;
    const leaving = surplus - ceilDiv(MIN_REMAINDER_USD * unit, price);
    sellAmount = capAmount < leaving ? capAmount : leaving;
    if (sellAmount <= 0n) return undefined;
  }
  return { sellAmount, sellUsd: valueOf(sellAmount), whole: sellAmount === surplus };
}

/**
 * Fills open auctions through the UniswapSolver: for every asset the vault holds in surplus, sells one lot
 * (`planLot`: the whole surplus when it fits, else capped by the auction's lot size and the largest deficit's value)
 * for the asset with the largest deficit. A fill is proposed only when simulating it succeeds, i.e. when the Uniswap
 * output covers the auction price plus the minimum profit (the solver reverts `Unprofitable` otherwise): the keeper
 * never trusts its own prices.
 */
export class SolverFiller implements AuctionFiller {
  private readonly clock: Clock;

  constructor(private readonly deps: SolverFillerDeps) {
    this.clock = deps.clock ?? chainClock(deps.rebalancer.runner?.provider);
  }

  /**
   * The lots worth filling now, planned one at a time: the pass submits each lot (and waits for it) before asking
   * for the next, so every lot is sized from the chain as the earlier ones left it.
   *
   * A whole lot bids `WHOLE_SURPLUS`, so the few wei a surplus moves as the streaming fee accrues cannot make it
   * overshoot. It can still fail when sent (a surplus grown past the price guard's 0.1 % of room, a lot or deficit
   * limit crossed since it was planned; the pass skips it): when the surplus is still there after a whole lot, all of
   * it but `MIN_REMAINDER_USD` is sold at once instead, and a later pass tries the rest whole.
   */
  async *fills(vault: string, auctionId: bigint): AsyncGenerator<Submission> {
    const { rebalancer, oracle } = this.deps;
    const [assets] = await this.deps.vaultAt(vault).getBasket();
    const [targetAssets] = await rebalancer.currentTarget(vault);
    const universe = [...new Set([...assets, ...targetAssets])];

    const priced = new Map<string, { price: bigint; unit: bigint }>();
    const sells: string[] = [];
    let buy: { asset: string; usd: bigint } | undefined;
    for (const asset of universe) {
      const [s, d] = await rebalancer.gap(vault, asset);
      if (s === 0n && d === 0n) continue;
      const price = await oracle.getPrice(asset);
      const unit = 10n ** (await oracle.feedConfig(asset)).assetDecimals;
      priced.set(asset, { price, unit });
      if (s > 0n) sells.push(asset);
      if (d > 0n && (buy === undefined || (d * price) / unit > buy.usd)) buy = { asset, usd: (d * price) / unit };
    }
    if (buy === undefined) return;

    for (const sell of sells) {
      const first = await this.plan(vault, auctionId, sell, buy.asset, priced, false);
      if (first === undefined) continue;
      yield first.submission;
      if (!first.lot.whole) continue;
      const [left] = await rebalancer.gap(vault, sell);
      if (left < first.lot.sellAmount / 2n) continue; // it went through (a few wei may be left: nothing to sell)
      const fallback = await this.plan(vault, auctionId, sell, buy.asset, priced, true);
      if (fallback === undefined) continue;
      this.deps.log.info("the whole lot did not go through: selling all but the minimum remainder", {
        vault,
        sell,
        surplus: left,
        sellAmount: fallback.lot.sellAmount,
      });
      yield fallback.submission;
    }
  }

  /** Plans one lot of `sell` from the chain as it is now and simulates it; undefined when it would not be filled. */
  private async plan(
    vault: string,
    auctionId: bigint,
    sell: string,
    buy: string,
    priced: Map<string, { price: bigint; unit: bigint }>,
    leaveRemainder: boolean,
  ): Promise<{ lot: Lot; submission: Submission } | undefined> {
    const { rebalancer, solver } = this.deps;
    const [, deficit] = await rebalancer.gap(vault, buy);
    const [surplus] = await rebalancer.gap(vault, sell);
    const buyPrice = priced.get(buy)!;
    const lot = planLot({
      surplus,
      ...priced.get(sell)!,
      maxLotUsd: await rebalancer.maxLotUsd(vault, sell),
      budgetUsd: (deficit * buyPrice.price) / buyPrice.unit,
      factorWad: await rebalancer.priceFactor(vault),
      leaveRemainder,
    });
    if (lot === undefined || deficit === 0n) return undefined;
    const now = BigInt(await this.clock.now());
    let args: [string, string, string, string, bigint, bigint, bigint, bigint];
    // A whole lot asks for `WHOLE_SURPLUS`: the Rebalancer then sells the surplus as it is when the bid runs (it
    // moves by a few wei as fees accrue, so the exact amount read here could overshoot or leave wei behind). The
    // price guard gets 0.1 % of room for a surplus a few wei larger; the price itself is the auction's.
    const amount = lot.whole && !leaveRemainder ? WHOLE_SURPLUS : lot.sellAmount;
    try {
      const quoted = await rebalancer.quote(vault, sell, buy, amount);
      const maxBuy = amount === WHOLE_SURPLUS ? quoted + quoted / 1000n + 1n : quoted;
      const minProfit = minProfitFor(quoted, this.deps.minProfitBps);
      args = [await rebalancer.getAddress(), vault, sell, buy, amount, maxBuy, minProfit, now + 300n];
      await solver.fill.staticCall(...args);
    } catch (err) {
      this.deps.log.debug("lot not fillable yet", { sell, buy, reason: describeError(err) });
      return undefined;
    }
    const submission = {
      intent: `fill:${vault}:${auctionId}:${sell}:${buy}:${lot.sellAmount}:${now}`,
      to: await solver.getAddress(),
      data: solver.interface.encodeFunctionData("fill", args),
    };
    return { lot, submission };
  }
}
