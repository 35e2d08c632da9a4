import { Contract, MaxUint256, parseUnits, ZeroAddress, type Signer } from "ethers";
import {
  IndexVault__factory,
  MockERC20__factory,
  TMAI__factory,
  VeTMAI__factory,
} from "../../../types/ethers-contracts/index.js";
import {
  DEMO_FUNDING_USD,
  DEMO_LOCK,
  DEMO_SEED_SHARES,
  DEMO_TMAI_PER_ACCOUNT,
  LOCAL_TOKENS,
  DEX,
} from "../../config/localhost.js";
import { LOCAL_STAND_INS } from "../../config/networks/localhost.js";
import { contractAddress } from "../../../manifest/index.js";
import type { FlowContext } from "../steps/context.js";
import { UNISWAP_ARTIFACTS, createPoolWithLiquidity, type UniswapV3 } from "../uniswap.js";
import { amountForUsd } from "../units.js";
import { localUniswapEntries } from "./standIns.js";

/** The accounts the demo step acts as (signers of the local node's development accounts). */
export interface DemoAccounts {
  deployer: Signer;
  /** Funded with every basket token and TMAI. */
  demoUsers: Signer[];
  /** Holds the TMAI supply (the flow's treasury operator). */
  treasury: Signer;
}

/**
 * The local stack's demo step, after the flow: a Uniswap v3 pool of every basket token against USDC at the demo
 * prices with deep full-range liquidity (recorded in the manifest), every basket token and TMAI for the deployer and
 * the demo users (who approve the IndexRouter's USDC), a 52-week lock for the deployer (so it can propose), and a
 * first mint of every index. Each action is skipped when the chain already shows it done.
 */
