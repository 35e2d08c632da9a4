import type { Signer } from "ethers";
import { deployLocalDex } from "../../../deploy/lib/dex.js";
import { deployLocalGovernance } from "../../../deploy/lib/governance.js";
import { buildManifest } from "../../../deploy/lib/manifest.js";
import { deployLocalProtocol } from "../../../deploy/lib/protocol.js";
import { deployLocalRebalancing } from "../../../deploy/lib/rebalance.js";

/**
 * The whole local stack in `npm start`'s order (protocol, Uniswap and the router, rebalancing with `keeper` as its
 * operator, governance taking every admin role) on an in-process chain, and the manifest `npm start` would write.
 */
export async function deployWholeLocalStack(deployer: Signer, keeper: string) {
  const d = await deployLocalProtocol(deployer);
  const dex = await deployLocalDex(deployer, d);
  const r = await deployLocalRebalancing(deployer, d, keeper, () => undefined, dex.swapRouter);
  const g = await deployLocalGovernance(deployer, d, { dex, rebalancing: r });
  const manifest = buildManifest(
    d,
    { network: "hardhat", chainId: 31337, rpcUrl: "in-process", startBlock: 0 },
    { dex: { ...dex, poolFee: 3000 }, rebalancing: r, governance: g },
  );
  return { d, dex, r, g, manifest };
}
