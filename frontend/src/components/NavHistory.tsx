/**
 * The index detail's history pieces: the NAV chart with its period selector, the BTC and ETH benchmarks normalised
 * to the NAV, regime switch markers and the legend; a holding's 24 h change. Imported only by the detail screen.
 */
import { lazy, Suspense, useState } from "react";
import { manifest } from "../config/manifest.js";
import type { IndexChartData } from "../hooks/history.js";
import { formatTime } from "../lib/format.js";
import {
  benchmarkTokens,
  change24h,
  filterPeriod,
  formatChange,
  formatUsdNumber,
  MAX_PRICE_AGE_SECONDS,
  normaliseBenchmark,
  PERIODS,
  priceSeries,
  regimeMarkers,
  seriesChange,
  type NavPoint,
  type Period,
} from "../lib/history.js";
import { Explain } from "./Explain.js";
import { Empty, Loading } from "./States.js";

const NavChart = lazy(() => import("./charts.js").then((m) => ({ default: m.NavChart })));

/** The NAV chart with its period selector, the BTC and ETH benchmarks, their legend and the regime markers. */
export function NavSection({
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
          const known = b.values.some((v) => v !== undefined);
          return (
            <li key={b.key} data-testid={`legend-${b.key}`}>
              <span className={`swatch ${b.key}`} aria-hidden="true" />
              <Explain
                tip={`What the index's NAV at the period's first point with a recorded ${b.symbol} price would be worth had it followed ${b.symbol} instead: that NAV × ${b.symbol} price at each point ÷ ${b.symbol} price then. Prices are the oracle's (Chainlink), as the subgraph recorded them at the hourly snapshots of any index holding ${b.symbol}, so only hours with an event; a gap means none was recorded within ${MAX_PRICE_AGE_SECONDS / 3_600} h.`}
              >
                {b.name} benchmark ({b.symbol}, normalised to NAV)
              </Explain>{" "}
              <span className="muted">
                {change !== undefined
                  ? formatChange(change)
                  : known
                    ? "— (needs two points)"
                    : `no ${b.symbol} price recorded within ${MAX_PRICE_AGE_SECONDS / 3_600} h of this period's points`}
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
export function HoldingChange({
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
