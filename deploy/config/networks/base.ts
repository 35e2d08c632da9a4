import { DEFAULT_INDEX, REAL_NETWORK_DEFAULTS } from "./common.js";
import type { NetworkConfig } from "./types.js";

/**
 * Base mainnet. Base has no original Uniswap v3 SwapRouter, only SwapRouter02 (no `deadline` field): IndexRouter and
 * UniswapSolver recognise it by its `factoryV2()` and swap through it (see docs/DEPLOY.md).
 */
export const base: NetworkConfig = {
  name: "base",
  chainId: 8_453,
  production: true,
  assets: [
    {
      symbol: "WETH",
      token: "0x4200000000000000000000000000000000000006",
      decimals: 18,
      feed: "0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70", // ETH / USD
      heartbeatSeconds: 1_200,
      minPriceUsd: "10",
      maxPriceUsd: "1000000",
      weightBps: 4_000,
      dryRunPriceUsd: "3000",
    },
    {
      symbol: "cbBTC",
      token: "0xcbB7C0000aB88B473b1f5aFd9ef808440eed33Bf",
      decimals: 8,
      // cbBTC / USD: a direct feed of the wrapper, so a cbBTC de-peg moves the price with no second leg.
      feed: "0x07DA0E54543a844a80ABE69c8A12F22B3aA59f9D",
      heartbeatSeconds: 1_200,
      minPriceUsd: "100",
      maxPriceUsd: "10000000",
      weightBps: 4_500,
      dryRunPriceUsd: "60000",
      unconfirmed: "cbBTC/USD feed address and its 20-minute heartbeat from third-party lists; check data.chain.link",
    },
    {
      symbol: "USDC",
      token: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
      decimals: 6,
      feed: "0x7e860098F58bBFC8648a4311b374B1D669a2bc6B", // USDC / USD
      heartbeatSeconds: 86_400,
      minPriceUsd: "0.5",
      maxPriceUsd: "2",
      weightBps: 1_500,
      dryRunPriceUsd: "1",
    },
  ],
  sequencer: { feed: "0xBCF85224fc0756B9Fa45aA7892530B47e10b6433", gracePeriodSeconds: 3_600 },
  uniswap: {
    factory: "0x33128a8fC17869897dcE68Ed026d694621f6FDfD",
    swapRouter02: "0x2626664c2603336E57B271c5C0b26F421741e481",
    poolFee: 3_000,
  },
  index: DEFAULT_INDEX,
  trendSignal: { benchmark: "cbBTC", windowWeeks: 20, band: "0.02", useAsRegimeSource: false },
  ...REAL_NETWORK_DEFAULTS,
};
