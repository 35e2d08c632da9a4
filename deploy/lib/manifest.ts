import { formatUnits } from "ethers";
import { MANIFEST_VERSION, type Manifest } from "../../manifest/index.js";
import { REBALANCING } from "../config/localhost.js";
import type { LocalDex } from "./dex.js";
import type { LocalGovernance } from "./governance.js";
import type { LocalRebalancing } from "./rebalance.js";
import type { LocalDeployment } from "./protocol.js";

export { writeManifest } from "../../manifest/index.js";

/**
 * The local stack's deployments manifest (`npm start`), in the one format of manifest/index.ts: its index is
 * `DemoIndex`, the local Uniswap v3 deployment is recorded under `UniswapV3*` names, and no ABIs are written
 * (readers use the typechain factories or bindings/abis.ts).
 */
export function buildManifest(
  deployment: LocalDeployment,
  info: { network: string; chainId: number; rpcUrl: string; startBlock: number },
  extras: { dex?: LocalDex & { poolFee: number }; rebalancing?: LocalRebalancing; governance?: LocalGovernance } = {},
): Manifest {
  const { dex, rebalancing, governance } = extras;
  const contracts: Manifest["contracts"] = {
    PriceOracle: { address: deployment.oracle },
    IndexVaultDeployer: { address: deployment.vaultDeployer },
    IndexFactory: { address: deployment.factory },
    TMAI: { address: deployment.tmai },
    VeTMAI: { address: deployment.ve },
    RevenueDistributor: { address: deployment.distributor },
    IndexLens: { address: deployment.lens },
  };
  if (dex !== undefined) {
    contracts.IndexRouter = { address: dex.indexRouter };
    contracts.UniswapV3Factory = { address: dex.uniswapFactory };
    contracts.UniswapV3SwapRouter = { address: dex.swapRouter };
    contracts.UniswapV3PositionManager = { address: dex.positionManager };
  }
  if (rebalancing !== undefined) {
    contracts.Rebalancer = { address: rebalancing.rebalancer };
    contracts.RebalanceUpkeep = { address: rebalancing.upkeep };
    if (rebalancing.solver !== undefined) contracts.UniswapSolver = { address: rebalancing.solver };
  }
  if (governance !== undefined) {
    contracts.Governor = { address: governance.governor };
    contracts.Timelock = { address: governance.timelock };
  }
  const usdc = deployment.tokens.find((t) => t.symbol === "USDC");
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    ...info,
    deployedAt: new Date().toISOString(),
    roles: {
      // Holder of every DEFAULT_ADMIN_ROLE: the timelock once governance is deployed, else the deployer.
      admin: governance?.timelock ?? deployment.deployer,
      guardian: deployment.guardian,
      feeRecipient: deployment.feeRecipient,
      ...(rebalancing === undefined ? {} : { methodologist: rebalancing.methodologist }),
    },
    contracts,
    indices: [
      {
        name: "DemoIndex",
        address: deployment.demoIndex,
        tokenName: deployment.demoIndexToken.name,
        symbol: deployment.demoIndexToken.symbol,
        creationBlock: deployment.demoIndexToken.creationBlock,
        ...(rebalancing === undefined || usdc === undefined
          ? {}
          : {
              rebalancing: {
                bandHigh: formatUnits(REBALANCING.bandHighWad, 18),
                bandLow: formatUnits(REBALANCING.bandLowWad, 18),
                auctionDurationSeconds: REBALANCING.auctionDurationSeconds,
                announcementDelaySeconds: REBALANCING.announcementDelaySeconds,
                hysteresisSeconds: REBALANCING.hysteresisSeconds,
                weightCap: formatUnits(REBALANCING.weightCapWad, 18),
                maxLotUsd: formatUnits(REBALANCING.maxLotUsdWad, 18),
                stablecoin: usdc.address,
                upkeepPeriodSeconds: REBALANCING.upkeepPeriodSeconds,
              },
            }),
      },
    ],
    tokens: deployment.tokens.map((t) => ({
      symbol: t.symbol,
      name: t.name,
      decimals: t.decimals,
      address: t.address,
      feed: t.feed,
      priceUsd: t.priceUsd,
      unitsPerShare: t.units.toString(),
    })),
  };
  if (dex !== undefined) manifest.pools = { quoteToken: dex.quoteToken, fee: dex.poolFee, bySymbol: dex.pools };
  return manifest;
}
