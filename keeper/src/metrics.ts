/**
 * The keeper's Prometheus metrics (prom-client), in one registry of its own. `main.ts` feeds them: each pass's report,
 * each transaction event of the senders, and after each pass the wallets' balances, the journals' sizes and each
 * vault's auction. `server.ts` serves them at /metrics.
 */
import { Counter, Gauge, Registry } from "prom-client";
import type { TxEvent } from "./txSender.js";
import type { TickReport } from "./types.js";

/** Actions of a pass, as the `action` label of `tmai_keeper_actions_total`. */
const ACTIONS = ["targetsPosted", "regimeSignals", "samples", "upkeeps", "fills", "housekeeping"] as const;

export class KeeperMetrics {
  readonly registry = new Registry();
  private lastPassAt: number | undefined;
  private readonly passes = new Counter({
    name: "tmai_keeper_passes_total",
    help: "Passes run, by result: ok (every task succeeded), partial (some task failed), failed (the pass threw)",
    labelNames: ["result"],
    registers: [this.registry],
  });
  private readonly failures = new Counter({
    name: "tmai_keeper_task_failures_total",
    help: "Tasks that failed in a pass (logged with the decoded error), by task",
    labelNames: ["task"],
    registers: [this.registry],
  });
  private readonly actions = new Counter({
    name: "tmai_keeper_actions_total",
    help: "What the passes did, by action (targets posted, regime signals, samples, upkeeps, fills, housekeeping)",
    labelNames: ["action"],
    registers: [this.registry],
  });
  private readonly transactions = new Counter({
    name: "tmai_keeper_transactions_total",
    help: "Transactions by event: sent (signed and journaled), rebroadcast, mined, reverted, superseded",
    labelNames: ["role", "event"],
    registers: [this.registry],
  });
  private readonly gasSpent = new Counter({
    name: "tmai_keeper_gas_spent_wei_total",
    help: "Wei spent on gas by the keeper's mined transactions (gas used x effective gas price)",
    labelNames: ["role"],
    registers: [this.registry],
  });
  private readonly balance = new Gauge({
    name: "tmai_keeper_wallet_balance_wei",
    help: "Native balance of each keeper account, in wei (alert when low: it pays every transaction's gas)",
    labelNames: ["role", "account"],
    registers: [this.registry],
  });
  private readonly pending = new Gauge({
    name: "tmai_keeper_pending_intents",
    help: "Intents journaled and not yet settled (in flight), by role",
    labelNames: ["role"],
    registers: [this.registry],
  });
  private readonly auctionRunning = new Gauge({
    name: "tmai_keeper_auction_running",
    help: "1 while the vault has an auction running, else 0",
    labelNames: ["vault"],
    registers: [this.registry],
  });
  private readonly auctionEndsIn = new Gauge({
    name: "tmai_keeper_auction_ends_in_seconds",
    help: "Seconds of chain time until the vault's running auction ends (0 when none runs)",
    labelNames: ["vault"],
    registers: [this.registry],
  });

  constructor(private readonly now: () => number = () => Date.now() / 1000) {
    const metrics = this;
    new Gauge({
      name: "tmai_keeper_seconds_since_last_pass",
      help: "Seconds since the last pass ended (ok or partial); -1 before the first",
      registers: [this.registry],
      collect() {
        this.set(metrics.lastPassAt === undefined ? -1 : metrics.now() - metrics.lastPassAt);
      },
    });
  }

  /** A pass ended with `report` (it may have failed tasks). */
  passDone(report: TickReport): void {
    this.lastPassAt = this.now();
    this.passes.inc({ result: report.failures > 0 ? "partial" : "ok" });
    for (const task of report.failedTasks) this.failures.inc({ task });
    for (const action of ACTIONS) if (report[action] > 0) this.actions.inc({ action }, report[action]);
  }

  /** A pass threw before its end. */
  passFailed(): void {
    this.passes.inc({ result: "failed" });
  }

  /** When the last pass ended (unix seconds), if any. */
  get lastPass(): number | undefined {
    return this.lastPassAt;
  }

  transaction(role: string, event: TxEvent): void {
    this.transactions.inc({ role, event });
  }

  gas(role: string, wei: bigint): void {
    this.gasSpent.inc({ role }, Number(wei));
  }

  wallet(role: string, account: string, wei: bigint): void {
    this.balance.set({ role, account }, Number(wei));
  }

  pendingIntents(role: string, count: number): void {
    this.pending.set({ role }, count);
  }

  auction(vault: string, running: boolean, endsInSeconds: number): void {
    this.auctionRunning.set({ vault }, running ? 1 : 0);
    this.auctionEndsIn.set({ vault }, running ? Math.max(0, endsInSeconds) : 0);
  }
}
