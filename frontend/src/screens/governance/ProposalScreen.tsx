/**
 * One proposal: its calls in words (value on chain now vs proposed), the status timeline, live votes and quorum,
 * what it changes for the connected account, the account's voting power at the snapshot and its delegate, voting
 * with a reason, queue and execute (each button says exactly why it cannot be used yet), and the votes cast with
 * their reasons (subgraph).
 */
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useAccount } from "wagmi";
import { getAddress, keccak256, toHex, zeroAddress, type Address, type Hex } from "viem";
import { TMAIGovernorAbi } from "../../../../bindings/abis.js";
import { contract } from "../../config/manifest.js";
import { Explain } from "../../components/Explain.js";
import { Empty, ErrorState, Loading } from "../../components/States.js";
import { TxStatus } from "../../components/TxStatus.js";
import {
  useAccountOnProposal,
  useChainNow,
  useCurrentValues,
  useLiveProposals,
  useProposal,
  type LiveProposal,
  type SubgraphProposal,
  type SubgraphVote,
} from "../../hooks/governance.js";
import { useAccountSummary, useIndexSummary } from "../../hooks/lens.js";
import { useTx } from "../../hooks/useTx.js";
import { formatAmount, formatTime, formatUsd, shortAddress } from "../../lib/format.js";
import { feeOn, valueOfShares, yearlyManagementCost } from "../../lib/math.js";
import {
  buildTimeline,
  defeatReason,
  describeCall,
  executeBlocked,
  FEE_NAME,
  nameOfAddress,
  pct,
  queueBlocked,
  stateDisplay,
  SUPPORT,
  SUPPORT_LABEL,
  titleOf,
  ve,
  voteBlocked,
  type DescribedCall,
  type ProposalCall,
  type Support,
} from "../../lib/proposals.js";
import { CallList, QuorumBar, StateBadge, TimeLeft, VoteTally } from "./parts.js";

export default function ProposalScreen() {
  const { id = "" } = useParams();
  if (!/^\d{1,80}$/.test(id)) {
    return (
      <>
        <h1>Unknown proposal</h1>
        <p>
          "{id}" is not a proposal id (a whole number). <Link to="/governance">Back to the proposals</Link>
        </p>
      </>
    );
  }
  return <Proposal id={BigInt(id).toString()} />;
}

function Proposal({ id }: { id: string }) {
  const proposal = useProposal(id);
  const now = useChainNow();
  const live = useLiveProposals([id], now);
  if (proposal.isPending) return <Loading what="the proposal" />;
  if (proposal.error !== null)
    return (
      <ErrorState what="the proposal from the subgraph" error={proposal.error} retry={() => void proposal.refetch()} />
    );
  if (proposal.data === null)
    return (
      <>
        <h1>Proposal not found</h1>
        <Empty>
          The subgraph has no proposal {id.slice(0, 12)}… (a new one appears a few seconds after its block).{" "}
          <Link to="/governance">Back to the proposals</Link>
        </Empty>
      </>
    );
  const l = live.live[0];
  if (live.error !== undefined)
    return <ErrorState what="the proposal's state from the governor" error={live.error} retry={live.refetch} />;
  if (l === undefined || now === undefined) return <Loading what="the proposal's state from the governor" />;
  return <Detail p={proposal.data} l={l} now={now} />;
}

