/**
 * The "local test account" connector (local chain only): a wallet over the local node's well-known development
 * accounts, so that `npm start` can be used without a wallet extension. The node holds their keys and signs what
 * they send (Hardhat's node unlocks them), so this connector forwards every request to the node and only answers
 * for the account itself. That includes `eth_signTypedData_v4` (an EIP-2612 permit on the trade screen): the node
 * signs typed data for its own accounts (frontend/e2e/dapp.e2e.test.ts redeems with such a permit). The accounts come from the node's own `eth_accounts`; the demo users funded by the local
 * stack are #1 and #2 (deploy/config/networks/localhost.ts, LOCAL_ACCOUNTS.demoUsers).
 */
import { createConnector } from "wagmi";
import { getAddress, numberToHex, type Address, type EIP1193RequestFn } from "viem";

/** The local stack's demo users: development accounts #1 and #2. */
export const DEMO_ACCOUNT_INDICES = [1, 2] as const;

export interface LocalAccountParameters {
  rpcUrl: string;
  chainId: number;
  /** Index of the node's development account to use. */
  accountIndex: number;
}

async function rpc(url: string, method: string, params: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
  if (body.error !== undefined) {
    const err = new Error(body.error.message) as Error & { code: number; data?: unknown };
    err.code = body.error.code;
    err.data = body.error.data;
    throw err;
  }
  return body.result;
}

/** Where the chosen account is remembered, so a reload reconnects it (wagmi's reconnect asks `isAuthorized`). */
const STORAGE_KEY = "tmai.localAccount";

function remembered(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

function remember(value: string | undefined): void {
  try {
    if (value === undefined) globalThis.localStorage?.removeItem(STORAGE_KEY);
    else globalThis.localStorage?.setItem(STORAGE_KEY, value);
  } catch {
    // storage unavailable: no reconnect after a reload
  }
}

export function localAccount(p: LocalAccountParameters) {
  let account: Address | undefined;
  const provider = {
    request: (async ({ method, params }: { method: string; params?: unknown }) => {
      switch (method) {
        case "eth_accounts":
        case "eth_requestAccounts":
          return account === undefined ? [] : [account];
        case "eth_chainId":
          return numberToHex(p.chainId);
        case "wallet_switchEthereumChain":
          return null;
        default:
          return rpc(p.rpcUrl, method, params);
      }
    }) as EIP1193RequestFn,
    on: () => undefined,
    removeListener: () => undefined,
  };
  return createConnector((config) => ({
    id: `localAccount${p.accountIndex}`,
    name: `Local test account #${p.accountIndex}`,
    type: "localAccount",
    async connect<withCapabilities extends boolean = false>(_?: {
      chainId?: number;
      withCapabilities?: withCapabilities;
    }) {
      const all = (await rpc(p.rpcUrl, "eth_accounts", [])) as string[];
      const chosen = all[p.accountIndex];
      if (chosen === undefined) throw new Error(`The local node has no development account #${p.accountIndex}`);
      account = getAddress(chosen);
      remember(String(p.accountIndex));
      const accounts = [account];
      return {
        accounts: accounts as never,
        chainId: p.chainId,
      };
    },
    async disconnect() {
      account = undefined;
      remember(undefined);
    },
    async getAccounts() {
      return account === undefined ? [] : [account];
    },
    async getChainId() {
      return p.chainId;
    },
    async getProvider() {
      return provider;
    },
    async isAuthorized() {
      return account !== undefined || remembered() === String(p.accountIndex);
    },
    onAccountsChanged(accounts) {
      if (accounts.length === 0) config.emitter.emit("disconnect");
      else config.emitter.emit("change", { accounts: accounts.map((a) => getAddress(a)) });
    },
    onChainChanged(chainId) {
      config.emitter.emit("change", { chainId: Number(chainId) });
    },
    onDisconnect() {
      account = undefined;
      config.emitter.emit("disconnect");
    },
  }));
}
