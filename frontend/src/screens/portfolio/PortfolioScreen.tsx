/**
 * Portfolio: the connected account's index positions (every index of the manifest: balance and value through the
 * lens, profit and loss against the average cost of its own mints and redeems from the subgraph), its lock, its
 * claimable revenue, its voting power, and its history.
 */
import { Link } from "react-router";
import type { Address } from "viem";
import { manifest } from "../../config/manifest.js";
import { EventLog, type LogEntry } from "../../components/EventLog.js";
import { Explain } from "../../components/Explain.js";
import { Empty, ErrorState, Loading } from "../../components/States.js";
import { useAccountSummary, useIndexSummary } from "../../hooks/lens.js";
import {
  tokenMeta,
  useClaims,
  usePositionTrades,
  useRewards,
  useStakingHistory,
  useStakingState,
  type PositionTrade,
} from "../../hooks/staking.js";
import { formatAmount, formatPercent, formatToken, formatUsd, shortAddress } from "../../lib/format.js";
import { valueOfShares } from "../../lib/math.js";
import { costBasis, decimalToWad, profitAndLoss } from "../../lib/portfolio.js";
import { formatUnlock, TIERS } from "../../lib/staking.js";
import { Stat, tmaiText, ve, useChainAccount, WrongChainNotice } from "../stake/parts.js";

export default function PortfolioScreen() {
  const { account, wrongChain } = useChainAccount();
  return (
    <>
      <h1>Portfolio</h1>
      <WrongChainNotice wrongChain={wrongChain} />
      {account === undefined ? (
        <p className="muted" role="status">
          Connect a wallet to see your positions, lock and rewards.
        </p>
      ) : (
        <>
          <Positions account={account} />
          <StakingSummary account={account} />
          <History account={account} />
        </>
      )}
    </>
  );
}

