/**
 * Stake: lock TMAI for 1 to 52 weeks for veTMAI (a staking score that decays linearly to the unlock), see the score
 * and tier before and after, how the score decays, grow or extend the lock, withdraw it after expiry, and delegate
 * the votes. Previews use the contract's own integer math (lib/staking.ts) at the latest block's time.
 */
import { lazy, Suspense, useState } from "react";
import { Link } from "react-router";
import { erc20Abi, type Address } from "viem";
import { VeTMAIAbi } from "../../../../bindings/abis.js";
import { Delegate } from "../../components/Delegate.js";
import { Empty, ErrorState, Loading } from "../../components/States.js";
import { TxStatus } from "../../components/TxStatus.js";
import { tmai, useStakingHistory, useStakingState, ve as veAddress, type StakingState } from "../../hooks/staking.js";
import { useTx } from "../../hooks/useTx.js";
import { formatAmount, formatDuration, formatPercent, parseAmount, shortAddress } from "../../lib/format.js";
import {
  dateInputToTime,
  decaySeries,
  formatUnlock,
  maxEnd,
  minEnd,
  preview,
  scoreAt,
  previewCreate,
  previewExtend,
  previewIncrease,
  shortcutUnlockTime,
  snapEnd,
  SHORTCUTS,
  timeToDateInput,
  TIERS,
  type LockPreview,
  type LockState,
  type Shortcut,
} from "../../lib/staking.js";
import { EventLog, type LogEntry } from "../../components/EventLog.js";
import type { ScorePoint } from "./ScoreChart.js";
import { BeforeAfter, Stat, tmaiText, ve, useChainAccount, WrongChainNotice } from "./parts.js";

const ScoreChart = lazy(() => import("./ScoreChart.js"));

export default function StakeScreen() {
  const { account, wrongChain } = useChainAccount();
  const state = useStakingState(account);
  const refetch = () => void state.refetch();

  return (
    <>
      <h1>Stake TMAI</h1>
      <p className="lead">
        Lock TMAI for 1 to 52 weeks to get veTMAI: a staking score of amount × time left ÷ 52 weeks that decays to zero
        at unlock. It weighs your share of protocol revenue (<Link to="/rewards">Rewards</Link>) and your votes.
      </p>
      <WrongChainNotice wrongChain={wrongChain} />
      {account === undefined ? (
        <p className="muted" role="status">
          Connect a wallet to see your lock and stake.
        </p>
      ) : state.isPending ? (
        <Loading what="your lock" />
      ) : state.error !== null ? (
        <ErrorState what="your lock" error={state.error} retry={refetch} />
      ) : (
        <>
          <YourLock s={state.data} />
          {state.data.paused && (
            <p className="warn" role="alert">
              New locks, increases and extensions are paused by the guardian; withdrawals and delegation work.
            </p>
          )}
          <LockActions s={state.data} account={account} onDone={refetch} />
        </>
      )}
      <Delegate
        account={account}
        delegatee={state.data?.delegatee}
        votes={state.data?.votes}
        score={state.data?.score}
        onDone={refetch}
      />
      {account !== undefined && <LockHistory account={account} />}
    </>
  );
}

