import { makeError } from "ethers";
import { describe, expect, it } from "vitest";
import { FeeAboveCapError } from "../src/chain.js";
import { isRevertError, isTransientError, withRetry } from "../src/retry.js";

const noSleep = async (): Promise<void> => undefined;

describe("withRetry", () => {
  it("retries transient RPC failures with growing delays, then succeeds", async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new Error("connect ECONNREFUSED 127.0.0.1:8545");
        return "ok";
      },
      {
        attempts: 5,
        baseDelayMs: 100,
        maxDelayMs: 1000,
        sleep: noSleep,
        random: () => 1,
        onRetry: (_e, _a, d) => delays.push(d),
      },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it("never retries a revert or a nonce conflict (resending could double-submit)", async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error("execution reverted: AuctionNotOpen()");
        },
        { attempts: 5, baseDelayMs: 1, maxDelayMs: 1, sleep: noSleep },
      ),
    ).rejects.toThrow(/reverted/);
    expect(calls).toBe(1);
    expect(isTransientError(new Error("nonce too low"))).toBe(false);
    expect(isTransientError(new Error("request timeout"))).toBe(true);
  });

  it("gives up after the last attempt with the last error", async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error(`503 Service Unavailable (${calls})`);
        },
        { attempts: 3, baseDelayMs: 10, maxDelayMs: 15, sleep: noSleep },
      ),
    ).rejects.toThrow(/\(3\)/);
    expect(calls).toBe(3);
  });
});

describe("isRevertError", () => {
  it("recognises a revert from ethers (CALL_EXCEPTION) and from Hardhat's in-process node", () => {
    const ethersRevert = makeError("execution reverted (unknown custom error)", "CALL_EXCEPTION", {
      action: "estimateGas",
      data: "0x12345678",
      reason: null,
      transaction: { to: null, data: "0x" },
      invocation: null,
      revert: null,
    });
    expect(isRevertError(ethersRevert)).toBe(true);
    expect(
      isRevertError(new Error("VM Exception while processing transaction: reverted with custom error 'X(1, 2)'")),
    ).toBe(true);
  });

  it("does not take RPC failures or the fee cap for a revert (those end the pass)", () => {
    expect(isRevertError(new Error("connect ECONNREFUSED 127.0.0.1:8545"))).toBe(false);
    expect(isRevertError(new Error("request timeout (code=TIMEOUT)"))).toBe(false);
    expect(isRevertError(new FeeAboveCapError(300n, 100n))).toBe(false);
  });
});
