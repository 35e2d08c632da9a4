import { expect } from "chai";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, parseUnits } from "ethers";
import { network } from "hardhat";
import { LOCAL_ACCOUNTS } from "../../deploy/config/networks/localhost.js";
import { deployLocalStack } from "../../deploy/lib/local/stack.js";
import { deployLocalProtocol } from "../fixtures/protocol.js";
import { buildManifest } from "../fixtures/manifest.js";
import { contractAddress, indexByName, parseManifest, readManifest } from "../../manifest/index.js";
import { DEMO_INDEX, DEMO_TOKENS, REBALANCING } from "../../deploy/config/localhost.js";
import {
  IndexLens__factory,
  IndexVault__factory,
  MockERC20__factory,
  MockV3Aggregator__factory,
  PriceOracle__factory,
  RevenueDistributor__factory,
  TMAI__factory,
  UniswapSolver__factory,
  VeTMAI__factory,
} from "../../types/ethers-contracts/index.js";

describe("local deployment: the test fixture (deployer as admin) and the stack `npm start` deploys", function () {
  it("deploys the demo index, funds users, and writes a manifest whose addresses work", async function () {
    const { ethers } = await network.create();
    const [deployer, user] = await ethers.getSigners();
    const deployment = await deployLocalProtocol(deployer!, { fundAccounts: [user!.address] });

    expect(deployment.tokens).to.have.length(DEMO_TOKENS.length);
    expect(deployment.tokens.length).to.be.greaterThanOrEqual(10);
    expect(new Set(deployment.tokens.map((t) => t.decimals))).to.include.members([6, 8, 18]);

    const manifest = buildManifest(deployment, {
      network: "hardhat",
      chainId: 31337,
      rpcUrl: "in-process",
      startBlock: 0,
    });
    expect(parseManifest(JSON.parse(JSON.stringify(manifest)), "written")).to.deep.equal(manifest);
    const demo = indexByName(manifest, "DemoIndex")!;
    expect(demo.symbol).to.equal(DEMO_INDEX.symbol);
    const index = new Contract(demo.address, IndexVault__factory.abi, user);
    expect(await index.getFunction("symbol")()).to.equal(DEMO_INDEX.symbol);
    // Weights x prices were set for $100 per share; units round down, so NAV is at most $100 and very close.
    const nav: bigint = await index.getFunction("navPerShare")();
    expect(nav <= parseUnits("100", 18)).to.equal(true);
    expect(nav > parseUnits("99.99", 18)).to.equal(true);
    const [assets] = (await index.getFunction("getBasket")()) as [string[], bigint[]];
    expect(assets).to.deep.equal(manifest.tokens.map((t) => t.address));

    // The demo user can mint and redeem with what they were given.
    const vault = IndexVault__factory.connect(deployment.demoIndex, user);
    for (const t of deployment.tokens) {
      await (await MockERC20__factory.connect(t.address, user).approve(deployment.demoIndex, 2n ** 256n - 1n)).wait();
    }
    const shares = parseUnits("3", 18);
    const maxIn = await vault.previewMint(shares);
    await (await vault.mint(shares, user!.address, [...maxIn])).wait();
    expect(await vault.balanceOf(user!.address)).to.equal(shares);
    // The streaming fee accrues every second, so a preview is a little generous one block later: like the dApp,
    // accept 0.01 % less than previewed.
    const minOut = (await vault.previewRedeem(shares)).map((a) => a - a / 10_000n);
    const wbtc = MockERC20__factory.connect(deployment.tokens[0]!.address, user);
    const before = await wbtc.balanceOf(user!.address);
    const receipt = await (await vault.redeem(shares, user!.address, minOut)).wait();
    expect(await vault.balanceOf(user!.address)).to.equal(0n);
    const redeemed = receipt!.logs.map((l) => vault.interface.parseLog(l)).find((e) => e?.name === "Redeemed");
    const paid = redeemed!.args.getValue("amountsOut") as bigint[];
    expect((await wbtc.balanceOf(user!.address)) - before).to.equal(paid[0]);
    expect(paid[0]! >= minOut[0]!).to.equal(true);
  });

  it("keeps redeem working when a feed goes bad, while NAV reports the precise oracle error", async function () {
    const { ethers } = await network.create();
    const [deployer] = await ethers.getSigners();
    const deployment = await deployLocalProtocol(deployer!);
    const vault = IndexVault__factory.connect(deployment.demoIndex, deployer);
    const feed = MockV3Aggregator__factory.connect(deployment.tokens[2]!.feed, deployer);
    await (await feed.updateAnswer(0n)).wait();

    let oracleError = "";
    try {
      await vault.navPerShare();
    } catch (err) {
      const data = (err as { data?: string }).data ?? "";
      oracleError = PriceOracle__factory.createInterface().parseError(data)?.name ?? (err as Error).message;
    }
    expect(oracleError).to.match(/NonPositivePrice/);

    // In-kind redeem uses no oracle: the holder exits and is paid every asset of the basket.
    const receiver = ethers.Wallet.createRandom().address;
    const shares = await vault.balanceOf(deployer!.address);
    const zeros = new Array<bigint>(deployment.tokens.length).fill(0n);
    const receipt = await (await vault.redeem(shares, receiver, zeros)).wait();
    const redeemed = receipt!.logs.map((l) => vault.interface.parseLog(l)).find((e) => e?.name === "Redeemed");
    expect(redeemed!.args.getValue("shares")).to.equal(shares);
    for (const t of deployment.tokens) {
      expect(await MockERC20__factory.connect(t.address, deployer).balanceOf(receiver)).to.be.greaterThan(0n);
    }
  });

  it("pays the index's fees to veTMAI stakers, pro rata to their power at the week's start", async function () {
    const { ethers, networkHelpers } = await network.create();
    const [deployer, user] = await ethers.getSigners();
    const d = await deployLocalProtocol(deployer!, { fundAccounts: [user!.address] });
    const vault = IndexVault__factory.connect(d.demoIndex, user);
    expect(await vault.feeRecipient()).to.equal(d.distributor);

    // The user locks TMAI next to the deployer's demo lock; revenue of a week is split by power at its start.
    const WEEK = 7 * 86_400;
    const ve = VeTMAI__factory.connect(d.ve, user);
    await (await TMAI__factory.connect(d.tmai, user).approve(d.ve, 2n ** 256n - 1n)).wait();
    await (await ve.createLock(parseUnits("30000", 18), (await networkHelpers.time.latest()) + 52 * WEEK)).wait();
    const now = await networkHelpers.time.latest();
    const weekStart = Math.floor(now / WEEK + 1) * WEEK;
    await networkHelpers.time.increaseTo(weekStart + 3600);

    // Fees arrive as index shares: a mint pays its mint fee (and the streaming fee accrues) to the distributor.
    for (const t of d.tokens) {
      await (await MockERC20__factory.connect(t.address, user).approve(d.demoIndex, 2n ** 256n - 1n)).wait();
    }
    const maxIn = (await vault.previewMint(parseUnits("500", 18))).map((a) => a + a / 1000n);
    await (await vault.mint(parseUnits("500", 18), user!.address, maxIn)).wait();
    const distributor = RevenueDistributor__factory.connect(d.distributor, user);
    await (await distributor.checkpointToken(d.demoIndex)).wait();
    const revenue = await vault.balanceOf(d.distributor);
    expect(revenue > 0n).to.equal(true);

    await networkHelpers.time.increaseTo(weekStart + WEEK + 3600);
    const userPower = await ve.balanceOfAt(user!.address, weekStart);
    const deployerPower = await ve.balanceOfAt(deployer!.address, weekStart);
    const userClaimable = await distributor.claimable(user!.address, d.demoIndex);
    const deployerClaimable = await distributor.claimable(deployer!.address, d.demoIndex);
    // Both stakers share the revenue by power; at most a few wei of dust stay behind.
    expect(userClaimable + deployerClaimable <= revenue).to.equal(true);
    expect(revenue - (userClaimable + deployerClaimable) <= 10n).to.equal(true);
    const expectedUser = (revenue * userPower) / (userPower + deployerPower);
    expect(
      userClaimable - expectedUser <= revenue / 10n ** 9n && expectedUser - userClaimable <= revenue / 10n ** 9n,
    ).to.equal(true, `user claimable ${userClaimable} vs expected ${expectedUser}`);

    const before = await vault.balanceOf(user!.address);
    await (await distributor.claim(d.demoIndex)).wait();
    expect((await vault.balanceOf(user!.address)) - before).to.equal(userClaimable);
    expect(await distributor.claimable(user!.address, d.demoIndex)).to.equal(0n);
  });

  it("the local stack as npm start deploys it: solver profit goes to the DAO's timelock, the lens answers", async function () {
    const { ethers } = await network.create();
    const manifestPath = join(await mkdtemp(join(tmpdir(), "tmai-deploy-")), "localhost.json");
    const { manifest } = await deployLocalStack(ethers.provider, {
      manifestPath,
      network: "localhost",
      rpcUrl: "in-process",
      log: () => undefined,
    });
    const deployer = (await ethers.getSigners())[LOCAL_ACCOUNTS.deployer]!;
    const timelock = contractAddress(manifest, "Timelock");
    const solver = UniswapSolver__factory.connect(contractAddress(manifest, "UniswapSolver"), deployer);
    // The distributor only accounts for TMAI and the index token; fill profit comes in USDC or any bought asset.
    expect(await solver.profitRecipient()).to.equal(timelock);
    expect(await solver.profitRecipient()).to.not.equal(contractAddress(manifest, "RevenueDistributor"));
    // Only governance can point it elsewhere now.
    expect(await solver.hasRole(await solver.DEFAULT_ADMIN_ROLE(), timelock)).to.equal(true);
    expect(await solver.hasRole(await solver.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(false);

    // The dApp finds its read lens in the manifest written to disk, and it answers for the index after the hand-over.
    expect(await readManifest(manifestPath)).to.deep.equal(manifest);
    const lensAddress = contractAddress(manifest, "IndexLens");
    expect(await ethers.provider.getCode(lensAddress)).to.not.equal("0x");
    const lens = IndexLens__factory.connect(lensAddress, deployer);
    const index = indexByName(manifest, "Index")!;
    const summary = await lens.indexSummary(index.address, contractAddress(manifest, "Rebalancer"));
    expect(summary.vault).to.equal(index.address);
    expect(summary.symbol).to.equal(DEMO_INDEX.symbol);
    expect(summary.totalSupply).to.be.greaterThan(0n);
  });
});
