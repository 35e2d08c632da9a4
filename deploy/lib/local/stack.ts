import type { Provider, Signer } from "ethers";
import { readManifest } from "../../../manifest/index.js";
import { localhost, LOCAL_ACCOUNTS } from "../../config/networks/localhost.js";
import type { NetworkConfig } from "../../config/networks/types.js";
import type { Operators } from "../networkConfig.js";
import { runNetworkFlow, type NetworkFlowResult } from "../networkFlow.js";
import { createContext } from "../steps/context.js";
import { demoStep } from "./demo.js";
import { deployLocalStandIns } from "./standIns.js";

/** A development node's provider: its accounts are unlocked and served by index (ethers' JsonRpcProvider, Hardhat's). */
export interface DevNodeProvider extends Provider {
  getSigner(index: number): Promise<Signer>;
}

export interface LocalStackOptions {
  /** deployments/localhost.json (or wherever the manifest goes). */
  manifestPath: string;
  /** Network name and RPC URL recorded in the manifest. */
  network: string;
  rpcUrl: string;
  log?: (line: string) => void;
  /** The config deployed: `localhost` unless given (`npm start` gives `localhostWatchable`). */
  config?: NetworkConfig;
}

/** The local stack's operators: development accounts (the guardian, keeper and treasury of LOCAL_ACCOUNTS). */
export async function localOperators(provider: DevNodeProvider): Promise<Operators> {
  const address = async (index: number): Promise<string> => (await provider.getSigner(index)).getAddress();
  return {
    guardian: await address(LOCAL_ACCOUNTS.guardian),
    methodologist: await address(LOCAL_ACCOUNTS.methodologist),
    keeper: await address(LOCAL_ACCOUNTS.operator),
    treasury: await address(LOCAL_ACCOUNTS.treasury),
  };
}

/**
 * Deploys the whole protocol on a local node (`npm start`), through the same step flow as every network
 * (deploy/lib/networkFlow.ts) with the localhost config: stand-ins first (tokens, feeds, Uniswap v3), then the flow
 * (which ends with every admin role at the timelock), then the demo step. Safe to re-run on the same node: a
 * complete deployment re-runs as a no-op. The provider must be a development node with its accounts unlocked.
 */
export async function deployLocalStack(provider: DevNodeProvider, o: LocalStackOptions): Promise<NetworkFlowResult> {
  const log = o.log ?? ((line: string) => process.stdout.write(line + "\n"));
  const signer = (index: number): Promise<Signer> => provider.getSigner(index);
  await deployLocalStandIns(await signer(LOCAL_ACCOUNTS.standIns), log);
  const deployer = await signer(LOCAL_ACCOUNTS.deployer);
  const options = {
    config: o.config ?? localhost,
    operators: await localOperators(provider),
    manifestPath: o.manifestPath,
    network: o.network,
    rpcUrl: o.rpcUrl,
    log,
  };
  const result = await runNetworkFlow(deployer, options);
  const { chainId } = await provider.getNetwork();
  const ctx = createContext(
    deployer,
    provider,
    await deployer.getAddress(),
    Number(chainId),
    options,
    await readManifest(o.manifestPath),
    log,
  );
  log("Demo: pools, funded accounts, a lock and a first mint");
  await demoStep(ctx, {
    deployer,
    demoUsers: await Promise.all(LOCAL_ACCOUNTS.demoUsers.map(signer)),
    treasury: await signer(LOCAL_ACCOUNTS.treasury),
  });
  const demo = ctx.result;
  return {
    manifest: ctx.manifest,
    deployed: result.deployed,
    skipped: result.skipped,
    configured: [...result.configured, ...demo.configured],
    alreadyConfigured: [...result.alreadyConfigured, ...demo.alreadyConfigured],
    differences: [...result.differences, ...demo.differences],
  };
}
