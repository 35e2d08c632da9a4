import { network } from "hardhat";
import { REBALANCING } from "../../deploy/config/localhost.js";
import { deployLocalDex } from "../../test/fixtures/dex.js";
import { deployLocalProtocol } from "../../test/fixtures/protocol.js";
import { deployLocalRebalancing } from "../../test/fixtures/rebalance.js";
import { Rebalancer__factory, UniswapSolver__factory } from "../../types/ethers-contracts/index.js";
import { gasOf } from "./world.js";

type Record = (operation: string, parameter: string | number, value: bigint) => void;

/**
 * Receipts of a risk-off rebalance on the demo index (12 assets): the auction start, and one lot (sell WBTC for
 * USDC) filled through the UniswapSolver late in the auction. The 100-asset switch is measured in
 * test/solidity/rebalance/RebalanceScale.t.sol (execution gas).
 */
export async function benchRebalance(record: Record): Promise<void> {
  const { ethers, networkHelpers } = await network.create();
  const [deployer, keeper] = await ethers.getSigners();
  const d = await deployLocalProtocol(deployer!);
  const dex = await deployLocalDex(deployer!, d);
  const r = await deployLocalRebalancing(deployer!, d, keeper!.address, () => undefined, dex.swapRouter);
  const rebalancer = Rebalancer__factory.connect(r.rebalancer, keeper);
  const n = d.tokens.length;

  await (await rebalancer.signalRegime(d.demoIndex, 1)).wait(); // risk-off
  await networkHelpers.time.increase(REBALANCING.hysteresisSeconds + 1);
  await (await rebalancer.applyRegime(d.demoIndex)).wait();
  record("rebalance.startAuction", `${n} assets`, await gasOf(rebalancer.startRebalance(d.demoIndex)));

  await networkHelpers.time.increase(Math.floor(REBALANCING.auctionDurationSeconds * 0.9));
  const wbtc = d.tokens.find((t) => t.symbol === "WBTC")!.address;
  const usdc = d.tokens.find((t) => t.symbol === "USDC")!.address;
  const [surplus] = await rebalancer.gap(d.demoIndex, wbtc);
  const sell = surplus / 2n;
  const maxBuy = await rebalancer.quote(d.demoIndex, wbtc, usdc, sell);
  const solver = UniswapSolver__factory.connect(r.solver!, keeper);
  const deadline = (await networkHelpers.time.latest()) + 300;
  record(
    "rebalance.bid",
    `${n} assets, 1 lot via solver`,
    await gasOf(solver.fill(r.rebalancer, d.demoIndex, wbtc, usdc, sell, maxBuy, 0n, deadline)),
  );
}
