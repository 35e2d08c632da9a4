/**
 * `npm run local:next-week`: the local chain a week ahead, every feed refreshed (local/timeTravel.ts), so the keeper
 * takes the next week of the local fixtures. Settings: TMAI_RPC_URL (http://127.0.0.1:8545), TMAI_MANIFEST
 * (deployments/localhost.json).
 */
import { nextWeek } from "./timeTravel.js";

const rpcUrl = process.env.TMAI_RPC_URL ?? "http://127.0.0.1:8545";
const manifestPath = process.env.TMAI_MANIFEST ?? "deployments/localhost.json";
nextWeek(rpcUrl, manifestPath, (line) => console.log(line))
  .then((week) =>
    console.log(
      `Week ${week} (fixture week ${week % 4}): the keeper posts each index's new target at its next pass; ` +
        "auctions start after the announcement delay. Watch them in the dApp or in the keeper's log.",
    ),
  )
  .catch((err: unknown) => {
    console.error(`local:next-week: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
