import { describe, expect, it } from "vitest";
import { runHousekeeping, WEEK_SECONDS } from "../src/tasks/housekeeping.js";
import { createLogger } from "../src/log.js";
import type { HousekeepingChain, Submission } from "../src/types.js";
import type { SendOutcome } from "../src/txSender.js";

const WEEK = BigInt(WEEK_SECONDS);
const NOW = 2_900 * WEEK_SECONDS + 3_600; // one hour into a week
const THIS_WEEK = 2_900n * WEEK;
const USDC = "0x00000000000000000000000000000000000000c1";
const INDEX = "0x00000000000000000000000000000000000000c2";

function chain(lastVe: bigint, finalized: Record<string, bigint>): HousekeepingChain {
  return {
    now: async () => NOW,
    lastVeCheckpoint: async () => lastVe,
    rewardTokens: async () => Object.keys(finalized),
    finalizedUntil: async (t) => finalized[t]!,
    ve: "0x00000000000000000000000000000000000000e1",
    distributor: "0x00000000000000000000000000000000000000d1",
    encodeVeCheckpoint: () => "0xc2c4c5c1",
    encodeCheckpointToken: (t) => `0x14b6e5a6${t.slice(2).padStart(64, "0")}`,
  };
}

function recorder(): { sent: Submission[]; submit: (s: Submission) => Promise<SendOutcome> } {
  const sent: Submission[] = [];
  return {
    sent,
    submit: async (s) => {
      sent.push(s);
      return { kind: "mined", hash: "0x01", status: 1, blockNumber: 1 };
    },
  };
}

const log = createLogger("error", { service: "test" });

describe("runHousekeeping", () => {
  it("checkpoints veTMAI and closes every token's ended weeks once a week, with week-keyed intents", async () => {
    const r = recorder();
    const n = await runHousekeeping(
      chain(THIS_WEEK - 10n, { [USDC]: THIS_WEEK - WEEK, [INDEX]: THIS_WEEK }),
      r.submit,
      log,
    );
    expect(n).toBe(2);
    expect(r.sent.map((s) => s.intent)).toEqual([`ve-checkpoint:${THIS_WEEK}`, `close-weeks:${USDC}:${THIS_WEEK}`]);
    expect(r.sent[0]!.to).toBe("0x00000000000000000000000000000000000000e1");
    expect(r.sent[1]!.to).toBe("0x00000000000000000000000000000000000000d1");
    expect(r.sent[1]!.data.endsWith(USDC.slice(2))).toBe(true);
  });

  it("sends nothing when this week's checkpoint exists and every ended week is closed", async () => {
    const r = recorder();
    expect(await runHousekeeping(chain(THIS_WEEK + 5n, { [USDC]: THIS_WEEK, [INDEX]: THIS_WEEK }), r.submit, log)).toBe(
      0,
    );
    expect(r.sent).toEqual([]);
  });
});
