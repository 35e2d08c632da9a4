/**
 * WalletConnect, in its own lazy chunk: its connector is created only when this button is clicked, and the provider
 * it starts is a bundle built apart from the app (frontend/build/walletConnect.ts), fetched at that moment.
 */
import { useState } from "react";
import { useConnect } from "wagmi";

export default function WalletConnectButton({ projectId }: { projectId: string }) {
  const { connect, isPending, error } = useConnect();
  const [loadError, setLoadError] = useState<string | undefined>();
  const failure = loadError ?? (error !== null ? error.message.split("\n")[0] : undefined);
  return (
    <>
      <button
        type="button"
        disabled={isPending}
        onClick={async () => {
          setLoadError(undefined);
          try {
            const { walletConnect } = await import("wagmi/connectors");
            connect({ connector: walletConnect({ projectId, showQrModal: true }) });
          } catch (err) {
            setLoadError((err as Error).message.split("\n")[0]);
          }
        }}
      >
        {isPending ? "WalletConnect: waiting for your wallet…" : "WalletConnect"}
      </button>
      {failure !== undefined && (
        <p role="alert">
          WalletConnect did not connect ({failure}). Check your connection and try again, or use a browser wallet.
        </p>
      )}
    </>
  );
}
