/**
 * What every step of the network flow shares (deploy/lib/networkFlow.ts sequences the steps): the options and
 * result types, the flow's contracts (sources, ABIs), and the run's context with its primitives: `ensure` (deploy
 * unless recorded), `step` (send unless done, then check it is), `setting` (a `step` while the deployer administers
 * the contract, a `report` of the difference once the timelock does), `grant`, `renounce`.
 */
import {
  getAddress,
  parseUnits,
  type BaseContract,
  type ContractTransactionResponse,
  type InterfaceAbi,
  type Provider,
  type Signer,
} from "ethers";
import {
  HousekeepingUpkeep__factory,
  IndexFactory__factory,
  IndexLens__factory,
  IndexRouter__factory,
  IndexVaultDeployer__factory,
  IndexVault__factory,
  PriceOracle__factory,
  RebalanceUpkeep__factory,
  Rebalancer__factory,
  RevenueDistributor__factory,
  TMAIGovernor__factory,
  TMAITimelock__factory,
  TMAI__factory,
  TrendSignal__factory,
  UniswapSolver__factory,
  VeTMAI__factory,
} from "../../../types/ethers-contracts/index.js";
import type { AssetConfig, NetworkConfig } from "../../config/networks/index.js";
import type { Operators } from "../networkConfig.js";
import type { ContractEntry, Manifest } from "../../../manifest/index.js";
import { toJsonArg, writeNetworkManifest } from "../networkManifest.js";

export const DEFAULT_ADMIN_ROLE = "0x" + "00".repeat(32);

export interface NetworkFlowOptions {
  config: NetworkConfig;
  operators: Operators;
  /** deployments/<network>.json: read to resume, written after every deployment. */
  manifestPath: string;
  /** Hardhat network name and RPC URL recorded in the manifest. */
  network: string;
  rpcUrl: string;
  /** External contracts are local stand-ins: skip the chain-id check and allow unconfirmed addresses. */
  dryRun?: boolean;
  /** Deploy even though some config addresses are marked `unconfirmed`. */
  allowUnconfirmed?: boolean;
  log?: (line: string) => void;
  /** Writes the manifest (default `writeManifest`); tests inject a failing one to simulate a crash. */
  writeManifest?: (path: string, manifest: Manifest) => Promise<void>;
}

export interface NetworkFlowResult {
  manifest: Manifest;
  /** Names of the contracts deployed by this run (empty on a complete re-run). */
  deployed: string[];
  /** Names of the contracts found at their recorded address. */
  skipped: string[];
  /** Configuration transactions sent by this run, by label. */
  configured: string[];
  /** Configuration steps already in place. */
  alreadyConfigured: string[];
  /**
   * Settings whose value on chain differs from the config where the deployer may no longer change them (the
   * timelock owns the contract) or the flow never changes them: one `config differs from chain: …` line each.
   */
  differences: string[];
}

/** Source names of the deployed contracts (hardhat-verify's `<source>:<contract>`). */
export const SOURCES = {
  PriceOracle: "contracts/oracle/PriceOracle.sol:PriceOracle",
  TMAI: "contracts/token/TMAI.sol:TMAI",
  VeTMAI: "contracts/staking/VeTMAI.sol:VeTMAI",
  RevenueDistributor: "contracts/staking/RevenueDistributor.sol:RevenueDistributor",
  IndexVaultDeployer: "contracts/index/IndexVaultDeployer.sol:IndexVaultDeployer",
  IndexFactory: "contracts/index/IndexFactory.sol:IndexFactory",
  Index: "contracts/index/IndexVault.sol:IndexVault",
  Rebalancer: "contracts/rebalance/Rebalancer.sol:Rebalancer",
  RebalanceUpkeep: "contracts/rebalance/RebalanceUpkeep.sol:RebalanceUpkeep",
  TrendSignal: "contracts/rebalance/TrendSignal.sol:TrendSignal",
  HousekeepingUpkeep: "contracts/keeper/HousekeepingUpkeep.sol:HousekeepingUpkeep",
  IndexRouter: "contracts/index/IndexRouter.sol:IndexRouter",
  UniswapSolver: "contracts/keeper/UniswapSolver.sol:UniswapSolver",
  Timelock: "contracts/governance/TMAITimelock.sol:TMAITimelock",
  Governor: "contracts/governance/TMAIGovernor.sol:TMAIGovernor",
  IndexLens: "contracts/lens/IndexLens.sol:IndexLens",
} as const;

