import { expect } from "chai";
import { Wallet, ZeroHash, parseUnits } from "ethers";
import { network } from "hardhat";
import { DEMO_INDEX, DEMO_TOKENS, FEED_HEARTBEAT_SECONDS, REBALANCING } from "../../deploy/config/localhost.js";
import { deployLocalProtocol } from "../fixtures/protocol.js";
import { deployLocalRebalancing } from "../fixtures/rebalance.js";
import {
  IndexLens__factory,
  IndexVault__factory,
  MockERC20__factory,
  MockV3Aggregator__factory,
  PriceOracle__factory,
  Rebalancer__factory,
  RevenueDistributor__factory,
  VeTMAI__factory,
} from "../../types/ethers-contracts/index.js";

/** IIndexLens.PriceStatus as ethers returns it. */
const OK = 0n;
const STALE = 2n;
const WAD = 10n ** 18n;
const WEEK = 7 * 86_400;

/**
 * The lens on the local protocol (`deployLocalProtocol` + the Rebalancer, as `npm start` deploys them): each answer
 * read through ethers equals the direct reads of the vault, the oracle, the tokens, the Rebalancer, veTMAI and the
 * revenue distributor at the same block.
 */
describe("IndexLens on the local protocol", function () {
  it("reads the demo index, its rebalance, an account and stale feeds as the contracts answer them", async function () {
    const { ethers, networkHelpers } = await network.create();
    const [deployer, keeper] = await ethers.getSigners();
    const d = await deployLocalProtocol(deployer!);
    const r = await deployLocalRebalancing(deployer!, d, keeper!.address);
    const lens = IndexLens__factory.connect(d.lens, deployer); // deployed by the local flow
    const vault = IndexVault__factory.connect(d.demoIndex, deployer);
    const oracle = PriceOracle__factory.connect(d.oracle, deployer);
    const rebalancer = Rebalancer__factory.connect(r.rebalancer, keeper);
    const ve = VeTMAI__factory.connect(d.ve, deployer);
    const distributor = RevenueDistributor__factory.connect(d.distributor, deployer);
    const at = async () => ({ blockTag: await ethers.provider.getBlockNumber() });

    // The index: token, supply, NAV, basket with prices and weights, fees.
    let tag = await at();
    const s = await lens.indexSummary(d.demoIndex, r.rebalancer, tag);
    expect(s.name).to.equal(DEMO_INDEX.name);
    expect(s.symbol).to.equal(DEMO_INDEX.symbol);
    expect(s.totalSupply).to.equal(await vault.totalSupply(tag));
    expect(s.navPartial).to.equal(false);
    expect(s.navPerShare).to.equal(await vault.navPerShare(tag));
    expect(s.basketVersion).to.equal(await vault.basketVersion(tag));
    expect(s.feeRecipient).to.equal(d.distributor);
    const fees = await vault.fees(tag);
    expect([s.fees.managementFee, s.fees.mintFee, s.fees.redeemFee]).to.deep.equal([
      fees.managementFee,
      fees.mintFee,
      fees.redeemFee,
    ]);
    const [assets, units] = await vault.getBasket(tag);
    const [, totals] = await vault.totalBasket(tag);
    expect(s.basket.map((a) => a.asset)).to.deep.equal([...assets]);
    for (const [i, a] of s.basket.entries()) {
      const token = MockERC20__factory.connect(a.asset, deployer);
      expect(a.symbol).to.equal(await token.symbol());
      expect(a.symbol).to.equal(DEMO_TOKENS[i]!.symbol);
      expect(a.decimals).to.equal(await token.decimals());
      expect(a.unitsPerShare).to.equal(units[i]);
      expect(a.totalAmount).to.equal(totals[i]);
      expect(a.status).to.equal(OK);
      expect(a.price).to.equal(await oracle.getPrice(a.asset, tag));
      expect(a.valuePerShare).to.equal((units[i]! * a.price) / 10n ** a.decimals);
      const [, , , updatedAt] = await MockV3Aggregator__factory.connect(d.tokens[i]!.feed, deployer).latestRoundData(
        tag,
      );
      expect(a.updatedAt).to.equal(updatedAt);
      // The demo basket was built from these weights (basis points); units round down, so within 0.01 %.
      const weightBps = BigInt(DEMO_TOKENS[i]!.weightBps);
      expect(a.weight).to.be.closeTo((weightBps * WAD) / 10_000n, WAD / 10_000n);
    }
    expect(s.totalValue).to.equal(await oracle.getValue([...assets], [...totals], tag));
    expect(s.rebalance.rebalancer).to.equal(r.rebalancer);
    expect(s.rebalance.configured).to.equal(true);
    expect(s.rebalance.config.stablecoin).to.equal(d.tokens.find((t) => t.symbol === "USDC")!.address);
    expect(s.rebalance.auction.id).to.equal(0n);

    // A rebalance: the keeper posts a target; once effective, anyone starts the auction.
    const token = (symbol: string): string => d.tokens.find((t) => t.symbol === symbol)!.address;
    const targetAssets = [token("WBTC"), token("WETH"), token("USDC")];
    const targetWeights = [parseUnits("0.35", 18), parseUnits("0.3", 18), parseUnits("0.35", 18)];
    await (await rebalancer.postTarget(d.demoIndex, targetAssets, targetWeights, ZeroHash)).wait();
    tag = await at();
    let rs = (await lens.indexSummary(d.demoIndex, r.rebalancer, tag)).rebalance;
    const [pendingAssets, pendingWeights, effectiveAt] = await rebalancer.pendingTarget(d.demoIndex, tag);
    expect(rs.pendingTargetAssets).to.deep.equal([...pendingAssets]);
    expect(rs.pendingTargetWeights).to.deep.equal([...pendingWeights]);
    expect(rs.pendingTargetEffectiveAt).to.equal(effectiveAt);
    await networkHelpers.time.increase(REBALANCING.announcementDelaySeconds + 1);
    await (await rebalancer.startRebalance(d.demoIndex)).wait();
    await networkHelpers.time.increase(600);
    await networkHelpers.mine();
    tag = await at();
    rs = (await lens.indexSummary(d.demoIndex, r.rebalancer, tag)).rebalance;
    const [id, start, end, key] = await rebalancer.auction(d.demoIndex, tag);
    expect([rs.auction.id, rs.auction.start, rs.auction.end, rs.auction.key]).to.deep.equal([id, start, end, key]);
    expect(rs.auction.active && rs.auction.bidsOpen && rs.auction.onCurrentTarget).to.equal(true);
    expect(rs.targetAssets).to.deep.equal(targetAssets);
    expect(rs.targetKey).to.equal(await rebalancer.currentTargetKey(d.demoIndex, tag));
    expect(rs.auction.priceFactor).to.equal(await rebalancer.priceFactor(d.demoIndex, tag));
    expect(rs.auction.lots.map((l) => l.asset)).to.deep.equal([...assets], "USDC is already in the basket");
    let sold = 0;
    for (const lot of rs.auction.lots) {
      const [surplus, deficit] = await rebalancer.gap(d.demoIndex, lot.asset, tag);
      expect([lot.ok, lot.surplus, lot.deficit]).to.deep.equal([true, surplus, deficit]);
      expect(lot.maxLotUsd).to.equal(await rebalancer.maxLotUsd(d.demoIndex, lot.asset, tag));
      const decimals = (await oracle.feedConfig(lot.asset, tag)).assetDecimals;
      expect(lot.surplusUsd).to.equal((surplus * (await oracle.getPrice(lot.asset, tag))) / 10n ** decimals);
      if (surplus > 0n) sold++;
    }
    expect(sold).to.equal(9, "every asset outside the target is sold");

    // An account: the deployer's lock, index shares and revenue once a week of fees has been closed.
    await networkHelpers.time.increase(WEEK);
    await (await vault.accrueFees()).wait();
    await (await distributor.checkpointToken(d.demoIndex)).wait();
    await networkHelpers.time.increase(WEEK);
    await networkHelpers.mine();
    tag = await at();
    const a = await lens.accountSummary(d.demoIndex, d.deployer, d.distributor, tag);
    expect(a.indexBalance).to.equal(await vault.balanceOf(d.deployer, tag));
    expect(a.assets.map((p) => p.asset)).to.deep.equal([...assets]);
    for (const p of a.assets) {
      const t = MockERC20__factory.connect(p.asset, deployer);
      expect(p.ok).to.equal(true);
      expect(p.balance).to.equal(await t.balanceOf(d.deployer, tag));
      expect(p.allowance).to.equal(await t.allowance(d.deployer, d.demoIndex, tag));
    }
    const [lockAmount, lockEnd] = await ve.locked(d.deployer, tag);
    expect([a.staking.lockAmount, a.staking.lockEnd]).to.deep.equal([lockAmount, lockEnd]);
    expect(a.staking.score).to.equal(await ve.balanceOf(d.deployer, tag));
    expect(a.staking.totalScore).to.equal(await ve.totalSupply(tag));
    expect(a.staking.tier).to.equal(await ve.tierOf(d.deployer, tag));
    expect(a.staking.votes).to.equal(await ve.getVotes(d.deployer, tag));
    expect(a.staking.delegate).to.equal(d.deployer);
    expect(a.staking.revenue.map((c) => c.token)).to.deep.equal([...(await distributor.rewardTokens(tag))]);
    for (const c of a.staking.revenue) {
      expect(c.claimable).to.equal(await distributor.claimable(d.deployer, c.token, tag));
    }
    expect(a.staking.revenue[0]!.symbol).to.equal(DEMO_INDEX.symbol);
    expect(a.staking.revenue[0]!.claimable > 0n).to.equal(true, "the deployer earned the index's fee shares");

    const stranger = Wallet.createRandom().address;
    const empty = await lens.accountSummary(d.demoIndex, stranger, d.distributor, tag);
    expect(empty.indexBalance + empty.staking.score + empty.staking.lockAmount).to.equal(0n);
    expect(empty.assets.every((p) => p.ok && p.balance === 0n && p.allowance === 0n)).to.equal(true);
    expect(empty.staking.delegate).to.equal(stranger);

    // Two weeks without price updates: every feed is stale, the lens still answers; one fresh feed counts again.
    expect(2 * WEEK).to.be.greaterThan(FEED_HEARTBEAT_SECONDS);
    tag = await at();
    const stale = await lens.indexSummary(d.demoIndex, r.rebalancer, tag);
    expect(stale.basket.every((b) => b.status === STALE && b.price === 0n && b.weight === 0n)).to.equal(true);
    expect([stale.navPerShare, stale.navPartial]).to.deep.equal([0n, true]);
    let reverted = false;
    await vault.navPerShare(tag).catch(() => (reverted = true));
    expect(reverted).to.equal(true, "the vault's own NAV reverts");
    const wbtcFeed = MockV3Aggregator__factory.connect(d.tokens[0]!.feed, deployer);
    await (await wbtcFeed.updateAnswer(await wbtcFeed.latestAnswer())).wait();
    tag = await at();
    const partial = await lens.indexSummary(d.demoIndex, r.rebalancer, tag);
    expect(partial.basket[0]!.status).to.equal(OK);
    expect(partial.basket[0]!.weight).to.equal(WAD);
    expect(partial.navPerShare).to.equal(partial.basket[0]!.valuePerShare);
    expect(partial.basket[0]!.price).to.equal(await oracle.getPrice(assets[0]!, tag));
  });
});
