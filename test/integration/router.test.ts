import { expect } from "chai";
import { parseUnits, type Signer } from "ethers";
import { network } from "hardhat";
import { deployLocalProtocol, type LocalDeployment } from "../../deploy/lib/protocol.js";
import { createPoolWithLiquidity, deployUniswapV3 } from "../../deploy/lib/uniswap.js";
import {
  IndexRouter__factory,
  IndexVault__factory,
  MockERC20__factory,
  MockV3Aggregator__factory,
  PriceOracle__factory,
  type IndexRouter,
} from "../../types/ethers-contracts/index.js";

const POOL_FEE = 3000;
const DEVIATION = parseUnits("0.02", 18); // swaps may be at most 2 % off the oracle

interface World {
  d: LocalDeployment;
  router: IndexRouter;
  admin: Signer;
  usdc: string;
  user: Signer;
  userAddress: string;
  now: () => Promise<number>;
  increaseTime: (s: number) => Promise<void>;
}

/** The demo protocol, Uniswap v3 with a deep USDC pool for every other basket token at oracle prices, a router. */
async function buildWorld(): Promise<World> {
  const { ethers, networkHelpers } = await network.create();
  const [deployer, user] = await ethers.getSigners();
  const d = await deployLocalProtocol(deployer!, { fundAccounts: [user!.address] });
  const usdcToken = d.tokens.find((t) => t.symbol === "USDC")!;
  const uni = await deployUniswapV3(deployer!, d.tokens.find((t) => t.symbol === "WETH")!.address);
  for (const t of d.tokens) {
    if (t.address === usdcToken.address) continue;
    await createPoolWithLiquidity(uni, deployer!, t, usdcToken, POOL_FEE, "5000000");
  }
  const router = await new IndexRouter__factory(deployer).deploy(
    uni.addresses.swapRouter,
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

describe("IndexRouter: one-asset mint and redeem through real Uniswap v3 pools", function () {
  it("mints exactly the shares asked for with USDC, near NAV, and refunds the rest", async function () {
    const w = await buildWorld();
    const vault = IndexVault__factory.connect(w.d.demoIndex, w.user);
    const usdc = MockERC20__factory.connect(w.usdc, w.user);
    const shares = parseUnits("10", 18);
    const navUsd = (await vault.navPerShare()) * 10n; // 10 shares
    const maxIn = parseUnits("1100", 6); // NAV is ~$1,000
    const before = await usdc.balanceOf(w.userAddress);
    const receipt = await (
      await w.router.mintWithToken(w.d.demoIndex, w.usdc, shares, maxIn, w.userAddress, (await w.now()) + 600)
    ).wait();
    const event = receipt!.logs.map((l) => w.router.interface.parseLog(l)).find((e) => e?.name === "MintedWithToken");
    const spent = event!.args.getValue("amountIn") as bigint;

    expect(await vault.balanceOf(w.userAddress)).to.equal(shares);
    expect(before - (await usdc.balanceOf(w.userAddress))).to.equal(spent, "only what was spent left the wallet");
    // Cost = NAV + 0.1 % mint fee + 0.3 % pool fees (+ price impact): between NAV and NAV + 1 %.
    const navUsdc = navUsd / 10n ** 12n;
    expect(spent > navUsdc).to.equal(true);
    expect(spent < (navUsdc * 101n) / 100n).to.equal(true, `spent ${spent} for NAV ${navUsdc}`);
    for (const t of w.d.tokens) {
      expect(await MockERC20__factory.connect(t.address, w.user).balanceOf(await w.router.getAddress())).to.equal(0n);
    }
  });

  it("redeems to USDC near NAV, with nothing left in the router", async function () {
    const w = await buildWorld();
    const vault = IndexVault__factory.connect(w.d.demoIndex, w.user);
    const usdc = MockERC20__factory.connect(w.usdc, w.user);
    const shares = parseUnits("10", 18);
    await (
      await w.router.mintWithToken(
        w.d.demoIndex,
        w.usdc,
        shares,
        parseUnits("1100", 6),
        w.userAddress,
        (await w.now()) + 600,
      )
    ).wait();
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
    for (const t of w.d.tokens) {
      expect(await MockERC20__factory.connect(t.address, w.user).balanceOf(await w.router.getAddress())).to.equal(0n);
    }
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
