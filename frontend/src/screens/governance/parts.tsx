/** Pieces the governance screens share: the state badge, votes and quorum bars, time left, the decoded calls. */
import { Explain } from "../../components/Explain.js";
import { formatAmount, formatDuration, formatTime } from "../../lib/format.js";
import type { DryRun } from "../../hooks/governance.js";
import { quorumProgress, stateDisplay, ve, voteShares, type DescribedCall, type Votes } from "../../lib/proposals.js";

export function StateBadge({ state }: { state: number }) {
  const d = stateDisplay(state);
  return (
    <Explain tip={`State on the governor now: ${d.sentence}`} testId="state">
      <span className={`badge badge-${d.tone}`}>{d.name}</span>
    </Explain>
  );
}

export function VoteTally({ votes }: { votes: Votes }) {
  const s = voteShares(votes);
  const row = (label: string, amount: bigint, share: number, cls: string, tip: string) => (
    <div className="tally-row">
      <dt>{label}</dt>
      <dd>
        <Explain tip={tip}>
          {ve(amount)} <span className="muted">({share.toFixed(2)} % of votes cast)</span>
        </Explain>
        <span className="bar" aria-hidden="true">
          <span className={`fill ${cls}`} style={{ width: `${share}%` }} />
        </span>
      </dd>
    </div>
  );
  return (
    <dl className="tally" data-testid="tally">
      {row(
        "For",
        votes.forVotes,
        s.for,
        "for",
        "veTMAI voting weight cast For, at each voter's snapshot power (governor.proposalVotes).",
      )}
      {row(
        "Against",
        votes.againstVotes,
        s.against,
        "against",
        "veTMAI voting weight cast Against (governor.proposalVotes).",
      )}
      {row(
        "Abstain",
        votes.abstainVotes,
        s.abstain,
        "abstain",
        "veTMAI voting weight cast Abstain: counts for quorum, not for or against.",
      )}
    </dl>
  );
}

export function QuorumBar({ votes, quorum }: { votes: Votes; quorum: bigint | undefined }) {
  const q = quorumProgress(votes, quorum);
  return (
    <div className="quorum" data-testid="quorum">
      <Explain
        tip={
          q.needed === undefined
            ? "The quorum is fixed at the snapshot (a share of veTMAI's total supply then); it is known once voting opens. For and abstain count towards it."
            : "For + abstain votes against the quorum: the governor's quorum(snapshot), a share of veTMAI's total supply at the snapshot."
        }
      >
        Quorum:{" "}
        {q.needed === undefined
          ? `${ve(q.counted)} so far; fixed at the snapshot`
          : `${ve(q.counted)} of ${ve(q.needed)} (${q.percent!.toFixed(2)} %)${q.reached ? ", reached" : ", not reached"}`}
      </Explain>
      {q.percent !== undefined && (
        <span
          className="bar"
          role="progressbar"
          aria-label="Quorum progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(q.percent)}
        >
          <span className={`fill ${q.reached ? "for" : "pending"}`} style={{ width: `${q.percent}%` }} />
        </span>
      )}
    </div>
  );
}

/** Time left to the next step of a proposal, in chain time. */
export function TimeLeft({
  state,
  now,
  snapshot,
  deadline,
  eta,
}: {
  state: number;
  now: number | undefined;
  snapshot: number;
  deadline: number;
  eta: number;
}) {
  if (now === undefined) return <span className="muted">…</span>;
  let text: string;
  let tip: string;
  if (state === 0) {
    text = `voting opens in ${formatDuration(snapshot - now + 1)}`;
    tip = `Voting opens after the snapshot, ${formatTime(snapshot)} (chain time).`;
  } else if (state === 1) {
    text = `${formatDuration(deadline - now)} left to vote`;
    tip = `Voting closes at ${formatTime(deadline)} (chain time); a late vote that reaches quorum can extend it.`;
  } else if (state === 5) {
    text = eta > now ? `executable in ${formatDuration(eta - now)}` : "executable now";
    tip = `The timelock lets it run from ${formatTime(eta)} (chain time).`;
  } else if (state === 4) {
    text = "ready to queue";
    tip = `Voting closed at ${formatTime(deadline)}.`;
  } else {
    text = `voting closed ${formatTime(deadline)}`;
    tip = "Chain time of the end of voting.";
  }
  return (
    <Explain tip={tip} testId="time-left">
      {text}
    </Explain>
  );
}

/** The calls of a proposal in words, with the value on chain now vs the proposed one and the raw call. */
export function CallList({ calls, dryRun }: { calls: readonly DescribedCall[]; dryRun?: readonly DryRun[] }) {
  return (
    <ol className="calls" data-testid="calls">
      {calls.map((c, i) => (
        <li key={`${c.target}-${i}`} className="call">
          <p className="sentence" data-testid="call-sentence">
            {c.sentence}
          </p>
          {(c.now !== undefined || c.proposed !== undefined) && (
            <dl className="change">
              <div>
                <dt>On chain now</dt>
                <dd data-testid="call-now">
                  <Explain tip="Read from the target contract now (it changes only when a proposal like this one executes).">
                    {c.now ?? "—"}
                  </Explain>
                </dd>
              </div>
              <div>
                <dt>Proposed</dt>
                <dd data-testid="call-proposed">
                  <Explain tip="Decoded from the proposal's calldata with the contract's ABI.">
                    {c.proposed ?? "—"}
                  </Explain>
                </dd>
              </div>
            </dl>
          )}
          {dryRun?.[i] !== undefined && (
            <p className={dryRun[i]!.ok ? "up small" : "warn small"} data-testid="dry-run">
              {dryRun[i]!.ok
                ? "Runs as the timelock would run it now (dry run)."
                : `As the timelock would run it now, it reverts: ${(dryRun[i] as { sentence: string }).sentence}`}
            </p>
          )}
          <details>
            <summary>Encoded call</summary>
            <dl className="raw">
              <dt>Target</dt>
              <dd>
                <code>{c.target}</code> ({c.targetName})
              </dd>
              <dt>Value</dt>
              <dd>{formatAmount(c.value, 18, 18)} ETH</dd>
              {c.signature !== undefined && (
                <>
                  <dt>Function</dt>
                  <dd>
                    <code>{c.signature}</code>
                  </dd>
                </>
              )}
              <dt>Calldata</dt>
              <dd>
                <code className="calldata" data-testid="calldata">
                  {c.calldata}
                </code>
              </dd>
            </dl>
          </details>
        </li>
      ))}
    </ol>
  );
}
