import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { runPhases, PHASES, type Step } from "../../scripts/test.js";

/** `npm test` (scripts/test.ts) must fail when any step fails, whichever phase and whatever runs beside it. */
describe("npm test: the phase runner (scripts/test.ts)", function () {
  let dir: string;
  const node = (code: string): string => `node -e ${JSON.stringify(code)}`;
  const touch = (file: string, afterMs = 0): string =>
    node(`setTimeout(() => require("fs").writeFileSync(${JSON.stringify(join(dir, file))}, ""), ${afterMs})`);

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), "test-runner-"));
  });
  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs every phase in order and passes when every step passes", async function () {
    const failed = await runPhases([
      [
        { name: "a", command: touch("a") },
        { name: "b", command: touch("b") },
      ],
      [
        {
          name: "c",
          command: `${node(`process.exit(require("fs").existsSync(${JSON.stringify(join(dir, "a"))}) ? 0 : 1)`)}`,
        },
      ],
    ]);
    expect(failed).to.equal(undefined);
    expect(existsSync(join(dir, "a")) && existsSync(join(dir, "b"))).to.equal(true);
  });

  it("fails with the failing step, stops the steps beside it and runs no later phase", async function () {
    this.timeout(20_000);
    const failing: Step = { name: "fails", command: node("setTimeout(() => process.exit(3), 200)") };
    const failed = await runPhases([
      [
        // A slow sibling (and its own child, through the shell) that would write its file after 5 s.
        { name: "slow", command: `${touch("slow", 5_000)} && ${touch("after-slow")}` },
        failing,
      ],
      [{ name: "later", command: touch("later") }],
    ]);
    expect(failed).to.deep.equal(failing);
    await new Promise((ok) => setTimeout(ok, 6_000));
    expect(existsSync(join(dir, "slow")), "the slow sibling was stopped").to.equal(false);
    expect(existsSync(join(dir, "after-slow"))).to.equal(false);
    expect(existsSync(join(dir, "later")), "no later phase ran").to.equal(false);
  });

  it("a step that cannot start fails the run", async function () {
    const missing: Step = { name: "missing", command: "this-command-does-not-exist-anywhere" };
    expect(await runPhases([[missing]])).to.deep.equal(missing);
  });

  it("npm test covers every suite: builds, lint, typechecks, subgraph, hardhat, vitest and coverage", function () {
    const commands = PHASES.flat().map((s) => s.command);
    for (const expected of [
      "npm run bindings:check",
      "npm run lint:sol && npm run lint:format",
      "tsc --noEmit",
      "tsc --noEmit -p frontend",
      "npm run subgraph:build",
      "hardhat test",
      "vitest run",
      "npm run coverage:check",
    ]) {
      expect(commands, expected).to.include(expected);
    }
    // The instrumented build runs with the coverage settings, beside the plain one.
    expect(PHASES[0]!.find((s) => s.name === "coverage build")!.env).to.deep.equal({ TMAI_COVERAGE: "1" });
  });
});