export type ContractName = keyof typeof SOURCES;

/** ABI of each contract of the flow (the manifest records none). */
export const FLOW_ABIS: Record<ContractName, InterfaceAbi> = {
  PriceOracle: PriceOracle__factory.abi,
  TMAI: TMAI__factory.abi,
  VeTMAI: VeTMAI__factory.abi,
  RevenueDistributor: RevenueDistributor__factory.abi,
  IndexVaultDeployer: IndexVaultDeployer__factory.abi,
  IndexFactory: IndexFactory__factory.abi,
  Index: IndexVault__factory.abi,
  Rebalancer: Rebalancer__factory.abi,
  RebalanceUpkeep: RebalanceUpkeep__factory.abi,
  TrendSignal: TrendSignal__factory.abi,
  HousekeepingUpkeep: HousekeepingUpkeep__factory.abi,
  IndexRouter: IndexRouter__factory.abi,
  UniswapSolver: UniswapSolver__factory.abi,
  Timelock: TMAITimelock__factory.abi,
  Governor: TMAIGovernor__factory.abi,
  IndexLens: IndexLens__factory.abi,
};

/** Chainlink answers have 8 decimals for USD feeds; bounds are given to the oracle with 18. */
export const wad = (value: string): bigint => parseUnits(value, 18);
/** The oracle accepts answers up to the feed's heartbeat plus 10 %. */
export const oracleHeartbeat = (a: AssetConfig): number => Math.ceil(a.heartbeatSeconds * 1.1);

export function formatWad(value: bigint): string {
  const whole = value / 10n ** 18n;
  const frac = (value % 10n ** 18n).toString().padStart(18, "0").replace(/0+$/, "");
  return frac === "" ? whole.toString() : `${whole}.${frac}`;
}

/** The Uniswap v3 router the protocol swaps through on `c`: the original SwapRouter if configured, else SwapRouter02. */
export function swapRouterOf(c: NetworkConfig): string | undefined {
  return c.uniswap?.swapRouter ?? c.uniswap?.swapRouter02;
}

/** A setting whose value on chain is not the config's (values as shown to the operator). */
export interface Difference {
  setting: string;
  chain: string;
  config: string;
}

/** An 18-decimal fraction or amount on chain against the config's decimal string. */
export function wadDiff(setting: string, chain: bigint, config: string): Difference[] {
  return chain === wad(config) ? [] : [{ setting, chain: formatWad(chain), config }];
}

export function secondsDiff(setting: string, chain: bigint | number, config: number): Difference[] {
  return BigInt(chain) === BigInt(config) ? [] : [{ setting, chain: `${chain} s`, config: `${config} s` }];
}

export function addressDiff(setting: string, chain: string, config: string): Difference[] {
  return getAddress(chain) === getAddress(config) ? [] : [{ setting, chain, config }];
}

/** What the flow needs of an OpenZeppelin AccessControl contract. */
export interface RoleTarget {
  hasRole(role: string, account: string): Promise<boolean>;
  getRoleAdmin(role: string): Promise<string>;
  grantRole(role: string, account: string): Promise<ContractTransactionResponse>;
  renounceRole(role: string, callerConfirmation: string): Promise<ContractTransactionResponse>;
}

/** One run of the flow: who deploys where, the manifest being written, the result, and the step primitives. */
export interface FlowContext {
  signer: Signer;
  provider: Provider;
  deployer: string;
  chainId: number;
  config: NetworkConfig;
  operators: Operators;
  options: NetworkFlowOptions;
  manifest: Manifest;
  result: NetworkFlowResult;
  log: (line: string) => void;
  /** Writes the manifest. */
  save(): Promise<void>;
  /** Waits for `tx`; fails unless it succeeded. Returns its hash. */
  mined(label: string, tx: Promise<ContractTransactionResponse>): Promise<string>;
  /** Deploys `name` unless the manifest records it with code on chain. */
  ensure(
    name: Exclude<ContractName, "Index">,
    args: readonly unknown[],
    deploy: () => Promise<BaseContract>,
  ): Promise<string>;
  /** Sends a configuration transaction unless `done()` says it is already in place. */
  step(label: string, done: () => Promise<boolean>, send: () => Promise<ContractTransactionResponse>): Promise<void>;
  /** Reports settings on chain that differ from the config, for governance to change; changes nothing. */
  report(differences: Difference[]): void;
  /**
   * A setting the flow manages: set by `send` while the deployer administers `target` (as `step`), reported
   * (`report`) instead once it no longer does: what the timelock owns is changed by governance only.
   */
  setting(
    label: string,
    target: RoleTarget,
    differences: () => Promise<Difference[]>,
    send: () => Promise<ContractTransactionResponse>,
  ): Promise<void>;
  /** Grants `role` to `account` (reported instead when the deployer no longer administers the role). */
  grant(label: string, target: RoleTarget, role: string, account: string): Promise<void>;
  /** The deployer renounces `role`. */
  renounce(label: string, target: RoleTarget, role: string): Promise<void>;
}

