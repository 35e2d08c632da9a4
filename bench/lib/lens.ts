import { ZeroAddress, ZeroHash, parseUnits } from "ethers";
import { network } from "hardhat";
import { IndexLens__factory, MockV3Aggregator__factory } from "../../types/ethers-contracts/index.js";
import { addUsdc, deployBenchRebalancer, HOUR, REBALANCE_TIMING } from "./rebalancing.js";
import { buildStakingWorld } from "./staking.js";
import { buildBasketWorld, withTolerance } from "./world.js";

type Record = (operation: string, parameter: string | number, value: bigint) => void;

const WAD = 10n ** 18n;
const WEEK = 7 * 24 * HOUR;

/**
 * IndexLens as a dApp calls it, `eth_estimateGas` of the view (21,000 base and calldata included, every slot cold) on
 * an `n`-asset index:
 * - `lens.indexSummary`: with its Rebalancer an hour into an auction towards `n - 1` of the assets and USDC at equal
 *   weights, so the answer carries the full regime, target and `n + 1` lots (the heaviest index screen);
 * - `lens.indexSummary.noRebalancer`: the same index without the rebalance part (token, basket, prices, NAV, fees);
 * - `lens.accountSummary`: a holder of the index with a veTMAI lock and claimable revenue in both registered tokens
 *   (the index's fee shares and TMAI).
 */
export async function benchLens(record: Record, n: number): Promise<void> {
  const connection = await network.create();
  const { networkHelpers } = connection;
  const { tmai, ve, distributor, signers } = await buildStakingWorld(connection);
  const [admin, alice] = [signers[0]!, signers[1]!];
  const world = await buildBasketWorld(admin, [alice], n);
  const { vault, oracle } = world;
  const vaultAddress = await vault.getAddress();
  const aliceAddress = await alice.getAddress();
  const distributorAddress = await distributor.getAddress();
  const lens = await new IndexLens__factory(admin).deploy();

  // Revenue: the index's fees go to the distributor; alice locks TMAI and holds index shares; a week of fee shares
  // and a TMAI deposit are split.
  await (await vault.setFeeRecipient(distributorAddress)).wait();
  await (await distributor.addRewardToken(vaultAddress)).wait();
  await (await distributor.addRewardToken(await tmai.getAddress())).wait();
  await (
    await ve.connect(alice).createLock(parseUnits("10000", 18), (await networkHelpers.time.latest()) + 52 * WEEK)
  ).wait();
  const shares = 1000n * WAD;
  await (
    await vault.connect(alice).mint(shares, aliceAddress, withTolerance(await vault.previewMint(shares), 10n, "up"))
  ).wait();
  await networkHelpers.time.increase(WEEK);
  await (await vault.accrueFees()).wait();
  await (await distributor.checkpointToken(vaultAddress)).wait();
  await (await tmai.approve(distributorAddress, 2n ** 256n - 1n)).wait();
  await (await distributor.deposit(await tmai.getAddress(), parseUnits("1000", 18))).wait();
  await networkHelpers.time.increase(WEEK);

  // Prices: the weeks made every feed stale; a fresh answer for each (and USDC, the risk-off asset).
  const usdcAddress = await addUsdc(admin, oracle);
  for (const asset of world.assets) {
    const feed = MockV3Aggregator__factory.connect((await oracle.feedConfig(asset)).feed, admin);
    await (await feed.updateAnswer(await feed.latestAnswer())).wait();
  }

  // The rebalance: a target of n - 1 assets and USDC, effective after the delay, its auction an hour old.
  const rebalancer = await deployBenchRebalancer(admin, oracle, vault, usdcAddress);
  const rebalancerAddress = await rebalancer.getAddress();
  const target = [...world.assets.slice(0, n - 1), usdcAddress];
  const weights = target.map(() => WAD / BigInt(n));
  weights[0]! += WAD - weights.reduce((a, b) => a + b, 0n);
  await (await rebalancer.postTarget(vaultAddress, target, weights, ZeroHash)).wait();
  await networkHelpers.time.increase(REBALANCE_TIMING.announcementDelay + 1);
  await (await rebalancer.startRebalance(vaultAddress)).wait();
  await networkHelpers.time.increase(HOUR);
  await networkHelpers.mine();

  const summary = await lens.indexSummary(vaultAddress, rebalancerAddress);
  if (summary.navPartial || summary.rebalance.auction.lots.length !== n + 1) {
    throw new Error("the lens bench expects sound prices and a running auction with n + 1 lots");
  }
  const account = await lens.accountSummary(vaultAddress, aliceAddress, distributorAddress);
  if (account.staking.revenue.some((c) => c.claimable === 0n)) throw new Error("alice should have revenue to claim");

  record("lens.indexSummary", n, await lens.indexSummary.estimateGas(vaultAddress, rebalancerAddress));
  record("lens.indexSummary.noRebalancer", n, await lens.indexSummary.estimateGas(vaultAddress, ZeroAddress));
  record(
    "lens.accountSummary",
    n,
    await lens.accountSummary.estimateGas(vaultAddress, aliceAddress, distributorAddress),
  );
}
