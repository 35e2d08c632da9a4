/** A tiny inline SVG line of values (no chart library: it is on the first page). */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  if (values.length < 2) return <span className="muted">not enough history yet</span>;
  const w = 120;
  const h = 32;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const points = values.map(
    (v, i) => `${((i / (values.length - 1)) * w).toFixed(1)},${(h - ((v - min) / span) * (h - 4) - 2).toFixed(1)}`,
  );
  const up = values[values.length - 1]! >= values[0]!;
  return (
    <svg className="sparkline" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <polyline points={points.join(" ")} fill="none" stroke={up ? "#0a7d32" : "#b3261e"} strokeWidth="1.5" />
    </svg>
  );
}
