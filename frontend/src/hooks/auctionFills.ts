/**
 * The fills of one auction, read from the chain as they happen: the Rebalancer's `BidFilled` events of (vault,
 * auction id) from the block the auction started in, read again every few seconds while it runs. The chain, not the
 * subgraph: a fill shows the moment its block is read, and the tracker works with the subgraph down.
 */
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address, Hex } from "viem";
import { RebalancerAbi } from "../../../bindings/abis.js";
import { firstBlockAtOrAfter, type Fill } from "../lib/auction.js";
import { LIVE_INTERVAL_MS, rebalancer } from "./lens.js";

/** Timestamps of the blocks fills were seen in, by block hash (a new local chain reuses numbers, not hashes). */
const blockTimes = new Map<Hex, bigint>();

export interface AuctionRef {
  id: bigint;
  start: bigint;
  active: boolean;
}

/**
 * Fills of `auction` of `vault`, oldest first, and chain time; read again every LIVE_INTERVAL_MS while the auction
 * runs.
 */
export function useAuctionFills(vault: Address, auction: AuctionRef) {
  const client = usePublicClient();
  const enabled = client !== undefined && auction.id !== 0n;
  const startBlock = useQuery({
    queryKey: ["auctionStartBlock", vault, auction.id.toString(), auction.start.toString()],
    enabled,
    staleTime: Infinity,
    queryFn: async (): Promise<bigint> => {
      const latest = await client!.getBlockNumber({ cacheTime: 0 });
      return firstBlockAtOrAfter(
        auction.start,
        latest,
        async (n) => (await client!.getBlock({ blockNumber: n })).timestamp,
      );
    },
  });
  const fills = useQuery({
    queryKey: ["auctionFills", vault, auction.id.toString(), startBlock.data?.toString()],
    enabled: enabled && startBlock.data !== undefined,
    refetchInterval: auction.active ? LIVE_INTERVAL_MS : false,
    queryFn: async (): Promise<{ fills: Fill[]; chainTime: number }> => {
      // The newest block bounds the read and gives chain time (the local chain's clock may run ahead of this one).
      const head = await client!.getBlock({ blockTag: "latest" });
      const logs = await client!.getContractEvents({
        address: rebalancer(),
        abi: RebalancerAbi,
        eventName: "BidFilled",
        args: { vault, auctionId: auction.id },
        fromBlock: startBlock.data!,
        toBlock: head.number,
        strict: true,
      });
      // A block's time never changes: each block is read once, not again at every poll of a running auction.
      for (const l of logs) {
        if (!blockTimes.has(l.blockHash)) {
          blockTimes.set(l.blockHash, (await client!.getBlock({ blockHash: l.blockHash })).timestamp);
        }
      }
      const fills = logs.map((l) => ({
        id: `${l.transactionHash}-${l.logIndex}`,
        blockNumber: l.blockNumber,
        timestamp: Number(blockTimes.get(l.blockHash)),
        transaction: l.transactionHash,
        bidder: l.args.bidder,
        sell: l.args.sell,
        sellAmount: l.args.sellAmount,
        buy: l.args.buy,
        buyAmount: l.args.buyAmount,
        priceFactor: l.args.priceFactor,
      }));
      return { fills, chainTime: Number(head.timestamp) };
    },
  });
  return {
    fills: fills.data?.fills,
    /** The newest block's time at the last read, seconds. */
    chainTime: fills.data?.chainTime,
    isPending: startBlock.isPending || fills.isPending,
    error: startBlock.error ?? fills.error,
    refetch: () => void (startBlock.error !== null ? startBlock.refetch() : fills.refetch()),
  };
}
