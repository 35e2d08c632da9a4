/**
 * Staking end to end: `npm start` on ports 19045-19047 (keeper and price simulator off), headless Chromium driving
 * the real UI with local test account #1, each step asserting the chain's state and the screen: create a lock
 * (TMAI approval with progress), add to it, extend it, delegate its votes to account #2; then revenue accrues (a
 * week passes, account #1 mints index tokens from a script so the vault pays fee shares to the distributor, the
 * deployer deposits TMAI revenue, another week passes and the housekeeping closes the weeks), the portfolio shows
 * the position, the lock and the claimable revenue; the index-token revenue is claimed and the TMAI revenue claimed
 * and locked; the lock expires and is withdrawn. Screenshots stake-*, rewards-*, portfolio-* at desktop and phone
 * width, each with an axe scan.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createPublicClient, createWalletClient, erc20Abi, getAddress, http, parseUnits, type Address } from "viem";
import { IndexVaultAbi, MockV3AggregatorAbi, RevenueDistributorAbi, VeTMAIAbi } from "../../bindings/abis.js";
import { readManifest } from "../../manifest/index.js";
import type { Manifest } from "../../manifest/schema.js";
import { FIRST_LOAD_BUDGET_BYTES, measureFirstLoad } from "../build/budget.js";
import { formatAmount, formatToken, shortAddress } from "../src/lib/format.js";
import { floorWeek, formatUnlock, WEEK } from "../src/lib/staking.js";
import { ARTIFACTS, captureScreen, VIEWPORTS } from "./capture.js";
import { launchChromium, startStack, type Stack } from "./stack.js";

let stack: Stack;
let browser: Browser;
let page: Page;
let manifest: Manifest;
let client: ReturnType<typeof createPublicClient>;
let wallet: ReturnType<typeof createWalletClient>;
let deployer: Address;
let user: Address;
let user2: Address;
let ve: Address;
let distributor: Address;
let tmai: Address;
let vault: Address;
let indexSymbol: string;

const address = (name: string): Address => manifest.contracts[name]!.address as Address;

async function locked(): Promise<{ amount: bigint; end: bigint }> {
  const [amount, end] = await client.readContract({
    address: ve,
    abi: VeTMAIAbi,
    functionName: "locked",
    args: [user],
  });
  return { amount, end };
}

async function veRead<T>(functionName: string, args: readonly unknown[]): Promise<T> {
  return (await client.readContract({ address: ve, abi: VeTMAIAbi, functionName, args } as never)) as T;
}

async function claimable(token: Address): Promise<bigint> {
  return client.readContract({
    address: distributor,
    abi: RevenueDistributorAbi,
    functionName: "claimable",
    args: [user, token],
  });
}

async function send(account: Address, request: object): Promise<void> {
  const hash = await wallet.writeContract({ account, chain: null, ...request } as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
}

/**
 * Sends every request at once (the node numbers an unlocked account's transactions as they arrive), then waits for
 * all the receipts: with one block a second, one after the other would take a second each.
 */
async function sendAll(account: Address, requests: object[]): Promise<void> {
  const hashes = await Promise.all(
    requests.map((request) => wallet.writeContract({ account, chain: null, ...request } as never)),
  );
  for (const hash of hashes) expect((await client.waitForTransactionReceipt({ hash })).status).toBe("success");
}

/**
 * Whether the score on screen is the chain's (`balanceOf` now) to its last shown digit: the score falls every second,
 * so the screen's read and this one may be a block apart, which can move the fourth decimal by one.
 */
async function scoreOnScreenMatchesChain(): Promise<boolean> {
  const shown = await text("lock-score");
  const chain = await veRead<bigint>("balanceOf", [user]);
  const close = [chain - 10n ** 14n, chain, chain + 10n ** 14n].map((v) => `${formatAmount(v, 18, 4)} veTMAI`);
  return close.includes(shown);
}

async function now(): Promise<bigint> {
  return (await client.getBlock()).timestamp;
}

/** Moves chain time to `t` (seconds) and mines a block there; every price feed answers again at the new time. */
async function moveTo(t: bigint): Promise<void> {
  await client.request({ method: "evm_increaseTime" as never, params: [Number(t - (await now()))] as never });
  await client.request({ method: "evm_mine" as never });
  const at = await now();
  const updates = await Promise.all(
    manifest.tokens.map(async (token) => {
      const feed = token.feed as Address;
      const [roundId, answer] = await client.readContract({
        address: feed,
        abi: MockV3AggregatorAbi,
        functionName: "latestRoundData",
      });
      return {
        address: feed,
        abi: MockV3AggregatorAbi,
        functionName: "updateRoundData",
        args: [roundId + 1n, answer, at, at],
      };
    }),
  );
  await sendAll(deployer, updates);
}

