/**
 * The keeper's shared types: the seams between the pass (`tick.ts`), its tasks (`tasks/`) and the sources and
 * services they use. Types only, importing nothing of the keeper but leaf modules, so no module cycle goes through it.
 */
import type { RebalanceUpkeep, Rebalancer } from "../../types/ethers-contracts/index.js";
import type { Logger } from "./log.js";
import type { SendOutcome } from "./txSender.js";
import type { MethodologySpec } from "./methodology/index.js";
import type { TargetBounds } from "./methodology/common.js";
import type { SectorMembership, TokenSignal } from "./methodology/signalSector.js";
import type { SnapshotStore } from "./snapshot.js";
import type { MarketCap } from "./weights.js";

/** A transaction to send under an intent key that identifies it across retries and restarts. */
export interface Submission {
  intent: string;
  to: string;
  data: string;
}

/** Sends a submission once (through the TxSender) and resolves when it is mined or superseded. */
export type Submit = (s: Submission) => Promise<SendOutcome>;

/** Chain time, in seconds (clock.ts): the one clock of the keeper's tasks and of what they sign. */
export interface Clock {
  now(): Promise<number>;
}

/** Where market capitalisations come from: a fixture file locally, an HTTP service in production. */
export interface MarketDataSource {
  readonly name: string;
  marketCaps(): Promise<MarketCap[]>;
}

/** Where per-token trading signals come from (a Token-Metrics-style API in production, a fixture locally). */
export interface SignalSource {
  readonly name: string;
  signals(): Promise<TokenSignal[]>;
}

/** How a vault's target is computed: its methodology, the contracts' bounds, and the extra inputs it reads. */
export interface VaultMethodology {
  spec: MethodologySpec;
  /** Default: the Rebalancer's bounds with the keeper's weight cap (`contractBounds(weightCapWad)`). */
  bounds?: TargetBounds;
  /** Per-token signals (signal-sector). */
  signals?: SignalSource;
  /** Sector membership, from its versioned file (signal-sector). */
  membership?: SectorMembership;
}

/**
 * When a new target is posted within a week: when the target the live data implies moved out of a band around the
 * posted weight of one of its assets, above `trimBps` or below `topUpBps` of that weight (basis points: 5000 and
 * 3000 post when an asset's weight would rise by half or fall by 30 %).
 */
export interface DriftBands {
  trimBps: number;
  topUpBps: number;
}

/** What the methodologist wants for a vault's regime: from a fixture locally, from a model in production. */
export type DesiredRegime = "risk-on" | "risk-off";
export interface RegimeSource {
  desired(vault: string): Promise<DesiredRegime | undefined>;
}

/**
 * Fills an open auction when it pays (the Uniswap solver): yields the submissions it wants to make, one at a time;
 * the pass submits each before asking for the next, so the filler plans every lot from the chain as it is then.
 */
export interface AuctionFiller {
  fills(vault: string, auctionId: bigint): AsyncIterable<Submission>;
}

/** What the weekly housekeeping reads from the chain, its clock included (tasks/housekeeping.ts). */
export interface HousekeepingChain extends Clock {
  /** Timestamp of veTMAI's latest global point (0 when none). */
  lastVeCheckpoint(): Promise<bigint>;
  rewardTokens(): Promise<string[]>;
  /** First week of `token` the distributor has not closed yet. */
  finalizedUntil(token: string): Promise<bigint>;
  ve: string;
  distributor: string;
  encodeVeCheckpoint(): string;
  encodeCheckpointToken(token: string): string;
}

export interface TickContext {
  rebalancer: Rebalancer;
  upkeep: RebalanceUpkeep;
  vaults: string[];
  market: MarketDataSource;
  /** The per-asset cap of the default methodology's bounds (capped market cap over every token the data lists). */
  weightCapWad: bigint;
  /** Each vault's methodology, keyed by lower-case vault address; a vault not listed gets capped market cap. */
  methodologies?: Readonly<Record<string, VaultMethodology>>;
  /** Where each target's snapshot is published before the target is posted (snapshot.ts). */
  snapshots: SnapshotStore;
  /** Drift bands of an intra-week repost; default 5000 / 3000 bps (trim at +50 %, top up at -30 %). */
  driftBands?: DriftBands;
  regime?: RegimeSource;
  filler?: AuctionFiller;
  /** Weekly veTMAI checkpoint and closing of revenue weeks (see tasks/housekeeping.ts). */
  housekeeping?: HousekeepingChain;
  /** Chain time for the tasks of a pass; by default the latest block of the rebalancer's provider (clock.ts). */
  clock?: Clock;
  /** Sends as the operator: fills, upkeep, samples, housekeeping (and everything when one key plays both roles). */
  submit: Submit;
  /** Sends as the methodologist (targets, regime signals) when it has its own key; else `submit`. */
  submitAsMethodologist?: Submit;
  log: Logger;
}

export interface TickReport {
  targetsPosted: number;
  /** `signalRegime` calls: switches started and pending switches cleared. */
  regimeSignals: number;
  /** Weekly samples taken for on-chain regime sources (TrendSignal). */
  samples: number;
  upkeeps: number;
  fills: number;
  housekeeping: number;
  /** Tasks (per vault) that failed in this pass; each was logged, and the rest of the pass went on. */
  failures: number;
  /** The name of each failed task (`target`, `upkeep`, `auction fills`, …), once per failure. */
  failedTasks: string[];
}
