/**
 * `npm start`: the whole protocol on this machine.
 *
 * 1. compiles the contracts (and typed bindings),
 * 2. starts a Hardhat node on 127.0.0.1 (port 8545, or TMAI_PORT),
 * 3. deploys the protocol through the same step flow as every network (deploy/lib/local/stack.ts: stand-ins for
 *    tokens, feeds and Uniswap v3, the flow with the localhost config, which hands every admin role to the
 *    timelock, then the demo step: pools, funded demo accounts, a lock, a first mint),
 * 4. writes the deployments manifest (deployments/localhost.json, or TMAI_DEPLOYMENTS_DIR),
 * 5. starts the keeper (targets and their snapshots in <deployments>/snapshots, regime, upkeep, auction fills;
 *    <deployments>/keeper.log; TMAI_KEEPER=0 skips it)
 *    the price simulator (feeds and pools; <deployments>/simulator.log; TMAI_SIMULATOR=0 skips it) and the
 *    subgraph (the compiled mappings indexing the node into PGlite, GraphQL on 127.0.0.1:8000 or TMAI_SUBGRAPH_PORT;
 *    <deployments>/subgraph.log; TMAI_SUBGRAPH=0 skips it),
 * 6. builds the dApp (frontend/, against that manifest and subgraph; into <deployments>/dapp) and serves it on
 *    127.0.0.1:5173 (TMAI_DAPP_PORT; TMAI_DAPP=0 skips it),
 * 7. prints one line starting with "TMAI protocol ready" (with the dApp's URL) and keeps everything running until
 *    Ctrl-C.
 *
 * Chain time keeps the wall clock: the node starts an hour back and automines the deployment, then chain time moves
 * up to the clock and the node mines one block a second (transactions wait for it, as on a real network).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { copyFile, mkdir, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import type { JsonRpcProvider } from "ethers";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "node_modules", ".bin");
const HOST = "127.0.0.1";
/**
 * How far back the node dates its genesis block. The deployment automines a few hundred transactions, each in a
 * block of its own one second after the last (timestamps never repeat: hardhat.config.ts), so chain time runs
 * minutes ahead of the clock while it deploys; starting an hour back, it is still behind the clock when done, and
 * moves forward to it. Chain time never goes back, so a chain ahead of the clock would stay ahead.
 */
const GENESIS_AGE_SECONDS = 3_600;
/** The keeper's /healthz and /metrics listen on the node's port plus this. */
const KEEPER_METRICS_PORT_OFFSET = 919;