function YourLock({ s }: { s: StakingState }) {
  const tier = TIERS[s.tierIndex] ?? "None";
  const has = s.amount > 0n;
  return (
    <section className="panel" aria-labelledby="lock-h">
      <h2 id="lock-h">Your lock</h2>
      <dl className="stats" data-testid="your-lock">
        <Stat label="Locked" tip="TMAI in your lock (VeTMAI.locked)." testId="lock-amount">
          {has ? tmaiText(s.amount) : "no lock"}
        </Stat>
        <Stat
          label="Unlocks"
          tip="The lock's end (UTC), a whole week: Thursdays 00:00 UTC. You can withdraw from then on."
          testId="lock-end"
        >
          {has ? formatUnlock(s.end) : "—"}
        </Stat>
        <Stat label="Time left" tip="Chain time until the unlock (the latest block's timestamp).">
          {has ? (s.end > s.now ? formatDuration(Number(s.end - s.now)) : "expired") : "—"}
        </Stat>
        <Stat
          label="Staking score"
          tip="VeTMAI.balanceOf: amount × time left ÷ 52 weeks, in veTMAI; it decays linearly to 0 at unlock."
          testId="lock-score"
        >
          {ve(s.score)}
        </Stat>
        <Stat
          label="Tier"
          tip={`VeTMAI.tierOf. Thresholds: Bronze ${formatAmount(s.thresholds[0] ?? 0n, 18)}, Silver ${formatAmount(s.thresholds[1] ?? 0n, 18)}, Gold ${formatAmount(s.thresholds[2] ?? 0n, 18)}, Platinum ${formatAmount(s.thresholds[3] ?? 0n, 18)} veTMAI.`}
          testId="lock-tier"
        >
          {tier}
        </Stat>
        <Stat label="Share of all scores" tip="Your score ÷ VeTMAI.totalSupply (every lock's score), in percent.">
          {s.totalScore === 0n ? "—" : formatPercent((s.score * 10n ** 18n) / s.totalScore)}
        </Stat>
        <Stat label="TMAI in your wallet" tip="TMAI you hold and could lock (18 decimals)." testId="tmai-balance">
          {tmaiText(s.tmaiBalance)}
        </Stat>
      </dl>
    </section>
  );
}

/**
 * Create a lock, or add to / extend the active one. The transactions' states live here, so that the status of a
 * confirmed creation stays on screen when the form turns into the add / extend forms.
 */
function LockActions({ s, account, onDone }: { s: StakingState; account: Address; onDone: () => void }) {
  const [mode, setMode] = useState<"increase" | "extend">("increase");
  const approval = useTx();
  const tx = useTx();
  const [label, setLabel] = useState("Create lock");
  const [progress, setProgress] = useState<string | undefined>();
  const txs = { approval, tx, setLabel, setProgress };
  return (
    <>
      {s.amount > 0n && s.end <= s.now ? (
        <Withdraw s={s} onDone={onDone} txs={txs} />
      ) : s.amount === 0n ? (
        <LockForm key="create" mode="create" s={s} account={account} onDone={onDone} txs={txs} />
      ) : (
        <>
          <div className="segmented" role="group" aria-label="Change your lock">
            <button type="button" aria-pressed={mode === "increase"} onClick={() => setMode("increase")}>
              Add TMAI
            </button>
            <button type="button" aria-pressed={mode === "extend"} onClick={() => setMode("extend")}>
              Extend
            </button>
          </div>
          <LockForm
            key={`${mode}-${s.amount}-${s.end}`}
            mode={mode}
            s={s}
            account={account}
            onDone={onDone}
            txs={txs}
          />
        </>
      )}
      {progress !== undefined && (
        <p className="small" role="status" data-testid="lock-progress">
          {progress}
        </p>
      )}
      <TxStatus state={approval.state} label="Approve TMAI" />
      <TxStatus state={tx.state} label={label} />
    </>
  );
}

interface Txs {
  approval: ReturnType<typeof useTx>;
  tx: ReturnType<typeof useTx>;
  setLabel: (label: string) => void;
  setProgress: (progress: string | undefined) => void;
}

