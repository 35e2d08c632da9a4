import { parseUnits, type Signer } from "ethers";
import {
  MockERC20__factory,
  MockV3Aggregator__factory,
  Rebalancer__factory,
  type IndexVault,
  type PriceOracle,
  type Rebalancer,
} from "../../types/ethers-contracts/index.js";

const WAD = 10n ** 18n;
export const HOUR = 3600;
/** Auction timing of the benchmark's rebalancers: 6 h auctions, 1 h announcement delay and hysteresis. */
export const REBALANCE_TIMING = { auctionDuration: 6 * HOUR, announcementDelay: HOUR, hysteresis: HOUR };

/** A USDC test token with a $1 feed on `oracle` (the risk-off asset); returns its address. */
export async function addUsdc(admin: Signer, oracle: PriceOracle): Promise<string> {
  const usdc = await new MockERC20__factory(admin).deploy("USD Coin", "USDC", 6);
  const feed = await new MockV3Aggregator__factory(admin).deploy(8, parseUnits("1", 8));
  const usdcAddress = await usdc.getAddress();
  await (await oracle.setFeed(usdcAddress, await feed.getAddress(), 86_400, 1n, 2n ** 128n - 1n)).wait();
  return usdcAddress;
}

/**
 * A Rebalancer on `oracle` serving `vault` (band +2 % / -1 %, `REBALANCE_TIMING`, no weight cap, no lot limit,
 * `stablecoin` as the risk-off asset), with `admin` as its admin and methodologist.
 */
export async function deployBenchRebalancer(
  admin: Signer,
  oracle: PriceOracle,
  vault: IndexVault,
  stablecoin: string,
): Promise<Rebalancer> {
  const adminAddress = await admin.getAddress();
  const vaultAddress = await vault.getAddress();
  const rebalancer = await new Rebalancer__factory(admin).deploy(await oracle.getAddress(), adminAddress);
  await (await vault.grantRole(await vault.REBALANCER_ROLE(), await rebalancer.getAddress())).wait();
  await (await rebalancer.grantRole(await rebalancer.METHODOLOGIST_ROLE(), adminAddress)).wait();
  await (
    await rebalancer.setConfig(vaultAddress, {
      bandHigh: 2n * 10n ** 16n,
      bandLow: 10n ** 16n,
      auctionDuration: REBALANCE_TIMING.auctionDuration,
      announcementDelay: REBALANCE_TIMING.announcementDelay,
      hysteresis: REBALANCE_TIMING.hysteresis,
      weightCap: WAD,
      maxLotUsd: 10n ** 30n,
      stablecoin,
    })
  ).wait();
  return rebalancer;
}
