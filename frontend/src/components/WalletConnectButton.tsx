/** WalletConnect, in its own lazy chunk: its connector is created only when this button is clicked. */
import { useConnect } from "wagmi";

export default function WalletConnectButton({ projectId }: { projectId: string }) {
  const { connect, isPending } = useConnect();
  return (
    <button
      type="button"
      disabled={isPending}
      onClick={async () => {
        const { walletConnect } = await import("wagmi/connectors");
        connect({ connector: walletConnect({ projectId, showQrModal: true }) });
      }}
    >
      WalletConnect
    </button>
  );
}
