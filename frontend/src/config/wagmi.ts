/**
 * wagmi's config: the manifest's chain over HTTP, injected wallets found by EIP-6963 discovery (wagmi's default
 * `multiInjectedProviderDiscovery`) plus the generic `injected()`, and on the local chain the local test accounts.
 * WalletConnect is not here: it is created on click, from a lazy chunk, and only with a project id
 * (components/WalletConnectButton.tsx).
 */
import { createConfig, http, type CreateConnectorFn } from "wagmi";
import { injected } from "wagmi/connectors";
import { chain } from "./chain.js";
import { isLocalChain, manifest } from "./manifest.js";
import { DEMO_ACCOUNT_INDICES, localAccount } from "./localAccounts.js";

export function makeConfig(extra: CreateConnectorFn[] = []) {
  const locals = isLocalChain
    ? DEMO_ACCOUNT_INDICES.map((accountIndex) =>
        localAccount({ rpcUrl: manifest.rpcUrl, chainId: manifest.chainId, accountIndex }),
      )
    : [];
  return createConfig({
    chains: [chain],
    connectors: [injected(), ...locals, ...extra],
    transports: { [chain.id]: http(manifest.rpcUrl, { batch: true }) },
    multiInjectedProviderDiscovery: true,
    pollingInterval: 1_000,
  });
}

export const wagmiConfig = makeConfig();

declare module "wagmi" {
  interface Register {
    config: typeof wagmiConfig;
  }
}
