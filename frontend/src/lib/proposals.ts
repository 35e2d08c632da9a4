/**
 * Governance proposals in words, without React: a proposal's calls decoded into sentences (with the generated ABIs
 * and the manifest's names), the governor's states, quorum progress, the status timeline, what a button cannot do
 * yet and why, and the new-proposal form's validation and encoding. The fee setters, states and vote kinds are the
 * CLI's (deploy/governance/shared.ts).
 */
import {
  decodeFunctionData,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  isAddress,
  keccak256,
  toFunctionSignature,
  toHex,
  zeroAddress,
  type Abi,
  type Address,
  type Hex,
} from "viem";
import {
  IndexFactoryAbi,
  IndexVaultAbi,
  PriceOracleAbi,
  RebalancerAbi,
  RevenueDistributorAbi,
  TMAIGovernorAbi,
  TMAITimelockAbi,
  VeTMAIAbi,
} from "../../../bindings/abis.js";
import {
  FEE_FUNCTION,
  FEE_NAME,
  STATES,
  SUPPORT,
  type FeeKind,
  type ProposalStateName,
  type Support,
  type VaultFees,
} from "../../../deploy/governance/shared.js";
import { manifest } from "../config/manifest.js";
import { formatAmount, formatDuration, formatTime, formatUsd, parseAmount, shortAddress } from "./format.js";

export { FEE_NAME, STATES, SUPPORT, type FeeKind, type ProposalStateName, type Support };

// ------------------------------------------------------------------ names and ABIs

/** ABIs of the manifest's contracts a proposal may call, by manifest name (the generated bindings). */
const ABI_BY_NAME: Record<string, Abi> = {
  Rebalancer: RebalancerAbi,
  Governor: TMAIGovernorAbi,
  Timelock: TMAITimelockAbi,
  VeTMAI: VeTMAIAbi,
  PriceOracle: PriceOracleAbi,
  IndexFactory: IndexFactoryAbi,
  RevenueDistributor: RevenueDistributorAbi,
};

export interface Target {
  name: string;
  /** Set for an index vault of the manifest. */
  vault?: Address;
  abi?: Abi;
}

/** The manifest's name of `address` (an index by its symbol) with the ABI to decode its calls, if any. */
export function targetOf(address: string): Target {
  const index = manifest.indices.find((i) => i.address.toLowerCase() === address.toLowerCase());
  if (index !== undefined) return { name: index.symbol, vault: getAddress(index.address), abi: IndexVaultAbi };
  const entry = Object.entries(manifest.contracts).find(([, c]) => c.address.toLowerCase() === address.toLowerCase());
  if (entry !== undefined) return { name: entry[0], abi: ABI_BY_NAME[entry[0]] };
  return { name: shortAddress(address) };
}

/** An address as a name when the manifest (index, contract, token, role) knows it, else shortened. */
export function nameOfAddress(address: string): string {
  if (address.toLowerCase() === zeroAddress) return "none (zero address)";
  const token = manifest.tokens.find((t) => t.address.toLowerCase() === address.toLowerCase());
  if (token !== undefined) return token.symbol;
  const target = targetOf(address);
  if (target.abi !== undefined || target.vault !== undefined) return target.name;
  const role = Object.entries(manifest.roles).find(([, a]) => a?.toLowerCase() === address.toLowerCase());
  if (role !== undefined) return `${shortAddress(address)} (the ${role[0]})`;
  return shortAddress(address);
}

// ------------------------------------------------------------------ numbers in words

/** A fraction with 18 decimals as a percentage: 2 decimals at least, up to 4 (`1.50 %`, `0.0055 %`). */
export function pct(wad: bigint): string {
  return `${formatAmount(wad * 100n, 18, 4, 2)} %`;
}

