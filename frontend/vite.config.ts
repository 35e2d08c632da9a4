/**
 * The dApp's build. The deployments manifest is read at build time with the manifest module's reader (validated
 * there) from TMAI_MANIFEST (default: deployments/localhost.json) and served to the app as `virtual:tmai-manifest`;
 * the app never holds an address of its own. `vite build` prints the first-load size and fails above the budget.
 * WalletConnect is built as a bundle of its own (build/walletConnect.ts), only with VITE_WALLETCONNECT_PROJECT_ID.
 */
import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { readManifest } from "../manifest/index.js";
import { describeFirstLoad, FIRST_LOAD_BUDGET_BYTES, measureFirstLoad } from "./build/budget.js";
import { walletConnectPlugin } from "./build/walletConnect.js";

const ROOT = resolve(import.meta.dirname, "..");
const VIRTUAL = "virtual:tmai-manifest";

function manifestPlugin(): Plugin {
  const path = resolve(ROOT, process.env.TMAI_MANIFEST ?? "deployments/localhost.json");
  return {
    name: "tmai-manifest",
    resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : undefined),
    async load(id) {
      if (id !== `\0${VIRTUAL}`) return undefined;
      this.addWatchFile(path);
      const manifest = await readManifest(path);
      return `export default ${JSON.stringify(manifest)};`;
    },
  };
}

function budgetPlugin(): Plugin {
  let outDir = "";
  return {
    name: "tmai-first-load-budget",
    apply: "build",
    configResolved: (config) => {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const load = measureFirstLoad(outDir);
      this.info(describeFirstLoad(load));
      if (load.totalGzipBytes > FIRST_LOAD_BUDGET_BYTES) {
        this.error(`the first load is over its budget: ${describeFirstLoad(load)}`);
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), manifestPlugin(), walletConnectPlugin(), budgetPlugin()],
  server: { host: "127.0.0.1", port: Number(process.env.TMAI_DAPP_PORT ?? 5173), fs: { allow: [ROOT] } },
  preview: { host: "127.0.0.1" },
  build: { manifest: true, outDir: process.env.TMAI_DAPP_OUT_DIR ?? "dist", emptyOutDir: true, target: "es2022" },
});
