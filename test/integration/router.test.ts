import { expect } from "chai";
import { parseUnits, type Contract, type Signer } from "ethers";
import { network } from "hardhat";
import { deployLocalProtocol, type LocalDeployment } from "../../deploy/lib/protocol.js";
import { createPoolWithLiquidity, deployUniswapV3 } from "../../deploy/lib/uniswap.js";
import {
  IndexRouter__factory,
  IndexVault__factory,
  MockERC20__factory,
  MockV3Aggregator__factory,
  PriceOracle__factory,
  SwapRouter02Shim__factory,
  type IndexRouter,
} from "../../types/ethers-contracts/index.js";

const POOL_FEE = 3000;
const DEVIATION = parseUnits("0.02", 18); // swaps may be at most 2 % off the oracle

interface World {
  d: LocalDeployment;
  /** Uniswap v3's SwapRouter, for an attacker trading the pools directly. */
  swapRouter: Contract;
  router: IndexRouter;
  admin: Signer;
  usdc: string;
  user: Signer;
  userAddress: string;
  now: () => Promise<number>;
  increaseTime: (s: number) => Promise<void>;
}

/** The demo protocol, Uniswap v3 with a deep USDC pool for every other basket token at oracle prices, a router. */
async function buildWorld(options: { viaSwapRouter02?: boolean } = {}): Promise<World> {
  const { ethers, networkHelpers } = await network.create();
  const [deployer, user] = await ethers.getSigners();
  const d = await deployLocalProtocol(deployer!, { fundAccounts: [user!.address] });
  const usdcToken = d.tokens.find((t) => t.symbol === "USDC")!;
  const uni = await deployUniswapV3(deployer!, d.tokens.find((t) => t.symbol === "WETH")!.address);
  for (const t of d.tokens) {
    if (t.address === usdcToken.address) continue;
    await createPoolWithLiquidity(uni, deployer!, t, usdcToken, POOL_FEE, "5000000");
  }
  // On Base and Sepolia only SwapRouter02 exists: the shim gives real pools its ABI (no deadline, factoryV2()).
  const swapRouterAddress = options.viaSwapRouter02
    ? await (await new SwapRouter02Shim__factory(deployer).deploy(uni.addresses.swapRouter)).getAddress()
    : uni.addresses.swapRouter;
  const router = await new IndexRouter__factory(deployer).deploy(
    swapRouterAddress,
    d.oracle,
    deployer!.address,
    DEVIATION,
  );
  await (
    await MockERC20__factory.connect(usdcToken.address, user).approve(await router.getAddress(), 2n ** 256n - 1n)
  ).wait();
  await (
    await IndexVault__factory.connect(d.demoIndex, user).approve(await router.getAddress(), 2n ** 256n - 1n)
  ).wait();
  return {
    d,
    swapRouter: uni.swapRouter,
    router: router.connect(user),
    admin: deployer!,
    usdc: usdcToken.address,
    user: user!,
    userAddress: user!.address,
    now: async () => networkHelpers.time.latest(),
    increaseTime: async (s) => {
      await networkHelpers.time.increase(s);
    },
  };
}

async function expectRevert(p: Promise<unknown>, error: string): Promise<void> {
  const routerErrors = IndexRouter__factory.createInterface();
  const oracleErrors = PriceOracle__factory.createInterface();
  try {
    await p;
  } catch (err) {
    const data = (err as { data?: string }).data ?? "";
    const parsed = routerErrors.parseError(data) ?? oracleErrors.parseError(data);
    expect(parsed?.name ?? (err as Error).message).to.equal(error);
    return;
  }
  expect.fail(`expected a revert with ${error}`);
}

/** An attacker (the deployer) buys WETH with `usdcIn` USDC straight in the pool, moving its price up. */
async function buyWethInThePool(w: World, usdcIn: string): Promise<void> {
  const attacker = await w.admin.getAddress();
  const usdc = MockERC20__factory.connect(w.usdc, w.admin);
  await (await usdc.mint(attacker, parseUnits(usdcIn, 6))).wait();
  await (await usdc.approve(await w.swapRouter.getAddress(), parseUnits(usdcIn, 6))).wait();
  const swap = (w.swapRouter.connect(w.admin) as Contract).getFunction("exactInputSingle");
  const params = {
    tokenIn: w.usdc,
    tokenOut: w.d.tokens.find((t) => t.symbol === "WETH")!.address,
    fee: POOL_FEE,
    recipient: attacker,
    deadline: (await w.now()) + 600,
    amountIn: parseUnits(usdcIn, 6),
    amountOutMinimum: 0n,
    sqrtPriceLimitX96: 0n,
  };
  await (await swap(params)).wait();
}

