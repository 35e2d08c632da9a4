/**
 * Chain reads of the staking screens (VeTMAI, RevenueDistributor, TMAI) and their subgraph history. Every read
 * function of a query runs against one `latest` block where it matters (the chain time the previews use).
 */
import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { getBlock, readContract } from "wagmi/actions";
import { erc20Abi, type Address } from "viem";
import { RevenueDistributorAbi, VeTMAIAbi } from "../../../bindings/abis.js";
import { contract, manifest, tokenAt } from "../config/manifest.js";
import { floorWeek, WEEK } from "../lib/staking.js";
import { LIVE_INTERVAL_MS } from "./lens.js";
import { subgraphQuery } from "./subgraph.js";

export const ve = () => contract("VeTMAI");
export const distributor = () => contract("RevenueDistributor");
export const tmai = () => contract("TMAI");

/** Symbol and decimals of a revenue token: TMAI, an index token (18 decimals) or a basket token of the manifest. */
export function tokenMeta(address: string): { symbol: string; decimals: number } {
  const a = address.toLowerCase();
  if (a === tmai().toLowerCase()) return { symbol: "TMAI", decimals: 18 };
  const index = manifest.indices.find((i) => i.address.toLowerCase() === a);
  if (index !== undefined) return { symbol: index.symbol, decimals: 18 };
  const token = tokenAt(address);
  if (token !== undefined) return { symbol: token.symbol, decimals: token.decimals };
  return { symbol: `${address.slice(0, 8)}…`, decimals: 18 };
}

export interface StakingState {
  /** Chain time of the block read (seconds). */
  now: bigint;
  amount: bigint;
  end: bigint;
  score: bigint;
  votes: bigint;
  delegatee: Address;
  tierIndex: number;
  thresholds: readonly bigint[];
  minLockAmount: bigint;
  paused: boolean;
  tmaiBalance: bigint;
  allowance: bigint;
  totalScore: bigint;
}

/** The account's lock, score, votes, delegate and TMAI, with the settings the form needs, at the latest block. */
export function useStakingState(account: Address | undefined) {
  const config = useConfig();
  return useQuery({
    queryKey: ["staking", "state", account],
    enabled: account !== undefined,
    refetchInterval: LIVE_INTERVAL_MS,
    queryFn: async (): Promise<StakingState> => {
      const who = account!;
      const block = await getBlock(config);
      const at = { blockNumber: block.number };
      const read = <T>(args: object): Promise<T> => readContract(config, { ...at, ...args } as never) as Promise<T>;
      const v = { address: ve(), abi: VeTMAIAbi };
      const [locked, score, votes, delegatee, tier, thresholds, minLockAmount, paused, tmaiBalance, allowance, total] =
        await Promise.all([
          read<readonly [bigint, bigint]>({ ...v, functionName: "locked", args: [who] }),
          read<bigint>({ ...v, functionName: "balanceOf", args: [who] }),
          read<bigint>({ ...v, functionName: "getVotes", args: [who] }),
          read<Address>({ ...v, functionName: "delegates", args: [who] }),
          read<number>({ ...v, functionName: "tierOf", args: [who] }),
          read<readonly bigint[]>({ ...v, functionName: "tierThresholds" }),
          read<bigint>({ ...v, functionName: "minLockAmount" }),
          read<boolean>({ ...v, functionName: "paused" }),
          read<bigint>({ address: tmai(), abi: erc20Abi, functionName: "balanceOf", args: [who] }),
          read<bigint>({ address: tmai(), abi: erc20Abi, functionName: "allowance", args: [who, ve()] }),
          read<bigint>({ ...v, functionName: "totalSupply" }),
        ]);
      return {
        now: block.timestamp,
        amount: locked[0],
        end: locked[1],
        score,
        votes,
        delegatee,
        tierIndex: Number(tier),
        thresholds,
        minLockAmount,
        paused,
        tmaiBalance,
        allowance,
        totalScore: total,
      };
    },
  });
}

export interface WeekRow {
  /** Week start (seconds). */
  week: bigint;
  /** The account's scaled power at the week's opening. */
  scaledBalance: bigint;
  /** Closed: the stored rate; open: undefined. */
  rate: bigint | undefined;
  /** The account's share of the week (exact for closed weeks, projected for completed weeks not closed yet). */
  share: bigint;
  closed: boolean;
}

