/**
 * Recomputes a published methodology snapshot's target and prints its hash (docs/METHODOLOGY.md):
 *   npx tsx scripts/verify-snapshot.ts <snapshot.json> [<snapshotHash from TargetPosted>]
 * Exits 1 when the file is not a canonical snapshot, its inputs do not give the target it records, or its hash is not
 * the one given.
 */
import { readFileSync } from "node:fs";
import { verifySnapshot } from "../keeper/src/snapshot.js";

const [path, expected] = process.argv.slice(2);
if (path === undefined) {
  process.stderr.write("usage: npx tsx scripts/verify-snapshot.ts <snapshot.json> [<snapshotHash>]\n");
  process.exit(2);
}
try {
  const v = verifySnapshot(readFileSync(path, "utf8"));
  const s = v.snapshot;
  process.stdout.write(
    `${path}: ${s.methodology.id} ${s.methodology.version}, vault ${s.vault}, week ${s.week}.${s.sequence} (${s.reason})\n` +
      `snapshotHash ${v.hash}\ntarget key   ${v.target.key} (recomputed from the inputs: matches)\n` +
      v.target.assets.map((a, i) => `  ${a} ${v.target.weights[i]}`).join("\n") +
      "\n",
  );
  if (expected !== undefined && expected.toLowerCase() !== v.hash) {
    process.stderr.write(`the hash is not ${expected}\n`);
    process.exit(1);
  }
} catch (err) {
  process.stderr.write(`${path}: ${(err as Error).message}\n`);
  process.exit(1);
}
