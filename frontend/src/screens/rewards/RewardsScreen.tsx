/**
 * Rewards: the protocol revenue (index fee shares, TMAI) a lock earned, per token (RevenueDistributor.claimable) and
 * per week (the account's scaled power x the week's rate), the projection of the current week, past claims (subgraph
 * Claim); claim per token or all, and claim-and-lock (TMAI into the lock, previewed before signing).
 */
import { useState } from "react";
import { Link } from "react-router";
import type { Address } from "viem";
import { RevenueDistributorAbi } from "../../../../bindings/abis.js";
import { EventLog } from "../../components/EventLog.js";
import { Explain } from "../../components/Explain.js";
import { Empty, ErrorState, Loading } from "../../components/States.js";
import { TxStatus } from "../../components/TxStatus.js";
import {
  distributor,
  tmai,
  tokenMeta,
  useClaims,
  useRewards,
  useStakingState,
  type StakingState,
  type TokenRewards,
} from "../../hooks/staking.js";
import { useTx } from "../../hooks/useTx.js";
import { formatAmount, formatTime, formatToken } from "../../lib/format.js";
import { formatUnlock, MAXTIME, preview, previewClaimAndLock, projectedShare, WEEK } from "../../lib/staking.js";
import { BeforeAfter, ve, useChainAccount, WrongChainNotice } from "../stake/parts.js";

export default function RewardsScreen() {
  const { account, wrongChain } = useChainAccount();
  const rewards = useRewards(account);
  const state = useStakingState(account);
  const refetch = () => {
    void rewards.refetch();
    void state.refetch();
  };
  return (
    <>
      <h1>Rewards</h1>
      <p className="lead">
        Protocol revenue (the indices&apos; fees, paid in index tokens, and TMAI) is split every week between lock
        owners, in proportion to each lock&apos;s score at the week&apos;s opening (Thursday 00:00 UTC). A week&apos;s
        revenue becomes claimable once the week has ended. <Link to="/stake">Stake</Link> to earn a share.
      </p>
      <WrongChainNotice wrongChain={wrongChain} />
      {account === undefined ? (
        <p className="muted" role="status">
          Connect a wallet to see your rewards.
        </p>
      ) : rewards.isPending || state.isPending ? (
        <Loading what="your rewards" />
      ) : rewards.error !== null ? (
        <ErrorState what="your rewards" error={rewards.error} retry={refetch} />
      ) : state.error !== null ? (
        <ErrorState what="your lock" error={state.error} retry={refetch} />
      ) : (
        <>
          <Claimable tokens={rewards.data.tokens} onDone={refetch} />
          <ClaimAndLock s={state.data} tokens={rewards.data.tokens} onDone={refetch} />
          <PerWeek tokens={rewards.data.tokens} />
          <Projection tokens={rewards.data.tokens} />
        </>
      )}
      {account !== undefined && <PastClaims account={account} />}
    </>
  );
}