export async function demoStep(ctx: FlowContext, accounts: DemoAccounts): Promise<void> {
  const { manifest, step, log } = ctx;
  const { deployer, demoUsers, treasury } = accounts;
  const tokens = LOCAL_TOKENS.map((t, i) => ({ ...t, address: LOCAL_STAND_INS.token(i) }));
  const quote = tokens.find((t) => t.symbol === DEX.quoteSymbol)!;

  const uni = localUniswap(deployer);
  const pools: Record<string, string> = {};
  // Every pool at once (the node numbers the deployer's transactions as they arrive): 39 pools one after the other
  // took most of the demo step.
  await Promise.all(
    tokens
      .filter((t) => t !== quote)
      .map(async (t) => {
        const label = `Uniswap v3 pool ${t.symbol}/${quote.symbol} with $${DEX.liquidityUsdPerSide} per side`;
        const existing = (await uni.factory.getFunction("getPool")(t.address, quote.address, DEX.poolFee)) as string;
        if (existing !== ZeroAddress && (await poolLiquidity(existing, deployer)) > 0n) {
          log(`✓ ${label} (already done)`);
          ctx.result.alreadyConfigured.push(label);
          pools[t.symbol] = existing;
          return;
        }
        log(`→ ${label}`);
        pools[t.symbol] = await createPoolWithLiquidity(uni, deployer, t, quote, DEX.poolFee, DEX.liquidityUsdPerSide);
        ctx.result.configured.push(label);
      }),
  );
  Object.assign(manifest.contracts, localUniswapEntries());
  manifest.pools = { quoteToken: quote.address, fee: DEX.poolFee, bySymbol: pools };
  await ctx.save();

  const routerAddress = contractAddress(manifest, "IndexRouter");
  const funded = [deployer, ...demoUsers];
  for (const account of funded) {
    const who = await account.getAddress();
    await Promise.all(
      tokens.map((t) => {
        const token = MockERC20__factory.connect(t.address, account);
        const amount = amountForUsd(DEMO_FUNDING_USD, t.priceUsd, t.decimals);
        return step(
          `fund ${who} with $${DEMO_FUNDING_USD} of ${t.symbol}`,
          async () => (await token.balanceOf(who)) >= amount,
          () => token.mint(who, amount),
        );
      }),
    );
    const usdc = MockERC20__factory.connect(quote.address, account);
    await step(
      `${who} approves the IndexRouter's ${quote.symbol}`,
      async () => (await usdc.allowance(who, routerAddress)) > 0n,
      () => usdc.approve(routerAddress, MaxUint256),
    );
  }

  const tmai = TMAI__factory.connect(contractAddress(manifest, "TMAI"), treasury);
  const tmaiEach = parseUnits(DEMO_TMAI_PER_ACCOUNT, 18);
  const lockAmount = parseUnits(DEMO_LOCK.amountTmai, 18);
  const veAddress = contractAddress(manifest, "VeTMAI");
  const ve = VeTMAI__factory.connect(veAddress, deployer);
  const deployerAddress = await deployer.getAddress();
  const hasLock = async (): Promise<boolean> => (await ve.locked(deployerAddress)).amount > 0n;
  for (const account of funded) {
    const who = await account.getAddress();
    // The deployer's share is counted with its lock: once locked, its TMAI balance is lower.
    const enough = async (): Promise<boolean> =>
      (await tmai.balanceOf(who)) + (who === deployerAddress && (await hasLock()) ? lockAmount : 0n) >= tmaiEach;
    await step(`treasury sends ${DEMO_TMAI_PER_ACCOUNT} TMAI to ${who}`, enough, () => tmai.transfer(who, tmaiEach));
  }
  const tmaiOfDeployer = TMAI__factory.connect(await tmai.getAddress(), deployer);
  await step(`lock ${DEMO_LOCK.amountTmai} TMAI for ${DEMO_LOCK.weeks} weeks as the deployer`, hasLock, async () => {
    await ctx.mined("approve TMAI for veTMAI", tmaiOfDeployer.approve(veAddress, lockAmount));
    const now = (await deployer.provider!.getBlock("latest"))!.timestamp;
    return ve.createLock(lockAmount, BigInt(now) + BigInt(DEMO_LOCK.weeks) * 7n * 86_400n);
  });

  for (const index of manifest.indices) {
    const vault = IndexVault__factory.connect(index.address, deployer);
    const seed = parseUnits(DEMO_SEED_SHARES, 18);
    await step(
      `mint ${DEMO_SEED_SHARES} ${index.symbol} as the deployer`,
      async () => (await vault.totalSupply()) > 0n,
      async () => {
        // Paid with tokens minted for it, so the deployer keeps its demo funding (and re-runs see it funded).
        const [[assets], maxIn] = await Promise.all([vault.getBasket(), vault.previewMint(seed)]);
        await Promise.all(
          assets.map(async (asset, i) => {
            const token = MockERC20__factory.connect(asset, deployer);
            const symbol = tokens.find((t) => t.address.toLowerCase() === asset.toLowerCase())?.symbol ?? asset;
            await ctx.mined(`mint ${symbol} for the first mint`, token.mint(deployerAddress, maxIn[i]!));
            await ctx.mined(`approve ${symbol} for ${index.symbol}`, token.approve(index.address, MaxUint256));
          }),
        );
        return vault.mint(seed, deployerAddress, [...maxIn]);
      },
    );
  }
}

/** The stand-in Uniswap v3 contracts, for `createPoolWithLiquidity`. */
function localUniswap(signer: Signer): UniswapV3 {
  const at = (address: string, abi: ReturnType<typeof UNISWAP_ARTIFACTS.factory>["abi"]): Contract =>
    new Contract(address, abi, signer);
  return {
    factory: at(LOCAL_STAND_INS.uniswapFactory, UNISWAP_ARTIFACTS.factory().abi),
    swapRouter: at(LOCAL_STAND_INS.swapRouter, UNISWAP_ARTIFACTS.swapRouter().abi),
    positionManager: at(LOCAL_STAND_INS.positionManager, UNISWAP_ARTIFACTS.positionManager().abi),
    addresses: {
      factory: LOCAL_STAND_INS.uniswapFactory,
      swapRouter: LOCAL_STAND_INS.swapRouter,
      positionManager: LOCAL_STAND_INS.positionManager,
      weth9: LOCAL_STAND_INS.token(LOCAL_TOKENS.findIndex((t) => t.symbol === "WETH")),
    },
  };
}

async function poolLiquidity(pool: string, signer: Signer): Promise<bigint> {
  return (await new Contract(pool, UNISWAP_ARTIFACTS.pool().abi, signer).getFunction("liquidity")()) as bigint;
}
