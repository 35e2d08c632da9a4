/**
 * A JSON-RPC server of the test that answers like a node (each test says how, method by method), and a wagmi config
 * on a local chain pointed at it: hooks and components then go through viem's real request, batching and error
 * chain. Listens on 127.0.0.1 on a free port; stop it with `close()`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement, type ReactNode } from "react";
import { createConfig, http, WagmiProvider, type CreateConnectorFn } from "wagmi";
import { defineChain } from "viem";

/** A JSON-RPC answer: `result`, or `error` (`{ code, message, data? }`, as a node reports a revert). */
export interface RpcAnswer {
  result?: unknown;
  error?: unknown;
}

export interface RpcServer {
  url: string;
  /** Every request received, in order. */
  sent: { method: string; params: unknown[] }[];
  close: () => void;
}

export async function startRpcServer(answer: (method: string, params: unknown[]) => RpcAnswer): Promise<RpcServer> {
  const sent: RpcServer["sent"] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      type Req = { id: number; method: string; params?: unknown[] };
      const parsed = JSON.parse(body) as Req | Req[];
      const one = (r: Req) => {
        sent.push({ method: r.method, params: r.params ?? [] });
        return { jsonrpc: "2.0", id: r.id, ...answer(r.method, r.params ?? []) };
      };
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
      res.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(one) : one(parsed)));
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    close: () => server.close(),
  };
}

/**
 * A wagmi config on chain 31337 served by `url` (wagmi's `mock` connector sends wallet requests to the chain's RPC
 * URL, so the chain points there too), and a wrapper with it and a fresh query client for render / renderHook.
 */
export function wagmiAt(url: string, connectors: CreateConnectorFn[] = []) {
  const chain = defineChain({
    id: 31337,
    name: "test",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const config = createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(url) },
    pollingInterval: 50,
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) =>
    createElement(WagmiProvider, { config: config as never }, createElement(QueryClientProvider, { client }, children));
  return { config, wrapper };
}
