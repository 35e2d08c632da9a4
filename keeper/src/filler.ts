import type { IndexVault, PriceOracle, Rebalancer, UniswapSolver } from "../../types/ethers-contracts/index.js";
import type { Logger } from "./log.js";
import type { AuctionFiller, Submission } from "./tick.js";

export interface SolverFillerDeps {
  rebalancer: Rebalancer;
  solver: UniswapSolver;
  oracle: PriceOracle;
  /** Connect a vault by address (read-only). */
  vaultAt: (address: string) => IndexVault;
  /** Least profit of a fill, in basis points of what it pays the vault (`minProfitFor`). */
  minProfitBps: bigint;
  log: Logger;
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

/**
 * Fills open auctions through the UniswapSolver: for every asset the vault holds in surplus, sells one lot
 * (capped by the surplus, the auction's lot size and the largest deficit's value) for the asset with the largest
 * deficit. A fill is proposed only when simulating it succeeds, i.e. when the Uniswap output covers the auction
 * price (the solver reverts `Unprofitable` otherwise): the keeper never trusts its own prices.
 */
export class SolverFiller implements AuctionFiller {
  constructor(private readonly deps: SolverFillerDeps) {}

  async fills(vault: string, auctionId: bigint): Promise<Submission[]> {
    const { rebalancer, solver, oracle } = this.deps;
    const [assets] = await this.deps.vaultAt(vault).getBasket();
    const [targetAssets] = await rebalancer.currentTarget(vault);
    const universe = [...new Set([...assets, ...targetAssets])];

    const surplus: { asset: string; amount: bigint; usd: bigint; price: bigint; unit: bigint }[] = [];
    const deficit: { asset: string; usd: bigint }[] = [];
    for (const asset of universe) {
      const [s, d] = await rebalancer.gap(vault, asset);
      if (s === 0n && d === 0n) continue;
      const price = await oracle.getPrice(asset);
      const unit = 10n ** (await oracle.feedConfig(asset)).assetDecimals;
      if (s > 0n) surplus.push({ asset, amount: s, usd: (s * price) / unit, price, unit });
      if (d > 0n) deficit.push({ asset, usd: (d * price) / unit });
    }
    if (surplus.length === 0 || deficit.length === 0) return [];
    deficit.sort((a, b) => (b.usd > a.usd ? 1 : b.usd < a.usd ? -1 : 0));
    const buy = deficit[0]!;

    const block = await rebalancer.runner?.provider?.getBlock("latest");
    const now = BigInt(block?.timestamp ?? 0);
    const rebalancerAddress = await rebalancer.getAddress();
    const out: Submission[] = [];
    let budgetUsd = buy.usd;
    for (const s of surplus) {
      if (budgetUsd === 0n) break;
      const lotUsd = await rebalancer.maxLotUsd(vault, s.asset);
      let usd = s.usd < lotUsd ? s.usd : lotUsd;
      if (usd > budgetUsd) usd = budgetUsd;
      // 0.1 % under the limits, so rounding of prices and amounts can never push a bid over a bound.
      const sellAmount = (((usd * s.unit) / s.price) * 999n) / 1000n;
      if (sellAmount === 0n) continue;
      let args: [string, string, string, string, bigint, bigint, bigint, bigint];
      try {
        const maxBuy = await rebalancer.quote(vault, s.asset, buy.asset, sellAmount);
        args = [
          rebalancerAddress,
          vault,
          s.asset,
          buy.asset,
          sellAmount,
          maxBuy,
          minProfitFor(maxBuy, this.deps.minProfitBps),
          now + 300n,
        ];
        await solver.fill.staticCall(...args);
      } catch (err) {
        this.deps.log.debug("lot not fillable yet", { sell: s.asset, buy: buy.asset, reason: (err as Error).message });
        continue;
      }
      const data = solver.interface.encodeFunctionData("fill", args);
      out.push({
        intent: `fill:${vault}:${auctionId}:${s.asset}:${buy.asset}:${now}`,
        to: await solver.getAddress(),
        data,
      });
      budgetUsd -= usd;
    }
    return out;
  }
}
