import type { Signer } from "ethers";
import { IndexRouter__factory, MockERC20__factory } from "../../types/ethers-contracts/index.js";
import { DEX } from "../config/localhost.js";
import type { LocalDeployment } from "./protocol.js";
import { createPoolWithLiquidity, deployUniswapV3 } from "./uniswap.js";

export interface LocalDex {
  uniswapFactory: string;
  swapRouter: string;
  positionManager: string;
  indexRouter: string;
  /** Pool of each basket token against the quote token (USDC). */
  pools: Record<string, string>;
  quoteToken: string;
}

/**
 * Real Uniswap v3 next to the local protocol: a pool of every basket token against USDC at the oracle prices with
 * deep full-range liquidity, and the IndexRouter for one-asset mint and redeem. Demo accounts approve the router.
 */
export async function deployLocalDex(
  signer: Signer,
  deployment: LocalDeployment,
  demoAccounts: Signer[] = [],
  log: (message: string) => void = () => undefined,
): Promise<LocalDex> {
  const quote = deployment.tokens.find((t) => t.symbol === DEX.quoteSymbol);
  if (quote === undefined) throw new Error(`the demo basket has no ${DEX.quoteSymbol} to quote pools against`);
  const weth = deployment.tokens.find((t) => t.symbol === "WETH") ?? quote;
  log("Deploying Uniswap v3 (factory, SwapRouter, NonfungiblePositionManager)");
  const uni = await deployUniswapV3(signer, weth.address);
  const pools: Record<string, string> = {};
  for (const t of deployment.tokens) {
    if (t.address === quote.address) continue;
    pools[t.symbol] = await createPoolWithLiquidity(uni, signer, t, quote, DEX.poolFee, DEX.liquidityUsdPerSide);
  }
  log(`  ${Object.keys(pools).length} pools against ${quote.symbol}, $${DEX.liquidityUsdPerSide} per side each`);
  const router = await new IndexRouter__factory(signer).deploy(
    uni.addresses.swapRouter,
    deployment.oracle,
    await signer.getAddress(),
    DEX.maxOracleDeviationWad,
  );
  await router.waitForDeployment();
  const routerAddress = await router.getAddress();
  for (const account of [signer, ...demoAccounts]) {
    await (await MockERC20__factory.connect(quote.address, account).approve(routerAddress, 2n ** 256n - 1n)).wait();
  }
  return {
    uniswapFactory: uni.addresses.factory,
    swapRouter: uni.addresses.swapRouter,
    positionManager: uni.addresses.positionManager,
    indexRouter: routerAddress,
    pools,
    quoteToken: quote.address,
  };
}
