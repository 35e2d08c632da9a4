/** Benchmark results: { "<operation>": { "<parameter>": value } }. Gas, except `stack.startSeconds`. */
export type BenchResults = Record<string, Record<string, number>>;

interface Target {
  what: string;
  /** The measured value and its limit, or undefined while the rows are not measured yet. */
  measure: (r: BenchResults) => { value: number; limit: number; unit: string } | undefined;
}

const ratio = (r: BenchResults, op: string, floor: string, n: string) => {
  const v = r[op]?.[n];
  const f = r[floor]?.[n];
  return v === undefined || f === undefined ? undefined : { value: v / f, limit: 1.08, unit: "x floor" };
};
const below = (r: BenchResults, op: string, p: string, limit: number) => {
  const v = r[op]?.[p];
  return v === undefined ? undefined : { value: v, limit, unit: "gas" };
};

/** The benchmark issue's targets, checked against whatever rows exist. */
export const TARGETS: Target[] = [
  {
    what: "in-kind mint at N = 100 vs baseline",
    measure: (r) => ratio(r, "index.mint.existingHolder", "baseline.mint", "100"),
  },
  {
    what: "in-kind redeem at N = 100 vs baseline",
    measure: (r) => ratio(r, "index.redeem.existingHolder", "baseline.redeem", "100"),
  },
  { what: "index.createVault at N = 100", measure: (r) => below(r, "index.createVault", "100", 5_000_000) },
  { what: "index.navPerShare at N = 100", measure: (r) => below(r, "index.navPerShare", "100", 1_500_000) },
  { what: "ve.createLock", measure: (r) => below(r, "ve.createLock", "new lock", 180_000) },
  {
    what: "ve.checkpoint after any idle period (worst measured)",
    measure: (r) => {
      const all = Object.values(r["ve.checkpoint"] ?? {});
      return all.length === 0 ? undefined : { value: Math.max(...all), limit: 300_000, unit: "gas" };
    },
  },
  { what: "distributor.claim over 52 weeks", measure: (r) => below(r, "distributor.claim", "52 weeks", 300_000) },
  {
    what: "100-asset regime switch, largest transaction",
    measure: (r) => below(r, "rebalance.regimeSwitch.largestTransaction", "100", 16_777_216),
  },
  {
    what: "100-asset regime switch, all transactions",
    measure: (r) => below(r, "rebalance.regimeSwitch.total", "100", 25_000_000),
  },
  { what: "governor.castVote (a later vote)", measure: (r) => below(r, "governor.castVote", "later vote", 90_000) },
  {
    what: "governor.castVote (first vote, reaches quorum)",
    measure: (r) => below(r, "governor.castVote", "first vote of a proposal", 90_000),
  },
];

function fmt(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(3);
}

export function renderMarkdown(r: BenchResults): string {
  const lines: string[] = [
    "# Gas benchmark",
    "",
    "Receipt `gasUsed` (21,000 base included) of real transactions on Hardhat's in-process EVM; views are",
    "`eth_estimateGas` of the call. `stack.startSeconds` is wall time from `npm start` to ready (not gas).",
    "",
    "Reproduce: `npm install && npm run bench` (writes `bench/results/gas.json` and this file).",
    "",
    "| operation | parameter | value |",
    "|---|---:|---:|",
  ];
  for (const [op, params] of Object.entries(r)) {
    for (const [p, v] of Object.entries(params)) lines.push(`| ${op} | ${p} | ${fmt(v)} |`);
  }
  const sizes = Object.keys(r["baseline.mint"] ?? {});
  if (sizes.length > 0) {
    lines.push("", "## Index vs baseline floor (same tokens, same amounts, same run)", "");
    lines.push(
      "| N | mint | baseline mint | ratio | redeem | baseline redeem | ratio |",
      "|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const n of sizes) {
      const m = r["index.mint.existingHolder"]?.[n] ?? NaN;
      const bm = r["baseline.mint"]?.[n] ?? NaN;
      const d = r["index.redeem.existingHolder"]?.[n] ?? NaN;
      const bd = r["baseline.redeem"]?.[n] ?? NaN;
      lines.push(
        `| ${n} | ${fmt(m)} | ${fmt(bm)} | ${(m / bm).toFixed(3)} | ${fmt(d)} | ${fmt(bd)} | ${(d / bd).toFixed(3)} |`,
      );
    }
  }
  lines.push("", "## Targets", "", "| target | measured | limit | met |", "|---|---:|---:|---|");
  for (const t of TARGETS) {
    const m = t.measure(r);
    lines.push(
      m === undefined
        ? `| ${t.what} | not measured yet | | |`
        : `| ${t.what} | ${fmt(m.value)} ${m.unit} | ${fmt(m.limit)} ${m.unit} | ${m.value <= m.limit ? "yes" : "**no**"} |`,
    );
  }
  return lines.join("\n") + "\n";
}