/** The Rebalancer's per-index settings (IRebalancer.Config). */
export interface RebalancerConfig {
  bandHigh: bigint;
  bandLow: bigint;
  auctionDuration: number;
  announcementDelay: number;
  hysteresis: number;
  weightCap: bigint;
  maxLotUsd: bigint;
  stablecoin: Address;
}

const CONFIG_FIELDS: { key: keyof RebalancerConfig; label: string; show: (v: never) => string }[] = [
  { key: "bandHigh", label: "auction start above the oracle price", show: (v: bigint) => pct(v) },
  { key: "bandLow", label: "auction end below the oracle price", show: (v: bigint) => pct(v) },
  { key: "auctionDuration", label: "auction duration", show: (v: number) => formatDuration(v) },
  { key: "announcementDelay", label: "target announcement delay", show: (v: number) => formatDuration(v) },
  { key: "hysteresis", label: "regime hysteresis", show: (v: number) => formatDuration(v) },
  { key: "weightCap", label: "weight cap", show: (v: bigint) => pct(v) },
  { key: "maxLotUsd", label: "largest lot", show: (v: bigint) => formatUsd(v, 0) },
  { key: "stablecoin", label: "risk-off asset", show: (v: string) => nameOfAddress(v) },
];

function showField(key: keyof RebalancerConfig, c: RebalancerConfig): string {
  const field = CONFIG_FIELDS.find((f) => f.key === key)!;
  return (field.show as (v: unknown) => string)(c[key]);
}

function configOf(raw: unknown): RebalancerConfig {
  const c = raw as Record<string, unknown>;
  return {
    bandHigh: BigInt(c.bandHigh as bigint),
    bandLow: BigInt(c.bandLow as bigint),
    auctionDuration: Number(c.auctionDuration),
    announcementDelay: Number(c.announcementDelay),
    hysteresis: Number(c.hysteresis),
    weightCap: BigInt(c.weightCap as bigint),
    maxLotUsd: BigInt(c.maxLotUsd as bigint),
    stablecoin: getAddress(c.stablecoin as string),
  };
}

// ------------------------------------------------------------------ decoding a proposal's calls

export interface ProposalCall {
  target: string;
  value: bigint;
  calldata: Hex;
}

/** What is on chain now, to say "from … to …": each vault's fees and recipient, the Rebalancer's settings. */
export interface CurrentValues {
  fees?: Record<string, { managementFee: bigint; mintFee: bigint; redeemFee: bigint; feeRecipient?: string }>;
  rebalancer?: Record<string, RebalancerConfig>;
}

export interface DescribedCall extends ProposalCall {
  targetName: string;
  /** `name(types)` when decoded. */
  signature?: string;
  functionName?: string;
  args?: readonly unknown[];
  /** The call in plain words. */
  sentence: string;
  /** The value on chain now and the proposed one, in words, when the call sets one value the dApp reads. */
  now?: string;
  proposed?: string;
  /** False when the call could not be decoded (no ABI for the target, or a selector it does not have). */
  decoded: boolean;
  /** For a vault fee change: which fee, the vault and the new fee (18 decimals). */
  fee?: { kind: FeeKind; vault: Address; wad: bigint };
}

function argText(v: unknown): string {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string" && isAddress(v)) return nameOfAddress(v);
  if (Array.isArray(v)) return `[${v.map(argText).join(", ")}]`;
  if (typeof v === "object" && v !== null)
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${argText(x)}`)
      .join(", ")}}`;
  return String(v);
}

const KIND_OF_FUNCTION: Record<string, FeeKind> = {
  [FEE_FUNCTION.management]: "management",
  [FEE_FUNCTION.mint]: "mint",
  [FEE_FUNCTION.redeem]: "redeem",
};

