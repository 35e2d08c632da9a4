/**
 * Governance data: proposals, their calls and votes (with reasons) from the subgraph; live state, votes, quorum,
 * deadlines and ETA from the governor; the values a proposal would change, read from their contracts; the account's
 * voting power and delegate. Time is the chain's (`governor.clock()`), not the browser's: a proposal's deadlines are
 * chain timestamps, and the local chain's time can be moved.
 */
import { useQuery } from "@tanstack/react-query";
import { useReadContract, useReadContracts, usePublicClient } from "wagmi";
import { getAddress, zeroAddress, type Address, type Hex } from "viem";
import { IndexVaultAbi, RebalancerAbi, TMAIGovernorAbi, VeTMAIAbi } from "../../../bindings/abis.js";
import { contract, manifest } from "../config/manifest.js";
import { describeError } from "../lib/errors.js";
import type { CurrentValues, FeeBounds, ProposalCall, RebalancerConfig } from "../lib/proposals.js";
import { sentenceContext } from "../lib/tokens.js";
import { LIVE_INTERVAL_MS } from "./lens.js";
import { subgraphQuery } from "./subgraph.js";

const governor = () => contract("Governor");

export interface SubgraphProposal {
  id: string;
  proposer: string;
  description: string;
  voteStart: string;
  voteEnd: string;
  state: string;
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
  voteCount: number;
  eta: string | null;
  createdAtTimestamp: string;
  queuedAtTimestamp: string | null;
  executedAtTimestamp: string | null;
  canceledAtTimestamp: string | null;
  transaction: string;
  calls: { position: number; target: string; value: string; calldata: Hex }[];
}

export interface SubgraphVote {
  voter: string;
  support: number;
  weight: string;
  reason: string;
  timestamp: string;
  transaction: string;
}

const PROPOSAL_FIELDS = `id proposer description voteStart voteEnd state forVotes againstVotes abstainVotes voteCount eta
  createdAtTimestamp queuedAtTimestamp executedAtTimestamp canceledAtTimestamp transaction
  calls(orderBy: position) { position target value calldata }`;

/** Every proposal the subgraph indexed (the newest 100), newest first. */
export function useProposals() {
  return useQuery({
    queryKey: ["subgraph", "proposals"],
    queryFn: async () =>
      (
        await subgraphQuery<{ proposals: SubgraphProposal[] }>(
          `{ proposals(orderBy: createdAtTimestamp, orderDirection: desc, first: 100) { ${PROPOSAL_FIELDS} } }`,
        )
      ).proposals,
    refetchInterval: 5_000,
    retry: 1,
  });
}

/** One proposal with its calls and its votes (newest first); null when the subgraph has no such proposal. */
export function useProposal(id: string) {
  return useQuery({
    queryKey: ["subgraph", "proposal", id],
    queryFn: async () =>
      (
        await subgraphQuery<{ proposal: (SubgraphProposal & { votes: SubgraphVote[] }) | null }>(
          `query($id: ID!) { proposal(id: $id) { ${PROPOSAL_FIELDS}
            votes(orderBy: timestamp, orderDirection: desc, first: 200) { voter support weight reason timestamp transaction } } }`,
          { id },
        )
      ).proposal,
    refetchInterval: 4_000,
    retry: 1,
  });
}

/** The chain's time as the governor counts it (ERC-6372 timestamp clock), read about every block. */
export function useChainNow(): number | undefined {
  const { data } = useReadContract({
    address: governor(),
    abi: TMAIGovernorAbi,
    functionName: "clock",
    query: { refetchInterval: LIVE_INTERVAL_MS },
  });
  return data === undefined ? undefined : Number(data);
}

export interface LiveProposal {
  state: number;
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  snapshot: number;
  deadline: number;
  eta: number;
  /** Quorum at the snapshot; undefined while the snapshot is not in the past yet. */
  quorum?: bigint;
}

