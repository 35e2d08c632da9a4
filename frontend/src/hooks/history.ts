/**
 * The index detail's history from the subgraph: this index's hourly snapshots (NAV and the oracle price of each
 * priced basket asset at the hour's last event), the latest snapshots of every index (more recorded prices for the
 * BTC and ETH benchmarks), and this index's regime switches. Only the detail screen imports it (a lazy chunk).
 */
import { useQuery } from "@tanstack/react-query";
import { subgraphQuery } from "./subgraph.js";

export interface PricedSnapshot {
  timestamp: number;
  pricedAssets: string[];
  prices: string[];
}

export interface IndexChartData {
  /** This index's hourly snapshots, oldest first. */
  own: (PricedSnapshot & { navPerShareUSD: string | null })[];
  /** Every index's hourly snapshots (the newest `first`), oldest first: where the benchmarks' prices come from. */
  all: PricedSnapshot[];
  switches: { kind: string; regime: string | null; timestamp: number }[];
}

interface Raw {
  own: { timestamp: string; navPerShareUSD: string | null; pricedAssets: string[]; prices: string[] }[];
  all: { timestamp: string; pricedAssets: string[]; prices: string[] }[];
  regimeSwitches: { kind: string; regime: string | null; timestamp: string }[];
}

export function useIndexChartData(vault: string, first = 1000) {
  return useQuery({
    queryKey: ["subgraph", "chart", vault, first],
    queryFn: async (): Promise<IndexChartData> => {
      const d = await subgraphQuery<Raw>(
        `query($index: String!, $first: Int!) {
          own: indexHourlySnapshots(where: { index: $index }, orderBy: periodStart, orderDirection: desc, first: $first) {
            timestamp navPerShareUSD pricedAssets prices
          }
          all: indexHourlySnapshots(orderBy: periodStart, orderDirection: desc, first: $first) { timestamp pricedAssets prices }
          regimeSwitches(where: { index: $index, kind: "SWITCHED" }, orderBy: timestamp, orderDirection: desc, first: 200) {
            kind regime timestamp
          }
        }`,
        { index: vault.toLowerCase(), first },
      );
      return {
        own: d.own.map((s) => ({ ...s, timestamp: Number(s.timestamp) })).reverse(),
        all: d.all.map((s) => ({ ...s, timestamp: Number(s.timestamp) })).reverse(),
        switches: d.regimeSwitches.map((s) => ({ ...s, timestamp: Number(s.timestamp) })),
      };
    },
    refetchInterval: 30_000,
    retry: 1,
  });
}
