/**
 * One index: NAV chart (subgraph snapshots), holdings table and treemap, regime panel, pending target, auction
 * state, the history log, and fees on the user's own amount.
 */
import { lazy, Suspense, useCallback, useMemo, useState } from "react";
import { Link } from "react-router";
import { useAccount } from "wagmi";
import { zeroAddress, type Address } from "viem";
import { RouteIndex } from "../components/RouteIndex.js";
import { AuctionTracker } from "../components/AuctionTracker.js";
import { EventLog } from "../components/EventLog.js";
import { TrendPanel } from "../components/TrendPanel.js";
import { Explain } from "../components/Explain.js";
import { Empty, ErrorState, Loading } from "../components/States.js";
import { PRICE_STATUS, REGIMES, useAccountSummary, useIndexSummary } from "../hooks/lens.js";
import { useIndexHistory } from "../hooks/subgraph.js";
import { useIndexChartData } from "../hooks/history.js";
import {
  formatAmount,
  formatDuration,
  formatPercent,
  formatTime,
  formatToken,
  formatUsd,
  formatUsdPrice,
  parseAmount,
} from "../lib/format.js";
import { feeOn, valueOfShares, WAD, yearlyManagementCost } from "../lib/math.js";
import { periodEnd, priceSeries, type NavPoint } from "../lib/history.js";
import { HoldingChange, NavSection } from "../components/NavHistory.js";
import { symbolOf } from "../lib/tokens.js";

const HoldingsTreemap = lazy(() => import("../components/charts.js").then((m) => ({ default: m.HoldingsTreemap })));

export default function IndexDetailScreen() {
  return <RouteIndex>{(vault) => <Detail vault={vault} />}</RouteIndex>;
}

type SortKey = "symbol" | "weight" | "value";