/** One call of a proposal in words, with the current on-chain value when `current` has it. */
export function describeCall(call: ProposalCall, current: CurrentValues = {}): DescribedCall {
  const target = targetOf(call.target);
  const sendsValue = call.value > 0n ? ` and send it ${formatAmount(call.value, 18, 6)} ETH` : "";
  const raw: DescribedCall = {
    ...call,
    targetName: target.name,
    decoded: false,
    sentence:
      `Call ${target.name} (${call.target}) with ${Math.max(0, (call.calldata.length - 2) / 2)} bytes of data ` +
      `${call.calldata.length >= 10 ? `(selector ${call.calldata.slice(0, 10)}) ` : ""}that this app cannot decode` +
      `${target.abi === undefined ? ": it has no ABI for this target" : `: ${target.name} has no such function`}` +
      sendsValue,
  };
  if (target.abi === undefined) return raw;
  let functionName: string;
  let args: readonly unknown[];
  let signature: string;
  try {
    const d = decodeFunctionData({ abi: target.abi, data: call.calldata });
    functionName = d.functionName;
    args = d.args ?? [];
    const item = target.abi.find(
      (x) => x.type === "function" && x.name === functionName && x.inputs.length === args.length,
    );
    signature = item === undefined ? functionName : toFunctionSignature(item as never);
  } catch {
    return raw;
  }
  const base = { ...call, targetName: target.name, decoded: true, functionName, args, signature };
  const generic = `Call ${target.name}.${functionName}(${args.map(argText).join(", ")})${sendsValue}`;

  const kind = KIND_OF_FUNCTION[functionName];
  if (target.vault !== undefined && kind !== undefined) {
    const wad = args[0] as bigint;
    const nowFee = current.fees?.[target.vault.toLowerCase()]?.[`${kind}Fee`];
    const unit = kind === "management" ? " a year" : "";
    const proposed = `${pct(wad)}${unit}`;
    const now = nowFee === undefined ? undefined : `${pct(nowFee)}${unit}`;
    const sentence =
      now === undefined
        ? `Set ${target.name}'s ${FEE_NAME[kind]} to ${proposed}`
        : nowFee === wad
          ? `Set ${target.name}'s ${FEE_NAME[kind]} to ${proposed} (already its value on chain)`
          : `Set ${target.name}'s ${FEE_NAME[kind]} from ${now} to ${proposed}`;
    return { ...base, sentence: sentence + sendsValue, now, proposed, fee: { kind, vault: target.vault, wad } };
  }
  if (target.vault !== undefined && functionName === "setFeeRecipient") {
    const to = args[0] as string;
    const nowRecipient = current.fees?.[target.vault.toLowerCase()]?.feeRecipient;
    const now = nowRecipient === undefined ? undefined : nameOfAddress(nowRecipient);
    const proposed = nameOfAddress(to);
    return {
      ...base,
      now,
      proposed,
      sentence:
        (now === undefined
          ? `Send ${target.name}'s fee shares to ${proposed}`
          : `Send ${target.name}'s fee shares to ${proposed} instead of ${now}`) + sendsValue,
    };
  }
  if (target.name === "Rebalancer" && functionName === "setConfig") {
    const vault = args[0] as string;
    const next = configOf(args[1]);
    const prev = current.rebalancer?.[vault.toLowerCase()];
    const index = nameOfAddress(vault);
    const keys = CONFIG_FIELDS.map((f) => f.key);
    if (prev === undefined) {
      const all = keys.map((k) => `${CONFIG_FIELDS.find((f) => f.key === k)!.label} ${showField(k, next)}`);
      return { ...base, sentence: `Set ${index}'s rebalancing settings: ${all.join(", ")}${sendsValue}` };
    }
    const changed = keys.filter((k) => prev[k] !== next[k]);
    const changes = changed.map(
      (k) => `${CONFIG_FIELDS.find((f) => f.key === k)!.label} from ${showField(k, prev)} to ${showField(k, next)}`,
    );
    return {
      ...base,
      now: changed.map((k) => showField(k, prev)).join(", ") || undefined,
      proposed: changed.map((k) => showField(k, next)).join(", ") || undefined,
      sentence:
        changes.length === 0
          ? `Set ${index}'s rebalancing settings to what they are now (no change)${sendsValue}`
          : `Change ${index}'s rebalancing settings: ${changes.join(", ")}${sendsValue}`,
    };
  }
  if (target.name === "Rebalancer" && functionName === "setAssetLimits") {
    const [vault, asset, cap, lot] = args as [string, string, bigint, bigint];
    return {
      ...base,
      sentence:
        `Set ${nameOfAddress(vault)}'s limits for ${nameOfAddress(asset)}: weight cap ` +
        `${cap === 0n ? "the index default" : pct(cap)}, largest lot ${lot === 0n ? "the index default" : formatUsd(lot, 0)}` +
        sendsValue,
    };
  }
  return { ...base, sentence: generic };
}

