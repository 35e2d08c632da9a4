/**
 * Moves the local chain (npm start's) one week ahead, so that the keeper takes the next
 * week's snapshot: the local fixtures' market caps and signals for that week (keeper/fixtures/local/), new targets,
 * then auctions. Every price feed is refreshed right after the jump (an answer a week old is stale, and an auction
 * cannot start on stale prices). Local chains only; the chain stays a week ahead of the wall clock per run.
 *
 * Used by `npm run local:next-week` (local/nextWeek.ts). Returns the new week number (weeks since the epoch).
 */
import { JsonRpcProvider } from "ethers";
import { readManifest } from "../manifest/index.js";
import { LOCAL_ACCOUNTS } from "../deploy/config/networks/localhost.js";
import { MockV3Aggregator__factory } from "../types/ethers-contracts/index.js";
import { weekOf, WEEK_SECONDS } from "../keeper/src/snapshot.js";

export async function nextWeek(rpcUrl: string, manifestPath: string, log: (line: string) => void): Promise<number> {
  const manifest = await readManifest(manifestPath);
  if (manifest.chainId !== 31_337) {
    throw new Error(`${manifestPath} is chain ${manifest.chainId}: only a local chain (31337) can be moved in time`);
  }
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, pollingInterval: 500 });
  try {
    // Straight from the node: ethers may answer "latest" from its cache, from before the jump.
    const latest = async (): Promise<number> =>
      Number(((await provider.send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp);
    const before = await latest();
    await provider.send("evm_increaseTime", [WEEK_SECONDS]);
    await provider.send("evm_mine", []);
    const after = await latest();
    log(`chain time ${new Date(before * 1000).toISOString()} → ${new Date(after * 1000).toISOString()}`);
    // All feeds at once (the node assigns the unlocked account's nonces), then every receipt.
    const signer = await provider.getSigner(LOCAL_ACCOUNTS.timeTraveller);
    const sent = await Promise.all(
      manifest.tokens.map(async (t) => {
        const feed = MockV3Aggregator__factory.connect(t.feed, signer);
        return feed.updateAnswer(await feed.latestAnswer());
      }),
    );
    await Promise.all(sent.map((tx) => tx.wait()));
    log(`${sent.length} price feeds refreshed at the new time`);
    return weekOf(after);
  } finally {
    provider.destroy();
  }
}
