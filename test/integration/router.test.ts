import { expect } from "chai";
import { parseUnits, type Contract, type Signer } from "ethers";
import { decodeError, revertDataOf } from "../../bindings/decodeError.js";
import { network } from "hardhat";
import { deployLocalProtocol, type LocalDeployment } from "../fixtures/protocol.js";
import { createPoolWithLiquidity, deployUniswapV3 } from "../../deploy/lib/uniswap.js";
import {
  IndexRouter__factory,
  IndexVaultDeployer__factory,
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
  /** The next block's timestamp (an eth_call at `pending` then runs at it too). */
  setNextBlockTimestamp: (t: number) => Promise<void>;
}

/** The demo protocol, Uniswap v3 with a deep USDC pool for every other basket token at oracle prices, a router. */
/** A vault outside the factory's registry: a clone of the local deployment's IndexVaultDeployer implementation. */
async function deployVault(
  w: World,
  params: Parameters<ReturnType<typeof IndexVaultDeployer__factory.connect>["deploy"]>[0],
) {
  const vaultDeployer = IndexVaultDeployer__factory.connect(w.d.vaultDeployer, w.admin);
  const address = await vaultDeployer.deploy.staticCall(params);
  await (await vaultDeployer.deploy(params)).wait();
  return IndexVault__factory.connect(address, w.admin);
}

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
    setNextBlockTimestamp: async (t) => {
      await networkHelpers.time.setNextBlockTimestamp(t);
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

/** Redeems `shares` of the user's to USDC; returns the USDC paid, from the router's event. */
async function redeemReceiving(w: World, shares: bigint, minOut: bigint): Promise<bigint> {
  const receipt = await (
    await w.router.redeemToToken(w.d.demoIndex, shares, w.usdc, minOut, w.userAddress, (await w.now()) + 600)
  ).wait();
  const event = receipt!.logs.map((l) => w.router.interface.parseLog(l)).find((e) => e?.name === "RedeemedToToken");
  return event!.args.getValue("amountOut") as bigint;
}

/** The timestamp of the next block, fixed, so that an eth_call at `pending` runs in the block the next tx lands in. */
async function pinNextBlock(w: World): Promise<number> {
  const t = (await w.now()) + 12;
  await w.setNextBlockTimestamp(t);
  return t;
}

/** The revert's error name, decoded with the protocol's merged error ABI (bindings/decodeError.ts). */
async function revertName(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return decodeError(revertDataOf(err) ?? "0x")?.name;
  }
  return undefined;
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

  describe("quotes (eth_call, no balance or allowance)", function () {
    it("quotes a mint: exactly the USDC mintWithToken then spends in that block, its oracle value and impact", async function () {
      const w = await buildWorld();
      const vault = IndexVault__factory.connect(w.d.demoIndex, w.user);
      const shares = parseUnits("10", 18);
      const stranger = w.router.connect(w.admin); // no approval to the router at all

      const t = await pinNextBlock(w);
      const pending = { blockTag: "pending" };
      const q = await stranger.quoteMintWithToken.staticCall(w.d.demoIndex, w.usdc, shares, pending);
      const spent = await mintSpending(w, shares, q.amount); // the quote as the exact budget: mined at t
      expect(await w.now()).to.equal(t);
      expect(spent).to.equal(q.amount, "the quote is what the mint spent");

      // The oracle value is the basket bought (previewMint: the 0.1 % mint fee included) in USDC; the impact is the
      // swaps' cost: 0.3 % pool fees on the 97 % of the basket that is not USDC, plus a little slippage.
      const navUsdc = ((await vault.navPerShare()) * 10n) / 10n ** 12n;
      expect(q.oracleValue > navUsdc && q.oracleValue < (navUsdc * 1002n) / 1000n).to.equal(true, `${q.oracleValue}`);
      expect(q.priceImpact).to.equal(((q.amount - q.oracleValue) * 10n ** 18n) / q.oracleValue);
      expect(q.priceImpact > parseUnits("0.0029", 18) && q.priceImpact < parseUnits("0.0031", 18)).to.equal(
        true,
        `impact ${q.priceImpact}`,
      );
      expect(q.basketAmounts.length).to.equal(w.d.tokens.length);
      expect(q.tokenAmounts.reduce((a, b) => a + b, 0n)).to.equal(q.amount);
      const usdcIndex = w.d.tokens.findIndex((t) => t.address === w.usdc);
      expect(q.tokenAmounts[usdcIndex]).to.equal(q.basketAmounts[usdcIndex], "USDC in the basket is used as is");
      await expectRouterEmpty(w);
    });

    it("quotes through SwapRouter02 (Base, Sepolia) as through the original SwapRouter", async function () {
      const w = await buildWorld({ viaSwapRouter02: true });
      const shares = parseUnits("10", 18);
      await pinNextBlock(w);
      const q = await w.router.quoteMintWithToken.staticCall(w.d.demoIndex, w.usdc, shares, { blockTag: "pending" });
      expect(await mintSpending(w, shares, q.amount)).to.equal(q.amount, "the quote is what the mint spent");
      await expectRouterEmpty(w);
    });

    it("quotes a redeem: exactly the USDC redeemToToken then pays in that block", async function () {
      const w = await buildWorld();
      const shares = parseUnits("10", 18);
      await mintSpending(w, shares, parseUnits("1100", 6));

      await pinNextBlock(w);
      const q = await w.router.quoteRedeemToToken.staticCall(w.d.demoIndex, shares, w.usdc, { blockTag: "pending" });
      expect(await redeemReceiving(w, shares, q.amount)).to.equal(q.amount, "the quote is what the redeem paid");
      expect(q.priceImpact).to.equal(((q.oracleValue - q.amount) * 10n ** 18n) / q.oracleValue);
      // 0.3 % pool fees on 97 % of the basket, a little less slippage than none: the mint moved the pools its way.
      expect(q.priceImpact > parseUnits("0.0025", 18) && q.priceImpact < parseUnits("0.0031", 18)).to.equal(
        true,
        `impact ${q.priceImpact}`,
      );
      await expectRouterEmpty(w);
    });

    it("a quote read at latest is within a unit of the mint mined next (one second of streaming fee)", async function () {
      const w = await buildWorld();
      const shares = parseUnits("10", 18);
      const q = await w.router.quoteMintWithToken.staticCall(w.d.demoIndex, w.usdc, shares);
      const spent = await mintSpending(w, shares, q.amount + 1n);
      expect(spent <= q.amount && q.amount - spent <= 1n).to.equal(true, `quoted ${q.amount}, spent ${spent}`);
    });

    it("follows a pool move: after WETH is pushed up the quote rises, and is still what the mint spends", async function () {
      const w = await buildWorld();
      const shares = parseUnits("10", 18);
      const before = await w.router.quoteMintWithToken.staticCall(w.d.demoIndex, w.usdc, shares);
      await buyWethInThePool(w, "30000"); // ~1.2 % up, inside the band
      await pinNextBlock(w);
      const after = await w.router.quoteMintWithToken.staticCall(w.d.demoIndex, w.usdc, shares, {
        blockTag: "pending",
      });
      expect(after.amount > before.amount).to.equal(true);
      expect(after.priceImpact > before.priceImpact).to.equal(true);
      // The oracle did not move (the basket shrinks by a few seconds of streaming fee).
      expect(before.oracleValue - after.oracleValue < 100n).to.equal(
        true,
        `${before.oracleValue} ${after.oracleValue}`,
      );
      expect(await mintSpending(w, shares, after.amount)).to.equal(after.amount);
    });

    it("the price impact grows with the size, and a size beyond the oracle band fails like the mint", async function () {
      const w = await buildWorld();
      const sizes = ["1", "10", "100", "1000"].map((s) => parseUnits(s, 18)); // $100 to $100k against $5M pools
      const mints = [];
      const redeems = [];
      for (const shares of sizes) {
        mints.push((await w.router.quoteMintWithToken.staticCall(w.d.demoIndex, w.usdc, shares)).priceImpact);
        redeems.push((await w.router.quoteRedeemToToken.staticCall(w.d.demoIndex, shares, w.usdc)).priceImpact);
      }
      for (let i = 1; i < sizes.length; i++) {
        expect(mints[i]! > mints[i - 1]!).to.equal(true, `mint impacts ${mints.join(", ")}`);
        expect(redeems[i]! > redeems[i - 1]!).to.equal(true, `redeem impacts ${redeems.join(", ")}`);
      }
      // $1M: WBTC's leg alone would move its pool well past 2 % over the oracle.
      const huge = parseUnits("10000", 18);
      const budget = parseUnits("2000000", 6);
      await (await MockERC20__factory.connect(w.usdc, w.admin).mint(w.userAddress, budget)).wait();
      expect(await revertName(w.router.quoteMintWithToken.staticCall(w.d.demoIndex, w.usdc, huge))).to.equal(
        "SwapFailed",
      );
      expect(
        await revertName(
          w.router.mintWithToken.staticCall(w.d.demoIndex, w.usdc, huge, budget, w.userAddress, 2n ** 40n),
        ),
      ).to.equal("SwapFailed");
    });

    it("surfaces a stale oracle with the oracle's own error, decoded by the bindings", async function () {
      const w = await buildWorld();
      await w.increaseTime(2 * 86_400);
      const shares = parseUnits("10", 18);
      expect(await revertName(w.router.quoteMintWithToken.staticCall(w.d.demoIndex, w.usdc, shares))).to.equal(
        "StalePrice",
      );
      expect(await revertName(w.router.quoteRedeemToToken.staticCall(w.d.demoIndex, shares, w.usdc))).to.equal(
        "StalePrice",
      );
    });

    it("costs less gas than the mint it quotes, for a basket of 10 swapped assets", async function () {
      const w = await buildWorld();
      const admin = await w.admin.getAddress();
      const ten = w.d.tokens.filter((t) => t.address !== w.usdc).slice(0, 10);
      const vault = await deployVault(w, {
        name: "Ten",
        symbol: "TEN",
        assets: ten.map((t) => t.address),
        units: ten.map((t) => t.units),
        oracle: w.d.oracle,
        admin,
        guardian: admin,
        feeRecipient: admin,
        fees: { managementFee: 0n, mintFee: 0n, redeemFee: 0n },
      });
      const shares = parseUnits("10", 18);
      const mintQuoteGas = await w.router.quoteMintWithToken.estimateGas(vault, w.usdc, shares);
      const q = await w.router.quoteMintWithToken.staticCall(vault, w.usdc, shares);
      const mintGas = await w.router.mintWithToken.estimateGas(
        vault,
        w.usdc,
        shares,
        q.amount,
        w.userAddress,
        2n ** 40n,
      );
      await (await w.router.mintWithToken(vault, w.usdc, shares, q.amount, w.userAddress, 2n ** 40n)).wait();
      await (await vault.connect(w.user).approve(await w.router.getAddress(), shares)).wait();
      const redeemQuoteGas = await w.router.quoteRedeemToToken.estimateGas(vault, shares, w.usdc);
      const redeemGas = await w.router.redeemToToken.estimateGas(vault, shares, w.usdc, 0n, w.userAddress, 2n ** 40n);
      console.log(
        `      N = 10: quoteMintWithToken ${mintQuoteGas} gas (mintWithToken ${mintGas}), ` +
          `quoteRedeemToToken ${redeemQuoteGas} (redeemToToken ${redeemGas})`,
      );
      expect(mintQuoteGas < mintGas).to.equal(true);
      expect(redeemQuoteGas < redeemGas).to.equal(true);
    });
  });

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
    const dusty = await deployVault(w, {
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