/** Live state, votes, snapshot, deadline, ETA and quorum of each proposal, from the governor (by id, as a string). */
export function useLiveProposals(ids: readonly string[], now: number | undefined) {
  const address = governor();
  const reads = useReadContracts({
    contracts: ids.flatMap((id) => {
      const args = [BigInt(id)] as const;
      return [
        { address, abi: TMAIGovernorAbi, functionName: "state", args },
        { address, abi: TMAIGovernorAbi, functionName: "proposalVotes", args },
        { address, abi: TMAIGovernorAbi, functionName: "proposalSnapshot", args },
        { address, abi: TMAIGovernorAbi, functionName: "proposalDeadline", args },
        { address, abi: TMAIGovernorAbi, functionName: "proposalEta", args },
      ] as const;
    }),
    query: { enabled: ids.length > 0, refetchInterval: LIVE_INTERVAL_MS },
  });
  const base = ids.map((_, i) => {
    const r = reads.data?.slice(i * 5, i * 5 + 5);
    if (r === undefined || r.some((x) => x.status !== "success")) return undefined;
    const [state, votes, snapshot, deadline, eta] = r.map((x) => x.result) as [
      number,
      readonly [bigint, bigint, bigint],
      bigint,
      bigint,
      bigint,
    ];
    return {
      state: Number(state),
      againstVotes: votes[0],
      forVotes: votes[1],
      abstainVotes: votes[2],
      snapshot: Number(snapshot),
      deadline: Number(deadline),
      eta: Number(eta),
    };
  });
  // quorum(snapshot) reverts for a snapshot not yet in the past (ERC5805FutureLookup): asked only after it.
  const past = base.map((b) => (b !== undefined && now !== undefined && b.snapshot < now ? b.snapshot : undefined));
  const quorums = useReadContracts({
    contracts: past.flatMap((s) =>
      s === undefined ? [] : [{ address, abi: TMAIGovernorAbi, functionName: "quorum", args: [BigInt(s)] } as const],
    ),
    query: { enabled: past.some((s) => s !== undefined) },
  });
  let q = 0;
  const live: (LiveProposal | undefined)[] = base.map((b, i) => {
    if (b === undefined) return undefined;
    if (past[i] === undefined) return b;
    const r = quorums.data?.[q++];
    return { ...b, quorum: r?.status === "success" ? (r.result as bigint) : undefined };
  });
  return {
    live,
    error: reads.error ?? undefined,
    isPending: reads.isPending && ids.length > 0,
    refetch: () => void reads.refetch().then(() => quorums.refetch()),
  };
}

/**
 * The values a proposal's calls would change, as they are on chain now: each vault's fees and fee recipient, and the
 * Rebalancer's settings of each vault a setConfig call names.
 */
export function useCurrentValues(vaults: readonly Address[], configVaults: readonly Address[]) {
  const rebalancer = manifest.contracts.Rebalancer?.address as Address | undefined;
  const reads = useReadContracts({
    contracts: [
      ...vaults.flatMap(
        (v) =>
          [
            { address: v, abi: IndexVaultAbi, functionName: "fees" },
            { address: v, abi: IndexVaultAbi, functionName: "feeRecipient" },
          ] as const,
      ),
      ...(rebalancer === undefined
        ? []
        : configVaults.map(
            (v) => ({ address: rebalancer, abi: RebalancerAbi, functionName: "config", args: [v] }) as const,
          )),
    ],
    query: { refetchInterval: LIVE_INTERVAL_MS, enabled: vaults.length + configVaults.length > 0 },
  });
  const current: CurrentValues = { fees: {}, rebalancer: {} };
  const data = reads.data ?? [];
  vaults.forEach((v, i) => {
    const fees = data[2 * i];
    const recipient = data[2 * i + 1];
    if (fees?.status !== "success") return;
    const f = fees.result as { managementFee: bigint; mintFee: bigint; redeemFee: bigint };
    current.fees![v.toLowerCase()] = {
      managementFee: f.managementFee,
      mintFee: f.mintFee,
      redeemFee: f.redeemFee,
      feeRecipient: recipient?.status === "success" ? (recipient.result as string) : undefined,
    };
  });
  if (rebalancer !== undefined)
    configVaults.forEach((v, i) => {
      const c = data[2 * vaults.length + i];
      if (c?.status === "success") current.rebalancer![v.toLowerCase()] = c.result as unknown as RebalancerConfig;
    });
  return { current, isPending: reads.isPending, error: reads.error };
}

/** The vault's fees now and the bounds it enforces on a new one (IndexVault constants, minMintFee()). */
export function useFeeBounds(vault: Address | undefined) {
  const args = { address: vault, abi: IndexVaultAbi } as const;
  const reads = useReadContracts({
    contracts: [
      { ...args, functionName: "fees" },
      { ...args, functionName: "MAX_MANAGEMENT_FEE" },
      { ...args, functionName: "MAX_MINT_REDEEM_FEE" },
      { ...args, functionName: "minMintFee" },
      { ...args, functionName: "feeRecipient" },
    ],
    query: { enabled: vault !== undefined, refetchInterval: LIVE_INTERVAL_MS },
  });
  const d = reads.data;
  if (d === undefined || d.some((x) => x.status !== "success")) return { bounds: undefined, ...reads };
  const fees = d[0]!.result as { managementFee: bigint; mintFee: bigint; redeemFee: bigint };
  const bounds: FeeBounds & { feeRecipient: Address } = {
    managementFee: fees.managementFee,
    mintFee: fees.mintFee,
    redeemFee: fees.redeemFee,
    maxManagementFee: d[1]!.result as bigint,
    maxMintRedeemFee: d[2]!.result as bigint,
    minMintFee: d[3]!.result as bigint,
    feeRecipient: d[4]!.result as Address,
  };
  return { bounds, ...reads };
}