function Detail({ p, l, now }: { p: SubgraphProposal & { votes: SubgraphVote[] }; l: LiveProposal; now: number }) {
  const { address: account } = useAccount();
  const calls: ProposalCall[] = p.calls.map((c) => ({
    target: c.target,
    value: BigInt(c.value),
    calldata: c.calldata,
  }));
  const first = calls.map((c) => describeCall(c));
  const vaults = [
    ...new Set(
      first.flatMap((c) => (c.fee !== undefined || c.functionName === "setFeeRecipient" ? [getAddress(c.target)] : [])),
    ),
  ];
  const configVaults = [
    ...new Set(
      first.flatMap((c) =>
        c.targetName === "Rebalancer" && c.functionName === "setConfig" ? [getAddress(c.args![0] as string)] : [],
      ),
    ),
  ];
  const current = useCurrentValues(vaults as Address[], configVaults as Address[]);
  const done = l.state === 7 || l.state === 2;
  // Once executed (or canceled) the sentence says what it set; the value on chain is still shown beside it.
  const described = calls.map((c, i) => {
    const withNow = describeCall(c, current.current);
    return done ? { ...withNow, sentence: first[i]!.sentence } : withNow;
  });
  const timeline = buildTimeline({
    state: l.state,
    now,
    createdAt: Number(p.createdAtTimestamp),
    voteStart: l.snapshot,
    voteEnd: l.deadline,
    eta: l.eta === 0 ? undefined : l.eta,
    queuedAt: p.queuedAtTimestamp === null ? undefined : Number(p.queuedAtTimestamp),
    executedAt: p.executedAtTimestamp === null ? undefined : Number(p.executedAtTimestamp),
    canceledAt: p.canceledAtTimestamp === null ? undefined : Number(p.canceledAtTimestamp),
  });
  const d = stateDisplay(l.state);
  return (
    <>
      <p className="small">
        <Link to="/governance">← All proposals</Link>
      </p>
      <h1>{titleOf(p.description)}</h1>
      <p className="lead">
        <StateBadge state={l.state} />{" "}
        <span data-testid="state-sentence">{l.state === 3 ? defeatReason(l, l.quorum) : d.sentence}</span>{" "}
        <TimeLeft state={l.state} now={now} snapshot={l.snapshot} deadline={l.deadline} eta={l.eta} />
      </p>
      <p className="muted small">
        Proposed by <code title={p.proposer}>{nameOfAddress(p.proposer)}</code> on{" "}
        {formatTime(Number(p.createdAtTimestamp))} · id <code className="wrap">{p.id}</code>
      </p>
      {p.description.includes("\n") && (
        <p className="description">{p.description.split("\n").slice(1).join("\n").trim()}</p>
      )}

      <section className="panel" aria-labelledby="calls-h">
        <h2 id="calls-h">What it does</h2>
        <CallList calls={described} />
      </section>

      <div className="gov-grid">
        <section className="panel" aria-labelledby="votes-h">
          <h2 id="votes-h">Votes</h2>
          <VoteTally votes={l} />
          <QuorumBar votes={l} quorum={l.quorum} />
        </section>
        <section className="panel" aria-labelledby="timeline-h">
          <h2 id="timeline-h">Timeline (chain time)</h2>
          <ol className="timeline" data-testid="timeline">
            {timeline.map((s) => (
              <li key={s.label} className={`step-${s.status}`}>
                <span className="dot" aria-hidden="true" />
                <strong>{s.label}</strong> <span className="sr-only">({s.status})</span>
                {s.time !== undefined && <span className="muted">{formatTime(s.time)}</span>}
                {s.note !== undefined && <span className="muted small"> · {s.note}</span>}
              </li>
            ))}
          </ol>
        </section>
      </div>

      <YourSide id={p.id} account={account} l={l} now={now} calls={described} />

      <Actions p={p} l={l} now={now} calls={calls} />

      <section className="panel" aria-labelledby="cast-h">
        <h2 id="cast-h">Votes cast ({p.votes.length})</h2>
        {p.votes.length === 0 ? (
          <Empty>No vote yet.</Empty>
        ) : (
          <ul className="votes" data-testid="votes">
            {p.votes.map((v) => (
              <li key={v.transaction + v.voter}>
                <span className={`tag support-${v.support}`}>{SUPPORT_LABEL[v.support] ?? v.support}</span>{" "}
                <code title={v.voter}>{nameOfAddress(v.voter)}</code>{" "}
                <Explain tip="The voter's veTMAI votes at the proposal's snapshot.">{ve(BigInt(v.weight))}</Explain>{" "}
                <span className="muted small">{formatTime(Number(v.timestamp))}</span>
                {v.reason !== "" && <blockquote data-testid="vote-reason">{v.reason}</blockquote>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** The connected account: its power at the snapshot, its delegate, what the proposal changes on its balances. */
function YourSide({
  id,
  account,
  l,
  now,
  calls,
}: {
  id: string;
  account: Address | undefined;
  l: LiveProposal;
  now: number;
  calls: DescribedCall[];
}) {
  const me = useAccountOnProposal(id, account, l.snapshot, now);
  const feeCalls = calls.filter((c) => c.fee !== undefined);
  return (
    <section className="panel" aria-labelledby="you-h">
      <h2 id="you-h">You</h2>
      {account === undefined ? (
        <Empty>Connect a wallet to see your voting power and what this changes for you.</Empty>
      ) : (
        <>
          <dl className="stats">
            <div>
              <dt>Your votes at the snapshot</dt>
              <dd data-testid="power-at-snapshot">
                <Explain
                  tip={`governor.getVotes(you, ${l.snapshot}): your veTMAI votes (own lock and delegations to you) at the snapshot, ${formatTime(l.snapshot)}. Only these count on this proposal.`}
                >
                  {me.votesAtSnapshot === undefined ? "fixed at the snapshot" : ve(me.votesAtSnapshot)}
                </Explain>
              </dd>
            </div>
            <div>
              <dt>Your votes now</dt>
              <dd>
                <Explain tip="VeTMAI.getVotes(you): what would count on a proposal made now (veTMAI decays as your lock nears its end).">
                  {me.votesNow === undefined ? "…" : ve(me.votesNow)}
                </Explain>
              </dd>
            </div>
            <div>
              <dt>Your delegate</dt>
              <dd data-testid="delegate">
                <Explain tip="VeTMAI.delegates(you): who votes with your lock's power. Change it on the stake screen.">
                  {me.delegate === undefined
                    ? "…"
                    : me.delegate === zeroAddress || me.delegate.toLowerCase() === account.toLowerCase()
                      ? "yourself"
                      : shortAddress(me.delegate)}
                </Explain>{" "}
                <Link to="/stake#delegate" className="small">
                  Delegate
                </Link>
              </dd>
            </div>
            <div>
              <dt>Voted</dt>
              <dd>{me.hasVoted === undefined ? "…" : me.hasVoted ? "yes" : "not yet"}</dd>
            </div>
          </dl>
          {feeCalls.length > 0 && ![2, 3, 6, 7].includes(l.state) && (
            <>
              <h3>What it changes for you</h3>
              <ul>
                {feeCalls.map((c, i) => (
                  <FeeOnYou key={i} call={c} account={account} />
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

function FeeOnYou({ call, account }: { call: DescribedCall; account: Address }) {
  const fee = call.fee!;
  const summary = useIndexSummary(fee.vault);
  const mine = useAccountSummary(fee.vault, account);
  if (summary.data === undefined || mine.data === undefined) return <li>Loading your balance…</li>;
  const s = summary.data;
  const shares = mine.data.indexBalance;
  const value = valueOfShares(shares, s.navPerShare);
  const before = s.fees[`${fee.kind}Fee`];
  const balance = `${formatAmount(shares, 18, 6)} ${s.symbol} (${formatUsd(value)} at NAV)`;
  if (shares === 0n)
    return (
      <li data-testid="your-change">
        You hold no {s.symbol}: the {FEE_NAME[fee.kind]} ({pct(before)} now, {pct(fee.wad)} proposed) would apply to
        what you mint or redeem later.
      </li>
    );
  if (fee.kind === "management")
    return (
      <li data-testid="your-change">
        On your {balance}: about{" "}
        <Explain tip="Yearly management fee on your balance's value at today's NAV: fee × value.">
          {formatUsd(yearlyManagementCost(value, before))} a year now, {formatUsd(yearlyManagementCost(value, fee.wad))}{" "}
          a year
        </Explain>{" "}
        after it ({pct(before)} → {pct(fee.wad)}).
      </li>
    );
  const verb = fee.kind === "mint" ? "minting that many again" : "redeeming all of it";
  return (
    <li data-testid="your-change">
      On your {balance}, {verb} costs{" "}
      <Explain tip={`The ${FEE_NAME[fee.kind]} on that many shares, rounded up as the vault rounds fee shares.`}>
        {formatAmount(feeOn(shares, before), 18, 6)} {s.symbol} now, {formatAmount(feeOn(shares, fee.wad), 18, 6)}{" "}
        {s.symbol}
      </Explain>{" "}
      after it ({pct(before)} → {pct(fee.wad)}).
    </li>
  );
}

function Actions({ p, l, now, calls }: { p: SubgraphProposal; l: LiveProposal; now: number; calls: ProposalCall[] }) {
  const { address: account } = useAccount();
  const me = useAccountOnProposal(p.id, account, l.snapshot, now);
  const [support, setSupport] = useState<Support>("for");
  const [reason, setReason] = useState("");
  const voteTx = useTx();
  const queueTx = useTx();
  const executeTx = useTx();
  const governor = contract("Governor");
  const args = [
    calls.map((c) => getAddress(c.target)),
    calls.map((c) => c.value),
    calls.map((c) => c.calldata as Hex),
    keccak256(toHex(p.description)),
  ] as const;
  const voteWhy = voteBlocked({
    state: l.state,
    now,
    voteStart: l.snapshot,
    voteEnd: l.deadline,
    connected: account !== undefined,
    hasVoted: me.hasVoted === true,
    power: me.votesAtSnapshot,
  });
  const queueWhy = queueBlocked({ state: l.state, now, voteEnd: l.deadline, votes: l, quorum: l.quorum });
  const executeWhy = executeBlocked({ state: l.state, now, eta: l.eta === 0 ? undefined : l.eta });
  return (
    <section className="panel" aria-labelledby="act-h">
      <h2 id="act-h">Vote, queue, execute</h2>
      <form
        className="vote-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await voteTx.send({
            address: governor,
            abi: TMAIGovernorAbi,
            functionName: "castVoteWithReason",
            args: [BigInt(p.id), SUPPORT[support], reason.trim()],
          });
          if (ok) {
            setReason("");
            void me.refetch();
          }
        }}
      >
        <fieldset className="segmented">
          <legend>Your vote</legend>
          {(["for", "against", "abstain"] as const).map((s) => (
            <label key={s} className={s === support ? "on" : ""}>
              <input type="radio" name="support" value={s} checked={s === support} onChange={() => setSupport(s)} />
              {SUPPORT_LABEL[SUPPORT[s]]}
            </label>
          ))}
        </fieldset>
        <label className="field wide">
          Reason (optional, public, stored in the VoteCast event)
          <textarea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
            maxLength={2000}
            data-testid="reason"
          />
        </label>
        <button type="submit" className="primary" disabled={voteWhy !== undefined} data-testid="vote">
          Vote {SUPPORT_LABEL[SUPPORT[support]]}
          {me.votesAtSnapshot !== undefined && me.votesAtSnapshot > 0n ? ` with ${ve(me.votesAtSnapshot)}` : ""}
        </button>
        {voteWhy !== undefined && (
          <p className="muted small" data-testid="vote-blocked">
            {voteWhy}
          </p>
        )}
      </form>
      <TxStatus state={voteTx.state} label="Vote" />
      <div className="gov-actions">
        <div>
          <button
            type="button"
            disabled={queueWhy !== undefined}
            data-testid="queue"
            onClick={() => void queueTx.send({ address: governor, abi: TMAIGovernorAbi, functionName: "queue", args })}
          >
            Queue in the timelock
          </button>
          {queueWhy !== undefined && (
            <p className="muted small" data-testid="queue-blocked">
              {queueWhy}
            </p>
          )}
          <TxStatus state={queueTx.state} label="Queue" />
        </div>
        <div>
          <button
            type="button"
            disabled={executeWhy !== undefined}
            data-testid="execute"
            onClick={() =>
              void executeTx.send({ address: governor, abi: TMAIGovernorAbi, functionName: "execute", args })
            }
          >
            Execute
          </button>
          {executeWhy !== undefined && (
            <p className="muted small" data-testid="execute-blocked">
              {executeWhy}
            </p>
          )}
          <TxStatus state={executeTx.state} label="Execute" />
        </div>
      </div>
    </section>
  );
}
