import { lazy, Suspense, useState } from "react";
import { useAccount, useConnect, useConnectors, useDisconnect, useSwitchChain } from "wagmi";
import { chain } from "../config/chain.js";
import { shortAddress } from "../lib/format.js";

const WalletConnectButton = lazy(() => import("./WalletConnectButton.js"));
/** As frontend/build/walletConnect.ts reads it: the WalletConnect bundle is built only with a project id. */
const WALLETCONNECT_PROJECT_ID = import.meta.env.VITE_WALLETCONNECT_PROJECT_ID?.trim() ?? "";

/** Connect / account button with the list of wallets: EIP-6963 wallets, injected, local test accounts. */
export function WalletButton() {
  const { address, isConnected, connector } = useAccount();
  const connectors = useConnectors();
  const { connect, isPending, error } = useConnect();
  const { disconnect } = useDisconnect();
  const [open, setOpen] = useState(false);

  if (isConnected && address !== undefined) {
    return (
      <div className="wallet">
        <span className="account" data-testid="account" title={address}>
          {connector?.name}: {shortAddress(address)}
        </span>
        <button type="button" onClick={() => disconnect()}>
          Disconnect
        </button>
      </div>
    );
  }
  return (
    <div className="wallet">
      <button type="button" aria-expanded={open} aria-controls="wallet-list" onClick={() => setOpen(!open)}>
        Connect wallet
      </button>
      {open && (
        <div id="wallet-list" className="wallet-list" role="group" aria-label="Wallets">
          {connectors.map((c) => (
            <button
              key={c.uid}
              type="button"
              disabled={isPending}
              onClick={() => connect({ connector: c }, { onSuccess: () => setOpen(false) })}
            >
              {c.name === "Injected" ? "Browser wallet" : c.name}
            </button>
          ))}
          {WALLETCONNECT_PROJECT_ID !== "" && (
            <Suspense fallback={<span>Loading WalletConnect…</span>}>
              <WalletConnectButton projectId={WALLETCONNECT_PROJECT_ID} />
            </Suspense>
          )}
          {error !== null && <p role="alert">{error.message.split("\n")[0]}</p>}
        </div>
      )}
    </div>
  );
}

/** A banner when the wallet is on another chain than the deployment's, with a switch button. */
export function WrongNetwork() {
  const { isConnected, chainId } = useAccount();
  const { switchChain, isPending, error } = useSwitchChain();
  if (!isConnected || chainId === undefined || chainId === chain.id) return null;
  return (
    <div className="banner warning" role="alert" data-testid="wrong-network">
      <p>
        Your wallet is on chain {chainId}; this deployment is on {chain.name} (chain {chain.id}).
      </p>
      <button type="button" disabled={isPending} onClick={() => switchChain({ chainId: chain.id })}>
        Switch to {chain.name}
      </button>
      {error !== null && <p>{error.message.split("\n")[0]}</p>}
    </div>
  );
}
