import { parseUnits, ZeroAddress, type ContractTransactionResponse, type Signer } from "ethers";
import {
  IndexFactory__factory,
  IndexRouter__factory,
  IndexVault__factory,
  PriceOracle__factory,
  RebalanceUpkeep__factory,
  Rebalancer__factory,
  RevenueDistributor__factory,
  TMAIGovernor__factory,
  TMAITimelock__factory,
  UniswapSolver__factory,
  VeTMAI__factory,
} from "../../types/ethers-contracts/index.js";
import { GOVERNANCE } from "../config/localhost.js";
import type { LocalDex } from "./dex.js";
import type { LocalDeployment } from "./protocol.js";
import type { LocalRebalancing } from "./rebalance.js";

export interface LocalGovernance {
  governor: string;
  timelock: string;
  guardian: string;
  /** Contract name (as in the manifest) to address of every contract whose admin is now the timelock. */
  handedOver: Record<string, string>;
}

/** Minimal view of an OpenZeppelin AccessControl contract, as the typed bindings expose it. */
interface AccessControlled {
  DEFAULT_ADMIN_ROLE(): Promise<string>;
  hasRole(role: string, account: string): Promise<boolean>;
  grantRole(role: string, account: string): Promise<ContractTransactionResponse>;
  renounceRole(role: string, callerConfirmation: string): Promise<ContractTransactionResponse>;
}

const DEFAULT_ADMIN_ROLE = "0x" + "00".repeat(32);

/**
 * The DAO on the local stack: a TimelockController (the governor alone proposes and cancels, anyone executes, no
 * timelock admin) and the TMAIGovernor voting with veTMAI, the deployer as bootstrap guardian. Then every admin
 * role of the protocol moves to the timelock: the timelock is granted DEFAULT_ADMIN_ROLE first, then the deployer
 * renounces its own, on every contract; the factory makes the timelock the admin of future vaults and its vault
 * creator, and the UniswapSolver sends its fill profit to the timelock (the DAO's treasury). Operational roles stay:
 * GUARDIAN_ROLE with the guardian, METHODOLOGIST_ROLE and OPERATOR_ROLE with the keeper, REBALANCER_ROLE with the
 * Rebalancer. See docs/ROLES.md.
 */