// ------------------------------------------------------------------ states, quorum, timeline

/** The governor's state number in words (`Unknown (9)` for a number OpenZeppelin does not define). */
export function stateName(state: number): ProposalStateName | `Unknown (${number})` {
  return STATES[state] ?? `Unknown (${state})`;
}

export interface StateDisplay {
  name: string;
  /** CSS tone of the badge. */
  tone: "waiting" | "open" | "passed" | "failed" | "done";
  sentence: string;
}

const STATE_DISPLAY: Record<ProposalStateName, Omit<StateDisplay, "name">> = {
  Pending: { tone: "waiting", sentence: "Voting has not opened yet: it opens after the snapshot." },
  Active: { tone: "open", sentence: "Voting is open." },
  Canceled: { tone: "failed", sentence: "Canceled: it will never run." },
  Defeated: { tone: "failed", sentence: "Defeated: not enough support or no quorum; it cannot run." },
  Succeeded: { tone: "passed", sentence: "Passed: anyone can queue it in the timelock." },
  Queued: { tone: "passed", sentence: "Queued in the timelock: anyone can execute it once the delay is over." },
  Expired: { tone: "failed", sentence: "Expired: it was not executed in time." },
  Executed: { tone: "done", sentence: "Executed: the change is live on chain." },
};

export function stateDisplay(state: number): StateDisplay {
  const name = stateName(state);
  const d = STATE_DISPLAY[name as ProposalStateName];
  if (d === undefined)
    return { name, tone: "waiting", sentence: "The governor answered a state this app does not know." };
  return { name, ...d };
}

/** Active first, then pending, then the rest; newest first within each group. */
export function sortProposals<T extends { state: number; createdAt: number }>(list: readonly T[]): T[] {
  const rank = (s: number): number => (s === 1 ? 0 : s === 0 ? 1 : s === 4 || s === 5 ? 2 : 3);
  return [...list].sort((a, b) => rank(a.state) - rank(b.state) || b.createdAt - a.createdAt);
}

export interface Votes {
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
}

export interface QuorumProgress {
  /** For + abstain: what counts towards quorum (GovernorCountingSimple). */
  counted: bigint;
  /** Quorum at the snapshot; undefined while the snapshot is in the future. */
  needed?: bigint;
  /** counted / needed in percent, capped at 100 (for a bar); undefined without `needed`. */
  percent?: number;
  reached?: boolean;
}

export function quorumProgress(v: Votes, needed: bigint | undefined): QuorumProgress {
  const counted = v.forVotes + v.abstainVotes;
  if (needed === undefined) return { counted };
  if (needed === 0n) return { counted, needed, percent: 100, reached: true };
  const basisPoints = (counted * 10_000n) / needed;
  return {
    counted,
    needed,
    percent: Math.min(100, Number(basisPoints) / 100),
    reached: counted >= needed,
  };
}

/** Each side's share of all votes cast, in percent (0 when nobody voted). */
export function voteShares(v: Votes): { for: number; against: number; abstain: number } {
  const total = v.forVotes + v.againstVotes + v.abstainVotes;
  const share = (x: bigint): number => (total === 0n ? 0 : Number((x * 10_000n) / total) / 100);
  return { for: share(v.forVotes), against: share(v.againstVotes), abstain: share(v.abstainVotes) };
}

