/**
 * The local stack for the browser tests: `npm start` (deploy/start.ts) in a temporary deployments directory on
 * test ports, with the keeper and the price simulator off (so nothing but the test moves prices or the basket),
 * the subgraph and the dApp on; and headless Chromium (Debian's /usr/bin/chromium) through playwright-core.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";

export const ROOT = resolve(import.meta.dirname, "../..");
export const CHROMIUM = process.env.TMAI_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface Stack {
  dir: string;
  rpcUrl: string;
  dappUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * `npm start` on `port` (node), `port + 1` (dApp) and `port + 2` (subgraph), in a temporary deployments directory.
 * The keeper and the price simulator are off unless `services` turns them on (the bench watches them work).
 */
export async function startStack(
  port: number,
  services: { keeper?: boolean; simulator?: boolean } = {},
): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), "tmai-e2e-"));
  const child: ChildProcessWithoutNullStreams = spawn(join(ROOT, "node_modules/.bin/tsx"), ["deploy/start.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      TMAI_PORT: String(port),
      TMAI_DAPP_PORT: String(port + 1),
      TMAI_SUBGRAPH_PORT: String(port + 2),
      TMAI_DEPLOYMENTS_DIR: dir,
      TMAI_KEEPER: services.keeper === true ? "1" : "0",
      TMAI_SIMULATOR: services.simulator === true ? "1" : "0",
    },
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGINT");
      await new Promise((ok) => child.once("exit", ok));
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`npm start was not ready within 400 s:\n${out}`)), 400_000);
      const check = (): void => {
        if (/TMAI protocol ready/.test(out)) {
          clearTimeout(timer);
          ok();
        }
      };
      child.stdout.on("data", check);
      child.once("exit", (code) => {
        clearTimeout(timer);
        fail(new Error(`npm start exited with ${code} before it was ready:\n${out}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { dir, rpcUrl: `http://127.0.0.1:${port}`, dappUrl: `http://127.0.0.1:${port + 1}`, output: () => out, stop };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
