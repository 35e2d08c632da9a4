import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { InterfaceAbi } from "ethers";
import {
  IndexFactory__factory,
  IndexVaultDeployer__factory,
  IndexVault__factory,
  MockERC20__factory,
  MockV3Aggregator__factory,
  PriceOracle__factory,
  RevenueDistributor__factory,
  TMAI__factory,
  VeTMAI__factory,
} from "../../types/ethers-contracts/index.js";
import type { LocalDeployment } from "./protocol.js";

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
  roles: { admin: string; guardian: string; feeRecipient: string };
  contracts: {
    PriceOracle: ContractEntry;
    IndexVaultDeployer: ContractEntry;
    IndexFactory: ContractEntry;
    DemoIndex: ContractEntry;
    TMAI: ContractEntry;
    VeTMAI: ContractEntry;
    RevenueDistributor: ContractEntry;
  };
  tokens: TokenEntry[];
  /** ABIs shared by several addresses: every token is a MockERC20, every feed a MockV3Aggregator. */
  abis: { ERC20: InterfaceAbi; AggregatorV3: InterfaceAbi };
}

export function buildManifest(
  deployment: LocalDeployment,
  info: { network: string; chainId: number; rpcUrl: string; startBlock: number },
): DeploymentManifest {
  return {
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
}

export async function writeManifest(path: string, manifest: DeploymentManifest): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(manifest, null, 2) + "\n");
}
