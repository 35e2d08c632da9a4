/**
 * Governance logic (lib/proposals.ts) and its display pieces: calls decoded into sentences (every call the form
 * makes, other decodable calls, and undecodable ones shown raw), states, quorum progress, the status timeline, what
 * blocks vote / queue / execute, and the new-proposal form's validation and encoding (encoded calls decode back to
 * the inputs). Built against the test manifest: index TDEMO, Rebalancer, Governor, Timelock.
 */
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { AbiCoder, id as ethersId, keccak256 as ethersKeccak } from "ethers";
import { encodeFunctionData, getAddress, zeroAddress, type Address, type Hex } from "viem";
import { RebalancerAbi, IndexVaultAbi } from "../../bindings/abis.js";
import { manifest } from "../src/config/manifest.js";
import {
  buildTimeline,
  configInput,
  describeCall,
  encodeAction,
  executeBlocked,
  parsePercent,
  proposalIdOf,
  quorumProgress,
  queueBlocked,
  sortProposals,
  stateDisplay,
  STATES,
  titleOf,
  validateAddress,
  validateConfig,
  validateDescription,
  validateFee,
  voteBlocked,
  voteShares,
  type Action,
  type FeeBounds,
  type RebalancerConfig,
} from "../src/lib/proposals.js";
import { CallList, QuorumBar, StateBadge } from "../src/screens/governance/parts.js";

afterEach(cleanup);

const E16 = 10n ** 16n; // 1 %
const vault = getAddress(manifest.indices[0]!.address);
const rebalancer = getAddress(manifest.contracts.Rebalancer!.address);
const usdc = getAddress(manifest.tokens[1]!.address);
const weth = getAddress(manifest.tokens[0]!.address);
const config: RebalancerConfig = {
  bandHigh: 2n * E16,
  bandLow: 1n * E16,
  auctionDuration: 1800,
  announcementDelay: 60,
  hysteresis: 120,
  weightCap: 35n * E16,
  maxLotUsd: 1_000_000n * 10n ** 18n,
  stablecoin: usdc,
};
const currentFees = {
  fees: {
    [vault.toLowerCase()]: {
      managementFee: 2n * E16,
      mintFee: E16 / 10n,
      redeemFee: E16 / 10n,
      feeRecipient: "0x0000000000000000000000000000000000000003",
    },
  },
  rebalancer: { [vault.toLowerCase()]: config },
};