export interface TokenRewards {
  token: Address;
  symbol: string;
  decimals: number;
  claimable: bigint;
  /** Unclaimed completed weeks, oldest first (at most 52). */
  weeks: WeekRow[];
  /** The current (open) week: revenue so far, carried revenue, the account's projected share. */
  current: { week: bigint; revenue: bigint; carried: bigint; scaledBalance: bigint; scaledTotal: bigint };
  totalClaimed: bigint;
}

export interface RewardsState {
  now: bigint;
  tokens: TokenRewards[];
}

/**
 * Per revenue token: RevenueDistributor.claimable, and per unclaimed week the account's scaled power (VeTMAI
 * scaledBalancesAt) with the week's stored rate (rateOfWeek) or, for a completed week not closed on chain yet, its
 * revenue split at the week's opening supply; the current week's revenue so far for the projection.
 */
export function useRewards(account: Address | undefined) {
  const config = useConfig();
  return useQuery({
    queryKey: ["staking", "rewards", account],
    enabled: account !== undefined,
    refetchInterval: LIVE_INTERVAL_MS,
    queryFn: async (): Promise<RewardsState> => {
      const who = account!;
      const block = await getBlock(config);
      const at = { blockNumber: block.number };
      const read = <T>(args: object): Promise<T> => readContract(config, { ...at, ...args } as never) as Promise<T>;
      const d = { address: distributor(), abi: RevenueDistributorAbi };
      const v = { address: ve(), abi: VeTMAIAbi };
      const now = block.timestamp;
      const currentWeek = floorWeek(now);
      const tokens = await read<readonly Address[]>({ ...d, functionName: "rewardTokens" });
      const lockCount = await read<bigint>({ ...v, functionName: "lockPointCount", args: [who] });
      const firstLockTs =
        lockCount === 0n
          ? undefined
          : (await read<readonly [bigint, bigint, bigint]>({ ...v, functionName: "lockPointAt", args: [who, 0n] }))[2];
      const [currentScaled, currentTotal] = await Promise.all([
        read<readonly bigint[]>({ ...v, functionName: "scaledBalancesAt", args: [who, currentWeek, 1n] }),
        read<bigint>({ ...v, functionName: "scaledTotalSupplyAt", args: [currentWeek] }),
      ]);
      const out = await Promise.all(
        tokens.map(async (token): Promise<TokenRewards> => {
          const [claimable, info, cursor, revenueNow, carried, totalClaimed] = await Promise.all([
            read<bigint>({ ...d, functionName: "claimable", args: [who, token] }),
            read<readonly [boolean, bigint, bigint]>({ ...d, functionName: "tokenInfo", args: [token] }),
            read<bigint>({ ...d, functionName: "claimCursor", args: [who, token] }),
            read<bigint>({ ...d, functionName: "revenueOfWeek", args: [token, currentWeek] }),
            read<bigint>({ ...d, functionName: "carried", args: [token] }),
            read<bigint>({ ...d, functionName: "totalClaimed", args: [token] }),
          ]);
          const [, startWeek, finalizedUntil] = info;
          // The first unclaimed week, as the distributor finds it (_firstUnclaimedWeek, without its jump).
          let from = cursor;
          if (from === 0n && firstLockTs !== undefined) from = floorWeek(firstLockTs) + WEEK;
          if (from < startWeek) from = startWeek;
          const weeks: WeekRow[] = [];
          if (firstLockTs !== undefined && from < currentWeek) {
            if (currentWeek - from > 52n * WEEK) from = currentWeek - 52n * WEEK;
            const n = (currentWeek - from) / WEEK;
            const balances = await read<readonly bigint[]>({
              ...v,
              functionName: "scaledBalancesAt",
              args: [who, from, n],
            });
            const rows = await Promise.all(
              balances.map(async (b, i): Promise<WeekRow | undefined> => {
                const week = from + BigInt(i) * WEEK;
                if (b === 0n) return undefined;
                if (week < finalizedUntil) {
                  const rate = await read<bigint>({ ...d, functionName: "rateOfWeek", args: [token, week] });
                  return { week, scaledBalance: b, rate, share: (b * rate) / 10n ** 36n, closed: true };
                }
                const [revenue, total] = await Promise.all([
                  read<bigint>({ ...d, functionName: "revenueOfWeek", args: [token, week] }),
                  read<bigint>({ ...v, functionName: "scaledTotalSupplyAt", args: [week] }),
                ]);
                const share = total === 0n ? 0n : (revenue * b) / total;
                return { week, scaledBalance: b, rate: undefined, share, closed: false };
              }),
            );
            for (const r of rows) if (r !== undefined) weeks.push(r);
          }
          return {
            token,
            ...tokenMeta(token),
            claimable,
            weeks,
            current: {
              week: currentWeek,
              revenue: revenueNow,
              carried,
              scaledBalance: currentScaled[0] ?? 0n,
              scaledTotal: currentTotal,
            },
            totalClaimed,
          };
        }),
      );
      return { now, tokens: out };
    },
  });
}

