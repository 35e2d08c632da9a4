import { describe, expect, it } from "vitest";
import { encodeErrorResult, type AbiParameter, type Hex } from "viem";
import { allErrorsAbi } from "../../bindings/abis.js";
import { describeError, describeRevertData, SENTENCES } from "../src/lib/errors.js";

function sample(p: AbiParameter): unknown {
  if (p.type === "address") return "0x00000000000000000000000000000000000000aa";
  if (p.type === "bool") return true;
  if (p.type === "string") return "text";
  if (p.type.startsWith("bytes")) return `0x${"ab".repeat(p.type === "bytes" ? 4 : Number(p.type.slice(5)))}`;
  if (p.type.startsWith("int")) return -5n;
  const bits = Number(p.type.slice(4) || "256");
  return bits <= 48 ? 7 : 1_700_000_000n;
}

const errors = allErrorsAbi.filter((e) => e.type === "error");

describe("a sentence for every custom error", () => {
  it("the bindings' merged error ABI lists the protocol's errors", () => {
    expect(errors.length).toBeGreaterThan(100);
    expect(errors.map((e) => e.name)).toContain("StalePrice");
  });

  it.each(errors.map((e) => [`${e.name}(${e.inputs.map((i) => i.type).join(",")})`, e] as const))(
    "%s decodes to its own sentence",
    (_, item) => {
      const args = item.inputs.map((input) => sample(input as AbiParameter));
      const data = encodeErrorResult({ abi: [item], errorName: item.name, args } as never) as Hex;
      const decoded = describeRevertData(data);
      expect(decoded?.name).toBe(item.name);
      expect(Object.keys(SENTENCES)).toContain(item.name);
      expect(decoded!.sentence.length).toBeGreaterThan(15);
      expect(decoded!.sentence).toMatch(/[.!]$/);
      expect(decoded!.sentence).not.toMatch(/undefined|NaN|\[object/);
    },
  );

  it("has no sentence for an error that no contract declares", () => {
    const names = new Set(errors.map((e) => e.name));
    expect(Object.keys(SENTENCES).filter((n) => !names.has(n as never))).toEqual([]);
  });
});

describe("revert data in words", () => {
  it("names the asset of a stale price and offers in-kind redeem", () => {
    const data = encodeErrorResult({
      abi: allErrorsAbi,
      errorName: "StalePrice",
      args: ["0x00000000000000000000000000000000000000aa", 1_700_000_000n, 3_600n],
    });
    const decoded = describeRevertData(data, { tokenName: () => "WBTC", amountOf: (_, a) => `${a}` });
    expect(decoded?.sentence).toBe(
      "The price of WBTC is stale: its feed last updated at 2023-11-14 22:13:20 UTC, longer ago than its heartbeat of 1.0 hours. You can still redeem in kind (every basket asset), which needs no price.",
    );
  });
  it("revert strings, panics and unknown data", () => {
    const reason = encodeErrorResult({
      abi: [{ type: "error", name: "Error", inputs: [{ type: "string", name: "message" }] }],
      errorName: "Error",
      args: ["nope"],
    });
    expect(describeRevertData(reason)?.sentence).toBe("The contract refused: nope.");
    const panic = encodeErrorResult({
      abi: [{ type: "error", name: "Panic", inputs: [{ type: "uint256", name: "code" }] }],
      errorName: "Panic",
      args: [0x11n],
    });
    expect(describeRevertData(panic)?.sentence).toBe("The contract hit an arithmetic overflow or underflow.");
    expect(describeRevertData("0xdeadbeef")).toBeUndefined();
  });
  it("finds the revert data inside a wrapped error", () => {
    const data = encodeErrorResult({ abi: allErrorsAbi, errorName: "MintPaused" });
    const wrapped = { message: "execution reverted", cause: { cause: { data } } };
    expect(describeError(wrapped).name).toBe("MintPaused");
    expect(describeError(new Error("boom\nmore")).sentence).toBe("boom");
  });
});