describe("describeCall: a proposal's calls in words", () => {
  it("says each fee change with the index's symbol, from the value on chain to the proposed one", () => {
    const cases = [
      ["management", (15n * E16) / 10n, "Set TDEMO's management fee from 2.00 % a year to 1.50 % a year"],
      ["mint", E16 / 4n, "Set TDEMO's mint fee from 0.10 % to 0.25 %"],
      ["redeem", 0n, "Set TDEMO's redeem fee from 0.10 % to 0.00 %"],
    ] as const;
    for (const [fee, wad, sentence] of cases) {
      const call = encodeAction({ kind: "fee", vault, fee, wad });
      expect(call.target).toBe(vault);
      const d = describeCall(call, currentFees);
      expect(d.sentence).toBe(sentence);
      expect(d.decoded).toBe(true);
      expect(d.fee).toEqual({ kind: fee, vault, wad });
      expect(d.proposed).toBe(sentence.split(" to ")[1]);
    }
  });

  it("says a fee change without the current value, and when the value is already on chain", () => {
    const call = encodeAction({ kind: "fee", vault, fee: "management", wad: 2n * E16 });
    expect(describeCall(call).sentence).toBe("Set TDEMO's management fee to 2.00 % a year");
    expect(describeCall(call).now).toBeUndefined();
    expect(describeCall(call, currentFees).sentence).toBe(
      "Set TDEMO's management fee to 2.00 % a year (already its value on chain)",
    );
    // Fees below 0.01 % keep their digits.
    expect(describeCall(encodeAction({ kind: "fee", vault, fee: "mint", wad: 55n * 10n ** 12n })).sentence).toBe(
      "Set TDEMO's mint fee to 0.0055 %",
    );
  });

  it("says a fee recipient change with manifest names", () => {
    const call = encodeAction({ kind: "feeRecipient", vault, recipient: rebalancer });
    expect(describeCall(call, currentFees).sentence).toBe(
      "Send TDEMO's fee shares to Rebalancer instead of 0x0000…0003 (the feeRecipient)",
    );
    expect(describeCall(call).sentence).toBe("Send TDEMO's fee shares to Rebalancer");
  });

  it("says a Rebalancer setConfig as the settings it changes, or all of them without the current ones", () => {
    const next = { ...config, bandHigh: 3n * E16, auctionDuration: 3600 };
    const call = encodeAction({ kind: "rebalancerConfig", vault, config: next });
    expect(call.target).toBe(rebalancer);
    const d = describeCall(call, currentFees);
    expect(d.sentence).toBe(
      "Change TDEMO's rebalancing settings: auction start above the oracle price from 2.00 % to 3.00 %, auction duration from 30 min to 1 h",
    );
    expect(d.now).toBe("2.00 %, 30 min");
    expect(d.proposed).toBe("3.00 %, 1 h");
    expect(describeCall(call).sentence).toBe(
      "Set TDEMO's rebalancing settings: auction start above the oracle price 3.00 %, auction end below the oracle price 1.00 %, auction duration 1 h, target announcement delay 1 min, regime hysteresis 2 min, weight cap 35.00 %, largest lot $1,000,000, risk-off asset USDC",
    );
    expect(describeCall(encodeAction({ kind: "rebalancerConfig", vault, config }), currentFees).sentence).toBe(
      "Set TDEMO's rebalancing settings to what they are now (no change)",
    );
  });

  it("says a Rebalancer setAssetLimits and any other decodable call by its function and named arguments", () => {
    const limits = encodeFunctionData({
      abi: RebalancerAbi,
      functionName: "setAssetLimits",
      args: [vault, weth, 25n * E16, 0n],
    });
    expect(describeCall({ target: rebalancer, value: 0n, calldata: limits }).sentence).toBe(
      "Set TDEMO's limits for WETH: weight cap 25.00 %, largest lot the index default",
    );
    const pause = encodeFunctionData({ abi: RebalancerAbi, functionName: "pauseAuctions" });
    const d = describeCall({ target: rebalancer, value: 0n, calldata: pause });
    expect(d.sentence).toBe("Call Rebalancer.pauseAuctions()");
    expect(d.signature).toBe("pauseAuctions()");
    const unpauseMint = encodeFunctionData({ abi: IndexVaultAbi, functionName: "unpauseMint" });
    expect(describeCall({ target: vault, value: 10n ** 18n, calldata: unpauseMint }).sentence).toBe(
      "Call TDEMO.unpauseMint() and send it 1 ETH",
    );
  });

  it("shows a call it cannot decode raw: a target without ABI, or a selector the target's ABI lacks", () => {
    const stranger = "0x000000000000000000000000000000000000dEaD";
    const data: Hex = "0x12345678000000000000000000000000000000000000000000000000000000000000002a";
    const d = describeCall({ target: stranger, value: 0n, calldata: data });
    expect(d.decoded).toBe(false);
    expect(d.sentence).toBe(
      `Call 0x0000…dEaD (${stranger}) with 36 bytes of data (selector 0x12345678) that this app cannot decode: it has no ABI for this target`,
    );
    const onVault = describeCall({ target: vault, value: 0n, calldata: data });
    expect(onVault.decoded).toBe(false);
    expect(onVault.sentence).toContain("TDEMO has no such function");
  });
});

