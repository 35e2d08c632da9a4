/** History from the subgraph (graph-node's GraphQL dialect; the local server on the local stack). */
import { useQuery } from "@tanstack/react-query";
import { SUBGRAPH_URL } from "../config/manifest.js";

export async function subgraphQuery<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(SUBGRAPH_URL, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  if (!res.ok) throw new Error(`The subgraph answered HTTP ${res.status}`);
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors !== undefined && body.errors.length > 0)
    throw new Error(`The subgraph refused the query: ${body.errors[0]!.message}`);
  if (body.data === undefined) throw new Error("The subgraph answered without data");
  return body.data;
}

export interface Snapshot {
  periodStart: number;
  navPerShareUSD: string | null;
  tvlUSD: string | null;
  totalSupplyDecimal: string;
}

/** Hourly snapshots of every index (the last `first` in all), oldest first, by vault address (lower case). */
export function useIndexSnapshots(first = 1000) {
  return useQuery({
    queryKey: ["subgraph", "snapshots", first],
    queryFn: async () => {
      const data = await subgraphQuery<{ indexHourlySnapshots: (Snapshot & { index: { id: string } })[] }>(
        `query($first: Int!) { indexHourlySnapshots(orderBy: periodStart, orderDirection: desc, first: $first) { index { id } periodStart navPerShareUSD tvlUSD totalSupplyDecimal } }`,
        { first },
      );
      const byIndex: Record<string, Snapshot[]> = {};
      for (const s of [...data.indexHourlySnapshots].reverse()) (byIndex[s.index.id] ??= []).push(s);
      return byIndex;
    },
    refetchInterval: 30_000,
    retry: 1,
  });
}

export interface HistoryEntry {
  kind: "Target" | "Regime" | "Auction" | "Bid" | "Mint" | "Redeem";
  timestamp: number;
  text: string;
  transaction: string;
}

interface HistoryData {
  targets: {
    key: string;
    assets: string[];
    weightsDecimal: string[];
    effectiveAt: string;
    status: string;
    postedAtTimestamp: string;
    transaction: string;
  }[];
  regimeSwitches: {
    kind: string;
    regime: string | null;
    previousRegime: string;
    dueAt: string | null;
    timestamp: string;
    transaction: string;
  }[];
  auctions: { auctionId: string; navUSD: string; start: string; end: string; bidCount: number; transaction: string }[];
  bids: {
    sell: string;
    sellAmountDecimal: string;
    buy: string;
    buyAmountDecimal: string;
    priceFactorDecimal: string;
    timestamp: string;
    transaction: string;
  }[];
  mints: { sharesDecimal: string; receiver: { id: string }; timestamp: string; transaction: string }[];
  redeems: { sharesDecimal: string; caller: { id: string }; timestamp: string; transaction: string }[];
}

