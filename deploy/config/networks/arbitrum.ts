import { DEFAULT_INDEX, REAL_NETWORK_DEFAULTS } from "./common.js";
import type { NetworkConfig } from "./types.js";

/** Arbitrum One. Feeds: data.chain.link (arbitrum-mainnet); USDC is Circle's native USDC (not bridged USDC.e). */
export const arbitrum: NetworkConfig = {
  name: "arbitrum",
  chainId: 42_161,
  production: true,
  assets: [
    {
      symbol: "WETH",
      token: "0x82aF49447D8a07e3bd95BD0d56f35241523fBab1",
      decimals: 18,
      feed: "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612", // ETH / USD
      heartbeatSeconds: 86_400,
      minPriceUsd: "10",
      maxPriceUsd: "1000000",
      weightBps: 3_500,
      dryRunPriceUsd: "3000",
    },
    {
      symbol: "WBTC",
      token: "0x2f2a2543B76A4166549F7aaB2e75Bef0aefC5B0f",
      decimals: 8,
      feed: "0x6ce185860a4963106506C203335A2910413708e9", // BTC / USD, times WBTC / BTC below
      heartbeatSeconds: 86_400,
      minPriceUsd: "100",
      maxPriceUsd: "10000000",
      weightBps: 4_000,
      dryRunPriceUsd: "60000",
      ratioFeed: {
        feed: "0x0017abAc5b6f291F9164e35B1234CA1D697f9CF4", // WBTC / BTC
        heartbeatSeconds: 86_400,
        minRatio: "0.5",
        maxRatio: "1.5",
        dryRunRatio: "0.999",
      },
    },
    {
      symbol: "LINK",
      token: "0xf97f4df75117a78c1A5a0DBb814Af92458539FB4",
      decimals: 18,
      feed: "0x86E53CF1B870786351Da77A57575e79CB55812CB", // LINK / USD
      heartbeatSeconds: 3_600,
      minPriceUsd: "0.01",
      maxPriceUsd: "100000",
      weightBps: 1_500,
      dryRunPriceUsd: "15",
      unconfirmed: "LINK/USD feed on Arbitrum recalled from memory; check data.chain.link before mainnet use",
    },
    {
      symbol: "USDC",
      token: "0xaf88d065e77c8cC2239327C5EDb3A432268e5831",
      decimals: 6,
      feed: "0x50834F3163758fcC1Df9973b6e91f0F0F0434aD3", // USDC / USD
      heartbeatSeconds: 86_400,
      minPriceUsd: "0.5",
      maxPriceUsd: "2",
      weightBps: 1_000,
      dryRunPriceUsd: "1",
    },
  ],
  sequencer: { feed: "0xFdB631F5EE196F0ed6FAa767959853A9F217697D", gracePeriodSeconds: 3_600 },
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