describe("the form's encoding decodes back to its inputs", () => {
  const actions: Action[] = [
    { kind: "fee", vault, fee: "management", wad: (15n * E16) / 10n },
    { kind: "fee", vault, fee: "mint", wad: 123n },
    { kind: "fee", vault, fee: "redeem", wad: 5n * E16 },
    { kind: "feeRecipient", vault, recipient: weth },
    { kind: "rebalancerConfig", vault, config: { ...config, maxLotUsd: 7n, hysteresis: 0 } },
  ];
  it.each(actions.map((a) => [a.kind, a] as const))("%s", (_kind, a) => {
    const call = encodeAction(a);
    expect(call.value).toBe(0n);
    const d = describeCall(call);
    expect(d.decoded).toBe(true);
    if (a.kind === "fee") {
      expect(d.functionName).toBe(
        { management: "setManagementFee", mint: "setMintFee", redeem: "setRedeemFee" }[a.fee],
      );
      expect(d.args).toEqual([a.wad]);
    } else if (a.kind === "feeRecipient") {
      expect(d.args).toEqual([a.recipient]);
    } else {
      expect(d.args![0]).toBe(a.vault);
      expect(d.args![1]).toEqual(a.config);
    }
  });

  it("computes the governor's proposal id as hashProposal does", () => {
    const calls = actions.map(encodeAction);
    const description = "Lower the management fee\n\nBecause.";
    const expected = BigInt(
      ethersKeccak(
        AbiCoder.defaultAbiCoder().encode(
          ["address[]", "uint256[]", "bytes[]", "bytes32"],
          [calls.map((c) => c.target), calls.map((c) => c.value), calls.map((c) => c.calldata), ethersId(description)],
        ),
      ),
    );
    expect(proposalIdOf(calls, description)).toBe(expected);
  });
});

describe("states, quorum and votes", () => {
  it("names every ProposalState with a tone and a sentence, and an unknown number as unknown", () => {
    expect(STATES.map((_, i) => stateDisplay(i).name)).toEqual([
      "Pending",
      "Active",
      "Canceled",
      "Defeated",
      "Succeeded",
      "Queued",
      "Expired",
      "Executed",
    ]);
    expect(STATES.map((_, i) => stateDisplay(i).tone)).toEqual([
      "waiting",
      "open",
      "failed",
      "failed",
      "passed",
      "passed",
      "failed",
      "done",
    ]);
    for (let i = 0; i < STATES.length; i++) expect(stateDisplay(i).sentence).toMatch(/^[A-Z].+\.$/);
    expect(stateDisplay(8).name).toBe("Unknown (8)");
  });

  it("renders the state badge with its explanation", () => {
    render(<StateBadge state={5} />);
    expect(screen.getByTestId("state").textContent).toContain("Queued");
    expect(screen.getByRole("tooltip").textContent).toContain("anyone can execute it once the delay is over");
  });

  it("counts for + abstain towards quorum, capped at 100 % for the bar", () => {
    const votes = { forVotes: 30n, againstVotes: 500n, abstainVotes: 10n };
    expect(quorumProgress(votes, undefined)).toEqual({ counted: 40n });
    expect(quorumProgress(votes, 80n)).toEqual({ counted: 40n, needed: 80n, percent: 50, reached: false });
    expect(quorumProgress(votes, 40n)).toEqual({ counted: 40n, needed: 40n, percent: 100, reached: true });
    expect(quorumProgress(votes, 20n).percent).toBe(100);
    expect(quorumProgress(votes, 0n).reached).toBe(true);
    expect(voteShares(votes)).toEqual({ for: 5.55, against: 92.59, abstain: 1.85 });
    expect(voteShares({ forVotes: 0n, againstVotes: 0n, abstainVotes: 0n })).toEqual({
      for: 0,
      against: 0,
      abstain: 0,
    });
  });

  it("shows quorum progress in veTMAI with its percentage, or that it is fixed at the snapshot", () => {
    const e18 = 10n ** 18n;
    const { rerender } = render(
      <QuorumBar votes={{ forVotes: 300n * e18, againstVotes: 0n, abstainVotes: 100n * e18 }} quorum={1000n * e18} />,
    );
    expect(screen.getByTestId("quorum").textContent).toContain(
      "Quorum: 400 veTMAI of 1,000 veTMAI (40.00 %), not reached",
    );
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("40");
    rerender(<QuorumBar votes={{ forVotes: 0n, againstVotes: 0n, abstainVotes: 0n }} quorum={undefined} />);
    expect(screen.getByTestId("quorum").textContent).toContain("0 veTMAI so far; fixed at the snapshot");
    expect(screen.queryByRole("progressbar")).toBeNull();
  });

  it("lists active proposals first, then pending, passed and queued, then the rest; newest first in each", () => {
    const list = [
      { state: 7, createdAt: 9 },
      { state: 1, createdAt: 1 },
      { state: 0, createdAt: 5 },
      { state: 1, createdAt: 3 },
      { state: 5, createdAt: 2 },
      { state: 3, createdAt: 8 },
    ];
    expect(sortProposals(list).map((p) => `${p.state}@${p.createdAt}`)).toEqual([
      "1@3",
      "1@1",
      "0@5",
      "5@2",
      "7@9",
      "3@8",
    ]);
  });
});

