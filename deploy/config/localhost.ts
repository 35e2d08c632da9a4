/**
 * The local demo world: basket tokens with their decimals and starting USD prices, and the demo index.
 * Prices are strings so that sub-cent tokens stay exact; weights are basis points and sum to 10,000.
 */
export interface DemoToken {
  symbol: string;
  name: string;
  decimals: number;
  priceUsd: string;
  weightBps: number;
}

export interface DemoIndexConfig {
  name: string;
  symbol: string;
  /** USD value of one index share at launch. */
  navPerShareUsd: string;
  fees: { managementFee: string; mintFee: string; redeemFee: string };
}

/** Chainlink USD feeds answer with 8 decimals. */
export const FEED_DECIMALS = 8;
/** Seconds after which a feed answer is considered stale. Generous locally: the price simulator comes later. */
export const FEED_HEARTBEAT_SECONDS = 86_400;

export const DEMO_TOKENS: readonly DemoToken[] = [
  { symbol: "WBTC", name: "Wrapped Bitcoin", decimals: 8, priceUsd: "60000", weightBps: 3000 },
  { symbol: "WETH", name: "Wrapped Ether", decimals: 18, priceUsd: "3000", weightBps: 2000 },
  { symbol: "SOL", name: "Wrapped Solana", decimals: 9, priceUsd: "150", weightBps: 1000 },
  { symbol: "BNB", name: "BNB", decimals: 18, priceUsd: "550", weightBps: 800 },
  { symbol: "LINK", name: "Chainlink", decimals: 18, priceUsd: "15", weightBps: 600 },
  { symbol: "UNI", name: "Uniswap", decimals: 18, priceUsd: "8", weightBps: 500 },
  { symbol: "AAVE", name: "Aave", decimals: 18, priceUsd: "150", weightBps: 500 },
  { symbol: "ARB", name: "Arbitrum", decimals: 18, priceUsd: "0.8", weightBps: 400 },
  { symbol: "OP", name: "Optimism", decimals: 18, priceUsd: "1.8", weightBps: 400 },
  { symbol: "MKR", name: "Maker", decimals: 18, priceUsd: "1500", weightBps: 300 },
  { symbol: "PEPE", name: "Pepe", decimals: 18, priceUsd: "0.00001", weightBps: 200 },
  { symbol: "USDC", name: "USD Coin", decimals: 6, priceUsd: "1", weightBps: 300 },
];

export const DEMO_INDEX: DemoIndexConfig = {
  name: "TMAI Global Demo Index",
  symbol: "GDEMO",
  navPerShareUsd: "100",
  fees: { managementFee: "0.02", mintFee: "0.001", redeemFee: "0.001" },
};

/** USD worth of each basket token given to each demo account. */
export const DEMO_FUNDING_USD = "100000";
/** Index shares the deployer mints at launch so the demo index has holders and a NAV from the start. */
export const DEMO_SEED_SHARES = "10";

/** veTMAI settings of the local stack. */
export const STAKING = {
  minLockTmai: "1",
  /** Scores from which Bronze, Silver, Gold and Platinum start. */
  tierThresholdsTmai: ["100", "1000", "10000", "100000"],
} as const;

/** TMAI given to each demo account other than the deployer (who holds the rest of the supply). */
export const DEMO_TMAI_PER_ACCOUNT = "100000";
/** The deployer's demo lock, so that staking and revenue work at once. */
export const DEMO_LOCK = { amountTmai: "10000", weeks: 52 } as const;

/** The local Uniswap v3: every basket token gets a pool against `quoteSymbol` at the oracle price. */
export const DEX = {
  quoteSymbol: "USDC",
  poolFee: 3000,
  liquidityUsdPerSide: "5000000",
  /** IndexRouter: swaps may be at most 2 % off the oracle price. */
  maxOracleDeviationWad: 20_000_000_000_000_000n,
} as const;

/**
 * Rebalancing of the demo index on the local stack. Timings are short so that a local user sees targets take
 * effect, regimes switch and auctions run within minutes (real networks use days: see docs/REBALANCING.md).
 */
export const REBALANCING = {
  bandHighWad: 20_000_000_000_000_000n, // auctions start 2 % above the oracle price
  bandLowWad: 10_000_000_000_000_000n, // and end 1 % below it
  auctionDurationSeconds: 1_800,
  announcementDelaySeconds: 60,
  hysteresisSeconds: 120,
  weightCapWad: 350_000_000_000_000_000n, // 35 % per asset
  maxLotUsdWad: 1_000_000n * 10n ** 18n,
  upkeepPeriodSeconds: 3_600,
  /** Hardhat account index of the keeper (methodologist and solver operator). */
  keeperAccountIndex: 3,
} as const;

/**
 * The DAO on the local stack: a TimelockController holding every admin role and the TMAIGovernor (veTMAI votes).
 * Durations are short so that a local user runs a whole proposal in minutes (real networks: docs/GOVERNANCE.md).
 */
export const GOVERNANCE = {
  /** TimelockController minimum delay between queue and execute. */
  timelockMinDelaySeconds: 60,
  votingDelaySeconds: 60,
  votingPeriodSeconds: 300,
  /** veTMAI needed to propose; the deployer's demo lock (10,000 TMAI for 52 weeks) is above it. */
  proposalThresholdVeTmai: "1000",
  quorumNumerator: 4,
  lateQuorumExtensionSeconds: 60,
  /** The guardian (the deployer locally) may cancel proposals until now + this. */
  guardianBootstrapSeconds: 30 * 86_400,
} as const;