/** veTMAI (18 decimals) as `1,234.5 veTMAI`. */
export function ve(wad: bigint): string {
  return `${formatAmount(wad, 18, 2)} veTMAI`;
}

/** Why a proposal was defeated, from its votes and quorum. */
export function defeatReason(v: Votes, needed: bigint | undefined): string {
  const q = quorumProgress(v, needed);
  const parts: string[] = [];
  if (q.reached === false) parts.push(`quorum not reached (${ve(q.counted)} of ${ve(q.needed!)})`);
  if (v.forVotes <= v.againstVotes)
    parts.push(`for (${ve(v.forVotes)}) did not exceed against (${ve(v.againstVotes)})`);
  return parts.length === 0 ? "Defeated." : `Defeated: ${parts.join(" and ")}.`;
}

export interface TimelineInput {
  state: number;
  /** Chain time now (seconds). */
  now: number;
  createdAt: number;
  /** The snapshot: voting opens in the second after it. */
  voteStart: number;
  /** The deadline (late quorum may have moved it). */
  voteEnd: number;
  eta?: number;
  queuedAt?: number;
  executedAt?: number;
  canceledAt?: number;
}

export interface TimelineStep {
  label: string;
  time?: number;
  status: "done" | "upcoming" | "failed";
  note?: string;
}

/**
 * The proposal's life: created, voting opens, voting ends, succeeded or defeated, queued (with its ETA), executed;
 * a cancel ends it where it happened; steps not reached yet are "upcoming" with their planned time.
 */
export function buildTimeline(t: TimelineInput): TimelineStep[] {
  const name = stateName(t.state);
  const steps: TimelineStep[] = [{ label: "Created", time: t.createdAt, status: "done" }];
  const canceled = name === "Canceled";
  const cancelAt = t.canceledAt ?? t.now;
  const reached = (time: number): boolean => (canceled ? time < cancelAt : time < t.now);
  steps.push({ label: "Voting opens", time: t.voteStart, status: reached(t.voteStart) ? "done" : "upcoming" });
  if (canceled && !reached(t.voteEnd)) {
    steps.push({ label: "Canceled", time: t.canceledAt, status: "failed", note: "It will never run." });
    return steps;
  }
  steps.push({ label: "Voting ends", time: t.voteEnd, status: reached(t.voteEnd) ? "done" : "upcoming" });
  if (name === "Defeated") {
    steps.push({ label: "Defeated", time: t.voteEnd, status: "failed" });
    return steps;
  }
  if (name === "Pending" || name === "Active") {
    steps.push({ label: "Succeeded or defeated", time: t.voteEnd, status: "upcoming" });
    steps.push({ label: "Queued in the timelock", status: "upcoming" });
    steps.push({ label: "Executed", status: "upcoming" });
    return steps;
  }
  const queued = t.eta !== undefined && t.eta > 0;
  steps.push({ label: "Succeeded", time: t.voteEnd, status: "done" });
  if (canceled && !queued) {
    steps.push({ label: "Canceled", time: t.canceledAt, status: "failed", note: "It will never run." });
    return steps;
  }
  steps.push(
    queued
      ? {
          label: "Queued in the timelock",
          time: t.queuedAt,
          status: "done",
          note: `executable from ${formatTime(t.eta!)}`,
        }
      : { label: "Queued in the timelock", status: "upcoming", note: "anyone can queue it now" },
  );
  if (canceled) {
    steps.push({
      label: "Canceled",
      time: t.canceledAt,
      status: "failed",
      note: "The timelock operation was canceled too.",
    });
  } else if (name === "Executed") {
    steps.push({ label: "Executed", time: t.executedAt, status: "done" });
  } else if (name === "Expired") {
    steps.push({ label: "Expired", status: "failed" });
  } else {
    steps.push({
      label: "Executed",
      time: t.eta,
      status: "upcoming",
      note: queued ? "after the timelock delay" : undefined,
    });
  }
  return steps;
}

