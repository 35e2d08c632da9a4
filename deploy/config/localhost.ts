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

/**
 * The rest of the local universe: priced by the oracle, each with a pool, not in GDEMO's launch basket. The keeper's
 * methodologies pick from all of LOCAL_TOKENS (keeper/fixtures/local/): GDEMO the top 10, GL30 the top 30, TAI and
 * TDEFI their sectors.
 */
export const UNIVERSE_TOKENS: readonly DemoToken[] = [
  { symbol: "XRP", name: "XRP", decimals: 18, priceUsd: "0.6", weightBps: 0 },
  { symbol: "DOGE", name: "Dogecoin", decimals: 18, priceUsd: "0.15", weightBps: 0 },
  { symbol: "ADA", name: "Cardano", decimals: 18, priceUsd: "0.45", weightBps: 0 },
  { symbol: "TRX", name: "Tron", decimals: 18, priceUsd: "0.16", weightBps: 0 },
  { symbol: "TON", name: "Toncoin", decimals: 9, priceUsd: "5.5", weightBps: 0 },
  { symbol: "AVAX", name: "Avalanche", decimals: 18, priceUsd: "28", weightBps: 0 },
  { symbol: "SHIB", name: "Shiba Inu", decimals: 18, priceUsd: "0.000018", weightBps: 0 },
  { symbol: "DOT", name: "Polkadot", decimals: 18, priceUsd: "6", weightBps: 0 },
  { symbol: "BCH", name: "Bitcoin Cash", decimals: 18, priceUsd: "380", weightBps: 0 },
  { symbol: "LTC", name: "Litecoin", decimals: 8, priceUsd: "70", weightBps: 0 },
  { symbol: "XLM", name: "Stellar", decimals: 7, priceUsd: "0.1", weightBps: 0 },
  { symbol: "SUI", name: "Sui", decimals: 9, priceUsd: "1.1", weightBps: 0 },
  { symbol: "APT", name: "Aptos", decimals: 8, priceUsd: "7", weightBps: 0 },
  { symbol: "MNT", name: "Mantle", decimals: 18, priceUsd: "0.6", weightBps: 0 },
  { symbol: "POL", name: "Polygon Ecosystem Token", decimals: 18, priceUsd: "0.4", weightBps: 0 },
  { symbol: "NEAR", name: "NEAR Protocol", decimals: 24, priceUsd: "5", weightBps: 0 },
  { symbol: "ICP", name: "Internet Computer", decimals: 8, priceUsd: "9", weightBps: 0 },
  { symbol: "TAO", name: "Bittensor", decimals: 9, priceUsd: "320", weightBps: 0 },
  { symbol: "RNDR", name: "Render", decimals: 18, priceUsd: "6", weightBps: 0 },
  { symbol: "FET", name: "Fetch.ai", decimals: 18, priceUsd: "1.3", weightBps: 0 },
  { symbol: "GRT", name: "The Graph", decimals: 18, priceUsd: "0.18", weightBps: 0 },
  { symbol: "AKT", name: "Akash Network", decimals: 6, priceUsd: "3", weightBps: 0 },
  { symbol: "WLD", name: "Worldcoin", decimals: 18, priceUsd: "2", weightBps: 0 },
  { symbol: "CRV", name: "Curve DAO", decimals: 18, priceUsd: "0.35", weightBps: 0 },
  { symbol: "LDO", name: "Lido DAO", decimals: 18, priceUsd: "1.8", weightBps: 0 },
  { symbol: "PENDLE", name: "Pendle", decimals: 18, priceUsd: "4", weightBps: 0 },
  { symbol: "COMP", name: "Compound", decimals: 18, priceUsd: "50", weightBps: 0 },
  { symbol: "SNX", name: "Synthetix", decimals: 18, priceUsd: "2", weightBps: 0 },
];

/** Every token of the local stack: GDEMO's basket first (their stand-in addresses come first), then the universe. */
export const LOCAL_TOKENS: readonly DemoToken[] = [...DEMO_TOKENS, ...UNIVERSE_TOKENS];

/** Equal weights in basis points summing to 10,000 (the first ones get the remainder). */
function equalWeights(symbols: readonly string[]): { symbol: string; weightBps: number }[] {
  const base = Math.floor(10_000 / symbols.length);
  const extra = 10_000 - base * symbols.length;
  return symbols.map((symbol, i) => ({ symbol, weightBps: base + (i < extra ? 1 : 0) }));
}

/** The local stack's other indices, launched equal-weighted; the keeper's methodologies then set their targets. */
export const MORE_INDICES = [
  {
    key: "IndexGlobal30",
    name: "TMAI Global 30",
    symbol: "GL30",
    navPerShareUsd: "100",
    fees: { managementFee: "0.015", mintFee: "0.001", redeemFee: "0.001" },
    stablecoin: "USDC",
    // The 30 largest of the universe by the week-0 market caps of keeper/fixtures/local/market-caps.json.
    basket: equalWeights([
      "WBTC",
      "WETH",
      "BNB",
      "SOL",
      "XRP",
      "DOGE",
      "ADA",
      "TRX",
      "TON",
      "AVAX",
      "SHIB",
      "DOT",
      "LINK",
      "BCH",
      "NEAR",
      "LTC",
      "SUI",
      "ICP",
      "UNI",
      "PEPE",
      "APT",
      "TAO",
      "XLM",
      "RNDR",
      "FET",
      "AAVE",
      "ARB",
      "MNT",
      "POL",
      "MKR",
    ]),
  },
  {
    key: "IndexAI",
    name: "TMAI AI Index",
    symbol: "TAI",
    navPerShareUsd: "100",
    fees: { managementFee: "0.02", mintFee: "0.002", redeemFee: "0.002" },
    stablecoin: "USDC",
    basket: equalWeights(["TAO", "NEAR", "ICP", "RNDR", "FET", "GRT", "AKT", "WLD"]),
  },
  {
    key: "IndexDeFi",
    name: "TMAI DeFi Index",
    symbol: "TDEFI",
    navPerShareUsd: "100",
    fees: { managementFee: "0.02", mintFee: "0.002", redeemFee: "0.002" },
    stablecoin: "USDC",
    basket: equalWeights(["LINK", "UNI", "AAVE", "MKR", "CRV", "LDO", "PENDLE", "COMP", "SNX"]),
  },
] as const;

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
 * What `npm start` changes of REBALANCING, so that a user watches a regime switch or a weekly rebalance complete
 * within minutes (tests deploy with REBALANCING itself). A fill comes once the falling auction price clears the
 * solver's costs: one pool fee (0.3 %) and its 0.1 % minimum profit for a sale into USDC, about 0.4 % under the oracle
 * price; two pool fees, about 0.7 %, for a swap between two risk assets. Starting 0.3 % above the oracle price and
 * falling to 2 % under it in 5 minutes, a sale into USDC (a regime switch) fills about 1.5 minutes after the start
 * and a swap between risk assets after about 2, leaving the keeper's passes 3 more minutes for the other lots. A
 * pending regime switch applies after 1 minute.
 */
export const WATCHABLE_REBALANCING = {
  bandHighWad: 3_000_000_000_000_000n, // 0.3 % above the oracle price
  bandLowWad: 20_000_000_000_000_000n, // 2 % under it
  auctionDurationSeconds: 300,
  hysteresisSeconds: 60,
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
