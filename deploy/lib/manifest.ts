import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { InterfaceAbi } from "ethers";
import {
  IndexFactory__factory,
  IndexVaultDeployer__factory,
  IndexVault__factory,
  MockERC20__factory,
  MockV3Aggregator__factory,
  IndexRouter__factory,
  PriceOracle__factory,
  RebalanceUpkeep__factory,
  Rebalancer__factory,
  RevenueDistributor__factory,
  TMAIGovernor__factory,
  TMAITimelock__factory,
  UniswapSolver__factory,
  TMAI__factory,
  VeTMAI__factory,
} from "../../types/ethers-contracts/index.js";
import type { LocalDex } from "./dex.js";
import type { LocalGovernance } from "./governance.js";
import type { LocalRebalancing } from "./rebalance.js";
import type { LocalDeployment } from "./protocol.js";
import { UNISWAP_ARTIFACTS } from "./uniswap.js";

export interface ContractEntry {
  address: string;
  abi: InterfaceAbi;
}

export interface TokenEntry {
  symbol: string;
  name: string;
  decimals: number;
  address: string;
  feed: string;
  priceUsd: string;
  unitsPerShare: string;
}

/** What keeper, subgraph and dApp read: every address with its ABI. */
export interface DeploymentManifest {
  network: string;
  chainId: number;
  rpcUrl: string;
  deployedAt: string;
  startBlock: number;
  /** `admin`: holder of every DEFAULT_ADMIN_ROLE (the timelock once governance is deployed, else the deployer). */
  roles: { admin: string; guardian: string; feeRecipient: string; methodologist?: string };
  contracts: {
    PriceOracle: ContractEntry;
    IndexVaultDeployer: ContractEntry;
    IndexFactory: ContractEntry;
    DemoIndex: ContractEntry;
    TMAI: ContractEntry;
    VeTMAI: ContractEntry;
    RevenueDistributor: ContractEntry;
    IndexRouter?: ContractEntry;
    UniswapV3Factory?: ContractEntry;
    UniswapV3SwapRouter?: ContractEntry;
    UniswapV3PositionManager?: ContractEntry;
    Rebalancer?: ContractEntry;
    RebalanceUpkeep?: ContractEntry;
    UniswapSolver?: ContractEntry;
    /** The DAO, when deployed: the governor (veTMAI votes) and the TimelockController that is every contract's admin. */
    Governor?: ContractEntry;
    Timelock?: ContractEntry;
  };
  /** Uniswap v3 pool of each basket token against the quote token, when a DEX is deployed. */
  pools?: { quoteToken: string; fee: number; bySymbol: Record<string, string>; abi: InterfaceAbi };
  tokens: TokenEntry[];
  /** ABIs shared by several addresses: every token is a MockERC20, every feed a MockV3Aggregator. */
  abis: { ERC20: InterfaceAbi; AggregatorV3: InterfaceAbi };
}

export function buildManifest(
  deployment: LocalDeployment,
  info: { network: string; chainId: number; rpcUrl: string; startBlock: number },
  extras: { dex?: LocalDex & { poolFee: number }; rebalancing?: LocalRebalancing; governance?: LocalGovernance } = {},
): DeploymentManifest {
  const { dex, rebalancing, governance } = extras;
  const manifest: DeploymentManifest = {
    ...info,
    deployedAt: new Date().toISOString(),
    roles: { admin: deployment.deployer, guardian: deployment.guardian, feeRecipient: deployment.feeRecipient },
    contracts: {
      PriceOracle: { address: deployment.oracle, abi: PriceOracle__factory.abi },
      IndexVaultDeployer: { address: deployment.vaultDeployer, abi: IndexVaultDeployer__factory.abi },
      IndexFactory: { address: deployment.factory, abi: IndexFactory__factory.abi },
      DemoIndex: { address: deployment.demoIndex, abi: IndexVault__factory.abi },
      TMAI: { address: deployment.tmai, abi: TMAI__factory.abi },
      VeTMAI: { address: deployment.ve, abi: VeTMAI__factory.abi },
      RevenueDistributor: { address: deployment.distributor, abi: RevenueDistributor__factory.abi },
    },
    tokens: deployment.tokens.map((t) => ({
      symbol: t.symbol,
      name: t.name,
      decimals: t.decimals,
      address: t.address,
      feed: t.feed,
      priceUsd: t.priceUsd,
      unitsPerShare: t.units.toString(),
    })),
    abis: { ERC20: MockERC20__factory.abi, AggregatorV3: MockV3Aggregator__factory.abi },
  };
  if (dex !== undefined) {
    Object.assign(manifest.contracts, {
      IndexRouter: { address: dex.indexRouter, abi: IndexRouter__factory.abi },
      UniswapV3Factory: { address: dex.uniswapFactory, abi: UNISWAP_ARTIFACTS.factory().abi },
      UniswapV3SwapRouter: { address: dex.swapRouter, abi: UNISWAP_ARTIFACTS.swapRouter().abi },
      UniswapV3PositionManager: { address: dex.positionManager, abi: UNISWAP_ARTIFACTS.positionManager().abi },
    });
    manifest.pools = {
      quoteToken: dex.quoteToken,
      fee: dex.poolFee,
      bySymbol: dex.pools,
      abi: UNISWAP_ARTIFACTS.pool().abi,
    };
  }
  if (rebalancing !== undefined) {
    Object.assign(manifest.contracts, {
      Rebalancer: { address: rebalancing.rebalancer, abi: Rebalancer__factory.abi },
      RebalanceUpkeep: { address: rebalancing.upkeep, abi: RebalanceUpkeep__factory.abi },
    });
    manifest.roles.methodologist = rebalancing.methodologist;
    if (rebalancing.solver !== undefined) {
      manifest.contracts.UniswapSolver = { address: rebalancing.solver, abi: UniswapSolver__factory.abi };
    }
  }
  if (governance !== undefined) {
    Object.assign(manifest.contracts, {
      Governor: { address: governance.governor, abi: TMAIGovernor__factory.abi },
      Timelock: { address: governance.timelock, abi: TMAITimelock__factory.abi },
    });
    manifest.roles.admin = governance.timelock;
  }
  return manifest;
}

export async function writeManifest(path: string, manifest: DeploymentManifest): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(manifest, null, 2) + "\n");
}