/** A background service of the local stack (keeper, simulator), its output in <deployments>/<name>.log. */
function startService(name: string, script: string, logDir: string, env: Record<string, string>): ChildProcess {
  // Its own process group (tsx runs the script in a child process), so that stopping can kill both at once.
  const child = spawn(join(BIN, "tsx"), [script], {
    cwd: ROOT,
    env: { ...childEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const logPath = join(logDir, `${name}.log`);
  const out = createWriteStream(logPath);
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  child.once("exit", (code) => {
    if (!shuttingDown) log(`The ${name} stopped (code ${code}); see ${logPath}. The node keeps running.`);
  });
  return child;
}

let shuttingDown = false;

/** Kills a service's process group (tsx and the script it runs) if it is still running. */
function killService(service: ChildProcess): void {
  if (service.exitCode !== null || service.signalCode !== null || service.pid === undefined) return;
  try {
    process.kill(-service.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

interface StartConfig {
  port: number;
  deploymentsDir: string;
  /** Port of the dApp, or undefined when TMAI_DAPP=0. */
  dappPort: number | undefined;
}

function readConfig(env: NodeJS.ProcessEnv): StartConfig {
  const rawPort = env.TMAI_PORT ?? "8545";
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 1024 || port > 65_535) {
    throw new UserError(`TMAI_PORT must be a whole number from 1024 to 65535, got "${rawPort}".`);
  }
  const deploymentsDir = resolve(ROOT, env.TMAI_DEPLOYMENTS_DIR ?? "deployments");
  const rawDappPort = env.TMAI_DAPP_PORT ?? "5173";
  const dappPort = Number(rawDappPort);
  if (!Number.isInteger(dappPort) || dappPort < 1024 || dappPort > 65_535) {
    throw new UserError(`TMAI_DAPP_PORT must be a whole number from 1024 to 65535, got "${rawDappPort}".`);
  }
  return { port, deploymentsDir, dappPort: env.TMAI_DAPP === "0" ? undefined : dappPort };
}

/** An error whose message is meant for the user as is (no stack trace). */
class UserError extends Error {}

function log(message: string): void {
  process.stdout.write(`[tmai] ${message}\n`);
}

function childEnv(): NodeJS.ProcessEnv {
  // Hardhat 3 needs Node 22, which the npm `node` package installs in node_modules/.bin.
  return { ...process.env, PATH: `${BIN}:${process.env.PATH ?? ""}`, FORCE_COLOR: "0" };
}

async function assertPortFree(port: number, variable = "TMAI_PORT"): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const probe = createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => {
      fail(
        err.code === "EADDRINUSE"
          ? new UserError(
              `Port ${port} on ${HOST} is already in use. Stop whatever listens there (another node?) ` +
                `or choose another port, e.g. ${variable}=${port + 1} npm start.`,
            )
          : err,
      );
    });
    probe.listen(port, HOST, () => probe.close(() => ok()));
  });
}

async function run(command: string, args: string[], what: string, env: Record<string, string> = {}): Promise<string> {
  // npm comes from the PATH npm start runs with; every other tool from node_modules/.bin.
  const bin = command === "npm" ? "npm" : join(BIN, command);
  const child = spawn(bin, args, { cwd: ROOT, env: { ...childEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((ok) => child.once("exit", ok));
  if (code !== 0) throw new UserError(`${what} failed (exit ${code}):\n${output.trim()}`);
  return output;
}

async function waitForRpc(url: string, node: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.exitCode !== null)
      throw new UserError(`The local node exited early (code ${node.exitCode}); see its log.`);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new UserError(`The local node did not answer on ${url} within ${timeoutMs / 1000} s.`);
}

/** Moves chain time forward to the wall clock; returns how many seconds it is still ahead (it cannot go back). */
async function moveChainTimeToClock(provider: JsonRpcProvider): Promise<number> {
  const latest = await provider.getBlock("latest");
  if (latest === null) throw new Error("the local node has no latest block");
  const now = Math.floor(Date.now() / 1000);
  if (latest.timestamp >= now) return latest.timestamp - now;
  await provider.send("evm_setNextBlockTimestamp", [`0x${now.toString(16)}`]);
  await provider.send("evm_mine", []);
  return 0;
}

async function main(): Promise<void> {
  const started = performance.now();
  const config = readConfig(process.env);
  const rpcUrl = `http://${HOST}:${config.port}`;
  await assertPortFree(config.port);
  if (config.dappPort !== undefined) await assertPortFree(config.dappPort, "TMAI_DAPP_PORT");

  log("Compiling contracts");
  await run("hardhat", ["build", "--quiet"], "Compilation");
  const { subgraphBuildIsCurrent } = await import("../subgraph/scripts/buildStamp.js");
  if (await subgraphBuildIsCurrent()) log("The subgraph build is up to date with its sources (not rebuilt)");
  else {
    log("Building the subgraph (graph codegen and graph build, offline)");
    await run("npm", ["run", "--silent", "subgraph:build"], "The subgraph build");
  }

  await mkdir(config.deploymentsDir, { recursive: true });
  const nodeLogPath = join(config.deploymentsDir, "node.log");
  log(`Starting the local node on ${rpcUrl} (log: ${nodeLogPath})`);
  const genesis = new Date(Date.now() - GENESIS_AGE_SECONDS * 1000).toISOString();
  const node = spawn(join(BIN, "hardhat"), ["node", "--hostname", HOST, "--port", String(config.port)], {
    cwd: ROOT,
    env: { ...childEnv(), TMAI_NODE_INITIAL_DATE: genesis },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const nodeLog = createWriteStream(nodeLogPath);
  node.stdout.pipe(nodeLog);
  node.stderr.pipe(nodeLog);

  let stopping = false;
  const services: ChildProcess[] = [];
  let dappServer: Server | undefined;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    shuttingDown = true;
    log(`${signal}: stopping the services, then the local node`);
    dappServer?.close();
    // Services finish their pass against a live node first (at most 5 s), then the node stops. A service still in
    // its pass then (a simulator round takes a while with one block a second) is killed: it would otherwise wait for
    // receipts from a node that is gone, and outlive `npm start`.
    const running = services.filter((service) => service.exitCode === null);
    let nodeStopping = false;
    const stopNode = (): void => {
      if (nodeStopping) return;
      nodeStopping = true;
      running.forEach(killService);
      node.kill("SIGTERM");
      const force = setTimeout(() => node.kill("SIGKILL"), 5_000);
      node.once("exit", () => {
        clearTimeout(force);
        log("Stopped.");
        process.exit(0);
      });
    };
    if (running.length === 0) return stopNode();
    let left = running.length;
    const patience = setTimeout(stopNode, 5_000);
    for (const service of running) {
      service.once("exit", () => {
        if (--left === 0) {
          clearTimeout(patience);
          stopNode();
        }
      });
      service.kill("SIGTERM");
    }
  };

  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  node.once("exit", (code) => {
    if (!stopping) {
      process.stderr.write(`[tmai] The local node stopped unexpectedly (code ${code}); see ${nodeLogPath}\n`);
      process.exit(1);
    }
  });

  try {
    await waitForRpc(rpcUrl, node, 60_000);

    // Imported only now: the typed bindings it uses are generated by the build above.
    const { JsonRpcProvider } = await import("ethers");
    const { deployLocalStack } = await import("./lib/local/stack.js");
    const { LOCAL_ACCOUNTS, hardhatAccount, localhostWatchable } = await import("./config/networks/localhost.js");
    const { contractAddress } = await import("../manifest/index.js");

    const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
    const manifestPath = join(config.deploymentsDir, "localhost.json");
    // The node is new: a manifest left by an earlier `npm start` describes a chain that is gone.
    await rm(manifestPath, { force: true });
    log("Deploying the protocol through the network flow (deploy/lib/steps) with the localhost config");
    const { manifest } = await deployLocalStack(provider, {
      config: localhostWatchable,
      manifestPath,
      network: "localhost",
      rpcUrl,
      log: (line) => log(`  ${line}`),
    });
    const chainId = manifest.chainId;
    // From here on chain time is the wall clock (announcement delays, hysteresis, auctions and deadlines are measured
    // in it): it moves up to the clock, then one block a second carries the transactions sent during that second.
    // Automining would give each transaction a block of its own, a second after the last, pushing chain time ahead.
    const ahead = await moveChainTimeToClock(provider);
    if (ahead > 2)
      log(`Warning: chain time is ${ahead} s ahead of the clock (the deployment outran GENESIS_AGE_SECONDS)`);
    await provider.send("evm_setAutomine", [false]);
    await provider.send("evm_setIntervalMining", [1000]);
    provider.destroy();

    const keyOf = (index: number): string => hardhatAccount(index).privateKey;
    const serviceEnv = { TMAI_RPC_URL: rpcUrl, TMAI_MANIFEST: manifestPath };
    if (process.env.TMAI_KEEPER !== "0") {
      const regimeFile = join(config.deploymentsDir, "regime.json");
      await copyFile(join(ROOT, "keeper", "fixtures", "regime.json"), regimeFile);
      // A new chain, a new history: last run's target snapshots would name targets this chain never saw.
      const snapshotDir = join(config.deploymentsDir, "snapshots");
      await rm(snapshotDir, { recursive: true, force: true });
      // Nor may its transaction journals: they would name transactions of a chain that is gone, and the keeper
      // would wait for them.
      const keeperStateDir = join(config.deploymentsDir, "keeper-state");
      await rm(keeperStateDir, { recursive: true, force: true });
      services.push(
        startService("keeper", "keeper/src/main.ts", config.deploymentsDir, {
          ...serviceEnv,
          // Two keys, as in production: the methodologist's and the solver operator's.
          TMAI_METHODOLOGIST_PRIVATE_KEY: keyOf(LOCAL_ACCOUNTS.methodologist),
          TMAI_OPERATOR_PRIVATE_KEY: keyOf(LOCAL_ACCOUNTS.operator),
          TMAI_KEEPER_INTERVAL_SECONDS: "10",
          // /healthz and /metrics next to the node's port (9464 for the default 8545: Prometheus exporters' range).
          TMAI_KEEPER_METRICS_PORT: String(config.port + KEEPER_METRICS_PORT_OFFSET),
          TMAI_REGIME_FILE: regimeFile,
          TMAI_SNAPSHOT_DIR: snapshotDir,
          TMAI_KEEPER_STATE_DIR: keeperStateDir,
          // The local indices' methodologies and their week-by-week inputs (docs/METHODOLOGY.md, "Local stack").
          TMAI_METHODOLOGY_FILE: join(ROOT, "keeper", "fixtures", "local", "methodologies.json"),
          TMAI_MARKET_DATA: `fixture:${join(ROOT, "keeper", "fixtures", "local", "market-caps.json")}`,
          TMAI_SIGNALS: `fixture:${join(ROOT, "keeper", "fixtures", "local", "signals.json")}`,
        }),
      );
      const endpoints = `http://${HOST}:${config.port + KEEPER_METRICS_PORT_OFFSET}`;
      log(
        `Keeper running every 10 s (${endpoints}/healthz, ${endpoints}/metrics); edit ${regimeFile} to "risk-off" to switch regime`,
      );
    }
    let subgraphUrl: string | undefined;
    const subgraphPort = Number(process.env.TMAI_SUBGRAPH_PORT ?? String(config.port - 545));
    if (process.env.TMAI_SUBGRAPH !== "0") {
      const subgraphDb = join(config.deploymentsDir, "subgraph-db");
      await rm(subgraphDb, { recursive: true, force: true }); // the chain is new: so is its history
      services.push(
        startService("subgraph", "subgraph/local/main.ts", config.deploymentsDir, {
          ...serviceEnv,
          TMAI_SUBGRAPH_PORT: String(subgraphPort),
          TMAI_SUBGRAPH_DB: subgraphDb,
        }),
      );
      subgraphUrl = `http://${HOST}:${subgraphPort}/subgraphs/name/tmai/index-protocol`;
      log(`Subgraph indexing the node into PGlite, GraphQL at ${subgraphUrl} (<deployments>/subgraph.log)`);
    }
    if (process.env.TMAI_SIMULATOR !== "0") {
      services.push(
        startService("simulator", "local/simulate.ts", config.deploymentsDir, {
          ...serviceEnv,
          TMAI_SIMULATOR_PRIVATE_KEY: keyOf(LOCAL_ACCOUNTS.simulator),
        }),
      );
      log("Price simulator moving feeds and pools every 15 s");
    }

    let dappUrl: string | undefined;
    if (config.dappPort !== undefined) {
      const dappDir = join(config.deploymentsDir, "dapp");
      log("Building the dApp against this deployment (vite build)");
      const output = await run("vite", ["build", "--config", "frontend/vite.config.ts"], "The dApp build", {
        // A production build even when npm start runs under a test runner (vitest sets NODE_ENV=test).
        NODE_ENV: "production",
        TMAI_MANIFEST: manifestPath,
        TMAI_DAPP_OUT_DIR: dappDir,
        VITE_SUBGRAPH_URL: `http://${HOST}:${subgraphPort}/subgraphs/name/tmai/index-protocol`,
      });
      const budget = /first load: .*?\(budget [^)]*\)/.exec(output);
      if (budget !== null) log(`dApp ${budget[0]}`);
      const { serveDapp } = await import("./lib/local/dappServer.js");
      dappServer = await serveDapp(dappDir, HOST, config.dappPort);
      dappUrl = `http://${HOST}:${config.dappPort}/`;
      log(`dApp at ${dappUrl} (local test accounts #1 and #2 in "Connect wallet")`);
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const account = (i: number): string => hardhatAccount(i).address;
    log(
      `Demo accounts (Hardhat's default mnemonic): ${[LOCAL_ACCOUNTS.deployer, ...LOCAL_ACCOUNTS.demoUsers].map(account).join(", ")}`,
    );
    for (const index of manifest.indices) log(`Index ${index.symbol} (${index.tokenName}): ${index.address}`);
    log(
      `${manifest.tokens.length} tokens with Chainlink-style feeds and Uniswap v3 pools; npm run local:next-week moves the chain a week on (new market caps and signals)`,
    );
    log(`IndexRouter (mint/redeem with USDC through Uniswap v3): ${contractAddress(manifest, "IndexRouter")}`);
    log(`IndexLens (one eth_call per dApp screen): ${contractAddress(manifest, "IndexLens")}`);
    log(
      `Rebalancer: ${contractAddress(manifest, "Rebalancer")} (methodologist ${account(LOCAL_ACCOUNTS.methodologist)}, solver operator ${account(LOCAL_ACCOUNTS.operator)})`,
    );
    log(
      `Governor: ${contractAddress(manifest, "Governor")}; timelock (admin of every contract): ${contractAddress(manifest, "Timelock")}`,
    );
    log(
      `TMAI protocol ready in ${seconds} s: RPC ${rpcUrl} (chain ${chainId}), manifest ${manifestPath}` +
        `${subgraphUrl === undefined ? "" : `, subgraph ${subgraphUrl}`}` +
        `${dappUrl === undefined ? "" : `, dApp ${dappUrl}`}. Ctrl-C stops it.`,
    );
  } catch (err) {
    stopping = true;
    shuttingDown = true;
    services.forEach(killService);
    dappServer?.close();
    node.kill("SIGTERM");
    throw err;
  }
}

main().catch((err: unknown) => {
  if (err instanceof UserError) process.stderr.write(`[tmai] ${err.message}\n`);
  else
    process.stderr.write(`[tmai] Start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