export function createContext(
  signer: Signer,
  provider: Provider,
  deployer: string,
  chainId: number,
  o: NetworkFlowOptions,
  manifest: Manifest,
  log: (line: string) => void,
): FlowContext {
  const result: NetworkFlowResult = {
    manifest,
    deployed: [],
    skipped: [],
    configured: [],
    alreadyConfigured: [],
    differences: [],
  };
  const save = (): Promise<void> => (o.writeManifest ?? writeNetworkManifest)(o.manifestPath, manifest);

  const mined = async (label: string, tx: Promise<ContractTransactionResponse>): Promise<string> => {
    const receipt = await (await tx).wait();
    if (receipt === null || receipt.status !== 1) throw new Error(`${label}: transaction failed`);
    return receipt.hash;
  };

  const ensure = async (
    name: Exclude<ContractName, "Index">,
    args: readonly unknown[],
    deploy: () => Promise<BaseContract>,
  ): Promise<string> => {
    const recorded = manifest.contracts[name];
    if (recorded !== undefined && (await provider.getCode(recorded.address)) !== "0x") {
      log(`✓ ${name} already at ${recorded.address} (skipped)`);
      result.skipped.push(name);
      return recorded.address;
    }
    if (recorded !== undefined) log(`! ${name} recorded at ${recorded.address} but no code there: deploying again`);
    log(`→ deploying ${name}`);
    const contract = await deploy();
    await contract.waitForDeployment();
    const address = await contract.getAddress();
    const entry: ContractEntry = {
      address,
      contract: SOURCES[name],
      constructorArgs: args.map(toJsonArg),
      txHash: contract.deploymentTransaction()?.hash,
    };
    manifest.contracts[name] = entry;
    await save();
    log(`  ${name} at ${address}`);
    result.deployed.push(name);
    return address;
  };

  const step = async (
    label: string,
    done: () => Promise<boolean>,
    send: () => Promise<ContractTransactionResponse>,
  ): Promise<void> => {
    if (await done()) {
      log(`✓ ${label} (already done)`);
      result.alreadyConfigured.push(label);
      return;
    }
    log(`→ ${label}`);
    await mined(label, send());
    if (!(await done())) throw new Error(`${label}: sent, but the chain does not show it done`);
    result.configured.push(label);
  };

  const report = (differences: Difference[]): void => {
    for (const d of differences) {
      const line = `config differs from chain: ${d.setting} is ${d.chain}, config says ${d.config} — change it by governance proposal`;
      log(`! ${line}`);
      result.differences.push(line);
    }
  };

  const setting = async (
    label: string,
    target: RoleTarget,
    differences: () => Promise<Difference[]>,
    send: () => Promise<ContractTransactionResponse>,
  ): Promise<void> => {
    const now = await differences();
    if (now.length > 0 && !(await target.hasRole(DEFAULT_ADMIN_ROLE, deployer))) return report(now);
    await step(label, async () => (await differences()).length === 0, send);
  };

  const grant = async (label: string, target: RoleTarget, role: string, account: string): Promise<void> => {
    if (!(await target.hasRole(role, account)) && !(await target.hasRole(await target.getRoleAdmin(role), deployer))) {
      return report([{ setting: `${label} of ${account}`, chain: "not granted", config: "granted" }]);
    }
    await step(
      `${label} to ${account}`,
      () => target.hasRole(role, account),
      () => target.grantRole(role, account),
    );
  };

  const renounce = (label: string, target: RoleTarget, role: string): Promise<void> =>
    step(
      `${label}: deployer renounces`,
      async () => !(await target.hasRole(role, deployer)),
      () => target.renounceRole(role, deployer),
    );

  return {
    signer,
    provider,
    deployer,
    chainId,
    config: o.config,
    operators: o.operators,
    options: o,
    manifest,
    result,
    log,
    save,
    mined,
    ensure,
    step,
    report,
    setting,
    grant,
    renounce,
  };
}
