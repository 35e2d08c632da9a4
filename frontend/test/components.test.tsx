/** Components: the wrong-network prompt with wagmi's mock connector, and a transaction's states on screen. */
import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { createConfig, http, useConnect, WagmiProvider } from "wagmi";
import { mock } from "wagmi/connectors";
import { defineChain } from "viem";
import { WrongNetwork } from "../src/components/Wallet.js";
import { TxStatus } from "../src/components/TxStatus.js";
import { chain } from "../src/config/chain.js";

afterEach(cleanup);

const other = defineChain({
  id: 10,
  name: "Other chain",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1:1"] } },
});

function Connect() {
  const { connect, connectors } = useConnect();
  return (
    <button type="button" onClick={() => connect({ connector: connectors[0]! })}>
      connect
    </button>
  );
}

function withWagmi(children: ReactNode) {
  // The wallet starts on another chain (the first of the config); the deployment's chain is second.
  const config = createConfig({
    chains: [other, chain],
    connectors: [mock({ accounts: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"] })],
    transports: { [other.id]: http(), [chain.id]: http() },
  });
  return (
    <WagmiProvider config={config as never}>
      <QueryClientProvider client={new QueryClient()}>{children}</QueryClientProvider>
    </WagmiProvider>
  );
}

describe("WrongNetwork", () => {
  it("prompts a wallet on another chain to switch, and disappears once it has", async () => {
    render(
      withWagmi(
        <>
          <Connect />
          <WrongNetwork />
        </>,
      ),
    );
    expect(screen.queryByTestId("wrong-network")).toBeNull(); // not connected: nothing to say
    await act(async () => fireEvent.click(screen.getByText("connect")));
    const banner = await screen.findByTestId("wrong-network");
    expect(banner.textContent).toContain(`Your wallet is on chain ${other.id}`);
    expect(banner.textContent).toContain(`chain ${chain.id}`);
    await act(async () => fireEvent.click(screen.getByRole("button", { name: `Switch to ${chain.name}` })));
    await waitFor(() => expect(screen.queryByTestId("wrong-network")).toBeNull());
  });
});

describe("TxStatus", () => {
  const hash = `0x${"ab".repeat(32)}` as const;
  it("shows nothing before a transaction, then each state in words", () => {
    const { rerender, container } = render(<TxStatus state={{ status: "idle" }} label="Mint" />);
    expect(container.textContent).toBe("");
    rerender(<TxStatus state={{ status: "signing" }} label="Mint" />);
    expect(screen.getByRole("status").textContent).toBe("Mint: confirm in your wallet…");
    rerender(<TxStatus state={{ status: "pending", hash }} label="Mint" />);
    expect(screen.getByRole("status").textContent).toBe("Mint: pending, transaction 0xabab…abab");
    rerender(<TxStatus state={{ status: "confirmed", hash, blockNumber: 42n }} label="Mint" />);
    expect(screen.getByRole("status").textContent).toContain("Mint: confirmed in block 42");
    rerender(
      <TxStatus
        state={{
          status: "failed",
          hash,
          error: { name: "MintPaused", sentence: "Minting this index is paused.", raw: "MintPaused()" },
        }}
        label="Mint"
      />,
    );
    expect(screen.getByRole("alert").textContent).toBe(
      "Mint failed. Minting this index is paused.Contract error: MintPaused()",
    );
  });
});