// ------------------------------------------------------------------ what a button cannot do yet

const inWords = (seconds: number, now: number): string =>
  `${formatTime(seconds)} (${seconds > now ? `in ${formatDuration(seconds - now)}` : "passed"})`;

/** Why the account cannot vote now, or undefined when it can. */
export function voteBlocked(p: {
  state: number;
  now: number;
  voteStart: number;
  voteEnd: number;
  connected: boolean;
  hasVoted: boolean;
  power: bigint | undefined;
}): string | undefined {
  const name = stateName(p.state);
  if (name === "Pending") return `Voting opens after ${inWords(p.voteStart, p.now)}.`;
  if (name !== "Active") return `The proposal is ${name}: voting ended at ${formatTime(p.voteEnd)}.`;
  if (!p.connected) return "Connect a wallet to vote.";
  if (p.hasVoted) return "You have already voted on this proposal.";
  if (p.power === 0n)
    return "You had no voting power at the snapshot: a vote would count 0 veTMAI. Lock TMAI or get votes delegated before the next proposal's snapshot.";
  return undefined;
}

/** Why the proposal cannot be queued now, or undefined when it can (GovernorTimelockControl: Succeeded only). */
export function queueBlocked(p: { state: number; now: number; voteEnd: number; votes: Votes; quorum?: bigint }) {
  const name = stateName(p.state);
  switch (name) {
    case "Succeeded":
      return undefined;
    case "Pending":
    case "Active":
      return `The proposal is ${name}: voting ends at ${inWords(p.voteEnd, p.now)}; queue it after that if it passes.`;
    case "Defeated":
      return `${defeatReason(p.votes, p.quorum)} It cannot be queued.`;
    case "Queued":
      return "It is already queued in the timelock.";
    case "Executed":
      return "It has been executed.";
    default:
      return `The proposal is ${name}: only a Succeeded proposal can be queued.`;
  }
}

/** Why the proposal cannot be executed now, or undefined when it can (Queued and the timelock delay over). */
export function executeBlocked(p: { state: number; now: number; eta?: number }): string | undefined {
  const name = stateName(p.state);
  if (name === "Queued") {
    if (p.eta !== undefined && p.now < p.eta)
      return `The timelock delay ends at ${inWords(p.eta, p.now)}; execute it after that.`;
    return undefined;
  }
  if (name === "Succeeded") return "It passed but is not queued yet: queue it first.";
  if (name === "Executed") return "It has been executed.";
  return `The proposal is ${name}: only a Queued proposal can be executed.`;
}

// ------------------------------------------------------------------ the new-proposal form

export type Action =
  | { kind: "fee"; vault: Address; fee: FeeKind; wad: bigint }
  | { kind: "feeRecipient"; vault: Address; recipient: Address }
  | { kind: "rebalancerConfig"; vault: Address; config: RebalancerConfig };

/** A proposal's call: target, value (wei) and calldata, as `propose` takes them. */
export function encodeAction(a: Action): ProposalCall {
  switch (a.kind) {
    case "fee":
      return {
        target: a.vault,
        value: 0n,
        calldata: encodeFunctionData({ abi: IndexVaultAbi, functionName: FEE_FUNCTION[a.fee], args: [a.wad] }),
      };
    case "feeRecipient":
      return {
        target: a.vault,
        value: 0n,
        calldata: encodeFunctionData({ abi: IndexVaultAbi, functionName: "setFeeRecipient", args: [a.recipient] }),
      };
    case "rebalancerConfig":
      return {
        target: getAddress(manifest.contracts.Rebalancer!.address),
        value: 0n,
        calldata: encodeFunctionData({ abi: RebalancerAbi, functionName: "setConfig", args: [a.vault, a.config] }),
      };
  }
}

