/** The staking score's decay over time (recharts, loaded lazily by the stake screen, never on the first page). */
import { Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ScorePoint {
  t: number;
  now?: number;
  after?: number;
}

export default function ScoreChart({ points, label }: { points: ScorePoint[]; label: string }) {
  const hasNow = points.some((p) => p.now !== undefined);
  const hasAfter = points.some((p) => p.after !== undefined);
  return (
    <div className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <XAxis
            dataKey="t"
            type="number"
            domain={["dataMin", "dataMax"]}
            tickFormatter={(t: number) => new Date(t * 1000).toISOString().slice(0, 10)}
          />
          <YAxis tickFormatter={(v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 0 })} width={72} />
          <Tooltip
            labelFormatter={(t) => new Date(Number(t) * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC"}
            formatter={(v, name) => [
              `${Number(v).toLocaleString("en-US", { maximumFractionDigits: 2 })} veTMAI`,
              name === "now" ? "Your lock now" : "After the change",
            ]}
          />
          <Legend formatter={(name) => (name === "now" ? "Your lock now (veTMAI)" : "After the change (veTMAI)")} />
          {hasNow && (
            <Line type="linear" dataKey="now" stroke="#555d6e" dot={false} isAnimationActive={false} connectNulls />
          )}
          {hasAfter && (
            <Line type="linear" dataKey="after" stroke="#1f4fd6" dot={false} isAnimationActive={false} connectNulls />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