/** The unlock date: shortcuts and a week-snapped date picker; the exact end (UTC) the contract will record. */
function UnlockPicker({
  now,
  value,
  onChange,
}: {
  now: bigint;
  value: string;
  onChange: (date: string, shortcut?: Shortcut) => void;
}) {
  const [active, setActive] = useState<Shortcut | undefined>();
  const lo = minEnd(now);
  const hi = maxEnd(now);
  const asked = dateInputToTime(value);
  const end = asked === undefined ? undefined : snapEnd(asked, now);
  return (
    <fieldset className="unlock-picker">
      <legend>Unlock</legend>
      <div className="shortcuts" role="group" aria-label="Lock duration">
        {SHORTCUTS.map((sc) => (
          <button
            key={sc.key}
            type="button"
            title={sc.title}
            aria-pressed={active === sc.key}
            data-testid={`shortcut-${sc.key}`}
            onClick={() => {
              setActive(sc.key);
              onChange(timeToDateInput(snapEnd(shortcutUnlockTime(sc.key, now), now)), sc.key);
            }}
          >
            {sc.label}
            <span className="sr-only"> ({sc.title})</span>
          </button>
        ))}
      </div>
      <label className="field">
        Unlock date (UTC, snapped to Thursdays)
        <input
          type="date"
          value={value}
          min={timeToDateInput(lo)}
          max={timeToDateInput(hi)}
          step={7}
          onChange={(e) => {
            setActive(undefined);
            onChange(e.target.value);
          }}
          data-testid="unlock-date"
        />
      </label>
      <p className="small" data-testid="unlock-exact">
        {end === undefined ? (
          "Pick a date."
        ) : (
          <>
            Unlocks <strong>{formatUnlock(end)}</strong>, in {formatDuration(Number(end - now))}.{" "}
            <span className="muted">
              The contract rounds the unlock down to a whole week (Thursday 00:00 UTC) and allows at most 52 weeks: the
              earliest is {formatUnlock(lo)}, the latest {formatUnlock(hi)}.
            </span>
          </>
        )}
      </p>
    </fieldset>
  );
}

