/**
 * WalletConnect as a bundle of its own. wagmi's `walletConnect()` connector imports `@walletconnect/ethereum-provider`
 * when it first connects. Bundled with the app, that provider (and the Reown modal it brings) shares viem and crypto
 * code with the app, and the bundler moves the shared code into chunks the first page loads: 218 KB instead of
 * 164 KB, over the 200 KB budget. So the app's build replaces the import with a loader of
 * `<base>walletconnect/ethereum-provider.js`, and, when a project id is configured, this plugin builds that file
 * separately from `src/walletconnect/provider.ts` (with its own copy of what it needs). Without a project id the
 * button is not shown and nothing is built. `vite dev` uses the package directly.
 */
import { resolve } from "node:path";
import { build, type Plugin } from "vite";

const PROVIDER = "@walletconnect/ethereum-provider";
const LOADER = "\0tmai-walletconnect-loader";
/** The bundle's folder in the dApp's output, and its entry file. */
export const WALLETCONNECT_DIR = "walletconnect";
export const WALLETCONNECT_FILE = "ethereum-provider.js";

/** The project id WalletConnect needs (https://cloud.reown.com), from the environment or a .env file. */
export function walletConnectProjectId(env: Record<string, string | undefined>): string | undefined {
  const id = env.VITE_WALLETCONNECT_PROJECT_ID?.trim();
  return id === undefined || id === "" ? undefined : id;
}

export function walletConnectPlugin(): Plugin {
  let root = "";
  let outDir = "";
  let base = "/";
  let projectId: string | undefined;
  return {
    name: "tmai-walletconnect",
    apply: "build",
    // Before Vite's own resolver, which would find the package in node_modules.
    enforce: "pre",
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
      base = config.base;
      projectId = walletConnectProjectId(config.env);
    },
    resolveId: (id) => (id === PROVIDER ? LOADER : undefined),
    load(id) {
      if (id !== LOADER) return undefined;
      const url = `${base}${WALLETCONNECT_DIR}/${WALLETCONNECT_FILE}`;
      return [
        `const url = ${JSON.stringify(url)};`,
        `export const EthereumProvider = {`,
        `  async init(options) {`,
        `    const loaded = await import(/* @vite-ignore */ url);`,
        `    return loaded.EthereumProvider.init(options);`,
        `  },`,
        `};`,
      ].join("\n");
    },
    async closeBundle() {
      if (projectId === undefined) return;
      await build({
        configFile: false,
        root,
        logLevel: "warn",
        // The Reown modal and its dependencies read these Node globals.
        define: { "process.env.NODE_ENV": JSON.stringify("production"), global: "globalThis" },
        build: {
          outDir: resolve(outDir, WALLETCONNECT_DIR),
          emptyOutDir: true,
          target: "es2022",
          lib: {
            entry: resolve(root, "src/walletconnect/provider.ts"),
            formats: ["es"],
            fileName: () => WALLETCONNECT_FILE,
          },
        },
      });
      this.info(`WalletConnect: built ${WALLETCONNECT_DIR}/${WALLETCONNECT_FILE} (loaded only when a user picks it)`);
    },
  };
}
