/**
 * The proposals list: every proposal the subgraph indexed, active ones first, each with its live state, votes,
 * quorum progress and time left from the governor (chain time).
 */
import { Link } from "react-router";
import { useAccount } from "wagmi";
import { Explain } from "../../components/Explain.js";
import { Empty, ErrorState, Loading } from "../../components/States.js";
import { useChainNow, useLiveProposals, useProposals, useProposerPower } from "../../hooks/governance.js";
import { formatDuration } from "../../lib/format.js";
import { describeCall, sortProposals, titleOf, ve } from "../../lib/proposals.js";
import { QuorumBar, StateBadge, TimeLeft, VoteTally } from "./parts.js";

export default function ProposalsScreen() {
  const proposals = useProposals();
  const now = useChainNow();
  const { address } = useAccount();
  const power = useProposerPower(address, now);
  const ids = (proposals.data ?? []).map((p) => p.id);
  const live = useLiveProposals(ids, now);
  return (
    <>
      <h1>Governance</h1>
      <p className="lead">
        veTMAI holders and their delegates decide the protocol's parameters: a proposal that passes is queued in the
        timelock and anyone executes it after the delay.{" "}
        {power.threshold !== undefined && (
          <>
            Proposing takes{" "}
            <Explain tip="The governor's proposalThreshold(): votes the proposer needs one second before proposing.">
              {ve(power.threshold)}
            </Explain>
            {power.power !== undefined && (
              <>
                ; you have{" "}
                <Explain tip="Your veTMAI votes (own lock and delegations to you) one second ago, as propose reads them.">
                  <span data-testid="proposer-power">{ve(power.power)}</span>
                </Explain>
              </>
            )}
            .{" "}
          </>
        )}
        {power.votingDelay !== undefined && power.votingPeriod !== undefined && (
          <>
            Voting opens{" "}
            <Explain tip="The governor's votingDelay(): time between proposing and the snapshot of voting power.">
              {formatDuration(Number(power.votingDelay))}
            </Explain>{" "}
            after a proposal and lasts{" "}
            <Explain tip="The governor's votingPeriod() (a late vote reaching quorum can extend it).">
              {formatDuration(Number(power.votingPeriod))}
            </Explain>
            .
          </>
        )}
      </p>
      <p>
        <Link className="button" to="/governance/new">
          New proposal
        </Link>{" "}
        <Link to="/stake#delegate">Delegate your votes</Link>
      </p>
      {proposals.isPending ? (
        <Loading what="the proposals" />
      ) : proposals.error !== null ? (
        <ErrorState
          what="the proposals from the subgraph"
          error={proposals.error}
          retry={() => void proposals.refetch()}
        />
      ) : proposals.data.length === 0 ? (
        <Empty>No proposal yet. Anyone with enough votes can make the first one.</Empty>
      ) : live.error !== undefined ? (
        <ErrorState what="the proposals' state from the governor" error={live.error} retry={live.refetch} />
      ) : (
        <ul className="cards proposals" data-testid="proposals">
          {sortProposals(
            proposals.data.map((p, i) => ({
              p,
              live: live.live[i],
              state: live.live[i]?.state ?? 99,
              createdAt: Number(p.createdAtTimestamp),
            })),
          ).map(({ p, live: l }) => (
            <li key={p.id} className="card proposal-card" data-testid="proposal-card">
              <div className="card-head">
                <h2>
                  <Link to={`/governance/${p.id}`}>{titleOf(p.description)}</Link>
                </h2>
                {l !== undefined ? <StateBadge state={l.state} /> : <span className="muted">…</span>}
              </div>
              <p className="muted small">
                {p.calls.length === 1
                  ? describeCall({
                      target: p.calls[0]!.target,
                      value: BigInt(p.calls[0]!.value),
                      calldata: p.calls[0]!.calldata,
                    }).sentence
                  : `${p.calls.length} calls`}{" "}
                · {p.voteCount} {p.voteCount === 1 ? "vote" : "votes"} · id{" "}
                <code title={p.id}>{p.id.slice(0, 8)}…</code>
              </p>
              {l === undefined ? (
                <Loading what="the live state" />
              ) : (
                <>
                  <VoteTally votes={l} />
                  <QuorumBar votes={l} quorum={l.quorum} />
                  <p>
                    <TimeLeft state={l.state} now={now} snapshot={l.snapshot} deadline={l.deadline} eta={l.eta} />
                  </p>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
