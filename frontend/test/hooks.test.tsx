/**
 * Hooks against wagmi's mock connector: the mock sends its wallet requests (eth_sendTransaction, …) to the chain's
 * RPC URL, here a small JSON-RPC server of the test that answers like a node (a receipt for a sent transaction, a
 * revert with our custom error's data for the failing estimate), so useTx goes through viem's real error chain.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { act, renderHook, waitFor } from "@testing-library/react";
import { useConnect } from "wagmi";
import { mock } from "wagmi/connectors";
import { encodeErrorResult, encodeFunctionResult, numberToHex, type Address } from "viem";
import { allErrorsAbi, IndexVaultAbi } from "../../bindings/abis.js";
import { useTx } from "../src/hooks/useTx.js";
import manifest from "./manifest.js";
import { startRpcServer, wagmiAt, type RpcAnswer, type RpcServer } from "./rpc.js";

const USER: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const VAULT = manifest.indices[0]!.address as Address;
const ASSET = manifest.tokens[0]!.address as Address;
const HASH = `0x${"11".repeat(32)}`;

/** When set, eth_estimateGas reverts with this data. */
let revertData: string | undefined;

function answer(method: string, params: unknown[]): RpcAnswer {
  switch (method) {
    case "eth_chainId":
      return { result: numberToHex(31337) };
    case "eth_accounts":
    case "eth_requestAccounts":
      return { result: [USER] };
    case "eth_blockNumber":
      return { result: "0x10" };
    case "eth_estimateGas":
      return revertData === undefined
        ? { result: "0x5208" }
        : { error: { code: 3, message: "execution reverted", data: revertData } };
    case "eth_call":
      return revertData === undefined
        ? { result: encodeFunctionResult({ abi: IndexVaultAbi, functionName: "approve", result: true }) }
        : { error: { code: 3, message: "execution reverted", data: revertData } };
    case "eth_gasPrice":
    case "eth_maxPriorityFeePerGas":
      return { result: "0x3b9aca00" };
    case "eth_getTransactionCount":
      return { result: "0x1" };
    case "eth_getBlockByNumber":
      return {
        result: {
          number: "0x10",
          hash: `0x${"22".repeat(32)}`,
          baseFeePerGas: "0x3b9aca00",
          timestamp: "0x6553f100",
          transactions: [],
        },
      };
    case "eth_sendTransaction":
      return { result: HASH };
    case "eth_getTransactionReceipt":
      return {
        result: {
          transactionHash: HASH,
          blockHash: `0x${"22".repeat(32)}`,
          blockNumber: "0x10",
          transactionIndex: "0x0",
          from: USER,
          to: VAULT,
          status: "0x1",
          gasUsed: "0x5208",
          cumulativeGasUsed: "0x5208",
          effectiveGasPrice: "0x3b9aca00",
          logs: [],
          logsBloom: `0x${"00".repeat(256)}`,
          type: "0x2",
          contractAddress: null,
        },
      };
    case "eth_getTransactionByHash":
      return { result: null };
    default:
      return { error: { code: -32601, message: `method ${method} not served by the test` } };
  }
}

let rpc: RpcServer;

beforeAll(async () => {
  rpc = await startRpcServer(answer);
});

afterAll(() => {
  rpc.close();
});

function setup() {
  const { wrapper } = wagmiAt(rpc.url, [mock({ accounts: [USER] })]);
  return renderHook(() => ({ tx: useTx(), connect: useConnect() }), { wrapper });
}

describe("useTx with wagmi's mock connector", () => {
  it("goes from signing to pending to confirmed, sending the call through the wallet", async () => {
    revertData = undefined;
    const { result } = setup();
    await act(async () => {
      await result.current.connect.connectAsync({ connector: result.current.connect.connectors[0]! });
    });
    let ok: boolean | undefined;
    await act(async () => {
      ok = await result.current.tx.send({
        address: ASSET,
        abi: IndexVaultAbi,
        functionName: "approve",
        args: [VAULT, 123n],
      });
    });
    expect(ok).toBe(true);
    await waitFor(() => expect(result.current.tx.state.status).toBe("confirmed"));
    expect(result.current.tx.state.hash).toBe(HASH);
    expect(result.current.tx.state.blockNumber).toBe(16n);
    const send = rpc.sent.find((r) => r.method === "eth_sendTransaction");
    expect((send?.params[0] as { from: string; to: string }).to.toLowerCase()).toBe(ASSET.toLowerCase());
  });

  it("fails with the decoded custom error in words when the node refuses the transaction", async () => {
    revertData = encodeErrorResult({
      abi: allErrorsAbi,
      errorName: "StalePrice",
      args: [ASSET, 1_700_000_000n, 3_600n],
    });
    const { result } = setup();
    await act(async () => {
      await result.current.connect.connectAsync({ connector: result.current.connect.connectors[0]! });
    });
    let ok: boolean | undefined;
    await act(async () => {
      ok = await result.current.tx.send({
        address: VAULT,
        abi: IndexVaultAbi,
        functionName: "redeem",
        args: [1n, USER, [0n]],
      });
    });
    expect(ok).toBe(false);
    expect(result.current.tx.state.status).toBe("failed");
    expect(result.current.tx.state.error?.name).toBe("StalePrice");
    expect(result.current.tx.state.error?.sentence).toContain(`The price of ${manifest.tokens[0]!.symbol} is stale`);
    // Refused before the wallet was asked to sign.
    expect(rpc.sent.filter((r) => r.method === "eth_sendTransaction")).toHaveLength(1);
  });
});
