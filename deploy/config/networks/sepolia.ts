import { DEFAULT_INDEX, REAL_NETWORK_DEFAULTS } from "./common.js";
import type { NetworkConfig } from "./types.js";

/**
 * Sepolia testnet: real Chainlink feeds, test tokens. There is no canonical WBTC on Sepolia, so the basket is
 * WETH / LINK / USDC. Only SwapRouter02 is deployed here: IndexRouter and UniswapSolver swap through it (see base.ts).
 * Governance keeps the real 48 h timelock so a rehearsal matches mainnet; shorten it only in a local dry run.
 */
export const sepolia: NetworkConfig = {
  name: "sepolia",
  chainId: 11_155_111,
  production: false,
  assets: [
    {
      symbol: "WETH",
      token: "0xfFf9976782d46CC05630D1f6eBAb18b2324d6B14",
      decimals: 18,
      feed: "0x694AA1769357215DE4FAC081bf1f309aDC325306", // ETH / USD
      heartbeatSeconds: 3_600,
      minPriceUsd: "10",
      maxPriceUsd: "1000000",
      weightBps: 5_000,
      dryRunPriceUsd: "3000",
    },
    {
      symbol: "LINK",
      token: "0x779877A7B0D9E8603169DdbD7836e478b4624789",
      decimals: 18,
      feed: "0xc59E3633BAAC79493d908e63626716e204A45EdF", // LINK / USD
      heartbeatSeconds: 3_600,
      minPriceUsd: "0.01",
      maxPriceUsd: "100000",
      weightBps: 3_000,
      dryRunPriceUsd: "15",
    },
    {
      symbol: "USDC",
      token: "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238",
      decimals: 6,
      feed: "0xA2F78ab2355fe2f984D808B5CeE7FD0A93D5270E", // USDC / USD
      heartbeatSeconds: 86_400,
      minPriceUsd: "0.5",
      maxPriceUsd: "2",
      weightBps: 2_000,
      dryRunPriceUsd: "1",
    },
  ],
  uniswap: {
    factory: "0x0227628f3F023bb0B980b67D528571c95c6DaC1c",
    swapRouter02: "0x3bFA4769FB09eefC5a80d6E87c3B9C650f7Ae48E",
    poolFee: 3_000,
    unconfirmed: "Sepolia Uniswap v3 deployment recalled from memory; check Uniswap's docs before use",
  },
  index: { ...DEFAULT_INDEX, name: "TMAI Global Index (Sepolia)", symbol: "tTGI" },
  trendSignal: { benchmark: "WETH", windowWeeks: 20, band: "0.02", useAsRegimeSource: false },
  ...REAL_NETWORK_DEFAULTS,
};
