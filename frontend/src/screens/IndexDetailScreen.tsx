/**
 * One index: NAV chart (subgraph snapshots), holdings table and treemap, regime panel, pending target, auction
 * state, the history log, and fees on the user's own amount.
 */
import { lazy, Suspense, useState } from "react";
import { Link } from "react-router";
import { useAccount } from "wagmi";
import type { Address } from "viem";
import { RouteIndex } from "../components/RouteIndex.js";
import { EventLog } from "../components/EventLog.js";
import { Explain } from "../components/Explain.js";
import { Empty, ErrorState, Loading } from "../components/States.js";
import { PRICE_STATUS, REGIMES, useAccountSummary, useIndexSummary } from "../hooks/lens.js";
import { useIndexHistory } from "../hooks/subgraph.js";
import { useIndexChartData, type IndexChartData } from "../hooks/history.js";
import { manifest } from "../config/manifest.js";
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
import {
  benchmarkTokens,
  change24h,
  filterPeriod,
  formatChange,
  formatUsdNumber,
  MAX_PRICE_AGE_SECONDS,
  normaliseBenchmark,
  periodEnd,
  PERIODS,
  priceSeries,
  regimeMarkers,
  seriesChange,
  type NavPoint,
  type Period,
} from "../lib/history.js";
import { symbolOf } from "../lib/tokens.js";

