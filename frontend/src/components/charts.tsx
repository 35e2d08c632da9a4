/** The charts (recharts), in a lazy chunk of their own: never on the first load. */
import { Line, LineChart, ResponsiveContainer, Tooltip, Treemap, XAxis, YAxis } from "recharts";

export function NavChart({ points }: { points: { t: number; nav: number }[] }) {
  return (
    <div
      className="chart"
      role="img"
      aria-label={`NAV per share over ${points.length} hourly snapshots, from $${points[0]?.nav.toFixed(2)} to $${points[points.length - 1]?.nav.toFixed(2)}`}
    >
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <XAxis
            dataKey="t"
            type="number"
            domain={["dataMin", "dataMax"]}
            tickFormatter={(t: number) => new Date(t * 1000).toISOString().slice(5, 13).replace("T", " ") + "h"}
          />
          <YAxis domain={["auto", "auto"]} tickFormatter={(v: number) => `$${v.toFixed(0)}`} width={64} />
          <Tooltip
            labelFormatter={(t) => new Date(Number(t) * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC"}
            formatter={(v) => [`$${Number(v).toFixed(4)}`, "NAV per share (USD)"]}
          />
          <Line type="monotone" dataKey="nav" stroke="#1f4fd6" dot={false} isAnimationActive={false} />
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
