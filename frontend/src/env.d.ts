/// <reference types="vite/client" />

declare module "virtual:tmai-manifest" {
  import type { Manifest } from "../../manifest/schema.js";
  /** The deployments manifest the dApp was built against (validated by manifest/index.ts's reader at build time). */
  const manifest: Manifest;
  export default manifest;
}

interface ImportMetaEnv {
  /** The subgraph's GraphQL endpoint (default: the local stack's, http://127.0.0.1:8000/subgraphs/name/tmai/index-protocol). */
  readonly VITE_SUBGRAPH_URL?: string;
  /** A WalletConnect Cloud project id; without it the WalletConnect button is not offered. */
  readonly VITE_WALLETCONNECT_PROJECT_ID?: string;
}