/** The index's log (targets, regime switches, auctions, bids, mints, redeems), newest first. */
export function useIndexHistory(vault: string, symbolOf: (address: string) => string) {
  return useQuery({
    queryKey: ["subgraph", "history", vault],
    queryFn: async (): Promise<HistoryEntry[]> => {
      const where = `where: { index: $index }, orderDirection: desc, first: 50`;
      const d = await subgraphQuery<HistoryData>(
        `query($index: String!) {
          targets(${where}, orderBy: postedAtTimestamp) { key assets weightsDecimal effectiveAt status postedAtTimestamp transaction }
          regimeSwitches(${where}, orderBy: timestamp) { kind regime previousRegime dueAt timestamp transaction }
          auctions(${where}, orderBy: start) { auctionId navUSD start end bidCount transaction }
          bids(${where}, orderBy: timestamp) { sell sellAmountDecimal buy buyAmountDecimal priceFactorDecimal timestamp transaction }
          mints(${where}, orderBy: timestamp) { sharesDecimal receiver { id } timestamp transaction }
          redeems(${where}, orderBy: timestamp) { sharesDecimal caller { id } timestamp transaction }
        }`,
        { index: vault.toLowerCase() },
      );
      const entries: HistoryEntry[] = [
        ...d.targets.map((t) => ({
          kind: "Target" as const,
          timestamp: Number(t.postedAtTimestamp),
          text: `Target posted (${t.status.toLowerCase()}): ${t.assets.length} assets, effective ${new Date(Number(t.effectiveAt) * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`,
          transaction: t.transaction,
        })),
        ...d.regimeSwitches.map((r) => ({
          kind: "Regime" as const,
          timestamp: Number(r.timestamp),
          text:
            r.kind === "SWITCHED"
              ? `Regime switched from ${r.previousRegime} to ${r.regime ?? "?"}`
              : r.kind === "SIGNALLED"
                ? `Regime ${r.regime ?? "?"} signalled (applies after hysteresis)`
                : "Pending regime signal cleared",
          transaction: r.transaction,
        })),
        ...d.auctions.map((a) => ({
          kind: "Auction" as const,
          timestamp: Number(a.start),
          text: `Auction #${a.auctionId} started at NAV $${Number(a.navUSD).toLocaleString("en-US", { maximumFractionDigits: 2 })}: ${a.bidCount} bids`,
          transaction: a.transaction,
        })),
        ...d.bids.map((b) => ({
          kind: "Bid" as const,
          timestamp: Number(b.timestamp),
          text: `Bid: the index sold ${b.sellAmountDecimal} ${symbolOf(b.sell)} for ${b.buyAmountDecimal} ${symbolOf(b.buy)} at ${(Number(b.priceFactorDecimal) * 100).toFixed(2)} % of the oracle price`,
          transaction: b.transaction,
        })),
        ...d.mints.map((m) => ({
          kind: "Mint" as const,
          timestamp: Number(m.timestamp),
          text: `Mint of ${m.sharesDecimal} shares to ${m.receiver.id.slice(0, 10)}…`,
          transaction: m.transaction,
        })),
        ...d.redeems.map((r) => ({
          kind: "Redeem" as const,
          timestamp: Number(r.timestamp),
          text: `Redeem of ${r.sharesDecimal} shares by ${r.caller.id.slice(0, 10)}…`,
          transaction: r.transaction,
        })),
      ];
      return entries.sort((a, b) => b.timestamp - a.timestamp);
    },
    refetchInterval: 10_000,
    retry: 1,
  });
}

export interface AccountEntry {
  kind: "Mint" | "Redeem" | "Kept" | "Withdrawn";
  timestamp: number;
  text: string;
  transaction: string;
}

interface AccountHistoryData {
  mints: { sharesDecimal: string; timestamp: string; transaction: string }[];
  redeems: { sharesDecimal: string; timestamp: string; transaction: string }[];
  deferredEvents: {
    kind: string;
    amountDecimal: string;
    claim: { asset: { symbol: string } };
    timestamp: string;
    transaction: string;
  }[];
}

/**
 * The connected account's own history in one index, newest first: its mints (as receiver), its redeems (as
 * caller), and the tokens kept for it when a transfer was refused and later withdrawn. Empty without an account.
 */
export function useAccountHistory(vault: string, account: string | undefined) {
  return useQuery({
    queryKey: ["subgraph", "account-history", vault, account],
    enabled: account !== undefined,
    queryFn: async (): Promise<AccountEntry[]> => {
      const page = "orderBy: timestamp, orderDirection: desc, first: 50";
      const d = await subgraphQuery<AccountHistoryData>(
        `query($index: String!, $account: String!) {
          mints(where: { index: $index, receiver: $account }, ${page}) { sharesDecimal timestamp transaction }
          redeems(where: { index: $index, caller: $account }, ${page}) { sharesDecimal timestamp transaction }
          deferredEvents(where: { claim_: { index: $index, account: $account } }, ${page}) {
            kind amountDecimal claim { asset { symbol } } timestamp transaction
          }
        }`,
        { index: vault.toLowerCase(), account: (account ?? "").toLowerCase() },
      );
      const entries: AccountEntry[] = [
        ...d.mints.map((m) => ({
          kind: "Mint" as const,
          timestamp: Number(m.timestamp),
          text: `You minted ${m.sharesDecimal} shares`,
          transaction: m.transaction,
        })),
        ...d.redeems.map((r) => ({
          kind: "Redeem" as const,
          timestamp: Number(r.timestamp),
          text: `You redeemed ${r.sharesDecimal} shares`,
          transaction: r.transaction,
        })),
        ...d.deferredEvents.map((e) => ({
          kind: e.kind === "DEFERRED" ? ("Kept" as const) : ("Withdrawn" as const),
          timestamp: Number(e.timestamp),
          text:
            e.kind === "DEFERRED"
              ? `${e.amountDecimal} ${e.claim.asset.symbol} refused the transfer and is kept for you`
              : `You withdrew ${e.amountDecimal} ${e.claim.asset.symbol} kept for you`,
          transaction: e.transaction,
        })),
      ];
      return entries.sort((a, b) => b.timestamp - a.timestamp);
    },
    refetchInterval: 5_000,
    retry: 1,
  });
}