export async function deployLocalGovernance(
  signer: Signer,
  deployment: LocalDeployment,
  extras: { dex?: LocalDex; rebalancing?: LocalRebalancing } = {},
  log: (message: string) => void = () => undefined,
): Promise<LocalGovernance> {
  const deployer = await signer.getAddress();
  const guardian = deployment.guardian;
  const wait = async (label: string, tx: Promise<ContractTransactionResponse>): Promise<void> => {
    const receipt = await (await tx).wait();
    if (receipt === null || receipt.status !== 1) throw new Error(`${label}: transaction failed`);
  };

  log("Deploying the DAO: timelock and governor");
  const timelock = await new TMAITimelock__factory(signer).deploy(
    GOVERNANCE.timelockMinDelaySeconds,
    [],
    [ZeroAddress], // anyone executes a ready operation
    deployer, // bootstrap admin, renounced below
  );
  await timelock.waitForDeployment();
  const timelockAddress = await timelock.getAddress();
  const now = (await signer.provider!.getBlock("latest"))!.timestamp;
  const governor = await new TMAIGovernor__factory(signer).deploy(deployment.ve, timelockAddress, {
    votingDelay: GOVERNANCE.votingDelaySeconds,
    votingPeriod: GOVERNANCE.votingPeriodSeconds,
    proposalThreshold: parseUnits(GOVERNANCE.proposalThresholdVeTmai, 18),
    quorumNumerator: GOVERNANCE.quorumNumerator,
    lateQuorumExtension: GOVERNANCE.lateQuorumExtensionSeconds,
    guardian,
    bootstrapEnd: now + GOVERNANCE.guardianBootstrapSeconds,
  });
  await governor.waitForDeployment();
  const governorAddress = await governor.getAddress();
  await wait("timelock PROPOSER_ROLE", timelock.grantRole(await timelock.PROPOSER_ROLE(), governorAddress));
  await wait("timelock CANCELLER_ROLE", timelock.grantRole(await timelock.CANCELLER_ROLE(), governorAddress));
  await wait("timelock renounce admin", timelock.renounceRole(DEFAULT_ADMIN_ROLE, deployer));

  const { dex, rebalancing } = extras;
  const handedOver: Record<string, string> = {};
  const handOver = async (name: string, contract: AccessControlled, address: string): Promise<void> => {
    const admin = await contract.DEFAULT_ADMIN_ROLE();
    await wait(`${name}.grantRole(admin, timelock)`, contract.grantRole(admin, timelockAddress));
    await wait(`${name}.renounceRole(admin)`, contract.renounceRole(admin, deployer));
    if (!(await contract.hasRole(admin, timelockAddress)) || (await contract.hasRole(admin, deployer))) {
      throw new Error(`${name}: admin hand-over to the timelock failed`);
    }
    handedOver[name] = address;
  };

  const factory = IndexFactory__factory.connect(deployment.factory, signer);
  await wait("factory.setVaultAdmin(timelock)", factory.setVaultAdmin(timelockAddress));
  const creator = await factory.VAULT_CREATOR_ROLE();
  await wait("factory VAULT_CREATOR_ROLE to timelock", factory.grantRole(creator, timelockAddress));
  await wait("factory renounce VAULT_CREATOR_ROLE", factory.renounceRole(creator, deployer));

  if (rebalancing !== undefined) {
    const rebalancer = Rebalancer__factory.connect(rebalancing.rebalancer, signer);
    // The guardian keeps the emergency brake it had as admin (pausing auctions); only the timelock unpauses.
    if (guardian !== ZeroAddress) {
      await wait("rebalancer GUARDIAN_ROLE", rebalancer.grantRole(await rebalancer.GUARDIAN_ROLE(), guardian));
    }
    await handOver("Rebalancer", rebalancer, rebalancing.rebalancer);
    await handOver("RebalanceUpkeep", RebalanceUpkeep__factory.connect(rebalancing.upkeep, signer), rebalancing.upkeep);
    if (rebalancing.solver !== undefined) {
      // Fill profit (USDC or any bought asset) goes to the DAO's treasury, which can spend any token by proposal;
      // set while the deployer is still the solver's admin.
      const solver = UniswapSolver__factory.connect(rebalancing.solver, signer);
      if ((await solver.profitRecipient()) !== timelockAddress) {
        await wait("solver.setProfitRecipient(timelock)", solver.setProfitRecipient(timelockAddress));
      }
      await handOver("UniswapSolver", solver, rebalancing.solver);
      if ((await solver.profitRecipient()) !== timelockAddress) {
        throw new Error("UniswapSolver: its profit recipient is not the timelock after the hand-over");
      }
    }
  }
  if (dex !== undefined) {
    await handOver("IndexRouter", IndexRouter__factory.connect(dex.indexRouter, signer), dex.indexRouter);
  }
  await handOver("PriceOracle", PriceOracle__factory.connect(deployment.oracle, signer), deployment.oracle);
  await handOver("DemoIndex", IndexVault__factory.connect(deployment.demoIndex, signer), deployment.demoIndex);
  await handOver("VeTMAI", VeTMAI__factory.connect(deployment.ve, signer), deployment.ve);
  await handOver(
    "RevenueDistributor",
    RevenueDistributor__factory.connect(deployment.distributor, signer),
    deployment.distributor,
  );
  // Last: the factory's own admin (setVaultAdmin above needed it).
  await handOver("IndexFactory", factory, deployment.factory);
  log(
    `Governor ${governorAddress}, timelock ${timelockAddress} (admin of ${Object.keys(handedOver).length} contracts)`,
  );

  return { governor: governorAddress, timelock: timelockAddress, guardian, handedOver };
}
