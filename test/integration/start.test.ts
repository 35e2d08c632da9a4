import { expect } from "chai";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { JsonRpcProvider, keccak256 } from "ethers";
import { hardhatAccount, LOCAL_ACCOUNTS } from "../../deploy/config/networks/localhost.js";
import { readManifest } from "../../manifest/index.js";
import { IndexVault__factory, Rebalancer__factory } from "../../types/ethers-contracts/index.js";

const ROOT = resolve(import.meta.dirname, "../..");

function startStack(port: number, dir: string): ChildProcessWithoutNullStreams {
  return spawn(join(ROOT, "node_modules/.bin/tsx"), ["deploy/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, TMAI_PORT: String(port), TMAI_DAPP_PORT: String(port + 2), TMAI_DEPLOYMENTS_DIR: dir },
  });
}

function waitFor(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        ok(out);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (pattern.test(out)) ok(out);
      else fail(new Error(`exited with ${code} before ${pattern}:\n${out}`));
    });
  });
}

/** Chain time minus wall-clock time, in seconds: the latest block's timestamp against the clock when it arrived. */
async function chainDrift(provider: JsonRpcProvider): Promise<number> {
  const block = await provider.getBlock("latest");
  if (block === null) throw new Error("no latest block");
  return block.timestamp - Date.now() / 1000;
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((ok) => child.once("exit", ok));
}

