import { ZeroHash, type Signer } from "ethers";
import { network } from "hardhat";
import { MockERC20__factory, MockV3Aggregator__factory, type Rebalancer } from "../../types/ethers-contracts/index.js";
import { addUsdc, deployBenchRebalancer, REBALANCE_TIMING } from "./rebalancing.js";
import { buildBasketWorld, gasOf, withTolerance, type BasketWorld } from "./world.js";

type Record = (operation: string, parameter: string | number, value: bigint) => void;

const WAD = 10n ** 18n;

/**
 * A 100-asset vault switches from risk-on to risk-off: one `startRebalance` and one bid per asset (its whole
 * surplus sold for USDC by a plain bidder, no callback), then the compaction. Every transaction is a real one
 * (receipt gas, cold storage as for real users). The risk-on target was promoted by an earlier rebalance, as in
 * production, so the switch does not pay for it.
 */
export async function benchRegimeSwitch(record: Record, n: number): Promise<void> {
  const { ethers, networkHelpers } = await network.create();
  const signers = await ethers.getSigners();
  const [admin, alice, bidder] = [signers[0]!, signers[1]!, signers[2]!];
  const world = await buildBasketWorld(admin, [alice], n);
  const { vault, oracle } = world;
  const vaultAddress = await vault.getAddress();
  const adminAddress = await admin.getAddress();
  const bidderAddress = await bidder.getAddress();

  const usdcAddress = await addUsdc(admin, oracle);
  const feeds = [...world.assets, usdcAddress].map(async (a) => (await oracle.feedConfig(a)).feed);
  const feedAddresses = await Promise.all(feeds);
  const refreshFeeds = async (): Promise<void> => {
    for (const f of feedAddresses) {
      const feed = MockV3Aggregator__factory.connect(f, admin);
      await (await feed.updateAnswer(await feed.latestAnswer())).wait();
    }
  };

  const rebalancer = await deployBenchRebalancer(admin, oracle, vault, usdcAddress);
  const rebalancerAddress = await rebalancer.getAddress();

  const shares = 1000n * WAD; // NAV $100,000 at N = 100
  const maxIn = withTolerance(await vault.previewMint(shares), 10n, "up");
  await (await vault.connect(alice).mint(shares, await alice.getAddress(), maxIn)).wait();
  await promoteRiskOnTarget(world, rebalancer, async (s) => networkHelpers.time.increase(s), refreshFeeds);

  // The switch.
  await (await rebalancer.signalRegime(vaultAddress, 1)).wait();
  await networkHelpers.time.increase(REBALANCE_TIMING.hysteresis + 1);
  await refreshFeeds();
  await (await rebalancer.applyRegime(vaultAddress)).wait();
  let total = 0n;
  let count = 0;
  let largest = 0n;
  const add = (gas: bigint): bigint => {
    total += gas;
    count += 1;
    if (gas > largest) largest = gas;
    return gas;
  };
  record("rebalance.regimeSwitch.startAuction", n, add(await gasOf(rebalancer.startRebalance(vaultAddress))));

  await networkHelpers.time.increase(Math.floor((REBALANCE_TIMING.auctionDuration * 5) / 6)); // price factor 0.995
  await refreshFeeds();
  const usdc = MockERC20__factory.connect(usdcAddress, admin);
  await (await usdc.mint(bidderAddress, 10n ** 30n)).wait();
  await (await usdc.connect(bidder).approve(vaultAddress, 2n ** 256n - 1n)).wait();
  const bids: bigint[] = [];
  for (const asset of world.assets) {
    // Read as of the block the bid lands in: the streaming fee shrinks the surplus every second.
    const [surplus] = await rebalancer.gap(vaultAddress, asset, { blockTag: "pending" });
    const pay = await rebalancer.quote(vaultAddress, asset, usdcAddress, surplus, { blockTag: "pending" });
    bids.push(add(await gasOf(rebalancer.connect(bidder).bid(vaultAddress, asset, usdcAddress, surplus, pay, "0x"))));
  }
  await networkHelpers.time.increase(REBALANCE_TIMING.auctionDuration);
  add(await gasOf(rebalancer.compact(vaultAddress)));
  if ((await vault.basketSize()) !== 1n) throw new Error("risk-off switch did not end with USDC only");

  const sorted = [...bids].sort((a, b) => (a < b ? -1 : 1));
  record("rebalance.bid", `${n} assets, 1 lot (median)`, sorted[Math.floor(sorted.length / 2)]!);
  record("rebalance.bid", `${n} assets, 1 lot (max)`, sorted[sorted.length - 1]!);
  record("rebalance.regimeSwitch.total", n, total);
  record("rebalance.regimeSwitch.transactions", n, BigInt(count));
  record("rebalance.regimeSwitch.largestTransaction", n, largest);
}

/**
 * Posts a risk-on target slightly off the vault's composition and starts (then lets end) its rebalance, which
 * makes the target the active one, as the weekly rebalance does before any regime switch.
 */
async function promoteRiskOnTarget(
  world: BasketWorld,
  rebalancer: Rebalancer,
  increaseTime: (seconds: number) => Promise<unknown>,
  refreshFeeds: () => Promise<void>,
): Promise<void> {
  const n = world.assets.length;
  const vault = await world.vault.getAddress();
  const weights = world.assets.map(() => WAD / BigInt(n));
  weights[0]! += WAD - weights.reduce((a, b) => a + b, 0n);
  if (n > 1) {
    const shift = weights[1]! / 2n; // a 0.5 % drift at N = 100, above the minimum of 0.1 %
    weights[0]! += shift;
    weights[1]! -= shift;
  }
  await (await rebalancer.postTarget(vault, world.assets, weights, ZeroHash)).wait();
  await increaseTime(REBALANCE_TIMING.announcementDelay + 1);
  await refreshFeeds();
  await (await rebalancer.startRebalance(vault)).wait();
  await increaseTime(REBALANCE_TIMING.auctionDuration + 1);
}