function Positions({ account }: { account: Address }) {
  const trades = usePositionTrades(account);
  return (
    <section className="panel" aria-labelledby="positions-h">
      <h2 id="positions-h">Index positions</h2>
      {manifest.indices.length === 0 ? (
        <Empty>This deployment has no index.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="positions">
            <thead>
              <tr>
                <th scope="col">Index</th>
                <th scope="col">Balance</th>
                <th scope="col">NAV per share</th>
                <th scope="col">Value</th>
                <th scope="col">Cost (average)</th>
                <th scope="col">Profit / loss</th>
              </tr>
            </thead>
            <tbody>
              {manifest.indices.map((i) => (
                <PositionRow
                  key={i.address}
                  vault={i.address as Address}
                  account={account}
                  trades={trades.data?.filter((t) => t.index.toLowerCase() === i.address.toLowerCase())}
                  tradesError={trades.error}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">
        Profit and loss: the subgraph keeps no cost basis, so it is computed from your own mints and redeems at the NAV
        recorded with each (average cost; a mint&apos;s fee shares count as cost). Tokens received by transfer or
        redeemed through the router are not in those events.
      </p>
    </section>
  );
}

function PositionRow({
  vault,
  account,
  trades,
  tradesError,
}: {
  vault: Address;
  account: Address;
  trades: PositionTrade[] | undefined;
  tradesError: Error | null;
}) {
  const summary = useIndexSummary(vault);
  const mine = useAccountSummary(vault, account);
  const symbol = summary.data?.symbol ?? manifest.indices.find((i) => i.address === vault)?.symbol ?? "";
  if (summary.isPending || mine.isPending)
    return (
      <tr>
        <td>{symbol}</td>
        <td colSpan={5}>
          <Loading what={`${symbol} position`} />
        </td>
      </tr>
    );
  if (summary.error !== null || mine.error !== null)
    return (
      <tr>
        <td>{symbol}</td>
        <td colSpan={5}>
          <ErrorState what={`the ${symbol} position`} error={summary.error ?? mine.error} />
        </td>
      </tr>
    );
  const balance = mine.data.indexBalance;
  const nav = summary.data.navPerShare;
  const value = valueOfShares(balance, nav);
  const basis =
    trades === undefined
      ? undefined
      : costBasis(
          trades.map((t) => ({
            kind: t.kind,
            shares: t.shares,
            feeShares: t.feeShares,
            navPerShare: decimalToWad(t.navPerShareUSD),
          })),
        );
  const pl = basis === undefined ? undefined : profitAndLoss(basis, nav);
  return (
    <tr data-testid={`position-${symbol}`}>
      <td>
        <Link to={`/index/${vault}`}>{symbol}</Link>
      </td>
      <td>
        <Explain tip={`Your ${symbol} tokens (IndexLens.accountSummary), 18 decimals.`}>
          <span data-testid="position-balance">{formatAmount(balance, 18, 6)}</span> {symbol}
        </Explain>
      </td>
      <td>
        <Explain tip="USD oracle value of one index token's basket (IndexLens.indexSummary).">
          {formatUsd(nav)}
          {summary.data.navPartial && <span className="warn"> (partial)</span>}
        </Explain>
      </td>
      <td>
        <Explain tip="Balance × NAV per share, in USD.">
          <span data-testid="position-value">{formatUsd(value)}</span>
        </Explain>
      </td>
      <td>
        {tradesError !== null ? (
          <span className="muted">history unavailable</span>
        ) : basis === undefined ? (
          "…"
        ) : basis.trackedShares === 0n ? (
          <span className="muted">no mint of yours</span>
        ) : (
          <Explain
            tip={`USD paid at the NAV of each of your mints for the ${formatAmount(basis.trackedShares, 18, 6)} ${symbol} they account for, reduced pro rata by your redeems.${basis.complete ? "" : " Some mints had no recorded NAV: the cost is incomplete."}`}
          >
            {formatUsd(basis.cost)}
          </Explain>
        )}
      </td>
      <td>
        {pl === undefined || basis === undefined || basis.trackedShares === 0n ? (
          "—"
        ) : (
          <Explain
            tip={`Value of the ${formatAmount(basis.trackedShares, 18, 6)} ${symbol} your mints account for at today's NAV minus their cost, in USD and percent of cost.${basis.trackedShares !== balance ? ` Your balance is ${formatAmount(balance, 18, 6)} ${symbol}: the difference came or went by transfer or through the router.` : ""}`}
          >
            <span className={pl.pnl >= 0n ? "up" : "down"} data-testid="position-pnl">
              {pl.pnl >= 0n ? "+" : "−"}
              {formatUsd(pl.pnl >= 0n ? pl.pnl : -pl.pnl)} ({formatPercent(pl.pnlWad)})
            </span>
          </Explain>
        )}
      </td>
    </tr>
  );
}

function StakingSummary({ account }: { account: Address }) {
  const state = useStakingState(account);
  const rewards = useRewards(account);
  return (
    <section className="panel" aria-labelledby="staking-h">
      <h2 id="staking-h">Lock, rewards and votes</h2>
      {state.isPending ? (
        <Loading what="your lock" />
      ) : state.error !== null ? (
        <ErrorState what="your lock" error={state.error} retry={() => void state.refetch()} />
      ) : (
        <dl className="stats" data-testid="portfolio-lock">
          <Stat label="Locked" tip="TMAI in your veTMAI lock (VeTMAI.locked)." testId="portfolio-lock-amount">
            {state.data.amount === 0n ? "no lock" : tmaiText(state.data.amount)}
          </Stat>
          <Stat label="Unlocks" tip="The lock's end, a whole week (Thursday 00:00 UTC).">
            {state.data.amount === 0n ? "—" : formatUnlock(state.data.end)}
          </Stat>
          <Stat
            label="Staking score"
            tip="VeTMAI.balanceOf: amount × time left ÷ 52 weeks (veTMAI), your weight for revenue."
            testId="portfolio-score"
          >
            {ve(state.data.score)} ({TIERS[state.data.tierIndex] ?? "None"})
          </Stat>
          <Stat
            label="Voting power"
            tip={`VeTMAI.getVotes: the veTMAI you vote with (your own score unless delegated away, plus what others delegated to you). Your votes go to ${state.data.delegatee.toLowerCase() === account.toLowerCase() ? "yourself" : shortAddress(state.data.delegatee)}.`}
            testId="portfolio-votes"
          >
            {ve(state.data.votes)}
          </Stat>
        </dl>
      )}
      {rewards.isPending ? (
        <Loading what="your rewards" />
      ) : rewards.error !== null ? (
        <ErrorState what="your rewards" error={rewards.error} retry={() => void rewards.refetch()} />
      ) : (
        <dl className="stats" data-testid="portfolio-claimable">
          {rewards.data.tokens.map((t) => (
            <Stat
              key={t.token}
              label={`Claimable ${t.symbol}`}
              tip={`RevenueDistributor.claimable: your unclaimed share of ended weeks' ${t.symbol} revenue, in ${t.symbol}.`}
              testId={`portfolio-claimable-${t.symbol}`}
            >
              {formatToken(t.claimable, t.decimals, t.symbol)}
            </Stat>
          ))}
        </dl>
      )}
      <p className="small">
        <Link to="/stake">Manage your lock</Link> · <Link to="/rewards">Claim rewards</Link> ·{" "}
        <Link to="/stake#delegate">Delegate</Link>
      </p>
    </section>
  );
}

function History({ account }: { account: Address }) {
  const trades = usePositionTrades(account);
  const staking = useStakingHistory(account);
  const claims = useClaims(account);
  const symbolOf = (index: string) =>
    manifest.indices.find((i) => i.address.toLowerCase() === index.toLowerCase())?.symbol ?? shortAddress(index);
  const error = trades.error ?? staking.error ?? claims.error;
  const entries: LogEntry[] = [
    ...(trades.data ?? []).map((t) => ({
      kind: t.kind,
      timestamp: t.timestamp,
      text: `${t.kind === "Mint" ? "You minted" : "You redeemed"} ${formatAmount(t.shares, 18, 6)} ${symbolOf(t.index)}`,
      transaction: t.transaction,
    })),
    ...(staking.data?.lockEvents ?? []).map((e) => ({
      kind: e.kind === "WITHDRAW" ? "Withdraw" : "Lock",
      timestamp: Number(e.timestamp),
      text:
        e.kind === "WITHDRAW"
          ? `Withdrew ${tmaiText(BigInt(e.amount))} from your lock`
          : `Lock: ${tmaiText(BigInt(e.amount))} until ${formatUnlock(BigInt(e.end))}`,
      transaction: e.transaction,
    })),
    ...(staking.data?.delegateChanges ?? []).map((d) => ({
      kind: "Delegate",
      timestamp: Number(d.timestamp),
      text: `Votes delegated to ${d.toDelegate.toLowerCase() === account.toLowerCase() ? "yourself" : shortAddress(d.toDelegate)}`,
      transaction: d.transaction,
    })),
    ...(claims.data ?? [])
      .filter((c) => BigInt(c.amount) > 0n)
      .map((c) => {
        const m = tokenMeta(c.token);
        return {
          kind: c.locked ? "Claim and lock" : "Claim",
          timestamp: Number(c.timestamp),
          text: `${c.locked ? "Locked" : "Claimed"} ${formatAmount(BigInt(c.amount), m.decimals, 6)} ${m.symbol} of revenue`,
          transaction: c.transaction,
        };
      }),
  ].sort((a, b) => b.timestamp - a.timestamp);
  return (
    <section className="panel" aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      {trades.isPending || staking.isPending || claims.isPending ? (
        <Loading what="your history" />
      ) : error !== null ? (
        <ErrorState what="your history from the subgraph" error={error} />
      ) : entries.length === 0 ? (
        <Empty>No mint, redeem, lock or claim from this account yet.</Empty>
      ) : (
        <EventLog entries={entries} testId="portfolio-history" />
      )}
    </section>
  );
}
