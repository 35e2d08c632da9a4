/** The charts (recharts), in a lazy chunk of their own: never on the first load. */
import { Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, Treemap, XAxis, YAxis } from "recharts";
import { usdTickDecimals } from "../lib/history.js";

/** One row of the NAV chart: NAV per share and the benchmarks normalised to it (USD; undefined = no recorded price). */
export interface NavRow {
  t: number;
  nav: number;
  btc?: number | undefined;
  eth?: number | undefined;
}

export const SERIES_COLOURS = { nav: "#1f4fd6", btc: "#c46a00", eth: "#6b3fa0" } as const;

const hourLabel = (t: number) => new Date(t * 1000).toISOString().slice(5, 13).replace("T", " ") + "h";
const timeLabel = (t: number) => new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";

/** A regime marker's label, with the switch's time as the SVG's own tooltip. */
function MarkerLabel(props: { viewBox?: { x?: number; y?: number }; regime: string; t: number }) {
  const x = props.viewBox?.x ?? 0;
  const y = (props.viewBox?.y ?? 0) + 12;
  return (
    <g>
      <title>{`Switched to ${props.regime} at ${timeLabel(props.t)}`}</title>
      <text x={x + 4} y={y} fontSize={11} fill={props.regime === "Risk-off" ? "#a3231a" : "#1b7a3a"}>
        {props.regime}
      </text>
    </g>
  );
}

export function NavChart({
  rows,
  markers,
  label,
  benchmarks,
}: {
  rows: NavRow[];
  markers: { t: number; regime: string }[];
  /** The chart's description for screen readers (period, points, first and last NAV). */
  label: string;
  benchmarks: { key: "btc" | "eth"; name: string }[];
}) {
  const values = rows.flatMap((r) => [r.nav, r.btc, r.eth]).filter((v): v is number => v !== undefined);
  const decimals = usdTickDecimals(values.length === 0 ? 0 : Math.max(...values) - Math.min(...values));
  return (
    <div className="chart" role="img" aria-label={label} data-testid="nav-chart">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={rows} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <XAxis dataKey="t" type="number" domain={["dataMin", "dataMax"]} tickFormatter={hourLabel} />
          <YAxis domain={["auto", "auto"]} tickFormatter={(v: number) => `$${v.toFixed(decimals)}`} width={72} />
          <Tooltip
            labelFormatter={(t) => timeLabel(Number(t))}
            formatter={(v, name) => [
              `$${Number(v).toFixed(4)}`,
              name === "nav" ? "NAV per share (USD)" : `${String(name).toUpperCase()} benchmark (USD, from NAV)`,
            ]}
          />
          {markers.map((m) => (
            <ReferenceLine
              key={`${m.t}-${m.regime}`}
              x={m.t}
              stroke={m.regime === "Risk-off" ? "#a3231a" : "#1b7a3a"}
              strokeDasharray="4 3"
              label={<MarkerLabel regime={m.regime} t={m.t} />}
            />
          ))}
          <Line type="monotone" dataKey="nav" stroke={SERIES_COLOURS.nav} dot={false} isAnimationActive={false} />
          {benchmarks.map((b) => (
            <Line
              key={b.key}
              type="monotone"
              dataKey={b.key}
              name={b.key}
              stroke={SERIES_COLOURS[b.key]}
              strokeDasharray="6 3"
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function HoldingsTreemap({ items }: { items: { name: string; value: number }[] }) {
  return (
    <div className="chart" role="img" aria-label={`Holdings by value: ${items.map((i) => i.name).join(", ")}`}>
      <ResponsiveContainer width="100%" height={240}>
        <Treemap data={items} dataKey="value" nameKey="name" stroke="#fff" fill="#3b6fe0" isAnimationActive={false} />
      </ResponsiveContainer>
    </div>
  );
}
