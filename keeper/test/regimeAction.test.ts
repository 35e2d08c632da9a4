import { describe, expect, it } from "vitest";
import { regimeAction, type RegimeState } from "../src/tasks/regimeSignal.js";

const ON = 0n;
const OFF = 1n;
const settled = (current: bigint): RegimeState => ({ current, pending: 0n, hasPending: false, since: 0n });
const pendingSwitch = (current: bigint, pending: bigint, since = 1_700_000_000n): RegimeState => ({
  current,
  pending,
  hasPending: true,
  since,
});

describe("regimeAction (what the keeper signals for the methodologist's regime call)", () => {
  it("signals a switch to a regime that is not in force and not pending", () => {
    expect(regimeAction("risk-off", settled(ON))).toEqual({ kind: "signal", regime: OFF });
    expect(regimeAction("risk-on", settled(OFF))).toEqual({ kind: "signal", regime: ON });
  });

  it("does nothing when the desired regime is in force and nothing is pending", () => {
    expect(regimeAction("risk-on", settled(ON))).toBeUndefined();
    expect(regimeAction("risk-off", settled(OFF))).toBeUndefined();
  });

  it("does not signal again a switch that is already pending (its hysteresis clock keeps running)", () => {
    expect(regimeAction("risk-off", pendingSwitch(ON, OFF))).toBeUndefined();
    expect(regimeAction("risk-on", pendingSwitch(OFF, ON))).toBeUndefined();
  });

  it("clears a pending switch when the methodologist is back to the regime in force (change of mind)", () => {
    // risk-off was signalled, then the file says risk-on again within the hysteresis: signalling the regime in
    // force (risk-on) clears the pending risk-off, which would otherwise be applied when the hysteresis ends.
    expect(regimeAction("risk-on", pendingSwitch(ON, OFF, 1234n))).toEqual({
      kind: "clear",
      regime: ON,
      pendingSince: 1234n,
    });
    expect(regimeAction("risk-off", pendingSwitch(OFF, ON, 99n))).toEqual({
      kind: "clear",
      regime: OFF,
      pendingSince: 99n,
    });
  });
});
