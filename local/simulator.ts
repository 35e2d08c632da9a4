import { Contract, MaxUint256, formatUnits, type Signer } from "ethers";
import { ManifestError, readManifest, type Manifest } from "../manifest/index.js";
import { UNISWAP_ARTIFACTS, sqrtPriceX96 } from "../deploy/lib/uniswap.js";
import { MockERC20__factory, MockV3Aggregator__factory } from "../types/ethers-contracts/index.js";
import type { Logger } from "../keeper/src/log.js";
import { nextPrice } from "./priceWalk.js";

/** What the simulator needs of a local-stack manifest: a local chain, the Uniswap SwapRouter and pools. */
export interface SimulatorManifest {
  manifest: Manifest;
  swapRouter: string;
  pools: NonNullable<Manifest["pools"]>;
  /** The basket token every pool quotes against. */
  quote: Manifest["tokens"][number];
}

/** Checks a validated manifest for the simulator; a ManifestError names what is missing. */
export function simulatorTargets(manifest: Manifest, path: string): SimulatorManifest {
  if (manifest.chainId !== 31337) {
    throw new ManifestError(
      `${path}: chainId is ${manifest.chainId}: the simulator only runs on a local chain (31337)`,
    );
  }
  const swapRouter = manifest.contracts.UniswapV3SwapRouter?.address;
  if (swapRouter === undefined) {
    throw new ManifestError(`${path} has no contracts.UniswapV3SwapRouter: no DEX to keep in line`);
  }
  const pools = manifest.pools;
  if (pools === undefined) throw new ManifestError(`${path} has no pools: no DEX to keep in line`);
  const quote = manifest.tokens.find((t) => t.address === pools.quoteToken);
  if (quote === undefined) {
    throw new ManifestError(`${path}: pools.quoteToken ${pools.quoteToken} is not one of the manifest's tokens`);
  }
  return { manifest, swapRouter, pools, quote };
}

/** Reads, validates and checks the simulator's manifest at `path`. */
export async function loadSimulatorManifest(path: string): Promise<SimulatorManifest> {
  return simulatorTargets(await readManifest(path), path);
}

/**
 * The local stack's market: moves every MockV3Aggregator feed along a random walk, then swaps each Uniswap v3
 * pool to the new oracle price (a swap with `sqrtPriceLimitX96` stops exactly there), so pools follow the
 * oracle as arbitrageurs would make them. Local only: it mints test tokens for its swaps.
 */
export class PriceSimulator {
  private readonly feedDecimals = 8;

  constructor(
    private readonly market: SimulatorManifest,
    private readonly signer: Signer,
    private readonly sigma: number,
    private readonly random: () => number,
    private readonly log: Logger,
  ) {}

  /** Gives the simulator enough of every token for its swaps and approves the SwapRouter once. */
  async prepare(): Promise<void> {
    const me = await this.signer.getAddress();
    const router = this.market.swapRouter;
    for (const t of this.market.manifest.tokens) {
      const token = MockERC20__factory.connect(t.address, this.signer);
      await (await token.mint(me, 10n ** 36n)).wait();
      await (await token.approve(router, MaxUint256)).wait();
    }
  }

  /** One step: new oracle prices, then every pool swapped to them. Returns the new USD prices by symbol. */
  async step(): Promise<Record<string, string>> {
    const { quote, pools, manifest } = this.market;
    const prices: Record<string, string> = {};
    const usd = new Map<string, string>();
    for (const t of manifest.tokens) {
      const feed = MockV3Aggregator__factory.connect(t.feed, this.signer);
      let answer = await feed.latestAnswer();
      if (t.address !== quote.address) {
        answer = nextPrice(answer, this.sigma, this.random);
        await (await feed.updateAnswer(answer)).wait();
      } else {
        await (await feed.updateAnswer(answer)).wait(); // keeps the stablecoin's feed fresh too
      }
      usd.set(t.address, formatUnits(answer, this.feedDecimals));
      prices[t.symbol] = usd.get(t.address)!;
    }
    const router = new Contract(this.market.swapRouter, UNISWAP_ARTIFACTS.swapRouter().abi, this.signer);
    const me = await this.signer.getAddress();
    for (const t of manifest.tokens) {
      const poolAddress = pools.bySymbol[t.symbol];
      if (poolAddress === undefined) continue;
      const pool = new Contract(poolAddress, UNISWAP_ARTIFACTS.pool().abi, this.signer);
      const [current] = (await pool.getFunction("slot0")()) as [bigint];
      const a = { address: t.address, decimals: t.decimals, priceUsd: usd.get(t.address)! };
      const b = { address: quote.address, decimals: quote.decimals, priceUsd: usd.get(quote.address)! };
      const [t0, t1] = BigInt(a.address) < BigInt(b.address) ? [a, b] : [b, a];
      const target = sqrtPriceX96(t0, t1);
      if (target === current) continue;
      // Price of token0 in token1 must rise: buy token0 with token1 (and the other way round).
      const zeroForOne = target < current;
      await (
        await router.getFunction("exactInputSingle")({
          tokenIn: zeroForOne ? t0.address : t1.address,
          tokenOut: zeroForOne ? t1.address : t0.address,
          fee: pools.fee,
          recipient: me,
          deadline: 2n ** 64n,
          amountIn: 10n ** 34n,
          amountOutMinimum: 0n,
          sqrtPriceLimitX96: target,
        })
      ).wait();
    }
    this.log.debug("prices moved", prices);
    return prices;
  }
}
