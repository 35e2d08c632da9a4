import type { IndexVault, PriceOracle, Rebalancer, UniswapSolver } from "../../types/ethers-contracts/index.js";
import type { Logger } from "./log.js";
import type { AuctionFiller, Submission } from "./tick.js";

export interface SolverFillerDeps {
  rebalancer: Rebalancer;
  solver: UniswapSolver;
  oracle: PriceOracle;
  /** Connect a vault by address (read-only). */
  vaultAt: (address: string) => IndexVault;
  /** Least profit, in units of the bought token, for a fill to be worth sending. */
  minProfit?: bigint;
  log: Logger;
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
          this.deps.minProfit ?? 0n,
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