/** The id the governor gives a proposal: `hashProposal(targets, values, calldatas, keccak256(description))`. */
export function proposalIdOf(calls: readonly ProposalCall[], description: string): bigint {
  return BigInt(
    keccak256(
      encodeAbiParameters(
        [{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }, { type: "bytes32" }],
        [
          calls.map((c) => getAddress(c.target)),
          calls.map((c) => c.value),
          calls.map((c) => c.calldata),
          keccak256(toHex(description)),
        ],
      ),
    ),
  );
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** A percentage typed by a person (`1.5` for 1.5 %) as a fraction with 18 decimals. */
export function parsePercent(input: string): Checked<bigint> {
  const text = input.trim().replace(/\s*%$/, "");
  if (text === "") return { ok: false, error: "Type a percentage, e.g. 1.5 for 1.5 %." };
  if (text.startsWith("-")) return { ok: false, error: `${text} % is negative: a fee is 0 % or more.` };
  const wad = parseAmount(text, 16);
  if (wad === undefined)
    return { ok: false, error: `"${input}" is not a percentage: type digits with at most 16 decimals, e.g. 1.5.` };
  return { ok: true, value: wad };
}

/** The vault's fee bounds (IndexVault constants and minMintFee()), and its fees now: the CLI's shape. */
export type FeeBounds = VaultFees;

/** A new fee, checked against the vault's caps and minimum as `propose-fee` checks it. */
export function validateFee(kind: FeeKind, input: string, b: FeeBounds): Checked<bigint> {
  const parsed = parsePercent(input);
  if (!parsed.ok) return parsed;
  const wad = parsed.value;
  const what = `A ${FEE_NAME[kind]} of ${pct(wad)}`;
  if (kind === "management" && wad > b.maxManagementFee)
    return {
      ok: false,
      error: `${what} is above the vault's cap of ${pct(b.maxManagementFee)} a year (MAX_MANAGEMENT_FEE).`,
    };
  if (kind !== "management" && wad > b.maxMintRedeemFee)
    return {
      ok: false,
      error: `${what} is above the vault's cap of ${pct(b.maxMintRedeemFee)} (MAX_MINT_REDEEM_FEE).`,
    };
  if (kind === "mint" && wad < b.minMintFee)
    return {
      ok: false,
      error: `${what} is below the vault's minimum of ${pct(b.minMintFee)}: one day of its ${pct(b.managementFee)} management fee (minMintFee()).`,
    };
  const now = b[`${kind}Fee`];
  if (wad === now) return { ok: false, error: `The ${FEE_NAME[kind]} is already ${pct(now)}: nothing would change.` };
  return { ok: true, value: wad };
}

/** An address typed by a person: 0x and 40 hex digits, a correct checksum when mixed case, not zero. */
export function validateAddress(input: string, what = "The address"): Checked<Address> {
  const text = input.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(text))
    return { ok: false, error: `${what} must be 0x followed by 40 hexadecimal digits.` };
  if (!isAddress(text)) return { ok: false, error: `${what} has a wrong checksum (mixed case): check it.` };
  if (BigInt(text) === 0n) return { ok: false, error: `${what} cannot be the zero address.` };
  return { ok: true, value: getAddress(text) };
}

/** The Rebalancer's bounds on a config (Rebalancer.setConfig): bands at most MAX_BAND (20 %). */
export const MAX_BAND = 2n * 10n ** 17n;
const UINT32_MAX = 2 ** 32 - 1;

export interface ConfigInput {
  bandHigh: string;
  bandLow: string;
  auctionDuration: string;
  announcementDelay: string;
  hysteresis: string;
  weightCap: string;
  maxLotUsd: string;
}