/** Mints `shares` for the user with at most `maxIn` USDC; returns the USDC spent, from the router's event. */
async function mintSpending(w: World, shares: bigint, maxIn: bigint): Promise<bigint> {
  const receipt = await (
    await w.router.mintWithToken(w.d.demoIndex, w.usdc, shares, maxIn, w.userAddress, (await w.now()) + 600)
  ).wait();
  const event = receipt!.logs.map((l) => w.router.interface.parseLog(l)).find((e) => e?.name === "MintedWithToken");
  return event!.args.getValue("amountIn") as bigint;
}

/** The router keeps none of the basket tokens after a call. */
async function expectRouterEmpty(w: World): Promise<void> {
  for (const t of w.d.tokens) {
    expect(await MockERC20__factory.connect(t.address, w.user).balanceOf(await w.router.getAddress())).to.equal(0n);
  }
}

describe("IndexRouter: one-asset mint and redeem through real Uniswap v3 pools", function () {
  for (const kind of ["SwapRouter", "SwapRouter02"] as const) {
    const viaSwapRouter02 = kind === "SwapRouter02";

    it(`mints exactly the shares asked for with USDC, near NAV, and refunds the rest (${kind})`, async function () {
      const w = await buildWorld({ viaSwapRouter02 });
      const vault = IndexVault__factory.connect(w.d.demoIndex, w.user);
      const usdc = MockERC20__factory.connect(w.usdc, w.user);
      const shares = parseUnits("10", 18);
      const navUsd = (await vault.navPerShare()) * 10n; // 10 shares
      const before = await usdc.balanceOf(w.userAddress);
      const spent = await mintSpending(w, shares, parseUnits("1100", 6)); // NAV is ~$1,000

      expect(await vault.balanceOf(w.userAddress)).to.equal(shares);
      expect(before - (await usdc.balanceOf(w.userAddress))).to.equal(spent, "only what was spent left the wallet");
      // Cost = NAV + 0.1 % mint fee + 0.3 % pool fees (+ price impact): between NAV and NAV + 1 %.
      const navUsdc = navUsd / 10n ** 12n;
      expect(spent > navUsdc).to.equal(true);
      expect(spent < (navUsdc * 101n) / 100n).to.equal(true, `spent ${spent} for NAV ${navUsdc}`);
      await expectRouterEmpty(w);
    });

    it(`redeems to USDC near NAV, with nothing left in the router (${kind})`, async function () {
      const w = await buildWorld({ viaSwapRouter02 });
      const vault = IndexVault__factory.connect(w.d.demoIndex, w.user);
      const usdc = MockERC20__factory.connect(w.usdc, w.user);
      const shares = parseUnits("10", 18);
      await mintSpending(w, shares, parseUnits("1100", 6));
      const navUsdc = ((await vault.navPerShare()) * 10n) / 10n ** 12n;
      const before = await usdc.balanceOf(w.userAddress);
      await (
        await w.router.redeemToToken(
          w.d.demoIndex,
          shares,
          w.usdc,
          (navUsdc * 98n) / 100n,
          w.userAddress,
          (await w.now()) + 600,
        )
      ).wait();
      const got = (await usdc.balanceOf(w.userAddress)) - before;
      expect(await vault.balanceOf(w.userAddress)).to.equal(0n);
      expect(got < navUsdc).to.equal(true);
      expect(got > (navUsdc * 99n) / 100n).to.equal(true, `got ${got} for NAV ${navUsdc}`);
      await expectRouterEmpty(w);
    });
  }

  it("tells the original SwapRouter (deadline) and SwapRouter02 (Base, Sepolia) apart at deployment", async function () {
    expect(await (await buildWorld()).router.swapRouterTakesDeadline()).to.equal(true);
    expect(await (await buildWorld({ viaSwapRouter02: true })).router.swapRouterTakesDeadline()).to.equal(false);
  });

  it("enforces the user's limits and the deadline with clear errors, losing nothing", async function () {
    const w = await buildWorld();
    const usdc = MockERC20__factory.connect(w.usdc, w.user);
    const shares = parseUnits("10", 18);
    const before = await usdc.balanceOf(w.userAddress);
    const deadline = (await w.now()) + 600;
    // Too small a budget: the first swap that would exceed it fails.
    await expectRevert(
      w.router.mintWithToken(w.d.demoIndex, w.usdc, shares, parseUnits("500", 6), w.userAddress, deadline),
      "SwapFailed",
    );
    // Deadline passed.
    await expectRevert(
      w.router.mintWithToken(w.d.demoIndex, w.usdc, shares, parseUnits("1100", 6), w.userAddress, (await w.now()) - 1),
      "DeadlinePassed",
    );
    await expectRevert(
      w.router.mintWithToken(w.d.demoIndex, w.usdc, 0n, parseUnits("1100", 6), w.userAddress, deadline),
      "ZeroShares",
    );
    expect(await usdc.balanceOf(w.userAddress)).to.equal(before, "failed calls moved nothing");

    await (
      await w.router.mintWithToken(w.d.demoIndex, w.usdc, shares, parseUnits("1100", 6), w.userAddress, deadline)
    ).wait();
    // Asking for more than the redeem can give.
    await expectRevert(
      w.router.redeemToToken(w.d.demoIndex, shares, w.usdc, parseUnits("1100", 6), w.userAddress, deadline),
      "AmountOutBelowMin",
    );
  });

  it("refuses swaps priced off the oracle band, and surfaces oracle errors", async function () {
    const w = await buildWorld();
    const shares = parseUnits("10", 18);
    const deadline = (await w.now()) + 600;
    // The oracle says WETH fell 5 % while the pool did not follow: buying WETH at the pool price is > 2 % above.
    const weth = w.d.tokens.find((t) => t.symbol === "WETH")!;
    const feed = MockV3Aggregator__factory.connect(weth.feed, w.user);
    await (await feed.updateAnswer(parseUnits("2850", 8))).wait();
    await expectRevert(
      w.router.mintWithToken(w.d.demoIndex, w.usdc, shares, parseUnits("1100", 6), w.userAddress, deadline),
      "SwapFailed",
    );

    // A stale oracle: the oracle's own error, nothing moves. In-kind redeem would still work.
    await w.increaseTime(2 * 86_400);
    await expectRevert(
      w.router.mintWithToken(
        w.d.demoIndex,
        w.usdc,
        shares,
        parseUnits("1100", 6),
        w.userAddress,
        (await w.now()) + 600,
      ),
      "StalePrice",
    );
  });

  it("bounds a sandwich around a one-asset mint by the oracle band, on top of the user's own limit", async function () {
    const shares = parseUnits("10", 18);
    const careless = parseUnits("5000", 6); // a user allowing 5x NAV: only the oracle band protects them

    // A big push (WETH bought up ~10 % in a $5M-per-side pool): the victim's WETH leg would pay far above the
    // oracle, so its swap fails and the whole mint reverts; the victim loses nothing.
    const w = await buildWorld();
    const vault = IndexVault__factory.connect(w.d.demoIndex, w.user);
    const usdc = MockERC20__factory.connect(w.usdc, w.user);
    const before = await usdc.balanceOf(w.userAddress);
    await buyWethInThePool(w, "500000");
    await expectRevert(
      w.router.mintWithToken(w.d.demoIndex, w.usdc, shares, careless, w.userAddress, (await w.now()) + 600),
      "SwapFailed",
    );
    expect(await usdc.balanceOf(w.userAddress)).to.equal(before, "the sandwiched mint moved nothing");
    expect(await vault.balanceOf(w.userAddress)).to.equal(0n);

    // A push inside the band (~1.2 % up) goes through, but the victim pays at most the band on the pushed leg
    // (WETH is 20 % of the basket: at most ~0.4 % of NAV) on top of the fees: under NAV + 1 %.
    const w2 = await buildWorld();
    const navUsdc = ((await IndexVault__factory.connect(w2.d.demoIndex, w2.user).navPerShare()) * 10n) / 10n ** 12n;
    await buyWethInThePool(w2, "30000");
    const spent = await mintSpending(w2, shares, careless);
    expect(spent > navUsdc).to.equal(true);
    expect(spent < (navUsdc * 101n) / 100n).to.equal(true, `spent ${spent} for NAV ${navUsdc}`);
  });

  it("mints with USDC when the basket holds dust of an asset (as after a risk-off)", async function () {
    // Finding 5: after a risk-off the flagship kept dust of WETH; a 2-share mint had to buy 16,621,782 wei of WETH
    // (about $5e-8) and the router's bound (oracle value + 1 unit) was 1 micro-USDC, which Uniswap cannot meet.
    const w = await buildWorld();
    const weth = w.d.tokens.find((t) => t.symbol === "WETH")!;
    const admin = await w.admin.getAddress();
    const dusty = await new IndexVault__factory(w.admin).deploy({
      name: "Dusty",
      symbol: "DUST",
      assets: [w.usdc, weth.address],
      units: [100_000_000n, 8_310_891n], // $100 of USDC and ~$2.5e-8 of WETH per share
      oracle: w.d.oracle,
      admin,
      guardian: admin,
      feeRecipient: admin,
      fees: { managementFee: 0n, mintFee: 0n, redeemFee: 0n },
    });
    const need = 16_621_782n; // WETH for 2 shares
    expect((await dusty.previewMint(2n * 10n ** 18n))[1]).to.equal(need);

    // Uniswap rounds an exact-output swap's input up, and its fee up: 1 micro-USDC cannot buy even this dust.
    const swap = (w.swapRouter.connect(w.user) as Contract).getFunction("exactOutputSingle");
    await (await MockERC20__factory.connect(w.usdc, w.user).approve(await w.swapRouter.getAddress(), 10n)).wait();
    const dustBuy = (maxIn: bigint) => ({
      tokenIn: w.usdc,
      tokenOut: weth.address,
      fee: POOL_FEE,
      recipient: w.userAddress,
      deadline: 2n ** 40n,
      amountOut: need,
      amountInMaximum: maxIn,
      sqrtPriceLimitX96: 0n,
    });
    let oneUnitFailed = false;
    await swap.staticCall(dustBuy(1n)).catch(() => (oneUnitFailed = true));
    expect(oneUnitFailed).to.equal(true, "a bound of oracle value + 1 unit could not buy the dust");
    expect(await swap.staticCall(dustBuy(await w.router.SWAP_ROUNDING()))).to.be.greaterThan(0n);

    const usdc = MockERC20__factory.connect(w.usdc, w.user);
    const before = await usdc.balanceOf(w.userAddress);
    const deadline = (await w.now()) + 600;
    await (await w.router.mintWithToken(dusty, w.usdc, 2n * 10n ** 18n, 201_000_000n, w.userAddress, deadline)).wait();
    expect(await dusty.balanceOf(w.userAddress)).to.equal(2n * 10n ** 18n);
    const spent = before - (await usdc.balanceOf(w.userAddress));
    expect(spent >= 200_000_000n && spent <= 200_000_002n).to.equal(true, `spent ${spent} micro-USDC for $200`);
    await expectRouterEmpty(w);
  });

  it("keeps its settings admin-only and bounded", async function () {
    const w = await buildWorld();
    await expectRevert(w.router.setMaxOracleDeviation(0n), "AccessControlUnauthorizedAccount");
    await expectRevert(w.router.setPoolFee(w.usdc, 500), "AccessControlUnauthorizedAccount");
    const asAdmin = w.router.connect(w.admin);
    await expectRevert(asAdmin.setMaxOracleDeviation(parseUnits("0.11", 18)), "DeviationAboveCap");
    await expectRevert(asAdmin.setPoolFee(w.usdc, 2500), "InvalidPoolFee");
    await (await asAdmin.setPoolFee(w.usdc, 500)).wait();
    expect(await w.router.poolFeeOf(w.usdc)).to.equal(500n);
    await (await asAdmin.setMaxOracleDeviation(parseUnits("0.01", 18))).wait();
    expect(await w.router.maxOracleDeviation()).to.equal(parseUnits("0.01", 18));
  });
});
