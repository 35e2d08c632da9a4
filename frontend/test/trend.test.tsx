/**
 * The trend rule's inputs on the index detail (lib/trend.ts, components/TrendPanel.tsx): the price against its
 * moving average, the band to cross, the samples, and what the rule gives now or why it gives nothing, read from a
 * JSON-RPC server of the test that answers TrendSignal's views (and reverts like the contract when not ready).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { createElement } from "react";
import { decodeFunctionData, encodeErrorResult, encodeFunctionResult, numberToHex, type Address, type Hex } from "viem";
import { TrendSignalAbi } from "../../bindings/abis.js";
import { TrendPanel } from "../src/components/TrendPanel.js";
import { deviation, formatSigned, switchThreshold } from "../src/lib/trend.js";
import { startRpcServer, wagmiAt, type RpcAnswer, type RpcServer } from "./rpc.js";

const E18 = 10n ** 18n;
const SOURCE: Address = "0x00000000000000000000000000000000000000a7";

describe("the trend rule's numbers", () => {
  it("measures the price against the average as a signed fraction", () => {
    expect(deviation(104n, 100n)).toBe((4n * E18) / 100n);
    expect(deviation(985n, 1_000n)).toBe((-15n * E18) / 1_000n);
    expect(deviation(1n, 0n)).toBeUndefined();
    expect(formatSigned((4n * E18) / 100n)).toBe("+4.00 %");
    expect(formatSigned((-15n * E18) / 1_000n)).toBe("−1.50 %");
    expect(formatSigned(0n)).toBe("+0.00 %");
  });

  it("puts the switch below the band from risk-on and above it from risk-off", () => {
    expect(switchThreshold(0, E18 / 50n)).toEqual({ to: "Risk-off", at: -E18 / 50n });
    expect(switchThreshold(1, E18 / 50n)).toEqual({ to: "Risk-on", at: E18 / 50n });
  });
});

/** What the test's TrendSignal answers: its state and the rule's outcome. */
let state = { price: 104n * 10n ** 8n, average: 100n * 10n ** 8n, count: 12n, window: 12n, ready: true };

function call(data: Hex): RpcAnswer {
  const { functionName } = decodeFunctionData({ abi: TrendSignalAbi, data });
  const result = (value: unknown): { result: Hex } => ({
    result: encodeFunctionResult({ abi: TrendSignalAbi, functionName, result: value } as never),
  });
  switch (functionName) {
    case "latestPrice":
      return result(state.price);
    case "movingAverage":
      return result([state.average, state.count]);
    case "window":
      return result(state.window);
    case "band":
      return result(E18 / 50n);
    case "lastSampledWeek":
      return result([2_970n, false]);
    case "regime":
      return state.ready
        ? result(0)
        : {
            error: {
              code: 3,
              message: "execution reverted",
              data: encodeErrorResult({
                abi: TrendSignalAbi,
                errorName: "NotReady",
                args: [state.count, state.window],
              }),
            },
          };
    default:
      return { error: { code: -32601, message: `${functionName} not served by the test` } };
  }
}

function answer(method: string, params: unknown[]): RpcAnswer {
  if (method === "eth_chainId") return { result: numberToHex(31337) };
  if (method === "eth_call") return call((params[0] as { data: Hex }).data);
  return { error: { code: -32601, message: `${method} not served by the test` } };
}

let rpc: RpcServer;

beforeAll(async () => {
  rpc = await startRpcServer(answer);
});

afterEach(cleanup);

afterAll(() => {
  rpc.close();
});

function renderPanel(current: number) {
  return render(createElement(TrendPanel, { source: SOURCE, current }), { wrapper: wagmiAt(rpc.url).wrapper });
}

describe("the trend rule's panel", () => {
  it("shows the price against its average, the switch, the samples and the signal", async () => {
    state = { price: 104n * 10n ** 8n, average: 100n * 10n ** 8n, count: 12n, window: 12n, ready: true };
    renderPanel(0);
    expect((await screen.findByTestId("trend-deviation")).textContent).toContain("+4.00 % above the average");
    expect(screen.getByTestId("trend-threshold").textContent).toContain(
      "to Risk-off when the price is below −2.00 % of the average",
    );
    expect(screen.getByTestId("trend").textContent).toContain("12 of 12 weekly samples");
    expect(screen.getByTestId("trend-signal").textContent).toBe("Risk-on");
  });

  it("says why the rule gives nothing while its window is not full", async () => {
    state = { price: 99n * 10n ** 8n, average: 100n * 10n ** 8n, count: 3n, window: 12n, ready: false };
    renderPanel(1);
    expect((await screen.findByTestId("trend-signal")).textContent).toBe(
      "nothing: The signal has 3 samples and needs 12.",
    );
    expect(screen.getByTestId("trend-deviation").textContent).toContain("−1.00 % below the average");
    expect(screen.getByTestId("trend-threshold").textContent).toContain(
      "to Risk-on when the price is above +2.00 % of the average",
    );
    expect(screen.getByTestId("trend").textContent).toContain("3 of 12 weekly samples");
  });
});