function Claimable({ tokens, onDone }: { tokens: TokenRewards[]; onDone: () => void }) {
  const tx = useTx();
  const [label, setLabel] = useState("Claim");
  const busy = tx.state.status === "signing" || tx.state.status === "pending";
  const withSome = tokens.filter((t) => t.claimable > 0n);
  const claim = async (t: TokenRewards) => {
    setLabel(`Claim ${t.symbol}`);
    if (await tx.send({ address: distributor(), abi: RevenueDistributorAbi, functionName: "claim", args: [t.token] }))
      onDone();
  };
  const claimAll = async () => {
    setLabel("Claim all");
    if (
      await tx.send({
        address: distributor(),
        abi: RevenueDistributorAbi,
        functionName: "claimMany",
        args: [withSome.map((t) => t.token)],
      })
    )
      onDone();
  };
  return (
    <section className="panel" aria-labelledby="claimable-h">
      <h2 id="claimable-h">Claimable now</h2>
      {tokens.length === 0 ? (
        <Empty>The distributor has no revenue token yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="claimable">
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Claimable</th>
                <th scope="col">
                  <span className="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.token} data-testid={`claimable-${t.symbol}`}>
                  <td>{t.symbol}</td>
                  <td>
                    <Explain
                      tip={`RevenueDistributor.claimable: your share of the ended weeks' ${t.symbol} revenue not claimed yet, including weeks not closed on chain (a claim closes them), in ${t.symbol}.`}
                    >
                      <span data-testid={`claimable-amount-${t.symbol}`}>
                        {formatToken(t.claimable, t.decimals, t.symbol)}
                      </span>
                    </Explain>
                  </td>
                  <td>
                    <button
                      type="button"
                      disabled={busy || t.claimable === 0n}
                      onClick={() => void claim(t)}
                      data-testid={`claim-${t.symbol}`}
                    >
                      Claim {t.symbol}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <button
          type="button"
          className="primary"
          disabled={busy || withSome.length === 0}
          onClick={() => void claimAll()}
          data-testid="claim-all"
        >
          Claim all ({withSome.length} {withSome.length === 1 ? "token" : "tokens"})
        </button>
      </p>
      <p className="muted small">
        One claim covers at most 52 weeks per token; the rest stays claimable. Claims are never paused.
      </p>
      <TxStatus state={tx.state} label={label} />
    </section>
  );
}

function ClaimAndLock({ s, tokens, onDone }: { s: StakingState; tokens: TokenRewards[]; onDone: () => void }) {
  const tx = useTx();
  const [review, setReview] = useState(false);
  const t = tokens.find((x) => x.token.toLowerCase() === tmai().toLowerCase());
  if (t === undefined) return null;
  const lock = { amount: s.amount, end: s.end };
  const after = previewClaimAndLock(lock, t.claimable, s.now, s.thresholds);
  const before = preview(lock, s.now, s.thresholds);
  const busy = tx.state.status === "signing" || tx.state.status === "pending";
  return (
    <section className="panel" aria-labelledby="cal-h">
      <h2 id="cal-h">Claim and lock</h2>
      <p>
        Put your claimable TMAI straight into your lock: the amount grows, the unlock stays, the score rises
        (RevenueDistributor.claimAndLock).
      </p>
      {after === undefined ? (
        <p className="muted" data-testid="cal-unavailable">
          {s.amount === 0n || s.end <= s.now
            ? "It needs an unexpired lock: create or renew one on the Stake screen."
            : "No TMAI is claimable yet."}
        </p>
      ) : (
        <>
          <BeforeAfter before={before} after={after} testId="cal-table" />
          {!review ? (
            <button type="button" className="primary" onClick={() => setReview(true)} data-testid="cal-review">
              Review claim and lock
            </button>
          ) : (
            <div className="preview" data-testid="cal-preview">
              <p>
                <strong>Claim and lock:</strong> claim {formatToken(t.claimable, 18, "TMAI")} and add it to your lock:{" "}
                <span data-testid="cal-new-amount">{formatToken(after.amount, 18, "TMAI")}</span> locked until{" "}
                <span data-testid="cal-unlock">{formatUnlock(after.end)}</span> (unchanged), score {ve(before.score)} →{" "}
                <strong data-testid="cal-new-score">{ve(after.score)}</strong>, tier {after.tier} (in the current
                block).
              </p>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={async () => {
                  if (
                    await tx.send({ address: distributor(), abi: RevenueDistributorAbi, functionName: "claimAndLock" })
                  ) {
                    setReview(false);
                    onDone();
                  }
                }}
                data-testid="cal-confirm"
              >
                Confirm
              </button>{" "}
              <button type="button" disabled={busy} onClick={() => setReview(false)}>
                Back
              </button>
            </div>
          )}
        </>
      )}
      <TxStatus state={tx.state} label="Claim and lock" />
    </section>
  );
}

function weekText(w: bigint): string {
  return new Date(Number(w) * 1000).toISOString().slice(0, 10);
}

function PerWeek({ tokens }: { tokens: TokenRewards[] }) {
  const rows = tokens.flatMap((t) => t.weeks.map((w) => ({ t, w })));
  return (
    <section className="panel" aria-labelledby="weeks-h">
      <h2 id="weeks-h">Unclaimed weeks</h2>
      {rows.length === 0 ? (
        <Empty>No ended week with a score of yours left to claim.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="weeks">
            <thead>
              <tr>
                <th scope="col">Week (from Thursday, UTC)</th>
                <th scope="col">Token</th>
                <th scope="col">Your score at its opening</th>
                <th scope="col">Your share</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ t, w }) => (
                <tr key={`${t.token}-${w.week}`}>
                  <td>
                    {weekText(w.week)} – {weekText(w.week + WEEK)}
                  </td>
                  <td>{t.symbol}</td>
                  <td>
                    <Explain tip="VeTMAI.scaledBalancesAt ÷ 52 weeks: your lock's score when the week opened (veTMAI), your weight for its revenue.">
                      {ve(w.scaledBalance / MAXTIME)}
                    </Explain>
                  </td>
                  <td>
                    <Explain
                      tip={
                        w.closed
                          ? `Closed week: your scaled power × the week's rate (RevenueDistributor.rateOfWeek) ÷ 10^36, in ${t.symbol}. A claim sums the weeks before rounding, so the total can be a few base units more.`
                          : `Ended, not closed on chain yet (the next claim or checkpoint closes it): the week's revenue × your share of the scores at its opening, in ${t.symbol}; revenue carried from earlier weeks can add to it.`
                      }
                    >
                      {formatToken(w.share, t.decimals, t.symbol)}
                      {!w.closed && <span className="muted"> (not closed yet)</span>}
                    </Explain>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Projection({ tokens }: { tokens: TokenRewards[] }) {
  const current = tokens[0]?.current;
  if (current === undefined) return null;
  return (
    <section className="panel" aria-labelledby="projection-h">
      <h2 id="projection-h">This week, projected</h2>
      <p className="small">
        The week from {formatTime(current.week)} becomes claimable at {formatTime(current.week + WEEK)}. Assumption: no
        more revenue arrives before the week ends (more fees raise your share) and the revenue carried from earlier
        weeks is split with it; your weight is your score at the week&apos;s opening (
        {ve(current.scaledBalance / MAXTIME)}) among all scores then ({ve(current.scaledTotal / MAXTIME)}).
      </p>
      <dl className="stats" data-testid="projection">
        {tokens.map((t) => (
          <div key={t.token}>
            <dt>{t.symbol} so far</dt>
            <dd>
              <Explain
                tip={`(revenue this week ${formatToken(t.current.revenue, t.decimals, t.symbol)} + carried ${formatToken(t.current.carried, t.decimals, t.symbol)}) × your score ÷ all scores at the week's opening, in ${t.symbol}.`}
              >
                {formatToken(
                  projectedShare(t.current.revenue + t.current.carried, t.current.scaledBalance, t.current.scaledTotal),
                  t.decimals,
                  t.symbol,
                )}
              </Explain>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function PastClaims({ account }: { account: Address }) {
  const claims = useClaims(account);
  return (
    <section className="panel" aria-labelledby="claims-h">
      <h2 id="claims-h">Claimed before</h2>
      {claims.isPending ? (
        <Loading what="your claims" />
      ) : claims.error !== null ? (
        <ErrorState what="your claims from the subgraph" error={claims.error} retry={() => void claims.refetch()} />
      ) : claims.data.filter((c) => BigInt(c.amount) > 0n).length === 0 ? (
        <Empty>No claim from this account yet.</Empty>
      ) : (
        <EventLog
          testId="claims"
          entries={claims.data
            .filter((c) => BigInt(c.amount) > 0n)
            .map((c) => {
              const m = tokenMeta(c.token);
              return {
                kind: c.locked ? "Claim and lock" : "Claim",
                timestamp: Number(c.timestamp),
                text: `${c.locked ? "Locked" : "Claimed"} ${formatAmount(BigInt(c.amount), m.decimals, 6)} ${m.symbol} for the weeks ${weekText(BigInt(c.fromWeek))} to ${weekText(BigInt(c.toWeek))}`,
                transaction: c.transaction,
              };
            })}
        />
      )}
    </section>
  );
}