describe("npm start", function () {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "tmai-start-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("brings the protocol up on 127.0.0.1, keeps chain time with the wall clock, and stops cleanly on Ctrl-C", async function () {
    const port = 18_645;
    const child = startStack(port, dir);
    try {
      const out = await waitFor(child, /TMAI protocol ready/, 240_000);
      expect(out).to.include(`http://127.0.0.1:${port}`);

      const manifest = await readManifest(join(dir, "localhost.json"));
      expect(manifest.chainId).to.equal(31337);
      expect(manifest.tokens.length).to.be.greaterThanOrEqual(10);
      expect(manifest.indices.map((i) => i.name)).to.deep.equal(["Index", "IndexGlobal30", "IndexAI", "IndexDeFi"]);
      expect(manifest.indices[0]!.rebalancing?.upkeepPeriodSeconds).to.be.a("number");
      const provider = new JsonRpcProvider(manifest.rpcUrl, undefined, { staticNetwork: true });
      const index = IndexVault__factory.connect(manifest.indices[0]!.address, provider);
      expect((await index.navPerShare()) > 0n).to.equal(true);
      expect((await index.totalSupply()) > 0n).to.equal(true);

      // Chain time keeps the wall clock: at ready (after the deployment's hundreds of transactions) and while the
      // keeper and the price simulator send theirs (20 s: two keeper passes and a simulator round), so a deadline of
      // "now + 5 minutes" means five minutes.
      const drifts = [await chainDrift(provider)];
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 2_000));
        drifts.push(await chainDrift(provider));
      }
      const worst = Math.max(...drifts.map(Math.abs));
      expect(worst, `chain time minus wall clock (s): ${drifts.map((d) => d.toFixed(1)).join(", ")}`).to.be.at.most(5);

      // The keeper published the target's snapshot under <deployments>/snapshots before posting the target, and the
      // posted target carries its hash.
      // Every index gets its own methodology's target (keeper/fixtures/local/methodologies.json).
      const rebalancer = Rebalancer__factory.connect(manifest.contracts.Rebalancer!.address, provider);
      for (const entry of manifest.indices) {
        // The keeper's first pass posts one index after the other: give it a minute.
        let [posted] = await rebalancer.queryFilter(rebalancer.filters.TargetPosted(entry.address));
        for (let tries = 0; tries < 60 && posted === undefined; tries++) {
          await new Promise((r) => setTimeout(r, 1_000));
          [posted] = await rebalancer.queryFilter(rebalancer.filters.TargetPosted(entry.address));
        }
        expect(posted, `a target posted for ${entry.symbol}`).to.not.equal(undefined);
        const snapshots = join(dir, "snapshots", entry.address.toLowerCase());
        const [snapshot] = await readdir(snapshots);
        const text = await readFile(join(snapshots, snapshot!), "utf8");
        expect(keccak256(Buffer.from(text))).to.equal(posted!.args.snapshotHash);
        const { methodology } = JSON.parse(text) as { methodology: { id: string } };
        expect(methodology.id).to.equal(
          entry.name === "Index" || entry.name === "IndexGlobal30" ? "global-top-n" : "signal-sector",
        );
        if (entry.name === "IndexGlobal30") expect(posted!.args.assets).to.have.length(30);
      }
      provider.destroy();

      // The keeper ran its passes against that chain without an error.
      const keeperLog = (await readFile(join(dir, "keeper.log"), "utf8")).trim().split("\n");
      expect(keeperLog.some((line) => line.includes('"msg":"pass done"'))).to.equal(true);
      expect(keeperLog.filter((line) => line.includes('"level":"error"'))).to.deep.equal([]);
      // Two keys (methodologist and solver operator), and nothing secret in the logs.
      const started = JSON.parse(keeperLog.find((line) => line.includes('"msg":"keeper started"'))!) as Record<
        string,
        string
      >;
      expect(started.methodologist).to.not.equal(started.operator);
      for (const role of [LOCAL_ACCOUNTS.methodologist, LOCAL_ACCOUNTS.operator]) {
        expect(keeperLog.join("\n")).to.not.include(hardhatAccount(role).privateKey.slice(2));
      }

      // The subgraph indexes the node and answers graph-node's dialect: the index, as the chain has it.
      const subgraph = `http://127.0.0.1:${port - 545}/subgraphs/name/tmai/index-protocol`;
      expect(out).to.include(subgraph);
      let answer: { data?: { indexes: { id: string; symbol: string }[]; _meta: { block: { number: number } } } } = {};
      for (let tries = 0; tries < 60 && (answer.data?.indexes.length ?? 0) < manifest.indices.length; tries++) {
        const res = await fetch(subgraph, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ indexes { id symbol } _meta { block { number } } }" }),
        });
        answer = (await res.json()) as typeof answer;
        if ((answer.data?.indexes.length ?? 0) < manifest.indices.length)
          await new Promise((r) => setTimeout(r, 1_000));
      }
      expect(answer.data!.indexes.map((i) => [i.id, i.symbol]).sort()).to.deep.equal(
        manifest.indices.map((i) => [i.address.toLowerCase(), i.symbol]).sort(),
      );
      expect(answer.data!._meta.block.number).to.be.greaterThan(manifest.startBlock);

      // The keeper's health and Prometheus metrics, scraped as an operator's monitoring would.
      const endpoints = `http://127.0.0.1:${port + 919}`;
      const health = (await (await fetch(`${endpoints}/healthz`)).json()) as Record<string, unknown>;
      expect(health).to.include({ status: "ok", rpcReachable: true });
      const metrics = await (await fetch(`${endpoints}/metrics`)).text();
      expect(metrics).to.match(/^tmai_keeper_passes_total\{result="ok"\} [1-9]/m);
      expect(metrics).to.match(/^tmai_keeper_wallet_balance_wei\{role="operator",account="0x[0-9a-fA-F]{40}"\} [1-9]/m);
      expect(metrics).to.match(/^tmai_keeper_wallet_balance_wei\{role="methodologist",account="0x[0-9a-fA-F]{40}"\} /m);
      expect(metrics).to.match(/^tmai_keeper_transactions_total\{role="methodologist",event="mined"\} [1-9]/m);
      expect(metrics).to.match(
        new RegExp(`^tmai_keeper_auction_running\\{vault="${manifest.indices[0]!.address}"\\} [01]`, "m"),
      );
      expect(metrics).to.match(/^tmai_keeper_seconds_since_last_pass \d/m);

      // The dApp, built against this deployment and served on 127.0.0.1: its page, its scripts with the
      // deployment's addresses inside, and the page again for a route of the app (a single-page app's fallback).
      const dapp = `http://127.0.0.1:${port + 2}/`;
      expect(out).to.match(new RegExp(`TMAI protocol ready.*dApp ${dapp.replace(/[.]/g, "\\.")}`));
      expect(out).to.match(/dApp first load: [\d.]+ KB gzipped JavaScript/);
      const page = await fetch(dapp);
      expect(page.status).to.equal(200);
      const html = await page.text();
      expect(html).to.include('<div id="root"></div>');
      const scripts = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
      expect(scripts.length).to.equal(1);
      const entry = await fetch(new URL(scripts[0]!, dapp));
      expect(entry.headers.get("content-type")).to.match(/javascript/);
      // The deployment's addresses are in the app's chunks (the entry and the chunks it names).
      const entryText = await entry.text();
      const chunks = [...new Set([...entryText.matchAll(/(?:assets\/|\.\/)([\w.-]+\.js)/g)].map((m) => m[1]!))];
      const texts = [
        entryText,
        ...(await Promise.all(chunks.map(async (c) => (await fetch(new URL(`/assets/${c}`, dapp))).text()))),
      ];
      const address = manifest.indices[0]!.address.toLowerCase();
      expect(texts.some((t) => t.toLowerCase().includes(address))).to.equal(true);
      const route = await fetch(new URL(`/index/${manifest.indices[0]!.address}/trade`, dapp));
      expect(await route.text()).to.equal(html);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exitCode(child)).to.equal(0);
    // The node is gone: the port is free again.
    await new Promise<void>((ok, fail) => {
      const probe = createServer();
      probe.once("error", fail);
      probe.listen(port, "127.0.0.1", () => probe.close(() => ok()));
    });
  });

  it("refuses a busy port with a readable message", async function () {
    const port = 18_646;
    const blocker: Server = createServer();
    await new Promise<void>((ok) => blocker.listen(port, "127.0.0.1", ok));
    try {
      const child = startStack(port, dir);
      const out = await waitFor(child, /already in use/, 60_000);
      expect(out).to.include("TMAI_PORT=");
      expect(await exitCode(child)).to.equal(1);
    } finally {
      blocker.close();
    }
  });
});
