/** The chain of the deployment, as viem/wagmi describe one, built from the manifest (id, name, RPC URL). */
import { defineChain } from "viem";
import { manifest } from "./manifest.js";

export const chain = defineChain({
  id: manifest.chainId,
  name: manifest.network === "localhost" ? "Local TMAI chain" : manifest.network,
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [manifest.rpcUrl] } },
});