describe("the status timeline", () => {
  const t = { createdAt: 100, voteStart: 160, voteEnd: 460 };
  const labels = (steps: ReturnType<typeof buildTimeline>) => steps.map((s) => `${s.label}:${s.status}`);

  it("pending and active: the steps to come are upcoming", () => {
    expect(labels(buildTimeline({ ...t, state: 0, now: 120 }))).toEqual([
      "Created:done",
      "Voting opens:upcoming",
      "Voting ends:upcoming",
      "Succeeded or defeated:upcoming",
      "Queued in the timelock:upcoming",
      "Executed:upcoming",
    ]);
    expect(labels(buildTimeline({ ...t, state: 1, now: 200 })).slice(0, 3)).toEqual([
      "Created:done",
      "Voting opens:done",
      "Voting ends:upcoming",
    ]);
  });

  it("defeated ends the timeline; succeeded says anyone can queue it", () => {
    expect(labels(buildTimeline({ ...t, state: 3, now: 500 }))).toEqual([
      "Created:done",
      "Voting opens:done",
      "Voting ends:done",
      "Defeated:failed",
    ]);
    const succeeded = buildTimeline({ ...t, state: 4, now: 500 });
    expect(labels(succeeded)).toEqual([
      "Created:done",
      "Voting opens:done",
      "Voting ends:done",
      "Succeeded:done",
      "Queued in the timelock:upcoming",
      "Executed:upcoming",
    ]);
    expect(succeeded[4]!.note).toBe("anyone can queue it now");
  });

  it("queued shows its ETA; executed is done with its time", () => {
    const queued = buildTimeline({ ...t, state: 5, now: 500, eta: 560, queuedAt: 500 });
    expect(queued[4]).toEqual({
      label: "Queued in the timelock",
      time: 500,
      status: "done",
      note: "executable from 1970-01-01 00:09 UTC",
    });
    expect(queued[5]).toMatchObject({ label: "Executed", time: 560, status: "upcoming" });
    const executed = buildTimeline({ ...t, state: 7, now: 600, eta: 560, queuedAt: 500, executedAt: 570 });
    expect(executed[5]).toEqual({ label: "Executed", time: 570, status: "done" });
  });

  it("a cancel ends the timeline where it happened; expired is shown failed", () => {
    expect(labels(buildTimeline({ ...t, state: 2, now: 900, canceledAt: 130 }))).toEqual([
      "Created:done",
      "Voting opens:upcoming",
      "Canceled:failed",
    ]);
    const afterQueue = buildTimeline({ ...t, state: 2, now: 900, canceledAt: 520, eta: 560, queuedAt: 500 });
    expect(labels(afterQueue)).toEqual([
      "Created:done",
      "Voting opens:done",
      "Voting ends:done",
      "Succeeded:done",
      "Queued in the timelock:done",
      "Canceled:failed",
    ]);
    expect(labels(buildTimeline({ ...t, state: 6, now: 900, eta: 560, queuedAt: 500 })).at(-1)).toBe("Expired:failed");
  });
});

