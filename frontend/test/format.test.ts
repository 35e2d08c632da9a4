import { describe, expect, it } from "vitest";
import {
  formatAmount,
  formatDuration,
  formatTime,
  formatTimeSeconds,
  formatPercent,
  formatToken,
  formatUsd,
  formatUsdPrice,
  parseAmount,
  shortAddress,
} from "../src/lib/format.js";

describe("formatAmount", () => {
  it("groups thousands and drops trailing zeros", () => {
    expect(formatAmount(1_234_567_000_000_000_000_000n, 18)).toBe("1,234.567");
    expect(formatAmount(10n ** 18n, 18)).toBe("1");
    expect(formatAmount(0n, 6)).toBe("0");
  });
  it("rounds half up to the digits asked, exactly (no float)", () => {
    expect(formatAmount(123_456_789n, 8, 4)).toBe("1.2346");
    expect(formatAmount(123_454_999n, 8, 4)).toBe("1.2345");
    expect(formatAmount(999_999_999_999_999_999n, 18, 2)).toBe("1");
    expect(formatAmount(2n ** 255n, 18, 2)).toBe(
      "57,896,044,618,658,097,711,785,492,504,343,953,926,634,992,332,820,282,019,728.79",
    );
  });
  it("keeps at least minFraction digits and handles tokens with few decimals", () => {
    expect(formatAmount(1_500_000n, 6, 4, 2)).toBe("1.50");
    expect(formatAmount(5n, 0, 4)).toBe("5");
    expect(formatAmount(-1_500_000n, 6)).toBe("-1.5");
  });
  it("formats tokens, USD and percentages with their unit", () => {
    expect(formatToken(2_500_000n, 6, "USDC")).toBe("2.5 USDC");
    expect(formatUsd(1_234_5n * 10n ** 16n)).toBe("$123.45");
    expect(formatUsd(10n ** 15n)).toBe("<$0.01");
    expect(formatUsd(0n)).toBe("$0.00");
    expect(formatPercent(5n * 10n ** 15n)).toBe("0.50 %");
    expect(formatUsdPrice(60_000n * 10n ** 18n)).toBe("$60,000.00");
    expect(formatUsdPrice(8_123_456_789_000n)).toBe("$0.000008123");
    expect(formatUsdPrice(8n * 10n ** 17n)).toBe("$0.8");
    expect(formatPercent(-12n * 10n ** 15n)).toBe("-1.20 %");
  });
});

describe("parseAmount", () => {
  it("parses what people type into base units", () => {
    expect(parseAmount("1.5", 18)).toBe(15n * 10n ** 17n);
    expect(parseAmount("1,000", 6)).toBe(1_000_000_000n);
    expect(parseAmount(".25", 2)).toBe(25n);
    expect(parseAmount("7", 0)).toBe(7n);
  });
  it("refuses what is not an amount or has more decimals than the token", () => {
    for (const bad of ["", ".", "abc", "1.2.3", "-1", "1e18", " 1 2"]) expect(parseAmount(bad, 18)).toBeUndefined();
    expect(parseAmount("0.1234567", 6)).toBeUndefined();
  });
});

describe("other formats", () => {
  it("durations and addresses", () => {
    expect(formatDuration(90_000)).toBe("1 d 1 h");
    expect(formatDuration(3_660)).toBe("1 h 1 min");
    expect(formatDuration(42)).toBe("42 s");
    expect(shortAddress("0x1234567890abcdef1234567890abcdef12345678")).toBe("0x1234…5678");
  });
  it("times to the minute, or to the second for events seconds apart", () => {
    expect(formatTime(1_796_145_845)).toBe("2026-12-01 17:24 UTC");
    expect(formatTimeSeconds(1_796_145_845n)).toBe("2026-12-01 17:24:05 UTC");
    expect(formatTimeSeconds(0)).toBe("—");
  });
});
