import { ZeroAddress, type Provider, type Signer } from "ethers";
import { MANIFEST_VERSION, type Manifest } from "../../../manifest/index.js";
import { assertValidNetworkConfig, DeployConfigError } from "../networkConfig.js";
import { readNetworkManifest } from "../networkManifest.js";
import type { NetworkFlowOptions } from "./context.js";

/**
 * Before anything is sent: a valid config, the right chain, no unconfirmed address (unless allowed or a dry run),
 * code at every external address.
 */
export async function preflight(
  signer: Signer,
  o: NetworkFlowOptions,
): Promise<{ provider: Provider; deployer: string; chainId: number }> {
  const c = o.config;
  assertValidNetworkConfig(c);
  const provider = signer.provider;
  if (provider === null) throw new DeployConfigError("the deployer signer has no provider");
  const deployer = await signer.getAddress();
  const chainId = Number((await provider.getNetwork()).chainId);
  if (!o.dryRun && chainId !== c.chainId) {
    throw new DeployConfigError(
      `Config "${c.name}" is for chain ${c.chainId} but the RPC answers chain ${chainId}: wrong --network or RPC URL?`,
    );
  }
  const unconfirmed = [
    ...c.assets.filter((a) => a.unconfirmed !== undefined).map((a) => `${a.symbol}: ${a.unconfirmed}`),
    ...(c.uniswap?.unconfirmed !== undefined ? [`uniswap: ${c.uniswap.unconfirmed}`] : []),
  ];
  if (unconfirmed.length > 0 && !o.dryRun && !o.allowUnconfirmed) {
    throw new DeployConfigError(
      `Config "${c.name}" has addresses nobody confirmed yet:\n  - ${unconfirmed.join("\n  - ")}\n` +
        `Check them, remove the "unconfirmed" notes, or pass --allow-unconfirmed.`,
    );
  }

  // Every external contract must exist on this chain (catches a wrong address or a wrong network early).
  const external: [string, string][] = [
    ...c.assets.flatMap((a): [string, string][] => [
      [`${a.symbol} token`, a.token],
      [`${a.symbol}/USD feed`, a.feed],
      ...(a.ratioFeed === undefined ? [] : [[`${a.symbol} ratio feed`, a.ratioFeed.feed] as [string, string]]),
    ]),
    ...(c.sequencer ? [["sequencer-uptime feed", c.sequencer.feed] as [string, string]] : []),
    ...(c.uniswap?.swapRouter ? [["Uniswap v3 SwapRouter", c.uniswap.swapRouter] as [string, string]] : []),
  ];
  const missing: string[] = [];
  for (const [what, address] of external) {
    if ((await provider.getCode(address)) === "0x") missing.push(`${what} ${address}`);
  }
  if (missing.length > 0) {
    throw new DeployConfigError(
      `No contract on chain ${chainId} at:\n  - ${missing.join("\n  - ")}\nWrong network, or a wrong address in ` +
        `deploy/config/networks/${c.name}.ts?` +
        (o.dryRun ? "" : " (a dry run plants stand-ins at these addresses first)"),
    );
  }
  return { provider, deployer, chainId };
}

/** The manifest to resume from (the previous run's, if any, on the same chain), with this run's header. */
export async function openManifest(
  o: NetworkFlowOptions,
  provider: Provider,
  deployer: string,
  chainId: number,
): Promise<Manifest> {
  const previous = await readNetworkManifest(o.manifestPath);
  if (previous !== undefined && previous.chainId !== chainId) {
    throw new DeployConfigError(
      `${o.manifestPath} records chain ${previous.chainId}, but this chain is ${chainId}: refusing to mix them.`,
    );
  }
  const startBlock = previous?.startBlock ?? (await provider.getBlockNumber());
  return {
    version: MANIFEST_VERSION,
    network: o.network,
    config: o.config.name,
    dryRun: o.dryRun ?? false,
    chainId,
    rpcUrl: o.rpcUrl,
    deployedAt: previous?.deployedAt ?? new Date().toISOString(),
    startBlock,
    roles: {
      admin: deployer,
      guardian: o.operators.guardian,
      feeRecipient: ZeroAddress,
      methodologist: o.operators.methodologist,
    },
    contracts: { ...(previous?.contracts ?? {}) },
    indices: previous?.indices ?? [],
    tokens: previous?.tokens ?? [],
  };
}