describe("what blocks vote, queue and execute, in words", () => {
  const votes = { forVotes: 10n ** 18n, againstVotes: 2n * 10n ** 18n, abstainVotes: 0n };
  it("voting", () => {
    const base = { now: 100, voteStart: 160, voteEnd: 460, connected: true, hasVoted: false, power: 5n };
    expect(voteBlocked({ ...base, state: 0 })).toBe("Voting opens after 1970-01-01 00:02 UTC (in 1 min).");
    expect(voteBlocked({ ...base, state: 1 })).toBeUndefined();
    expect(voteBlocked({ ...base, state: 1, connected: false })).toBe("Connect a wallet to vote.");
    expect(voteBlocked({ ...base, state: 1, hasVoted: true })).toBe("You have already voted on this proposal.");
    expect(voteBlocked({ ...base, state: 1, power: 0n })).toMatch(/^You had no voting power at the snapshot/);
    expect(voteBlocked({ ...base, state: 4 })).toBe("The proposal is Succeeded: voting ended at 1970-01-01 00:07 UTC.");
  });
  it("queueing", () => {
    const base = { now: 400, voteEnd: 460, votes };
    expect(queueBlocked({ ...base, state: 4 })).toBeUndefined();
    expect(queueBlocked({ ...base, state: 1 })).toBe(
      "The proposal is Active: voting ends at 1970-01-01 00:07 UTC (in 1 min); queue it after that if it passes.",
    );
    expect(queueBlocked({ ...base, state: 3, quorum: 4n * 10n ** 18n })).toBe(
      "Defeated: quorum not reached (1 veTMAI of 4 veTMAI) and for (1 veTMAI) did not exceed against (2 veTMAI). It cannot be queued.",
    );
    expect(queueBlocked({ ...base, state: 5 })).toBe("It is already queued in the timelock.");
    expect(queueBlocked({ ...base, state: 2 })).toBe(
      "The proposal is Canceled: only a Succeeded proposal can be queued.",
    );
  });
  it("executing", () => {
    expect(executeBlocked({ state: 5, now: 500, eta: 560 })).toBe(
      "The timelock delay ends at 1970-01-01 00:09 UTC (in 1 min); execute it after that.",
    );
    expect(executeBlocked({ state: 5, now: 560, eta: 560 })).toBeUndefined();
    expect(executeBlocked({ state: 4, now: 500 })).toBe("It passed but is not queued yet: queue it first.");
    expect(executeBlocked({ state: 7, now: 500 })).toBe("It has been executed.");
    expect(executeBlocked({ state: 3, now: 500 })).toBe(
      "The proposal is Defeated: only a Queued proposal can be executed.",
    );
  });
});