/** The Rebalancer's settings of `vault` (IRebalancer.Config), or an error when the vault has none. */
export function useRebalancerConfig(vault: Address | undefined) {
  const rebalancer = manifest.contracts.Rebalancer?.address as Address | undefined;
  return useReadContract({
    address: rebalancer,
    abi: RebalancerAbi,
    functionName: "config",
    args: vault === undefined ? undefined : [vault],
    query: { enabled: vault !== undefined && rebalancer !== undefined },
  });
}

/** The account on one proposal: its votes at the snapshot, whether it voted, its delegate now. */
export function useAccountOnProposal(
  id: string,
  account: Address | undefined,
  snapshot: number | undefined,
  now: number | undefined,
) {
  const address = governor();
  const ve = contract("VeTMAI");
  const snapshotPast = snapshot !== undefined && now !== undefined && snapshot < now;
  const enabled = account !== undefined;
  const live = { refetchInterval: LIVE_INTERVAL_MS };
  const who = account ?? zeroAddress;
  const hasVoted = useReadContract({
    address,
    abi: TMAIGovernorAbi,
    functionName: "hasVoted",
    args: [BigInt(id), who],
    query: { enabled, ...live },
  });
  const delegate = useReadContract({
    address: ve,
    abi: VeTMAIAbi,
    functionName: "delegates",
    args: [who],
    query: { enabled, ...live },
  });
  const votesNow = useReadContract({
    address: ve,
    abi: VeTMAIAbi,
    functionName: "getVotes",
    args: [who],
    query: { enabled, ...live },
  });
  // getVotes(account, timepoint) reverts for a timepoint not yet in the past: asked once the snapshot is.
  const atSnapshot = useReadContract({
    address,
    abi: TMAIGovernorAbi,
    functionName: "getVotes",
    args: [who, BigInt(snapshot ?? 0)],
    query: { enabled: enabled && snapshotPast },
  });
  return {
    hasVoted: enabled ? hasVoted.data : undefined,
    delegate: enabled ? delegate.data : undefined,
    votesNow: enabled ? votesNow.data : undefined,
    /** undefined while the snapshot is in the future. */
    votesAtSnapshot: enabled && snapshotPast ? atSnapshot.data : undefined,
    refetch: () => void hasVoted.refetch(),
  };
}

/** What proposing takes and what the account has: the threshold, and its votes one second ago (as propose reads). */
export function useProposerPower(account: Address | undefined, now: number | undefined) {
  const address = governor();
  const reads = useReadContracts({
    contracts: [
      { address, abi: TMAIGovernorAbi, functionName: "proposalThreshold" },
      { address, abi: TMAIGovernorAbi, functionName: "votingDelay" },
      { address, abi: TMAIGovernorAbi, functionName: "votingPeriod" },
    ],
    query: { refetchInterval: LIVE_INTERVAL_MS },
  });
  const power = useReadContract({
    address,
    abi: TMAIGovernorAbi,
    functionName: "getVotes",
    args: [account ?? zeroAddress, BigInt((now ?? 1) - 1)],
    query: { enabled: account !== undefined && now !== undefined },
  });
  const d = reads.data;
  const ok = <T>(i: number): T | undefined => (d?.[i]?.status === "success" ? (d[i]!.result as T) : undefined);
  return {
    threshold: ok<bigint>(0),
    votingDelay: ok<bigint>(1),
    votingPeriod: ok<bigint>(2),
    power: account === undefined ? undefined : power.data,
  };
}

export type DryRun = { ok: true } | { ok: false; sentence: string; raw?: string };

/**
 * Each call run now as the timelock will run it (an `eth_call` from the timelock's address): a call the target
 * would refuse (a fee above its cap, a mint fee below a day of streaming fee, a role the timelock lacks) is shown
 * with its reason before anyone proposes it. The chain may change before execution.
 */
export function useTimelockDryRun(calls: readonly ProposalCall[]) {
  const client = usePublicClient();
  const timelock = contract("Timelock");
  return useQuery({
    queryKey: ["dry-run", timelock, calls.map((c) => `${c.target}:${c.value}:${c.calldata}`)],
    enabled: client !== undefined && calls.length > 0,
    queryFn: async (): Promise<DryRun[]> =>
      Promise.all(
        calls.map(async (c): Promise<DryRun> => {
          try {
            await client!.call({ account: timelock, to: getAddress(c.target), data: c.calldata, value: c.value });
            return { ok: true };
          } catch (err) {
            const d = describeError(err, sentenceContext);
            return { ok: false, sentence: d.sentence, raw: d.raw };
          }
        }),
      ),
    retry: false,
  });
}