const NavChart = lazy(() => import("../components/charts.js").then((m) => ({ default: m.NavChart })));
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
                {r.regimeSource === "0x0000000000000000000000000000000000000000"
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
                  tip={`A Dutch auction: the price moves from ${formatPercent(r.config.bandHigh)} to ${formatPercent(r.config.bandLow)} of the oracle price over its duration, never outside that band; anyone may bid.`}
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
        {r.auction.active && r.auction.lots.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption>Lots of the running auction</caption>
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  <th scope="col">To sell</th>
                  <th scope="col">To buy</th>
                  <th scope="col">Largest lot</th>
                </tr>
              </thead>
              <tbody>
                {r.auction.lots
                  .filter((l) => l.surplus > 0n || l.deficit > 0n)
                  .map((l) => (
                    <tr key={l.asset}>
                      <th scope="row">{symbolOf(l.asset)}</th>
                      <td>{formatUsd(l.surplusUsd)}</td>
                      <td>{formatUsd(l.deficitUsd)}</td>
                      <td>{formatUsd(l.maxLotUsd, 0)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
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

/** The NAV chart with its period selector, the BTC and ETH benchmarks, their legend and the regime markers. */
function NavSection({
  data,
  navPoints,
  end,
  symbol,
}: {
  data: IndexChartData;
  navPoints: NavPoint[];
  end: number;
  symbol: string;
}) {
  const [period, setPeriod] = useState<Period>("7d");
  const chosen = PERIODS.find((p) => p.value === period)!;
  const points = filterPeriod(navPoints, period, end);
  const recorded = [...data.own, ...data.all];
  const benchmarks = benchmarkTokens(manifest.tokens).map((b) => ({
    ...b,
    key: b.name === "BTC" ? ("btc" as const) : ("eth" as const),
    values: normaliseBenchmark(points, priceSeries(recorded, b.address)),
  }));
  const rows = points.map((p, i) => ({
    ...p,
    btc: benchmarks.find((b) => b.key === "btc")?.values[i],
    eth: benchmarks.find((b) => b.key === "eth")?.values[i],
  }));
  const first = points[0];
  const last = points[points.length - 1];
  const markers = first === undefined ? [] : regimeMarkers(data.switches, first.t, end);
  const navChange = seriesChange(points.map((p) => p.nav));
  const caption =
    first === undefined || last === undefined || points.length < 2
      ? `${chosen.name}: fewer than two hourly snapshots`
      : `${chosen.name}: ${points.length} hourly snapshots from ${formatTime(first.t)} to ${formatTime(last.t)}, NAV ${formatChange(navChange)}`;
  return (
    <>
      <div className="period-buttons" role="group" aria-label="Chart period">
        {PERIODS.map((p) => (
          <button
            key={p.value}
            type="button"
            aria-pressed={p.value === period}
            onClick={() => setPeriod(p.value)}
            data-testid={`period-${p.value}`}
          >
            {p.label}
          </button>
        ))}
      </div>
      {points.length < 2 ? (
        <Empty>
          Not enough history in {chosen.name}: the chart needs two hourly snapshots
          {period === "all" ? "." : "; choose a longer period."}
        </Empty>
      ) : (
        <Suspense fallback={<Loading what="the chart" />}>
          <NavChart
            rows={rows}
            markers={markers}
            benchmarks={benchmarks.map((b) => ({ key: b.key, name: b.name }))}
            label={`NAV per share over ${caption}`}
          />
        </Suspense>
      )}
      <p className="muted small" data-testid="chart-caption">
        {caption.charAt(0).toUpperCase() + caption.slice(1)}.
      </p>
      <ul className="legend" data-testid="chart-legend" aria-label="Chart legend">
        <li>
          <span className="swatch nav" aria-hidden="true" />
          <Explain tip="The vault's navPerShare (USD oracle value of the basket behind one index token) at each hourly snapshot.">
            {symbol} NAV per share
          </Explain>{" "}
          <span className="muted">{formatChange(navChange)}</span>
        </li>
        {benchmarks.map((b) => {
          const change = seriesChange(b.values);
          return (
            <li key={b.key} data-testid={`legend-${b.key}`}>
              <span className={`swatch ${b.key}`} aria-hidden="true" />
              <Explain
                tip={`What the index's NAV at the period's first point with a recorded ${b.symbol} price would be worth had it followed ${b.symbol} instead: that NAV × ${b.symbol} price at each point ÷ ${b.symbol} price then. Prices are the oracle's (Chainlink), as the subgraph recorded them at the hourly snapshots of any index holding ${b.symbol}, so only hours with an event; a gap means none was recorded within ${MAX_PRICE_AGE_SECONDS / 3_600} h.`}
              >
                {b.name} benchmark ({b.symbol}, normalised to NAV)
              </Explain>{" "}
              <span className="muted">
                {change === undefined ? "no recorded price in this period" : formatChange(change)}
              </span>
            </li>
          );
        })}
        {benchmarks.length === 0 && <li className="muted">This deployment has no BTC or ETH token to compare with.</li>}
      </ul>
      {markers.length > 0 && (
        <p className="small" data-testid="regime-markers">
          Regime switches in this period (dashed lines):{" "}
          {markers.map((m, i) => (
            <span key={`${m.t}-${i}`}>
              {i > 0 && ", "}
              <Explain tip={`The index switched to ${m.regime} at ${formatTime(m.t)} (Rebalancer.RegimeSwitched).`}>
                {m.regime} {formatTime(m.t)}
              </Explain>
            </span>
          ))}
        </p>
      )}
    </>
  );
}

/** A holding's 24 h price change, or "—" with the reason there is none. */
function HoldingChange({
  pending,
  failed,
  series,
  price,
  end,
}: {
  pending: boolean;
  failed: boolean;
  series: ReturnType<typeof priceSeries>;
  price: number | undefined;
  end: number;
}) {
  if (pending) return <span className="muted">…</span>;
  if (failed) return <Explain tip="The subgraph's price history could not be read.">—</Explain>;
  const c = change24h(series, price, end);
  if (c.kind === "missing") return <Explain tip={c.reason}>—</Explain>;
  return (
    <Explain
      tip={`Oracle price now against ${formatUsdNumber(c.from.price)} recorded ${formatTime(c.from.t)} (24 h before ${formatTime(end)}, or up to ${MAX_PRICE_AGE_SECONDS / 3_600} h earlier).`}
    >
      <span className={c.change < 0 ? "down" : "up"}>{formatChange(c.change)}</span>
    </Explain>
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