/** The Rebalancer settings form (percentages, seconds, whole USD), checked as `setConfig` checks them. */
export function validateConfig(
  input: ConfigInput,
  stablecoin: Address,
): { ok: true; value: RebalancerConfig } | { ok: false; errors: Partial<Record<keyof ConfigInput, string>> } {
  const errors: Partial<Record<keyof ConfigInput, string>> = {};
  const band = (key: "bandHigh" | "bandLow", label: string): bigint => {
    const p = parsePercent(input[key]);
    if (!p.ok) errors[key] = `${label}: ${p.error}`;
    else if (p.value > MAX_BAND)
      errors[key] = `${label}: ${pct(p.value)} is above the Rebalancer's ${pct(MAX_BAND)} (MAX_BAND).`;
    return p.ok ? p.value : 0n;
  };
  const seconds = (key: "auctionDuration" | "announcementDelay" | "hysteresis", label: string, min: number): number => {
    const text = input[key].trim();
    if (!/^\d+$/.test(text)) {
      errors[key] = `${label}: type whole seconds, e.g. 1800.`;
      return 0;
    }
    const n = Number(text);
    if (n > UINT32_MAX) errors[key] = `${label}: at most ${UINT32_MAX} seconds.`;
    else if (n < min) errors[key] = `${label}: must be at least ${min} second.`;
    return n;
  };
  const bandHigh = band("bandHigh", "Auction start above the oracle price");
  const bandLow = band("bandLow", "Auction end below the oracle price");
  const auctionDuration = seconds("auctionDuration", "Auction duration", 1);
  const announcementDelay = seconds("announcementDelay", "Announcement delay", 0);
  const hysteresis = seconds("hysteresis", "Regime hysteresis", 0);
  const cap = parsePercent(input.weightCap);
  if (!cap.ok) errors.weightCap = `Weight cap: ${cap.error}`;
  else if (cap.value === 0n || cap.value > 10n ** 18n)
    errors.weightCap = "Weight cap: more than 0 % and at most 100 %.";
  const lot = parseAmount(input.maxLotUsd, 18);
  if (lot === undefined) errors.maxLotUsd = "Largest lot: type an amount of USD, e.g. 1000000.";
  else if (lot === 0n) errors.maxLotUsd = "Largest lot: more than $0.";
  else if (lot >= 2n ** 128n) errors.maxLotUsd = "Largest lot: too large for the Rebalancer (uint128).";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      bandHigh,
      bandLow,
      auctionDuration,
      announcementDelay,
      hysteresis,
      weightCap: cap.ok ? cap.value : 0n,
      maxLotUsd: lot!,
      stablecoin,
    },
  };
}

/** A config as the form shows it (the inverse of validateConfig's parsing). */
export function configInput(c: RebalancerConfig): ConfigInput {
  const percent = (wad: bigint): string => formatAmount(wad * 100n, 18, 16).replace(/,/g, "");
  return {
    bandHigh: percent(c.bandHigh),
    bandLow: percent(c.bandLow),
    auctionDuration: String(c.auctionDuration),
    announcementDelay: String(c.announcementDelay),
    hysteresis: String(c.hysteresis),
    weightCap: percent(c.weightCap),
    maxLotUsd: formatAmount(c.maxLotUsd, 18, 18).replace(/,/g, ""),
  };
}

/** A proposal description: a first line as its title, at least 10 characters. */
export function validateDescription(text: string): Checked<string> {
  const t = text.trim();
  if (t === "") return { ok: false, error: "Describe the proposal: its first line is its title." };
  if (t.length < 10)
    return { ok: false, error: "The description is too short to tell voters why (10 characters at least)." };
  return { ok: true, value: t };
}

/** The title of a proposal: the first line of its description, without a leading `#`. */
export function titleOf(description: string): string {
  return (description.split("\n")[0] ?? "").replace(/^#+\s*/, "").trim() || "(no title)";
}

/** The vote kinds, as the buttons name them. */
export const SUPPORT_LABEL = ["Against", "For", "Abstain"] as const;