function toChart(now: bigint, before: LockState | undefined, after: LockState | undefined): ScorePoint[] {
  const byT = new Map<number, ScorePoint>();
  const put = (key: "now" | "after", lock: LockState | undefined) => {
    if (lock === undefined) return;
    for (const p of decaySeries(lock, now)) {
      const point = byT.get(p.t) ?? { t: p.t };
      point[key] = Number(p.score) / 1e18;
      byT.set(p.t, point);
    }
  };
  put("now", before);
  put("after", after);
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

function DecayChart({ now, before, after }: { now: bigint; before?: LockState; after?: LockState }) {
  const points = toChart(now, before, after);
  if (points.length < 2) return null;
  const last = after ?? before!;
  return (
    <Suspense fallback={<Loading what="the chart" />}>
      <ScoreChart
        points={points}
        label={`Staking score over time: ${ve(scoreAt(last.amount, last.end, now))} now, falling linearly to 0 at ${formatUnlock(last.end)}`}
      />
    </Suspense>
  );
}

function LockForm({
  mode,
  s,
  account,
  onDone,
  txs,
}: {
  mode: "create" | "increase" | "extend";
  s: StakingState;
  account: Address;
  onDone: () => void;
  txs: Txs;
}) {
  const current: LockState = { amount: s.amount, end: s.end };
  const [amountInput, setAmountInput] = useState(mode === "create" ? "100" : "");
  const [date, setDate] = useState(() =>
    timeToDateInput(
      mode === "extend" ? snapEnd(s.end + 4n * 604_800n, s.now) : snapEnd(shortcutUnlockTime("3m", s.now), s.now),
    ),
  );
  const [review, setReview] = useState(false);
  const { setProgress } = txs;
  const { approval, tx } = txs;

  const amount = mode === "extend" ? 0n : parseAmount(amountInput, 18);
  const asked = dateInputToTime(date);
  const end = mode === "increase" ? s.end : asked === undefined ? undefined : snapEnd(asked, s.now);
  const before = preview(current, s.now, s.thresholds);
  let after: LockPreview | undefined;
  if (amount !== undefined && end !== undefined) {
    after =
      mode === "create"
        ? previewCreate(amount, end, s.now, s.thresholds)
        : mode === "increase"
          ? previewIncrease(current, amount, s.now, s.thresholds)
          : previewExtend(current, end, s.now, s.thresholds);
  }
  const problems: string[] = [];
  if (mode !== "extend") {
    if (amount === undefined || amount === 0n) problems.push("Enter an amount of TMAI, e.g. 100.");
    else if (amount > s.tmaiBalance) problems.push(`You have ${tmaiText(s.tmaiBalance)}.`);
    else if (mode === "create" && amount < s.minLockAmount)
      problems.push(`A new lock needs at least ${tmaiText(s.minLockAmount)}.`);
  }
  if (end === undefined) problems.push("Pick an unlock date.");
  else if (mode === "extend" && end <= s.end)
    problems.push(`Pick an unlock after the current one (${formatUnlock(s.end)}).`);
  if (s.paused) problems.push("New locks are paused.");
  const needsApproval = mode !== "extend" && amount !== undefined && s.allowance < amount;
  const steps = needsApproval ? 2 : 1;
  const busy =
    ["signing", "pending"].includes(tx.state.status) || ["signing", "pending"].includes(approval.state.status);
  const label = mode === "create" ? "Create lock" : mode === "increase" ? "Add to lock" : "Extend lock";

  const confirm = async () => {
    if (after === undefined || amount === undefined || end === undefined) return;
    approval.reset();
    tx.reset();
    txs.setLabel(label);
    if (needsApproval) {
      setProgress(`Step 1 of ${steps}: approve ${tmaiText(amount)} for veTMAI`);
      const ok = await approval.send({
        address: tmai(),
        abi: erc20Abi,
        functionName: "approve",
        args: [veAddress(), amount],
      });
      if (!ok) return setProgress(undefined);
    }
    setProgress(`Step ${steps} of ${steps}: ${label.toLowerCase()}`);
    const request =
      mode === "create"
        ? ({ address: veAddress(), abi: VeTMAIAbi, functionName: "createLock", args: [amount, end] } as const)
        : mode === "increase"
          ? ({ address: veAddress(), abi: VeTMAIAbi, functionName: "increaseAmount", args: [amount] } as const)
          : ({ address: veAddress(), abi: VeTMAIAbi, functionName: "increaseUnlockTime", args: [end] } as const);
    const ok = await tx.send(request);
    setProgress(ok ? `${steps} of ${steps} done` : undefined);
    if (ok) {
      setReview(false);
      onDone();
    }
  };

  return (
    <section className="panel" aria-labelledby={`${mode}-h`}>
      <h2 id={`${mode}-h`}>
        {mode === "create" ? "Create a lock" : mode === "increase" ? "Add TMAI to your lock" : "Extend your lock"}
      </h2>
      <div className="trade-controls">
        {mode !== "extend" && (
          <label className="field">
            TMAI to lock
            <input
              inputMode="decimal"
              value={amountInput}
              onChange={(e) => {
                setAmountInput(e.target.value);
                setReview(false);
              }}
              aria-invalid={amount === undefined}
              data-testid="lock-amount-input"
            />
            <span className="muted small">
              TMAI, 18 decimals; you have {tmaiText(s.tmaiBalance)}
              {mode === "increase" && ", the unlock stays the same"}
            </span>
          </label>
        )}
        {mode !== "increase" && (
          <UnlockPicker
            now={s.now}
            value={date}
            onChange={(d) => {
              setDate(d);
              setReview(false);
            }}
          />
        )}
      </div>
      {problems.length > 0 && (
        <p className="warn" role="alert">
          {problems.join(" ")}
        </p>
      )}
      {after !== undefined && (
        <>
          <BeforeAfter before={mode === "create" ? undefined : before} after={after} testId="lock-preview" />
          <DecayChart now={s.now} before={s.amount > 0n ? current : undefined} after={after} />
        </>
      )}
      {!review ? (
        <button
          type="button"
          className="primary"
          disabled={problems.length > 0 || after === undefined}
          onClick={() => setReview(true)}
          data-testid="review"
        >
          Review
        </button>
      ) : (
        after !== undefined && (
          <div className="preview" data-testid="preview">
            <p>
              <strong>{label}:</strong>{" "}
              {mode === "create" &&
                `lock ${tmaiText(after.amount)} until ${formatUnlock(after.end)} (VeTMAI.createLock).`}
              {mode === "increase" &&
                `add ${tmaiText(amount ?? 0n)}: ${tmaiText(after.amount)} locked until ${formatUnlock(after.end)} (VeTMAI.increaseAmount).`}
              {mode === "extend" &&
                `move the unlock from ${formatUnlock(s.end)} to ${formatUnlock(after.end)} (VeTMAI.increaseUnlockTime).`}{" "}
              Score {ve(before.score)} → <strong>{ve(after.score)}</strong>, tier {before.tier} →{" "}
              <strong>{after.tier}</strong> (in the current block; it decays from there).
            </p>
            {needsApproval && (
              <p className="small">
                Two transactions: approve {tmaiText(amount ?? 0n)} for veTMAI ({shortAddress(veAddress())}), then{" "}
                {label.toLowerCase()}.
              </p>
            )}
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void confirm()}
              data-testid="confirm"
            >
              Confirm
            </button>{" "}
            <button type="button" disabled={busy} onClick={() => setReview(false)}>
              Back
            </button>
          </div>
        )
      )}
      <p className="muted small">Account {shortAddress(account)}.</p>
    </section>
  );
}

