/**
 * Per-network deployment settings (see docs/DEPLOY.md). Addresses are EIP-55 checksummed strings; amounts and
 * prices are decimal strings so they stay exact. `validateNetworkConfig` (deploy/lib/networkConfig.ts) checks them.
 */

/** A basket asset: the ERC-20 on this chain and its Chainlink USD feed. */
export interface AssetConfig {
  symbol: string;
  token: string;
  /** Token decimals, as the token reports them (checked on chain before the feed is set). */
  decimals: number;
  /** Chainlink <ASSET>/USD aggregator proxy. */
  feed: string;
  /** The feed's published heartbeat in seconds; the oracle accepts answers up to heartbeat + 10 % old. */
  heartbeatSeconds: number;
  /** Bounds the oracle enforces, USD per whole token (a circuit breaker, far from today's price). */
  minPriceUsd: string;
  maxPriceUsd: string;
  /**
   * Weight in the flagship index, basis points (all weights sum to 10,000). 0: priced by the oracle (another index
   * holds it, or a methodology may pick it) but not in the flagship's launch basket.
   */
  weightBps: number;
  /** Price used only in a dry run, as the stand-in feed's answer (of `feed`: the base's price when composite). */
  dryRunPriceUsd: string;
  /**
   * A wrapped asset priced as `feed` (its base in USD, e.g. BTC/USD) x this feed (the asset against its base, e.g.
   * WBTC/BTC), each leg with its own heartbeat; `minPriceUsd`/`maxPriceUsd` then bound the product. A wrapper that
   * loses its peg moves the price. Leave it out where a direct USD feed of the asset exists (cbBTC/USD on Base).
   */
  ratioFeed?: {
    feed: string;
    heartbeatSeconds: number;
    /** Bounds of the ratio (a circuit breaker for a broken feed, wide enough to let a de-peg show). */
    minRatio: string;
    maxRatio: string;
    /** Ratio used only in a dry run. */
    dryRunRatio: string;
  };
  /** Set when an address was not double-checked against the issuer's docs: a real deployment refuses it. */
  unconfirmed?: string;
}

export interface UniswapConfig {
  factory: string;
  /**
   * Uniswap v3 `SwapRouter` (the original router, whose params carry a `deadline`), where it exists: IndexRouter and
   * UniswapSolver use it when set.
   */
  swapRouter?: string;
  /**
   * SwapRouter02 (no `deadline` field; the only v3 router on Base and Sepolia): used when `swapRouter` is not set.
   * The contracts recognise it by its `factoryV2()`. A config names at least one of the two routers.
   */
  swapRouter02?: string;
  /** Fee tier of the pools the router and solver use. */
  poolFee: number;
  unconfirmed?: string;
}

/** An index besides the flagship (`NetworkConfig.index`), over some of the network's `assets`. */
export interface MoreIndexConfig {
  /** Its entry name in the manifest's `indices` (the flagship's is "Index"), e.g. "IndexAI". */
  key: string;
  name: string;
  symbol: string;
  navPerShareUsd: string;
  /** WAD fractions: management per year, mint and redeem per operation. */
  fees: { managementFee: string; mintFee: string; redeemFee: string };
  /** Symbol of its stablecoin (one of `assets`): where its methodology parks value. */
  stablecoin: string;
  /** The launch basket: symbols of `assets` and weights in basis points summing to 10,000. */
  basket: { symbol: string; weightBps: number }[];
}

export interface NetworkConfig {
  /** Name of the Hardhat network in hardhat.config.ts and of the manifest file deployments/<name>.json. */
  name: string;
  chainId: number;
  /** Whether this is a production chain (timelock delay must be at least 48 h). */
  production: boolean;
  assets: AssetConfig[];
  /** Chainlink L2 sequencer-uptime feed (L2s only) and the grace period after it comes back up. */
  sequencer?: { feed: string; gracePeriodSeconds: number };
  uniswap?: UniswapConfig;
  index: {
    name: string;
    symbol: string;
    navPerShareUsd: string;
    /** WAD fractions: management per year, mint and redeem per operation. */
    fees: { managementFee: string; mintFee: string; redeemFee: string };
    /** Symbol of the risk-off stablecoin (one of `assets`). */
    stablecoin: string;
  };
  /** More indices created through the factory next to the flagship, with the same rebalancing settings. */
  moreIndices?: MoreIndexConfig[];
  staking: { minLockTmai: string; tierThresholdsTmai: [string, string, string, string] };
  rebalancing: {
    bandHigh: string;
    bandLow: string;
    auctionDurationSeconds: number;
    announcementDelaySeconds: number;
    hysteresisSeconds: number;
    weightCap: string;
    maxLotUsd: string;
    upkeepPeriodSeconds: number;
    /** IndexRouter: swaps may be at most this far (WAD fraction) off the oracle price. */
    maxOracleDeviation: string;
  };
  /** On-chain trend rule on a benchmark feed; deployed, and made the vault's regime source when `useAsRegimeSource`. */
  trendSignal?: { benchmark: string; windowWeeks: number; band: string; useAsRegimeSource: boolean };
  governance: {
    timelockMinDelaySeconds: number;
    votingDelaySeconds: number;
    votingPeriodSeconds: number;
    proposalThresholdVeTmai: string;
    quorumPercent: number;
    lateQuorumExtensionSeconds: number;
    /** The guardian may cancel proposals for this long after the governor is deployed. */
    guardianBootstrapDays: number;
  };
}
