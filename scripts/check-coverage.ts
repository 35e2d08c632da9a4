/**
 * Fails when line coverage of the protocol's contracts is below the required minimum.
 *
 *   tsx scripts/check-coverage.ts [path/to/lcov.info]
 *
 * Reads the lcov report Hardhat writes with `--coverage` (coverage/lcov.info), keeps the files under `contracts/`
 * except `contracts/mocks/` (test doubles: tokens with odd behaviour used only by tests and the local demo), so
 * `bench/contracts/` (the gas benchmark's baseline) is out too, and sums their line counts. Prints the totals and
 * the worst files with their uncovered lines; exits 1 below the minimum (TMAI_COVERAGE_MIN, default 95 %), 2 when
 * the report is missing or covers none of the contracts.
 */
import { readFileSync } from "node:fs";

export interface FileCoverage {
  path: string;
  found: number;
  hit: number;
  uncovered: number[];
}

/** Parses lcov `SF`/`DA` records: the lines each file has and which of them ran. */
export function parseLcov(text: string): FileCoverage[] {
  const files: FileCoverage[] = [];
  let current: FileCoverage | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("SF:")) {
      current = { path: line.slice(3).replaceAll("\\", "/"), found: 0, hit: 0, uncovered: [] };
      files.push(current);
    } else if (line.startsWith("DA:") && current !== undefined) {
      const [lineNo, count] = line.slice(3).split(",").map(Number);
      if (lineNo === undefined || count === undefined || Number.isNaN(lineNo) || Number.isNaN(count)) continue;
      current.found++;
      if (count > 0) current.hit++;
      else current.uncovered.push(lineNo);
    } else if (line === "end_of_record") {
      current = undefined;
    }
  }
  return files;
}

/** The protocol's own contracts: under contracts/, mocks excluded. */
export function inScope(path: string): boolean {
  const p = path.replace(/^\.\//, "");
  return p.startsWith("contracts/") && !p.startsWith("contracts/mocks/");
}

/** "3, 5-9, 12" from sorted line numbers. */
export function ranges(lines: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    out.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

const pct = (hit: number, found: number): number => (found === 0 ? 100 : (100 * hit) / found);

function main(): void {
  const lcovPath = process.argv[2] ?? "coverage/lcov.info";
  const minimum = Number(process.env.TMAI_COVERAGE_MIN ?? "95");
  if (!(minimum > 0 && minimum <= 100)) {
    process.stderr.write(
      `TMAI_COVERAGE_MIN must be a percentage in (0, 100], got "${process.env.TMAI_COVERAGE_MIN}"\n`,
    );
    process.exit(2);
  }
  let text: string;
  try {
    text = readFileSync(lcovPath, "utf8");
  } catch (err) {
    process.stderr.write(
      `coverage: cannot read ${lcovPath} (${(err as Error).message}); run \`npm run coverage\` first.\n`,
    );
    process.exit(2);
  }
  const all = parseLcov(text);
  const files = all.filter((f) => inScope(f.path));
  if (files.length === 0) {
    process.stderr.write(`coverage: ${lcovPath} has no file under contracts/ (outside contracts/mocks/).\n`);
    process.exit(2);
  }
  const found = files.reduce((s, f) => s + f.found, 0);
  const hit = files.reduce((s, f) => s + f.hit, 0);
  const total = pct(hit, found);

  const worst = [...files]
    .filter((f) => f.hit < f.found)
    .sort((a, b) => pct(a.hit, a.found) - pct(b.hit, b.found) || b.found - b.hit - (a.found - a.hit))
    .slice(0, 10);
  const width = Math.max(...files.map((f) => f.path.length), 4);
  const rows = worst.map(
    (f) =>
      `  ${f.path.padEnd(width)}  ${pct(f.hit, f.found).toFixed(1).padStart(6)} %  ${String(f.hit).padStart(4)}/${String(
        f.found,
      ).padEnd(4)}  ${ranges(f.uncovered)}`,
  );
  const excluded = all.filter((f) => !inScope(f.path)).map((f) => f.path);
  process.stdout.write(
    [
      `Line coverage of contracts/ (contracts/mocks/ excluded): ${total.toFixed(2)} % (${hit}/${found} lines, ` +
        `${files.length} files); required: ${minimum} %.`,
      `Not counted: ${excluded.length === 0 ? "none" : excluded.join(", ")}.`,
      worst.length === 0 ? "Every line is covered." : "Least covered files (line %, lines hit/found, uncovered lines):",
      ...rows,
      "",
    ].join("\n"),
  );
  if (total < minimum) {
    process.stderr.write(
      `coverage: ${total.toFixed(2)} % of contract lines are covered, below the required ${minimum} %. ` +
        `Add tests for the uncovered lines above (HTML report: coverage/html/index.html).\n`,
    );
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replaceAll("\\", "/"))) main();
