import { afterEach, describe, expect, it } from "vitest";
import type { Server } from "node:http";
import { KeeperMetrics } from "../src/metrics.js";
import { startKeeperServer, type KeeperServerOptions } from "../src/server.js";
import type { TickReport } from "../src/types.js";

const report = (over: Partial<TickReport> = {}): TickReport => ({
  targetsPosted: 0,
  regimeSignals: 0,
  samples: 0,
  upkeeps: 1,
  fills: 2,
  housekeeping: 0,
  failures: 0,
  failedTasks: [],
  ...over,
});

describe("keeper /healthz and /metrics", () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  async function serve(over: Partial<KeeperServerOptions> & { clock: { t: number } }) {
    const metrics = new KeeperMetrics(() => over.clock.t);
    const started = await startKeeperServer({
      host: "127.0.0.1",
      port: 0,
      metrics,
      staleAfterSeconds: 90,
      blockNumber: async () => 123,
      now: () => over.clock.t,
      ...over,
    });
    server = started.server;
    return { metrics, url: started.url };
  }

  it("listens on 127.0.0.1 and reports starting, then ok after a pass, then stale", async () => {
    const clock = { t: 1_000 };
    const { metrics, url } = await serve({ clock });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const starting = await fetch(`${url}/healthz`);
    expect(starting.status).toBe(200);
    expect(await starting.json()).toMatchObject({ status: "starting", lastPassAt: null, rpcReachable: true });

    metrics.passDone(report());
    clock.t += 30;
    const ok = await fetch(`${url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "ok", secondsSinceLastPass: 30, blockNumber: 123 });

    clock.t += 100;
    const stale = await fetch(`${url}/healthz`);
    expect(stale.status).toBe(503);
    expect(await stale.json()).toMatchObject({ status: "stale", secondsSinceLastPass: 130 });
  });

  it("says when the RPC does not answer", async () => {
    const { url } = await serve({ clock: { t: 0 }, blockNumber: () => Promise.reject(new Error("ECONNREFUSED")) });
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "rpc-unreachable", rpcReachable: false, blockNumber: null });
  });

  it("serves the pass, failure, transaction, balance and auction metrics in Prometheus format", async () => {
    const clock = { t: 500 };
    const { metrics, url } = await serve({ clock });
    metrics.passDone(report());
    metrics.passDone(report({ failures: 2, failedTasks: ["market data", "auction fills"] }));
    metrics.passFailed();
    metrics.transaction("operator", "sent");
    metrics.transaction("operator", "mined");
    metrics.gas("operator", 21_000n * 2_000_000_000n);
    metrics.wallet("operator", "0xAbC", 5n * 10n ** 17n);
    metrics.pendingIntents("operator", 1);
    metrics.auction("0xVault", true, 600);
    clock.t += 12;
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await res.text();
    for (const line of [
      'tmai_keeper_passes_total{result="ok"} 1',
      'tmai_keeper_passes_total{result="partial"} 1',
      'tmai_keeper_passes_total{result="failed"} 1',
      'tmai_keeper_task_failures_total{task="market data"} 1',
      'tmai_keeper_task_failures_total{task="auction fills"} 1',
      'tmai_keeper_actions_total{action="fills"} 4',
      'tmai_keeper_transactions_total{role="operator",event="mined"} 1',
      'tmai_keeper_gas_spent_wei_total{role="operator"} 42000000000000',
      'tmai_keeper_wallet_balance_wei{role="operator",account="0xAbC"} 500000000000000000',
      'tmai_keeper_pending_intents{role="operator"} 1',
      'tmai_keeper_auction_running{vault="0xVault"} 1',
      'tmai_keeper_auction_ends_in_seconds{vault="0xVault"} 600',
      "tmai_keeper_seconds_since_last_pass 12",
    ]) {
      expect(text).toContain(line);
    }
  });

  it("serves nothing else and changes nothing", async () => {
    const { url } = await serve({ clock: { t: 0 } });
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: "POST" })).status).toBe(405);
  });
});