function Detail({ vault }: { vault: Address }) {
  const summary = useIndexSummary(vault);
  const chart = useIndexChartData(vault);
  const history = useIndexHistory(vault, symbolOf);
  const [sort, setSort] = useState<SortKey>("weight");
  const { refetch } = summary;
  const refetchSummary = useCallback(() => void refetch(), [refetch]);
  const prices = useMemo(
    () =>
      new Map(
        (summary.data?.basket ?? [])
          .filter((a) => a.status === 0)
          .map((a) => [a.asset.toLowerCase(), { price: a.price, decimals: a.decimals }] as const),
      ),
    [summary.data],
  );
  if (summary.isPending) return <Loading what="the index" />;
  if (summary.error !== null)
    return <ErrorState what="the index" error={summary.error} retry={() => void summary.refetch()} />;
  const s = summary.data;
  const r = s.rebalance;
  const now = Date.now() / 1000;
  const navPoints: NavPoint[] = (chart.data?.own ?? [])
    .filter((p) => p.navPerShareUSD !== null)
    .map((p) => ({ t: p.timestamp, nav: Number(p.navPerShareUSD) }));
  // Chain time: the local stack's clock may run ahead of this one.
  const end = periodEnd(now, navPoints);
  const recorded = chart.data === undefined ? [] : [...chart.data.own, ...chart.data.all];
  const held = s.basket.filter((a) => a.unitsPerShare > 0n);
  const rows = [...held].sort((a, b) =>
    sort === "symbol"
      ? a.symbol.localeCompare(b.symbol)
      : sort === "weight"
        ? Number(b.weight - a.weight)
        : Number(b.valuePerShare - a.valuePerShare),
  );
  const sortButton = (key: SortKey, label: string) => (
    <button type="button" className="link" onClick={() => setSort(key)} aria-pressed={sort === key}>
      {label}
      {sort === key ? " ▾" : ""}
    </button>
  );
  return (
    <>
      <h1>
        {s.name} <span className="muted">{s.symbol}</span>
      </h1>
      <p className="lead">
        NAV per share{" "}
        <Explain
          tip={`USD oracle value of the basket behind one index token.${s.navPartial ? " Some assets have no sound price right now and are left out, so this is partial." : ""}`}
        >
          {formatUsd(s.navPerShare)}
          {s.navPartial && <span className="warn"> (partial)</span>}
        </Explain>{" "}
        · TVL{" "}
        <Explain tip="USD oracle value of everything the supply is backed by.">{formatUsd(s.totalValue, 0)}</Explain> ·
        supply{" "}
        <Explain tip="Index tokens in existence.">
          {formatAmount(s.totalSupply, 18, 2)} {s.symbol}
        </Explain>{" "}
        <Link className="button" to={`/index/${vault}/trade`}>
          Mint / redeem
        </Link>
      </p>

      <section className="panel" aria-labelledby="nav-h">
        <h2 id="nav-h">NAV per share (USD, hourly) against BTC and ETH</h2>
        {chart.isPending ? (
          <Loading what="the history" />
        ) : chart.error !== null ? (
          <ErrorState what="the history from the subgraph" error={chart.error} retry={() => void chart.refetch()} />
        ) : (
          <NavSection data={chart.data} navPoints={navPoints} end={end} symbol={s.symbol} />
        )}
      </section>

      <section className="panel" aria-labelledby="holdings-h">
        <h2 id="holdings-h">Holdings</h2>
        {held.length === 0 ? (
          <Empty>The basket is empty.</Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table data-testid="holdings">
                <caption className="sr-only">Basket of {s.symbol}; sort with the column buttons</caption>
                <thead>
                  <tr>
                    <th scope="col">{sortButton("symbol", "Asset")}</th>
                    <th scope="col">{sortButton("weight", "Weight")}</th>
                    <th scope="col">Units per share</th>
                    <th scope="col">Price (USD)</th>
                    <th scope="col" data-testid="change-24h-header">
                      <Explain tip="The asset's oracle price now against the price the subgraph recorded 24 h ago (at an index's hourly snapshot at most 6 h before that moment).">
                        24 h change
                      </Explain>
                    </th>
                    <th scope="col">{sortButton("value", "Value per share")}</th>
                    <th scope="col">Oracle</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((a) => (
                    <tr key={a.asset}>
                      <th scope="row">{a.symbol}</th>
                      <td>
                        <Explain tip="Share of the NAV per share, by oracle value.">{formatPercent(a.weight)}</Explain>
                      </td>
                      <td>
                        <Explain tip={`${a.symbol} behind one index token (${a.decimals} decimals).`}>
                          {formatToken(a.unitsPerShare, a.decimals, a.symbol)}
                        </Explain>
                      </td>
                      <td>
                        <Explain tip="USD per whole token, from its Chainlink feed through the price oracle.">
                          {a.status === 0 ? formatUsdPrice(a.price) : "—"}
                        </Explain>
                      </td>
                      <td data-testid="change-24h">
                        <HoldingChange
                          pending={chart.isPending}
                          failed={chart.error !== null}
                          series={priceSeries(recorded, a.asset)}
                          price={a.status === 0 ? Number(a.price) / 1e18 : undefined}
                          end={end}
                        />
                      </td>
                      <td>
                        <Explain tip="Units per share × price.">
                          {a.status === 0 ? formatUsd(a.valuePerShare) : "—"}
                        </Explain>
                      </td>
                      <td className={a.status === 0 ? "" : "warn"}>
                        {PRICE_STATUS[a.status]}
                        {a.updatedAt > 0n ? `, updated ${formatTime(a.updatedAt)}` : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Suspense fallback={<Loading what="the treemap" />}>
              <HoldingsTreemap
                items={held
                  .filter((a) => a.status === 0)
                  .map((a) => ({ name: a.symbol, value: Number(a.valuePerShare / 10n ** 12n) / 1e6 }))}
              />
            </Suspense>
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="regime-h">
        <h2 id="regime-h">Regime and rebalancing</h2>
        {!r.configured ? (
          <Empty>This index has no rebalancer.</Empty>
        ) : (
          <dl className="stats">
            <div>
              <dt>Regime</dt>
              <dd data-testid="regime">
                <Explain tip="Risk-on holds the market basket; risk-off holds only the stablecoin.">
                  {REGIMES[r.regime]}
                </Explain>
              </dd>
            </div>
            <div>
              <dt>Pending switch</dt>
              <dd>
                <Explain
                  tip={`A signalled regime applies only after the hysteresis of ${formatDuration(Number(r.config.hysteresis))}, so the index cannot flip-flop.`}
                >
                  {r.hasPendingRegime
                    ? `to ${REGIMES[r.pendingRegime]}, ${r.regimeDue ? "due now" : `applies ${formatTime(r.pendingRegimeDueAt)} (in ${formatDuration(Number(r.pendingRegimeDueAt) - now)})`}`
                    : "none"}
                </Explain>
              </dd>
            </div>
            <div>
              <dt>Signal source</dt>
              <dd>
                {r.regimeSource === zeroAddress
                  ? "the methodologist"
                  : `on-chain trend rule ${r.regimeSource.slice(0, 10)}…`}
              </dd>
            </div>
            <div>
              <dt>Target</dt>
              <dd>
                <Explain tip="The basket a rebalance would aim at now, by weight.">
                  {r.targetAssets.length === 0
                    ? "none posted"
                    : r.targetAssets
                        .map((a, i) => `${symbolOf(a)} ${formatPercent(r.targetWeights[i] ?? 0n, 1)}`)
                        .join(", ")}
                </Explain>
              </dd>
            </div>
            <div>
              <dt>Pending target</dt>
              <dd>
                <Explain tip="A newly posted target waits for the announcement delay, so holders see it before it applies.">
                  {r.pendingTargetAssets.length === 0
                    ? "none"
                    : `${r.pendingTargetAssets.length} assets, takes effect ${formatTime(r.pendingTargetEffectiveAt)}${Number(r.pendingTargetEffectiveAt) > now ? ` (in ${formatDuration(Number(r.pendingTargetEffectiveAt) - now)})` : ""}`}
                </Explain>
              </dd>
            </div>
            <div>
              <dt>Auction</dt>
              <dd data-testid="auction">
                <Explain
                  tip={`A Dutch auction: the price moves from ${formatPercent(WAD + r.config.bandHigh)} to ${formatPercent(WAD - r.config.bandLow)} of the oracle price over its duration, never outside that band; anyone may bid.`}
                >
                  {r.auction.id === 0n
                    ? "none yet"
                    : r.auction.active
                      ? `#${r.auction.id} running until ${formatTime(r.auction.end)}, price ${formatPercent(r.auction.priceFactor)} of oracle${r.auction.bidsOpen ? "" : " (bids wait for a regime switch)"}`
                      : `#${r.auction.id} ended ${formatTime(r.auction.end)}`}
                </Explain>
              </dd>
            </div>
          </dl>
        )}
        {r.configured && r.regimeSource !== zeroAddress && <TrendPanel source={r.regimeSource} current={r.regime} />}
        {r.configured && r.auction.id !== 0n && (
          <AuctionTracker
            vault={vault}
            auction={r.auction}
            bandHigh={r.config.bandHigh}
            bandLow={r.config.bandLow}
            prices={prices}
            onFill={refetchSummary}
          />
        )}
      </section>

      <Fees fees={s.fees} nav={s.navPerShare} symbol={s.symbol} vault={vault} />

      <section className="panel" aria-labelledby="log-h">
        <h2 id="log-h">History</h2>
        {history.isPending ? (
          <Loading what="the history" />
        ) : history.error !== null ? (
          <ErrorState what="the history from the subgraph" error={history.error} retry={() => void history.refetch()} />
        ) : history.data.length === 0 ? (
          <Empty>No event yet.</Empty>
        ) : (
          <EventLog entries={history.data.slice(0, 100)} testId="history" />
        )}
      </section>
    </>
  );
}

function Fees({
  fees,
  nav,
  symbol,
  vault,
}: {
  fees: { managementFee: bigint; mintFee: bigint; redeemFee: bigint };
  nav: bigint;
  symbol: string;
  vault: Address;
}) {
  const { address } = useAccount();
  const account = useAccountSummary(vault, address);
  const [input, setInput] = useState("");
  const typed = parseAmount(input, 18);
  const shares = typed ?? account.data?.indexBalance ?? WAD;
  const value = valueOfShares(shares, nav);
  return (
    <section className="panel" aria-labelledby="fees-h">
      <h2 id="fees-h">Fees on your amount</h2>
      <label className="field">
        Amount of {symbol}
        <input
          inputMode="decimal"
          value={input}
          placeholder={formatAmount(shares, 18, 4)}
          onChange={(e) => setInput(e.target.value)}
        />
        <span className="muted small">
          {typed === undefined ? (account.data !== undefined ? "your balance" : "1 token") : "as typed"}, worth{" "}
          {formatUsd(value)} at NAV
        </span>
      </label>
      <ul>
        <li>
          Management fee {formatPercent(fees.managementFee)} a year: about{" "}
          {formatUsd(yearlyManagementCost(value, fees.managementFee))} a year, taken every second as new shares for
          stakers (your token count stays, each token holds a bit less).
        </li>
        <li>
          Mint fee {formatPercent(fees.mintFee)}: minting this amount adds{" "}
          {formatAmount(feeOn(shares, fees.mintFee), 18, 6)} {symbol} of fee shares (about{" "}
          {formatUsd(valueOfShares(feeOn(shares, fees.mintFee), nav))}) to the basket you pay.
        </li>
        <li>
          Redeem fee {formatPercent(fees.redeemFee)}: redeeming it keeps{" "}
          {formatAmount(feeOn(shares, fees.redeemFee), 18, 6)} {symbol} (about{" "}
          {formatUsd(valueOfShares(feeOn(shares, fees.redeemFee), nav))}) as fee shares.
        </li>
      </ul>
    </section>
  );
}