export interface ClaimEntry {
  token: string;
  amount: string;
  fromWeek: string;
  toWeek: string;
  locked: boolean;
  timestamp: string;
  transaction: string;
}

/** The account's past claims (subgraph Claim), newest first. */
export function useClaims(account: Address | undefined) {
  return useQuery({
    queryKey: ["subgraph", "claims", account],
    enabled: account !== undefined,
    refetchInterval: 5_000,
    retry: 1,
    queryFn: async () =>
      (
        await subgraphQuery<{ claims: ClaimEntry[] }>(
          `query($account: Bytes!) { claims(where: { account: $account }, orderBy: timestamp, orderDirection: desc, first: 100) { token amount fromWeek toWeek locked timestamp transaction } }`,
          { account: account!.toLowerCase() },
        )
      ).claims,
  });
}

export interface LockEventEntry {
  kind: string;
  added: string;
  amount: string;
  end: string;
  payer: string | null;
  timestamp: string;
  transaction: string;
}

export interface DelegateChangeEntry {
  fromDelegate: string;
  toDelegate: string;
  timestamp: string;
  transaction: string;
}

/** The account's lock changes and delegation changes (subgraph LockEvent, DelegateChange), newest first. */
export function useStakingHistory(account: Address | undefined) {
  return useQuery({
    queryKey: ["subgraph", "staking-history", account],
    enabled: account !== undefined,
    refetchInterval: 5_000,
    retry: 1,
    queryFn: async () =>
      subgraphQuery<{ lockEvents: LockEventEntry[]; delegateChanges: DelegateChangeEntry[] }>(
        `query($account: Bytes!, $lock: String!) {
          lockEvents(where: { lock: $lock }, orderBy: timestamp, orderDirection: desc, first: 100) { kind added amount end payer timestamp transaction }
          delegateChanges(where: { delegator: $account }, orderBy: timestamp, orderDirection: desc, first: 100) { fromDelegate toDelegate timestamp transaction }
        }`,
        { account: account!.toLowerCase(), lock: account!.toLowerCase() },
      ),
  });
}

export interface PositionTrade {
  kind: "Mint" | "Redeem";
  index: string;
  shares: bigint;
  feeShares: bigint;
  navPerShareUSD: string | null;
  timestamp: number;
  transaction: string;
}

/** The account's in-kind mints (as receiver) and redeems (as caller) in every index (subgraph), oldest first. */
export function usePositionTrades(account: Address | undefined) {
  return useQuery({
    queryKey: ["subgraph", "position-trades", account],
    enabled: account !== undefined,
    refetchInterval: 10_000,
    retry: 1,
    queryFn: async (): Promise<PositionTrade[]> => {
      type Row = {
        index: { id: string };
        shares: string;
        feeShares: string;
        navPerShareUSD: string | null;
        timestamp: string;
        transaction: string;
      };
      const fields = "index { id } shares feeShares navPerShareUSD timestamp transaction";
      const d = await subgraphQuery<{ mints: Row[]; redeems: Row[] }>(
        `query($account: String!) {
          mints(where: { receiver: $account }, orderBy: timestamp, orderDirection: asc, first: 1000) { ${fields} }
          redeems(where: { caller: $account }, orderBy: timestamp, orderDirection: asc, first: 1000) { ${fields} }
        }`,
        { account: account!.toLowerCase() },
      );
      const map = (kind: "Mint" | "Redeem") => (r: Row) => ({
        kind,
        index: r.index.id,
        shares: BigInt(r.shares),
        feeShares: BigInt(r.feeShares),
        navPerShareUSD: r.navPerShareUSD,
        timestamp: Number(r.timestamp),
        transaction: r.transaction,
      });
      return [...d.mints.map(map("Mint")), ...d.redeems.map(map("Redeem"))].sort((a, b) => a.timestamp - b.timestamp);
    },
  });
}
