import type { Signer } from "ethers";
import {
  IndexVault__factory,
  RebalanceUpkeep__factory,
  Rebalancer__factory,
  UniswapSolver__factory,
} from "../../types/ethers-contracts/index.js";
import { REBALANCING } from "../config/localhost.js";
import type { LocalDeployment } from "./protocol.js";

export interface LocalRebalancing {
  rebalancer: string;
  upkeep: string;
  methodologist: string;
  /** UniswapSolver operated by the keeper (when a DEX is deployed); its profit goes to the deployer until governance. */
  solver?: string;
}

/**
 * The Rebalancer and its Chainlink-Automation-compatible upkeep for the demo index: the vault grants the
 * Rebalancer its REBALANCER_ROLE, the keeper account becomes methodologist, and the vault is scheduled.
 */
export async function deployLocalRebalancing(
  signer: Signer,
  deployment: LocalDeployment,
  methodologist: string,
  log: (message: string) => void = () => undefined,
  swapRouter?: string,
): Promise<LocalRebalancing> {
  const admin = await signer.getAddress();
  const usdc = deployment.tokens.find((t) => t.symbol === "USDC");
  if (usdc === undefined) throw new Error("the demo basket has no USDC for risk-off");
  const rebalancer = await new Rebalancer__factory(signer).deploy(deployment.oracle, admin);
  await rebalancer.waitForDeployment();
  const rebalancerAddress = await rebalancer.getAddress();
  const upkeep = await new RebalanceUpkeep__factory(signer).deploy(rebalancerAddress, admin);
  await upkeep.waitForDeployment();

  const vault = IndexVault__factory.connect(deployment.demoIndex, signer);
  await (await vault.grantRole(await vault.REBALANCER_ROLE(), rebalancerAddress)).wait();
  await (await rebalancer.grantRole(await rebalancer.METHODOLOGIST_ROLE(), methodologist)).wait();
  await (
    await rebalancer.setConfig(deployment.demoIndex, {
      bandHigh: REBALANCING.bandHighWad,
      bandLow: REBALANCING.bandLowWad,
      auctionDuration: REBALANCING.auctionDurationSeconds,
      announcementDelay: REBALANCING.announcementDelaySeconds,
      hysteresis: REBALANCING.hysteresisSeconds,
      weightCap: REBALANCING.weightCapWad,
      maxLotUsd: REBALANCING.maxLotUsdWad,
      stablecoin: usdc.address,
    })
  ).wait();
  await (await upkeep.scheduleVault(deployment.demoIndex, REBALANCING.upkeepPeriodSeconds)).wait();
  log(`Rebalancer ${rebalancerAddress} and upkeep ${await upkeep.getAddress()}; methodologist ${methodologist}`);
  let solverAddress: string | undefined;
  if (swapRouter !== undefined) {
    // The keeper fills auctions through Uniswap with the solver. Profit arrives in the bought asset (USDC or any
    // basket token), which the revenue distributor cannot account for: it goes to the admin (the deployer) until
    // deployLocalGovernance points it at the DAO's treasury, the timelock, before handing the solver over.
    const solver = await new UniswapSolver__factory(signer).deploy(swapRouter, usdc.address, admin, admin);
    await solver.waitForDeployment();
    await (await solver.grantRole(await solver.OPERATOR_ROLE(), methodologist)).wait();
    solverAddress = await solver.getAddress();
    log(`UniswapSolver ${solverAddress} operated by the keeper`);
  }
  return { rebalancer: rebalancerAddress, upkeep: await upkeep.getAddress(), methodologist, solver: solverAddress };
}
