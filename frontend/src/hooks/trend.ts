/** The inputs of an index's on-chain trend rule (TrendSignal), read in one batch and again every few seconds. */
import { useReadContracts } from "wagmi";
import type { Address } from "viem";
import { TrendSignalAbi } from "../../../bindings/abis.js";
import { LIVE_INTERVAL_MS } from "./lens.js";

export function useTrendSignal(source: Address, current: number) {
  const at = { address: source, abi: TrendSignalAbi } as const;
  return useReadContracts({
    contracts: [
      { ...at, functionName: "latestPrice" },
      { ...at, functionName: "movingAverage" },
      { ...at, functionName: "window" },
      { ...at, functionName: "band" },
      { ...at, functionName: "lastSampledWeek" },
      { ...at, functionName: "regime", args: [current] },
    ],
    allowFailure: true,
    query: { refetchInterval: LIVE_INTERVAL_MS },
  });
}