async function txConfirmed(text: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const all = await page.getByTestId("tx-status").allInnerTexts();
        return all.join("\n");
      },
      { timeout: 60_000 },
    )
    .toContain(`${text}: confirmed`);
}

async function reviewAndConfirm(): Promise<void> {
  await page.getByTestId("review").click();
  await page.getByTestId("preview").waitFor();
  await page.getByTestId("confirm").click();
}

const text = (testId: string) => page.getByTestId(testId).first().innerText();

describe("staking, rewards and portfolio in headless Chromium against npm start", () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    stack = await startStack(19_045);
    manifest = await readManifest(join(stack.dir, "localhost.json"));
    // Receipts are polled every 100 ms (viem waits 4 s by default): the test sends about 40 transactions.
    client = createPublicClient({ transport: http(stack.rpcUrl), pollingInterval: 100 });
    wallet = createWalletClient({ transport: http(stack.rpcUrl) });
    [deployer, user, user2] = (await client.request({ method: "eth_accounts" as never })) as Address[] as [
      Address,
      Address,
      Address,
    ];
    ve = address("VeTMAI");
    distributor = address("RevenueDistributor");
    tmai = address("TMAI");
    vault = manifest.indices[0]!.address as Address;
    indexSymbol = manifest.indices[0]!.symbol;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.desktop });
  });

  afterAll(async () => {
    // When the stack went away during the run, what npm start said last.
    const alive = await client
      ?.getBlockNumber()
      .then(() => true)
      .catch(() => false);
    if (alive === false) console.log(stack.output().slice(-4000));
    await browser?.close();
    await stack?.stop();
  });

  it("the first page stays within its budget with the staking screens in their own lazy chunks", () => {
    const load = measureFirstLoad(join(stack.dir, "dapp"));
    console.log(`first load: ${(load.totalGzipBytes / 1000).toFixed(1)} KB gzipped`);
    expect(load.totalGzipBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
  });

  it("creates a lock: TMAI approved first with progress, the exact unlock shown, the score on screen as on chain", async () => {
    await page.goto(`${stack.dappUrl}/stake`);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("button", { name: "Local test account #1" }).click();
    await expect.poll(() => text("account")).toContain(user.slice(0, 6));
    expect((await locked()).amount).toBe(0n);
    await page.getByTestId("lock-amount-input").fill("1000");
    await page.getByTestId("shortcut-3m").click();
    // The unlock shown is a Thursday 00:00 UTC about 3 months ahead of chain time.
    const t = await now();
    const shown = await text("unlock-exact");
    expect(shown).toMatch(/^Unlocks Thu \d{4}-\d\d-\d\d 00:00 UTC/);
    await expect.poll(() => text("after-amount")).toBe("1,000 TMAI");
    // 1,000 TMAI for about 13 of 52 weeks: a score of about 250 veTMAI, Bronze (100) but not Silver (1,000).
    // The preview needs the chain reads (balance, time) the page loads: polled, not read once.
    await expect.poll(() => text("after-tier")).toBe("Bronze");
    await page.getByTestId("review").click();
    await page.getByTestId("preview").waitFor();
    await expect.poll(() => text("preview")).toContain("Two transactions: approve 1,000 TMAI for veTMAI");
    await captureScreen(page, "stake-create");
    await page.getByTestId("confirm").click();
    await expect.poll(() => text("lock-progress"), { timeout: 60_000 }).toMatch(/Step 2 of 2|2 of 2 done/);
    await txConfirmed("Create lock");
    await expect.poll(() => text("lock-progress")).toBe("2 of 2 done");
    const lock = await locked();
    expect(lock.amount).toBe(parseUnits("1000", 18));
    expect(lock.end % WEEK).toBe(0n);
    expect(lock.end).toBeGreaterThan(t + 11n * WEEK); // 3 calendar months, rounded down to a Thursday
    expect(lock.end).toBeLessThanOrEqual(t + 14n * WEEK);
    expect(shown).toContain(formatUnlock(lock.end));
    await expect.poll(() => text("lock-end"), { timeout: 20_000 }).toBe(formatUnlock(lock.end));
    await expect.poll(scoreOnScreenMatchesChain).toBe(true);
    await captureScreen(page, "stake-locked");
  });

  it("adds TMAI to the lock: same unlock, more TMAI, preview before signing", async () => {
    const before = await locked();
    await page.getByRole("button", { name: "Add TMAI" }).click();
    await page.getByTestId("lock-amount-input").fill("500");
    expect(await text("after-amount")).toBe("1,500 TMAI");
    expect(await text("after-unlock")).toBe(formatUnlock(before.end));
    await reviewAndConfirm();
    await txConfirmed("Add to lock");
    expect(await locked()).toEqual({ amount: parseUnits("1500", 18), end: before.end });
    await expect.poll(() => text("lock-amount"), { timeout: 20_000 }).toBe("1,500 TMAI");
  });

  it("extends the lock to about 6 months", async () => {
    const before = await locked();
    const t = await now();
    await page.getByRole("button", { name: "Extend" }).click();
    await page.getByTestId("shortcut-6m").click();
    const after = await text("after-unlock");
    await reviewAndConfirm();
    await txConfirmed("Extend lock");
    const lock = await locked();
    expect(lock.amount).toBe(before.amount);
    expect(lock.end).toBeGreaterThan(before.end);
    expect(lock.end).toBeGreaterThan(t + 24n * WEEK);
    expect(lock.end % WEEK).toBe(0n);
    expect(after).toBe(formatUnlock(lock.end));
    await expect.poll(() => text("lock-end"), { timeout: 20_000 }).toBe(formatUnlock(lock.end));
    await expect.poll(scoreOnScreenMatchesChain).toBe(true);
  });

  it("delegates the votes to account #2, with the snapshot warning", async () => {
    expect(await text("delegation-warning")).toContain("snapshot");
    await expect.poll(() => text("delegatee")).toBe("yourself");
    await page.getByTestId("delegate-input").fill(user2);
    await page.getByTestId("delegate-other").click();
    await txConfirmed("Delegate");
    expect((await veRead<Address>("delegates", [user])).toLowerCase()).toBe(user2.toLowerCase());
    expect(await veRead<bigint>("getVotes", [user])).toBe(0n);
    expect(await veRead<bigint>("getVotes", [user2])).toBe(await veRead<bigint>("balanceOf", [user]));
    await expect.poll(() => text("delegatee"), { timeout: 20_000 }).toBe(shortAddress(getAddress(user2)));
    expect(await text("votes")).toBe("0 veTMAI");
    // The lock's history and the delegation, from the subgraph.
    await expect
      .poll(() => text("staking-history").catch(() => ""), { timeout: 60_000 })
      .toMatch(/Extended: 1,500 TMAI[\s\S]*Added 500 TMAI[\s\S]*Locked 1,000 TMAI/);
    await expect.poll(() => text("staking-history"), { timeout: 30_000 }).toContain("Votes delegated from");
    await captureScreen(page, "stake-delegated");
  });

  it("accrues revenue: index fees from a mint and TMAI deposited, two weeks later the portfolio shows it", async () => {
    // Week W1 (the first after the lock was made): account #1 mints 1 index token in kind from a script (the vault
    // mints fee shares to the distributor), the deployer deposits 700 TMAI; the distributor books both to W1.
    const w1 = floorWeek(await now()) + WEEK;
    await moveTo(w1 + 3_600n);
    const shares = parseUnits("1", 18);
    const maxIn = await client.readContract({
      address: vault,
      abi: IndexVaultAbi,
      functionName: "previewMint",
      args: [shares],
    });
    const [assets] = await client.readContract({ address: vault, abi: IndexVaultAbi, functionName: "getBasket" });
    await sendAll(
      user,
      assets.map((asset, i) => ({ address: asset, abi: erc20Abi, functionName: "approve", args: [vault, maxIn[i]!] })),
    );
    await send(user, { address: vault, abi: IndexVaultAbi, functionName: "mint", args: [shares, user, [...maxIn]] });
    await send(user, {
      address: distributor,
      abi: RevenueDistributorAbi,
      functionName: "checkpointToken",
      args: [vault],
    });
    const tmaiRevenue = parseUnits("700", 18);
    await send(deployer, { address: tmai, abi: erc20Abi, functionName: "approve", args: [distributor, tmaiRevenue] });
    await send(deployer, {
      address: distributor,
      abi: RevenueDistributorAbi,
      functionName: "deposit",
      args: [tmai, tmaiRevenue],
    });
    // W1 ends; the housekeeping (the keeper, off here) closes the ended weeks.
    await moveTo(w1 + WEEK + 3_600n);
    for (const token of [vault, tmai]) {
      await send(deployer, {
        address: distributor,
        abi: RevenueDistributorAbi,
        functionName: "checkpointToken",
        args: [token],
      });
    }
    const indexClaimable = await claimable(vault);
    const tmaiClaimable = await claimable(tmai);
    expect(indexClaimable).toBeGreaterThan(0n);
    expect(tmaiClaimable).toBeGreaterThan(0n);
    expect(tmaiClaimable).toBeLessThan(tmaiRevenue);

    await page.goto(`${stack.dappUrl}/portfolio`);
    await page.getByTestId("account").waitFor({ timeout: 15_000 });
    const row = page.getByTestId(`position-${indexSymbol}`);
    await expect.poll(() => row.getByTestId("position-balance").innerText(), { timeout: 30_000 }).toBe("1");
    expect(await row.getByTestId("position-value").innerText()).toMatch(/^\$[\d,]+\.\d\d$/);
    // The cost basis from the subgraph's Mint of account #1.
    await expect
      .poll(
        () =>
          row
            .getByTestId("position-pnl")
            .innerText()
            .catch(() => ""),
        { timeout: 60_000 },
      )
      .toMatch(/^[+−]<?\$[\d,.]+ \(-?[\d.]+ %\)$/);
    const lock = await locked();
    expect(await text("portfolio-lock-amount")).toBe(`${formatAmount(lock.amount, 18, 4)} TMAI`);
    expect(await text("portfolio-votes")).toBe("0 veTMAI");
    await expect
      .poll(() => text("portfolio-claimable-TMAI"), { timeout: 20_000 })
      .toBe(formatToken(tmaiClaimable, 18, "TMAI"));
    expect(await text(`portfolio-claimable-${indexSymbol}`)).toBe(formatToken(indexClaimable, 18, indexSymbol));
    await captureScreen(page, "portfolio");
  });

  it("claims the index-token revenue, then claims and locks the TMAI revenue with the resulting lock previewed", async () => {
    await page.goto(`${stack.dappUrl}/rewards`);
    await page.getByTestId("account").waitFor({ timeout: 15_000 });
    const indexClaimable = await claimable(vault);
    const tmaiClaimable = await claimable(tmai);
    await expect
      .poll(() => text(`claimable-amount-${indexSymbol}`), { timeout: 30_000 })
      .toBe(formatToken(indexClaimable, 18, indexSymbol));
    expect(await text("claimable-amount-TMAI")).toBe(formatToken(tmaiClaimable, 18, "TMAI"));
    expect(await text("weeks")).toContain("TMAI");
    await captureScreen(page, "rewards-claimable");

    const indexBefore = await client.readContract({
      address: vault,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [user],
    });
    await page.getByTestId(`claim-${indexSymbol}`).click();
    await txConfirmed(`Claim ${indexSymbol}`);
    const indexAfter = await client.readContract({
      address: vault,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [user],
    });
    expect(indexAfter - indexBefore).toBe(indexClaimable);
    expect(await claimable(vault)).toBe(0n);
    await expect.poll(() => text(`claimable-amount-${indexSymbol}`), { timeout: 20_000 }).toBe(`0 ${indexSymbol}`);

    const lock = await locked();
    await page.getByTestId("cal-review").click();
    const expected = lock.amount + tmaiClaimable;
    expect(await text("cal-new-amount")).toBe(formatToken(expected, 18, "TMAI"));
    expect(await text("cal-unlock")).toBe(formatUnlock(lock.end));
    expect(await text("cal-new-score")).toMatch(/veTMAI$/);
    await captureScreen(page, "rewards-claim-and-lock");
    await page.getByTestId("cal-confirm").click();
    await txConfirmed("Claim and lock");
    expect(await locked()).toEqual({ amount: expected, end: lock.end });
    expect(await claimable(tmai)).toBe(0n);
    await expect.poll(() => text("claimable-amount-TMAI"), { timeout: 20_000 }).toBe("0 TMAI");
    // Past claims, from the subgraph.
    await expect
      .poll(() => text("claims").catch(() => ""), { timeout: 60_000 })
      .toMatch(new RegExp(`Locked [\\d,.]+ TMAI[\\s\\S]*Claimed [\\d,.]+ ${indexSymbol}`));
    await captureScreen(page, "rewards-claimed");

    await page.goto(`${stack.dappUrl}/portfolio`);
    await expect
      .poll(() => text("portfolio-lock-amount"), { timeout: 30_000 })
      .toBe(`${formatAmount(expected, 18, 4)} TMAI`);
    await expect
      .poll(() => text("portfolio-history").catch(() => ""), { timeout: 60_000 })
      .toMatch(/Locked [\d,.]+ TMAI of revenue/);
  });

  it("withdraws the lock once it has expired", async () => {
    const lock = await locked();
    const tmaiBefore = await client.readContract({
      address: tmai,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [user],
    });
    await moveTo(lock.end + 60n);
    await page.goto(`${stack.dappUrl}/stake`);
    const withdraw = page.getByTestId("withdraw");
    await withdraw.waitFor({ timeout: 30_000 });
    expect(await withdraw.innerText()).toBe(`Withdraw ${formatAmount(lock.amount, 18, 4)} TMAI`);
    expect(await text("lock-score")).toBe("0 veTMAI");
    await captureScreen(page, "stake-withdraw");
    await withdraw.click();
    await txConfirmed("Withdraw");
    expect(await locked()).toEqual({ amount: 0n, end: 0n });
    const tmaiAfter = await client.readContract({
      address: tmai,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [user],
    });
    expect(tmaiAfter - tmaiBefore).toBe(lock.amount);
    await expect.poll(() => text("lock-amount"), { timeout: 20_000 }).toBe("no lock");
  });
});
