/**
 * The live auction tracker (components/AuctionTracker.tsx) against a JSON-RPC server of the test that answers like a
 * node: blocks 0..32 twelve seconds apart, and the Rebalancer's BidFilled logs of the auction. A fill added while the
 * screen is open appears as a new row, marked "new", announced to screen readers, and makes the screen read the lens
 * again; fills are read from the block the auction started in (found by its start timestamp).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import { createElement } from "react";
import { encodeAbiParameters, encodeEventTopics, numberToHex, type Address, type Hex } from "viem";
import { RebalancerAbi } from "../../bindings/abis.js";
import { AuctionTracker, type TrackedAuction } from "../src/components/AuctionTracker.js";
import manifest from "./manifest.js";
import { startRpcServer, wagmiAt, type RpcAnswer, type RpcServer } from "./rpc.js";

const E18 = 10n ** 18n;
const VAULT = manifest.indices[0]!.address as Address;
const REBALANCER = manifest.contracts.Rebalancer!.address as Address;
const SOLD = manifest.tokens[0]!;
const BOUGHT = manifest.tokens[1]!;
const BIDDER: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const LATEST = 32n;
const START_BLOCK = 7n;
const T0 = 1_800_000_000n;
const timeOf = (n: bigint): bigint => T0 + 12n * n;

const logs: object[] = [];
const getLogsFrom: string[] = [];

function bidLog(block: bigint, logIndex: number, sellAmount: bigint, buyAmount: bigint, priceFactor: bigint): object {
  const topics = encodeEventTopics({
    abi: RebalancerAbi,
    eventName: "BidFilled",
    args: { vault: VAULT, auctionId: 3n, bidder: BIDDER },
  });
  const data = encodeAbiParameters(
    [{ type: "address" }, { type: "uint256" }, { type: "address" }, { type: "uint256" }, { type: "uint256" }],
    [SOLD.address as Address, sellAmount, BOUGHT.address as Address, buyAmount, priceFactor],
  );
  return {
    address: REBALANCER,
    topics,
    data,
    blockNumber: numberToHex(block),
    blockHash: `0x${block.toString(16).padStart(64, "0")}`,
    transactionHash: `0x${(block * 1000n + BigInt(logIndex)).toString(16).padStart(64, "0")}`,
    transactionIndex: "0x0",
    logIndex: numberToHex(logIndex),
    removed: false,
  };
}

function answer(method: string, params: unknown[]): RpcAnswer {
  switch (method) {
    case "eth_chainId":
      return { result: numberToHex(31337) };
    case "eth_blockNumber":
      return { result: numberToHex(LATEST) };
    case "eth_getBlockByNumber":
    case "eth_getBlockByHash": {
      // Block n's hash is n itself, padded (as the test's logs give it).
      const tag = params[0] as string;
      const n = tag === "latest" ? LATEST : BigInt(tag);
      return {
        result: {
          number: numberToHex(n),
          hash: `0x${n.toString(16).padStart(64, "0")}`,
          timestamp: numberToHex(timeOf(n)),
          baseFeePerGas: "0x1",
          transactions: [],
        },
      };
    }
    case "eth_getLogs": {
      const filter = params[0] as { fromBlock: string; address: string };
      getLogsFrom.push(filter.fromBlock);
      if (filter.address.toLowerCase() !== REBALANCER.toLowerCase()) return { result: [] };
      return { result: logs };
    }
    default:
      return { error: { code: -32601, message: `method ${method} not served by the test` } };
  }
}

let rpc: RpcServer;

beforeAll(async () => {
  rpc = await startRpcServer(answer);
});

afterEach(cleanup);

afterAll(() => {
  rpc.close();
});

function renderTracker(auction: TrackedAuction, onFill: () => void) {
  const prices = new Map([[SOLD.address.toLowerCase(), { price: 2n * E18, decimals: SOLD.decimals }]]);
  return render(
    createElement(AuctionTracker, { vault: VAULT, auction, bandHigh: E18 / 100n, bandLow: E18 / 20n, prices, onFill }),
    { wrapper: wagmiAt(rpc.url).wrapper },
  );
}

describe("the live auction tracker", () => {
  it("shows the fills so far, then a new one as it lands: marked, announced, and the lens read again", async () => {
    const one = 10n ** BigInt(SOLD.decimals);
    logs.push(bidLog(START_BLOCK + 2n, 0, 3n * one, 6n * 10n ** BigInt(BOUGHT.decimals), E18));
    let refreshed = 0;
    const auction: TrackedAuction = {
      id: 3n,
      start: timeOf(START_BLOCK),
      end: timeOf(START_BLOCK) + 3_600n,
      active: true,
      bidsOpen: true,
      priceFactor: (E18 * 98n) / 100n,
      lots: [],
    };
    renderTracker(auction, () => refreshed++);

    // The price inside the band: 98 % of oracle between 101 % (start) and 95 % (end) is half way.
    expect(screen.getByTestId("auction-price").textContent).toBe("98.00 %");
    expect(screen.getByRole("meter").getAttribute("aria-valuenow")).toBe("50");
    // Time gone by chain time (the newest block, 25 blocks of 12 s after the start), not this computer's clock.
    await waitFor(() => expect(screen.getByTestId("auction-tracker").textContent).toContain("5 min of 1 h gone"));

    const table = await screen.findByTestId("auction-fills");
    expect(within(table).getAllByTestId("fill")).toHaveLength(1);
    expect(table.textContent).toContain(`3 ${SOLD.symbol}`);
    expect(table.textContent).toContain("$6.00 traded");
    expect(table.textContent).not.toContain("new");
    // Read from the block whose timestamp is the auction's start.
    expect(getLogsFrom[0]).toBe(numberToHex(START_BLOCK));
    expect(refreshed).toBe(0);

    logs.push(bidLog(START_BLOCK + 5n, 1, 1n * one, 2n * 10n ** BigInt(BOUGHT.decimals), (E18 * 99n) / 100n));
    await waitFor(() => expect(within(table).getAllByTestId("fill")).toHaveLength(2), { timeout: 10_000 });
    const [newest, older] = within(table).getAllByTestId("fill");
    expect(newest!.textContent).toContain("new");
    expect(newest!.textContent).toContain("99.00 %");
    expect(older!.textContent).not.toContain("new");
    expect(screen.getByTestId("fill-announcement").textContent).toBe(
      `New fill: the index sold 1 ${SOLD.symbol} for 2 ${BOUGHT.symbol} at 99.00 % of the oracle price.`,
    );
    expect(table.textContent).toContain("$8.00 traded");
    expect(refreshed).toBe(1);
    // Each fill's block was read once, however many polls saw the fill.
    const byHash = rpc.sent.filter((r) => r.method === "eth_getBlockByHash").map((r) => r.params[0]);
    expect(byHash).toEqual([...new Set(byHash)]);
    expect(byHash).toHaveLength(2);
  }, 20_000);

  it("says so when an ended auction had no fill", async () => {
    logs.length = 0;
    renderTracker(
      { id: 3n, start: timeOf(3n), end: timeOf(3n) + 600n, active: false, bidsOpen: true, priceFactor: E18, lots: [] },
      () => {},
    );
    expect(await screen.findByText("This auction had no fill.")).toBeTruthy();
    expect(screen.queryByRole("meter")).toBeNull();
  });
});
