/**
 * `npm test`: every check and every test suite, in phases; exits 1 when any step fails (the others of its phase are
 * stopped, later phases do not run) and says which.
 *
 *   1. the Solidity build and the bindings check (`bindings:check`), the instrumented build for coverage, and the
 *      Solidity lint and format checks, side by side: solc runs on one core, so the two builds take two
 *   2. the TypeScript typechecks (root and dApp) and the subgraph build, side by side
 *   3. `hardhat test` (Solidity and mocha)
 *   4. `vitest run` (keeper, local tools, manifest, subgraph, the dApp's unit tests, then its browser tests)
 *   5. Solidity coverage with its minimum (`coverage:check`; the instrumented build of phase 1 is reused)
 *
 * Run as `tsx scripts/test.ts`. Each line of a step running beside others is prefixed with the step's name.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "node_modules", ".bin");

export interface Step {
  name: string;
  command: string;
  env?: Record<string, string>;
}

/** The phases of `npm test`: the steps of one phase run at the same time. */
export const PHASES: readonly (readonly Step[])[] = [
  [
    { name: "build", command: "npm run bindings:check" },
    {
      name: "coverage build",
      command: "hardhat build --coverage --no-typechain --quiet",
      env: { TMAI_COVERAGE: "1" },
    },
    { name: "lint", command: "npm run lint:sol && npm run lint:format" },
  ],
  [
    { name: "typecheck", command: "tsc --noEmit" },
    { name: "typecheck dApp", command: "tsc --noEmit -p frontend" },
    { name: "subgraph", command: "npm run subgraph:build" },
  ],
  [{ name: "hardhat test", command: "hardhat test" }],
  [{ name: "vitest", command: "vitest run" }],
  [{ name: "coverage", command: "npm run coverage:check" }],
];

/** Every step running now, to stop with its children (each runs in a process group of its own). */
const live = new Set<ChildProcess>();

function stop(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function run(step: Step, prefix: boolean): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(step.command, {
    cwd: ROOT,
    shell: true,
    detached: true,
    env: { ...process.env, ...step.env, PATH: `${BIN}:${process.env.PATH ?? ""}` },
    stdio: prefix ? ["ignore", "pipe", "pipe"] : "inherit",
  });
  if (prefix) {
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      let rest = "";
      stream?.on("data", (d: Buffer) => {
        const lines = (rest + d.toString()).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) out.write(`[${step.name}] ${line}\n`);
      });
      stream?.on("end", () => {
        if (rest !== "") out.write(`[${step.name}] ${rest}\n`);
      });
    }
  }
  live.add(child);
  const done = new Promise<number>((resolve) => {
    child.on("error", () => resolve(127));
    child.on("exit", (code, signal) => {
      live.delete(child);
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
  return { child, done };
}

/**
 * Runs `phases` one after the other, the steps of a phase at the same time (their output prefixed when there are
 * several). At the first failing step the rest of its phase is stopped and no later phase runs. Returns the failed
 * step, or undefined when every step passed.
 */
export async function runPhases(phases: readonly (readonly Step[])[]): Promise<Step | undefined> {
  for (const [i, phase] of phases.entries()) {
    process.stdout.write(`\nnpm test, phase ${i + 1} of ${phases.length}: ${phase.map((s) => s.name).join(", ")}\n`);
    const running = phase.map((step) => ({ step, ...run(step, phase.length > 1) }));
    const failed = await new Promise<Step | undefined>((resolve) => {
      let left = running.length;
      for (const r of running) {
        void r.done.then((code) => {
          if (code !== 0) {
            // Stop the rest of the phase: a failure is already certain.
            for (const other of running) if (other !== r) stop(other.child, "SIGTERM");
            resolve(r.step);
          } else if (--left === 0) resolve(undefined);
        });
      }
    });
    if (failed !== undefined) {
      // Wait for the stopped steps, so nothing of this run outlives it.
      await Promise.all(running.map((r) => r.done));
      return failed;
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  // Ctrl-C (or CI stopping the job) reaches the steps' process groups too.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      for (const child of live) stop(child, signal);
      process.exit(130);
    });
  }
  const started = Date.now();
  const failed = await runPhases(PHASES);
  const minutes = `${((Date.now() - started) / 60_000).toFixed(1)} min`;
  if (failed !== undefined) {
    process.stderr.write(`\nnpm test FAILED in "${failed.name}" (\`${failed.command}\`) after ${minutes}.\n`);
    process.exit(1);
  }
  process.stdout.write(`\nnpm test: every check and test passed in ${minutes}.\n`);
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replaceAll("\\", "/"))) {
  void main();
}