describe("the new-proposal form's validation", () => {
  const bounds: FeeBounds = {
    managementFee: 2n * E16,
    mintFee: E16 / 10n,
    redeemFee: E16 / 10n,
    maxManagementFee: 10n * E16,
    maxMintRedeemFee: 5n * E16,
    minMintFee: 55n * 10n ** 12n,
  };
  it("reads percentages (1.5 = 1.5 %) and refuses what is not one", () => {
    expect(parsePercent("1.5")).toEqual({ ok: true, value: (15n * E16) / 10n });
    expect(parsePercent(" 2 % ")).toEqual({ ok: true, value: 2n * E16 });
    expect(parsePercent("")).toEqual({ ok: false, error: "Type a percentage, e.g. 1.5 for 1.5 %." });
    expect(parsePercent("-1")).toEqual({ ok: false, error: "-1 % is negative: a fee is 0 % or more." });
    expect(parsePercent("1,5x")).toMatchObject({ ok: false });
    expect(parsePercent("0.00000000000000001")).toMatchObject({ ok: false });
  });
  it("checks a fee against the vault's caps, its minimum mint fee and its current value", () => {
    expect(validateFee("management", "1.5", bounds)).toEqual({ ok: true, value: (15n * E16) / 10n });
    expect(validateFee("management", "12", bounds)).toEqual({
      ok: false,
      error: "A management fee of 12.00 % is above the vault's cap of 10.00 % a year (MAX_MANAGEMENT_FEE).",
    });
    expect(validateFee("redeem", "6", bounds)).toEqual({
      ok: false,
      error: "A redeem fee of 6.00 % is above the vault's cap of 5.00 % (MAX_MINT_REDEEM_FEE).",
    });
    expect(validateFee("mint", "0.001", bounds)).toEqual({
      ok: false,
      error:
        "A mint fee of 0.001 % is below the vault's minimum of 0.0055 %: one day of its 2.00 % management fee (minMintFee()).",
    });
    expect(validateFee("mint", "0.1", bounds)).toEqual({
      ok: false,
      error: "The mint fee is already 0.10 %: nothing would change.",
    });
    expect(validateFee("redeem", "abc", bounds)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a percentage/),
    });
  });
  it("checks addresses", () => {
    expect(validateAddress(weth.toLowerCase())).toEqual({ ok: true, value: weth });
    expect(validateAddress("0x123")).toEqual({
      ok: false,
      error: "The address must be 0x followed by 40 hexadecimal digits.",
    });
    expect(validateAddress(zeroAddress, "The recipient")).toEqual({
      ok: false,
      error: "The recipient cannot be the zero address.",
    });
    const badChecksum = ("0x" + "aB".repeat(20)) as Address;
    expect(validateAddress(badChecksum)).toEqual({
      ok: false,
      error: "The address has a wrong checksum (mixed case): check it.",
    });
  });
  it("checks Rebalancer settings as setConfig does, and round-trips the current ones", () => {
    expect(validateConfig(configInput(config), usdc)).toEqual({ ok: true, value: config });
    const bad = validateConfig(
      {
        ...configInput(config),
        bandHigh: "25",
        auctionDuration: "0",
        weightCap: "0",
        maxLotUsd: "x",
        hysteresis: "1.5",
      },
      usdc,
    );
    expect(bad).toEqual({
      ok: false,
      errors: {
        bandHigh: "Auction start above the oracle price: 25.00 % is above the Rebalancer's 20.00 % (MAX_BAND).",
        auctionDuration: "Auction duration: must be at least 1 second.",
        hysteresis: "Regime hysteresis: type whole seconds, e.g. 1800.",
        weightCap: "Weight cap: more than 0 % and at most 100 %.",
        maxLotUsd: "Largest lot: type an amount of USD, e.g. 1000000.",
      },
    });
  });
  it("asks for a description with a title", () => {
    expect(validateDescription("  ")).toEqual({
      ok: false,
      error: "Describe the proposal: its first line is its title.",
    });
    expect(validateDescription("short")).toMatchObject({ ok: false });
    expect(validateDescription("Lower the fee\nwhy")).toEqual({ ok: true, value: "Lower the fee\nwhy" });
    expect(titleOf("# Lower the fee\nbecause")).toBe("Lower the fee");
  });
});

describe("CallList", () => {
  it("shows each call's sentence, the value now vs proposed, the dry run and the encoded call", () => {
    const call = encodeAction({ kind: "fee", vault, fee: "management", wad: (15n * E16) / 10n });
    render(
      <CallList calls={[describeCall(call, currentFees)]} dryRun={[{ ok: false, sentence: "The fee is too high." }]} />,
    );
    expect(screen.getByTestId("call-sentence").textContent).toBe(
      "Set TDEMO's management fee from 2.00 % a year to 1.50 % a year",
    );
    expect(screen.getByTestId("call-now").textContent).toContain("2.00 % a year");
    expect(screen.getByTestId("call-proposed").textContent).toContain("1.50 % a year");
    expect(screen.getByTestId("dry-run").textContent).toBe(
      "As the timelock would run it now, it reverts: The fee is too high.",
    );
    expect(screen.getByTestId("calldata").textContent).toBe(call.calldata);
  });
});
