import { DEFAULT_INDEX, REAL_NETWORK_DEFAULTS } from "./common.js";
import type { NetworkConfig } from "./types.js";

/** Ethereum mainnet. Feeds: data.chain.link (ethereum-mainnet); tokens: the issuers' canonical contracts. */
export const ethereum: NetworkConfig = {
  name: "ethereum",
  chainId: 1,
  production: true,
  assets: [
    {
      symbol: "WETH",
      token: "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",
      decimals: 18,
      feed: "0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419", // ETH / USD
      heartbeatSeconds: 3_600,
      minPriceUsd: "10",
      maxPriceUsd: "1000000",
      weightBps: 3_500,
      dryRunPriceUsd: "3000",
    },
    {
      symbol: "WBTC",
      token: "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599",
      decimals: 8,
      // BTC / USD x WBTC / BTC: a WBTC de-peg moves the price (see docs/DEPLOY.md).
      feed: "0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c",
      heartbeatSeconds: 3_600,
      minPriceUsd: "100",
      maxPriceUsd: "10000000",
      weightBps: 4_000,
      dryRunPriceUsd: "60000",
      ratioFeed: {
        feed: "0xfdFD9C85aD200c506Cf9e21F1FD8dd01932FBB23", // WBTC / BTC
        heartbeatSeconds: 86_400,
        minRatio: "0.5",
        maxRatio: "1.5",
        dryRunRatio: "0.999",
      },
    },
    {
      symbol: "LINK",
      token: "0x514910771AF9Ca656af840dff83E8264EcF986CA",
      decimals: 18,
      feed: "0x2c1d072e956AFFC0D435Cb7AC38EF18d24d9127c", // LINK / USD
      heartbeatSeconds: 3_600,
      minPriceUsd: "0.01",
      maxPriceUsd: "100000",
      weightBps: 1_500,
      dryRunPriceUsd: "15",
    },
    {
      symbol: "USDC",
      token: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
      decimals: 6,
      feed: "0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6", // USDC / USD
      heartbeatSeconds: 86_400,
      minPriceUsd: "0.5",
      maxPriceUsd: "2",
      weightBps: 1_000,
      dryRunPriceUsd: "1",
    },
  ],
  uniswap: {
    factory: "0x1F98431c8aD98523631AE4a59f267346ea31F984",
    swapRouter: "0xE592427A0AEce92De3Edee1F18E0157C05861564",
    swapRouter02: "0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45",
    poolFee: 3_000,
  },
  index: DEFAULT_INDEX,
  trendSignal: { benchmark: "WBTC", windowWeeks: 20, band: "0.02", useAsRegimeSource: false },
  ...REAL_NETWORK_DEFAULTS,
};