function Withdraw({ s, onDone, txs }: { s: StakingState; onDone: () => void; txs: Txs }) {
  const { tx } = txs;
  return (
    <section className="panel" aria-labelledby="withdraw-h">
      <h2 id="withdraw-h">Withdraw</h2>
      <p>
        Your lock of {tmaiText(s.amount)} ended on {formatUnlock(s.end)}: withdraw it to your wallet, then you can
        create a new lock.
      </p>
      <button
        type="button"
        className="primary"
        disabled={tx.state.status === "signing" || tx.state.status === "pending"}
        onClick={async () => {
          txs.approval.reset();
          txs.setProgress(undefined);
          tx.reset();
          txs.setLabel("Withdraw");
          if (await tx.send({ address: veAddress(), abi: VeTMAIAbi, functionName: "withdraw" })) onDone();
        }}
        data-testid="withdraw"
      >
        Withdraw {tmaiText(s.amount)}
      </button>
    </section>
  );
}

function LockHistory({ account }: { account: Address }) {
  const history = useStakingHistory(account);
  const entries: LogEntry[] = [
    ...(history.data?.lockEvents ?? []).map((e) => ({
      kind: e.kind === "WITHDRAW" ? "Withdraw" : "Lock",
      timestamp: Number(e.timestamp),
      text:
        e.kind === "WITHDRAW"
          ? `Withdrew ${tmaiText(BigInt(e.amount))}`
          : BigInt(e.added) === BigInt(e.amount)
            ? `Locked ${tmaiText(BigInt(e.amount))} until ${formatUnlock(BigInt(e.end))}`
            : `${BigInt(e.added) > 0n ? `Added ${tmaiText(BigInt(e.added))}${e.payer !== null && e.payer.toLowerCase() !== account.toLowerCase() ? " (claim-and-lock)" : ""}` : "Extended"}: ${tmaiText(BigInt(e.amount))} until ${formatUnlock(BigInt(e.end))}`,
      transaction: e.transaction,
    })),
    ...(history.data?.delegateChanges ?? []).map((d) => ({
      kind: "Delegate",
      timestamp: Number(d.timestamp),
      text: `Votes delegated from ${shortAddress(d.fromDelegate)} to ${d.toDelegate.toLowerCase() === account.toLowerCase() ? "yourself" : shortAddress(d.toDelegate)}`,
      transaction: d.transaction,
    })),
  ].sort((a, b) => b.timestamp - a.timestamp);
  return (
    <section className="panel" aria-labelledby="lock-history-h">
      <h2 id="lock-history-h">Your staking history</h2>
      {history.isPending ? (
        <Loading what="your staking history" />
      ) : history.error !== null ? (
        <ErrorState
          what="your staking history from the subgraph"
          error={history.error}
          retry={() => void history.refetch()}
        />
      ) : entries.length === 0 ? (
        <Empty>No lock or delegation from this account yet.</Empty>
      ) : (
        <EventLog entries={entries} testId="staking-history" />
      )}
    </section>
  );
}
