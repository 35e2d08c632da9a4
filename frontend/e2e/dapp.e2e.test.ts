/**
 * The dApp end to end: `npm start` on test ports (keeper and price simulator off), headless Chromium driving the
 * real UI with the local test account #1 (a demo user), each flow asserting the chain's state and the screen:
 * mint in kind (approvals), mint with USDC, redeem in kind, redeem to USDC with a permit (no approve transaction), mint
 * in kind with permits (signatures only, one router transaction), a one-asset
 * redeem refused with its decoded reason
 * (DeadlinePassed), and redeem with a stale feed (one-asset refused with its reason, in-kind works); in kind and one asset
 * compared in USD; the index detail's chart periods, benchmarks and 24 h changes; a risk-off auction tracked live (a
 * bid sent from a script appears on the open page within seconds). Screenshots of every screen at desktop
 * and phone width go to frontend/e2e/artifacts/; every screen passes an axe scan without serious or critical
 * violations; the built first page stays within the first-load budget.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  createPublicClient,
  createWalletClient,
  decodeFunctionData,
  erc20Abi,
  http,
  parseEventLogs,
  parseUnits,
  type Address,
  type Hex,
} from "viem";
import {
  IndexRouterAbi,
  IndexVaultAbi,
  MockERC20Abi,
  MockV3AggregatorAbi,
  RebalancerAbi,
} from "../../bindings/abis.js";
import { decodeMulticall } from "../src/lib/permit.js";
import { readManifest } from "../../manifest/index.js";
import { contractAddress, type Manifest } from "../../manifest/schema.js";
import { FIRST_LOAD_BUDGET_BYTES, measureFirstLoad } from "../build/budget.js";
import { ARTIFACTS, captureScreen, VIEWPORTS } from "./capture.js";
import { launchChromium, startStack, type Stack } from "./stack.js";

let stack: Stack;
let browser: Browser;
let page: Page;
let manifest: Manifest;
let vault: Address;
let user: Address;
let client: ReturnType<typeof createPublicClient>;

async function indexBalance(): Promise<bigint> {
  return client.readContract({ address: vault, abi: IndexVaultAbi, functionName: "balanceOf", args: [user] });
}

async function tokenBalance(token: string): Promise<bigint> {
  return client.readContract({ address: token as Address, abi: erc20Abi, functionName: "balanceOf", args: [user] });
}

/** Sends a call from one of the node's accounts (it holds their keys) and waits for it to succeed. */
async function sendAs(account: Address, call: Record<string, unknown>): Promise<void> {
  const wallet = createWalletClient({ transport: http(stack.rpcUrl) });
  const hash = await wallet.writeContract({ account, chain: null, ...call } as never);
  expect((await client.waitForTransactionReceipt({ hash })).status).toBe("success");
}

async function fillShares(amount: string): Promise<void> {
  await page.getByTestId("shares-input").fill(amount);
}

async function choose(label: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).check();
}

/** Review, confirm and wait for the transaction's confirmation on screen. */
async function reviewAndConfirm(): Promise<void> {
  await page.getByTestId("review").click();
  await page.getByTestId("preview").waitFor();
  await page.getByTestId("confirm").click();
}

describe("the dApp in headless Chromium against npm start", () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    stack = await startStack(18_945);
    manifest = await readManifest(join(stack.dir, "localhost.json"));
    vault = manifest.indices[0]!.address as Address;
    client = createPublicClient({ transport: http(stack.rpcUrl) });
    user = ((await client.request({ method: "eth_accounts" as never })) as Address[])[1]!;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.desktop });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("npm start printed the dApp's URL with the ready line, and the first page is within its budget", () => {
    expect(stack.output()).toMatch(new RegExp(`TMAI protocol ready.*dApp ${stack.dappUrl}/`));
    const load = measureFirstLoad(join(stack.dir, "dapp"));
    expect(load.totalGzipBytes).toBeGreaterThan(50_000);
    expect(load.totalGzipBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
  });

  it("lists the index with its live NAV from the lens and connects the local test account", async () => {
    await page.goto(stack.dappUrl);
    // Every index of the local stack has a card; this test trades the first (GDEMO).
    const card = page.getByTestId("index-card").filter({ hasText: manifest.indices[0]!.symbol });
    await card.waitFor();
    await expect.poll(() => page.getByTestId("index-card").count()).toBe(manifest.indices.length);
    await expect.poll(() => card.getByTestId("nav").innerText()).toMatch(/^\$[\d,]+\.\d\d/);
    expect(await card.innerText()).toContain(manifest.indices[0]!.symbol);
    await captureScreen(page, "indices");
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("button", { name: "Local test account #1" }).click();
    await expect.poll(() => page.getByTestId("account").innerText()).toContain(user.slice(0, 6));
  });

  it("mints in kind: approvals with progress, preview, basket version pinned", async () => {
    const before = await indexBalance();
    await page.goto(`${stack.dappUrl}/index/${vault}/trade`);
    // The local test account stays connected across the reload (wagmi reconnects it).
    await page.getByTestId("account").waitFor({ timeout: 15_000 });
    await fillShares("0.5");
    await page.getByTestId("inkind-row").first().waitFor();
    // The local basket tokens support permit, the default; this test takes the approvals to the vault.
    await page.getByTestId("inkind-approve-instead").click({ timeout: 30_000 });
    await page.getByTestId("approve-all").click();
    await expect
      .poll(() => page.getByTestId("approval-progress").innerText(), { timeout: 120_000 })
      .toMatch(/(\d+) of \1 approved/);
    await captureScreen(page, "mint-in-kind");
    await page.getByTestId("review").click({ timeout: 30_000 });
    await page.getByTestId("preview").waitFor();
    expect(await page.getByTestId("preview").innerText()).toMatch(/basket version \d+ pinned/);
    await page.getByTestId("confirm").click();
    await expect
      .poll(() => page.getByTestId("tx-status").last().innerText(), { timeout: 60_000 })
      .toContain("Mint: confirmed");
    expect((await indexBalance()) - before).toBe(parseUnits("0.5", 18));
    await expect.poll(() => page.getByTestId("index-balance").innerText(), { timeout: 20_000 }).toBe("0.5");
  });

  it("mints with USDC through the router: quote, minimum, deadline, preview", async () => {
    const before = await indexBalance();
    const usdc = manifest.pools!.quoteToken;
    const usdcBefore = await tokenBalance(usdc);
    await choose("With one asset (USDC)");
    await fillShares("0.25");
    await page.getByTestId("quote-amount").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("quote-amount").innerText()).toMatch(/USDC$/);
    // Both routes side by side in USD, and the difference between them in USD and %.
    const compare = page.getByTestId("route-compare");
    const tokenUsd = compare.getByTestId("compare-token-usd");
    await expect
      .poll(() => tokenUsd.innerText().catch(() => ""), { timeout: 30_000 })
      .toMatch(/USDC ≈ \$[\d,]+\.\d\d$/);
    const inKindText = await compare.getByTestId("compare-inkind-usd").innerText();
    expect(inKindText).toMatch(/^\$[\d,]+\.\d\d$/);
    const usdOf = (text: string) => Number(/\$([\d,]+\.\d\d)/.exec(text)![1]!.replace(/,/g, ""));
    const inKindUsd = usdOf(inKindText);
    const oneAssetUsd = usdOf((await tokenUsd.innerText()).split("≈")[1]!);
    // 0.25 GDEMO is worth NAV / 4 plus the mint fee: both routes are near that.
    expect(inKindUsd).toBeGreaterThan(0);
    expect(Math.abs(oneAssetUsd / inKindUsd - 1)).toBeLessThan(0.05);
    const difference = await compare.getByTestId("compare-difference").innerText();
    expect(difference).toMatch(/(In kind|With USDC) is better by \$[\d,]+\.\d\d \(-?[\d.]+ %\)|same USD value/);
    if (!/same USD value/.test(difference)) {
      expect(difference.startsWith(oneAssetUsd > inKindUsd ? "In kind" : "With USDC")).toBe(true);
      expect(Math.abs(usdOf(difference) - Math.abs(oneAssetUsd - inKindUsd))).toBeLessThanOrEqual(0.011);
    }
    await captureScreen(page, "mint-with-usdc");
    await reviewAndConfirm();
    await expect
      .poll(() => page.getByTestId("tx-status").last().innerText(), { timeout: 60_000 })
      .toContain("Mint with USDC: confirmed");
    expect((await indexBalance()) - before).toBe(parseUnits("0.25", 18));
    expect(await tokenBalance(usdc)).toBeLessThan(usdcBefore);
    await expect.poll(() => page.getByTestId("index-balance").innerText(), { timeout: 20_000 }).toBe("0.75");
  });

  it("redeems in kind", async () => {
    const before = await indexBalance();
    const asset = manifest.tokens[0]!.address;
    const assetBefore = await tokenBalance(asset);
    await choose("Redeem");
    await choose("In kind (basket)");
    await fillShares("0.2");
    await page.getByTestId("inkind-row").first().waitFor();
    await captureScreen(page, "redeem-in-kind");
    await reviewAndConfirm();
    await expect
      .poll(() => page.getByTestId("tx-status").last().innerText(), { timeout: 60_000 })
      .toContain("Redeem: confirmed");
    expect(before - (await indexBalance())).toBe(parseUnits("0.2", 18));
    expect(await tokenBalance(asset)).toBeGreaterThan(assetBefore);
    await expect.poll(() => page.getByTestId("index-balance").innerText(), { timeout: 20_000 }).toBe("0.55");
    // The account's own history, from the subgraph: both mints (in kind, and through the router to this account)
    // and the in-kind redeem, newest first.
    const activity = page.getByTestId("your-activity");
    await expect
      .poll(async () => ((await activity.count()) > 0 ? activity.innerText() : ""), { timeout: 30_000 })
      .toMatch(/You redeemed 0\.2 shares[\s\S]*You minted 0\.25 shares[\s\S]*You minted 0\.5 shares/);
    await captureScreen(page, "your-activity");
  });

  it("redeems to USDC with a permit: one transaction, no approval, the balances as previewed", async () => {
    const router = contractAddress(manifest, "IndexRouter") as Address;
    const usdc = manifest.pools!.quoteToken;
    const allowance = () =>
      client.readContract({ address: vault, abi: IndexVaultAbi, functionName: "allowance", args: [user, router] });
    expect(await allowance()).toBe(0n);
    const [nonceBefore, txCountBefore, before, usdcBefore] = await Promise.all([
      client.readContract({ address: vault, abi: IndexVaultAbi, functionName: "nonces", args: [user] }),
      client.getTransactionCount({ address: user }),
      indexBalance(),
      tokenBalance(usdc),
    ]);
    await choose("With one asset (USDC)");
    await fillShares("0.1");
    // GDEMO supports EIP-2612: a permit is offered by default, no approve button.
    const choice = page.getByTestId("permit-choice");
    await choice.waitFor({ timeout: 30_000 });
    expect(await choice.innerText()).toContain("Sign a permit (no approval transaction)");
    expect(await choice.innerText()).toContain("exactly 0.1 GDEMO");
    expect(await page.getByTestId("approve-router").count()).toBe(0);
    await page.getByTestId("review").click();
    const preview = page.getByTestId("preview");
    await preview.waitFor();
    expect(await preview.getByTestId("preview-permit").innerText()).toMatch(
      /^Uses a permit: .* exactly 0\.1 GDEMO until .*, then send one transaction/,
    );
    // "Redeem 0.1 GDEMO for about X USDC, at least Y USDC": what the chain must then show.
    const [, about, least] = /for about ([\d,.]+) USDC, at least ([\d,.]+) USDC/.exec(await preview.innerText())!;
    await captureScreen(page, "redeem-with-permit");
    await page.getByTestId("confirm").click();
    await expect
      .poll(() => page.getByTestId("tx-status").last().innerText(), { timeout: 60_000 })
      .toContain("Redeem to USDC: confirmed");
    expect(before - (await indexBalance())).toBe(parseUnits("0.1", 18));
    const received = (await tokenBalance(usdc)) - usdcBefore;
    expect(received).toBeGreaterThanOrEqual(parseUnits(least!.replace(/,/g, ""), 6));
    const quoted = parseUnits(about!.replace(/,/g, ""), 6);
    expect(Number(received - quoted)).toBeLessThanOrEqual(Number(quoted) / 200); // within 0.5 % of the preview
    expect(Number(quoted - received)).toBeLessThanOrEqual(Number(quoted) / 200);
    // One transaction (the multicall), the signature spent, and no allowance left behind.
    expect(await client.getTransactionCount({ address: user })).toBe(txCountBefore + 1);
    expect(
      await client.readContract({ address: vault, abi: IndexVaultAbi, functionName: "nonces", args: [user] }),
    ).toBe(nonceBefore + 1n);
    expect(await allowance()).toBe(0n);
    await expect.poll(() => page.getByTestId("index-balance").innerText(), { timeout: 20_000 }).toBe("0.45");
  });

  it("mints in kind with permits: signatures only, one router transaction, the balances as the vault pulled", async () => {
    const router = contractAddress(manifest, "IndexRouter") as Address;
    const shares = parseUnits("0.1", 18);
    await page.goto(`${stack.dappUrl}/index/${vault}/trade`);
    await page.getByTestId("account").waitFor({ timeout: 15_000 });
    await fillShares("0.1");
    await page.getByTestId("inkind-row").first().waitFor();
    // The local basket tokens support EIP-2612: permits are the default, no approve button.
    const choice = page.getByTestId("inkind-permit-choice");
    await choice.waitFor({ timeout: 30_000 });
    expect(await choice.innerText()).toContain("Sign permits (no approval transactions)");
    expect(await page.getByTestId("approve-all").count()).toBe(0);
    // Each token says how it will be taken: by the permit signed now, or by an earlier approval to the router (the
    // demo users approved USDC to the router at launch).
    const approvedCells = await page.getByTestId("inkind-approved").allInnerTexts();
    expect(approvedCells.length).toBeGreaterThan(1);
    for (const text of approvedCells) expect(text).toMatch(/^(by your permit|yes \(to the router\))$/);
    expect(approvedCells).toContain("by your permit");
    const [assets] = await client.readContract({ address: vault, abi: IndexVaultAbi, functionName: "getBasket" });
    const [txCountBefore, sharesBefore, balancesBefore] = await Promise.all([
      client.getTransactionCount({ address: user }),
      indexBalance(),
      Promise.all(assets.map((a) => tokenBalance(a))),
    ]);
    await page.getByTestId("review").click();
    await page.getByTestId("preview").waitFor();
    expect(await page.getByTestId("preview-permits").innerText()).toMatch(
      /^Uses permits through the router, if mined before .*: you first sign \d+ permits? \(no transaction\) for the router to take exactly .*, then send one transaction with the permits and the mint\. No approval transaction\.$/,
    );
    await captureScreen(page, "mint-in-kind-permits");
    await page.getByTestId("confirm").click();
    await expect
      .poll(() => page.getByTestId("tx-status").last().innerText(), { timeout: 60_000 })
      .toContain("Mint: confirmed");
    expect(await page.getByTestId("signature-progress").innerText()).toMatch(/^(\d+) of \1 signed$/);
    // One transaction (the multicall), no approval: the account's nonce grew by exactly 1.
    expect(await client.getTransactionCount({ address: user })).toBe(txCountBefore + 1);
    expect((await indexBalance()) - sharesBefore).toBe(shares);
    // The transaction: selfPermit for each token lacking an allowance to the router, then mintInKind.
    const block = await client.getBlock({ includeTransactions: true });
    const sent = block.transactions.find((t) => t.from.toLowerCase() === user.toLowerCase())!;
    expect(sent.to!.toLowerCase()).toBe(router.toLowerCase());
    const outer = decodeFunctionData({ abi: IndexRouterAbi, data: sent.input });
    const calls = decodeMulticall(outer.args![0] as readonly Hex[]);
    expect(calls.at(-1)!.functionName).toBe("mintInKind");
    const permits = calls.slice(0, -1).map((c) => c.args as readonly [Address, bigint, ...unknown[]]);
    expect(permits.length).toBeGreaterThan(0);
    // What the vault pulled (its Minted event): exactly what left the account, token by token.
    const receipt = await client.getTransactionReceipt({ hash: sent.hash });
    const [minted] = parseEventLogs({ abi: IndexVaultAbi, eventName: "Minted", logs: receipt.logs });
    const pulled = minted!.args.amountsIn;
    for (const [i, a] of assets.entries()) {
      expect(balancesBefore[i]! - (await tokenBalance(a)), a).toBe(pulled[i]);
      const permit = permits.find(([t]) => t.toLowerCase() === a.toLowerCase());
      if (permit === undefined) continue;
      // Each permit was for the preview the page showed; the mint pulls its own block's preview, which the streaming
      // fee may have lowered by a few units since: that remainder is all the router may still take.
      const left = await client.readContract({
        address: a,
        abi: erc20Abi,
        functionName: "allowance",
        args: [user, router],
      });
      expect(left + pulled[i]!, a).toBe(permit[1]);
      expect(left * 1_000_000n <= permit[1], `${a}: ${left} left of ${permit[1]}`).toBe(true);
    }
    await expect.poll(() => page.getByTestId("index-balance").innerText(), { timeout: 20_000 }).toBe("0.55");
    // Back to redeeming, where the tests below start.
    await choose("Redeem");
  });

  it("shows a failed transaction with its decoded reason: a one-asset redeem confirmed after its deadline passed", async () => {
    await choose("With one asset (USDC)");
    await fillShares("0.1");
    await page.getByLabel("Deadline (minutes)").fill("1");
    await page.getByTestId("quote-amount").waitFor({ timeout: 30_000 });
    // The router needs the index tokens approved for a one-asset redeem: here by an approval (the permit path is
    // the test above; a permit for an expired deadline would fail as PermitFailed before the redeem's own check).
    const approveInstead = page.getByTestId("approve-instead");
    await approveInstead.waitFor({ timeout: 30_000 });
    await approveInstead.click();
    const approve = page.getByTestId("approve-router");
    if (await approve.isVisible()) {
      await approve.click();
      await approve.waitFor({ state: "detached", timeout: 60_000 });
    }
    await page.getByTestId("review").click();
    await page.getByTestId("preview").waitFor();
    // Two minutes pass on chain between the preview and the signature.
    await client.request({ method: "evm_increaseTime" as never, params: [120] as never });
    await client.request({ method: "evm_mine" as never });
    const before = await indexBalance();
    await page.getByTestId("confirm").click();
    const failed = page.getByTestId("tx-error").last();
    await failed.waitFor({ timeout: 60_000 });
    expect(await failed.innerText()).toMatch(/^The transaction's deadline \(.+\) passed before it was mined/);
    expect(await page.getByTestId("tx-status").last().innerText()).toContain("Redeem to USDC failed");
    expect(await page.getByTestId("tx-status").last().innerText()).toContain(
      "Contract error: DeadlinePassed(deadline:",
    );
    expect(await indexBalance()).toBe(before);
    await captureScreen(page, "redeem-failed");
  });

  it("with a stale feed: the one-asset redeem is refused with its reason and in-kind redeem works", async () => {
    // The feed of the first basket asset answers with a timestamp ten days old: stale for every heartbeat.
    const token = manifest.tokens[0]!;
    const [deployer] = (await client.request({ method: "eth_accounts" as never })) as Address[];
    const [roundId, answer, , updatedAt] = await client.readContract({
      address: token.feed as Address,
      abi: MockV3AggregatorAbi,
      functionName: "latestRoundData",
    });
    const old = updatedAt - 10n * 86_400n;
    await sendAs(deployer!, {
      address: token.feed as Address,
      abi: MockV3AggregatorAbi,
      functionName: "updateRoundData",
      args: [roundId + 1n, answer, old, old],
    });

    await page.getByLabel("Deadline (minutes)").fill("20");
    const refused = page.getByTestId("one-asset-disabled");
    await expect
      .poll(() => refused.innerText().catch(() => ""), { timeout: 30_000 })
      .toContain(`${token.symbol}: stale price`);
    expect(await refused.innerText()).toContain("in-kind redeem needs none");
    expect(await page.getByTestId("review").count()).toBe(0);
    await captureScreen(page, "redeem-stale-refused");
    const before = await indexBalance();
    await refused.getByRole("button", { name: "Redeem in kind instead" }).click();
    await page.getByTestId("inkind-row").first().waitFor();
    await reviewAndConfirm();
    await expect
      .poll(() => page.getByTestId("tx-status").last().innerText(), { timeout: 60_000 })
      .toContain("Redeem: confirmed");
    expect(before - (await indexBalance())).toBe(parseUnits("0.1", 18));
    await expect.poll(() => page.getByTestId("index-balance").innerText(), { timeout: 20_000 }).toBe("0.45");
  });

  it("shows the index detail: holdings, regime, history from the subgraph", async () => {
    await page.goto(`${stack.dappUrl}/index/${vault}`);
    const holdings = page.getByTestId("holdings");
    await holdings.waitFor({ timeout: 30_000 });
    for (const t of manifest.tokens.slice(1, 3)) expect(await holdings.innerText()).toContain(t.symbol);
    expect(await holdings.innerText()).toContain("stale price");
    await expect.poll(() => page.getByTestId("regime").innerText()).toMatch(/Risk-(on|off)/);
    // Holdings carry a 24 h change column: a signed percentage, or a dash where no price was recorded a day ago.
    expect(await page.getByTestId("change-24h-header").innerText()).toContain("24 h change");
    const changes = page.getByTestId("change-24h");
    await expect.poll(() => changes.first().innerText(), { timeout: 30_000 }).toMatch(/^(—|[+-]\d+\.\d\d %)$/);
    expect(await changes.count()).toBe(await holdings.locator("tbody tr").count());
    for (const text of await changes.allInnerTexts()) expect(text).toMatch(/^(—|[+-]\d+\.\d\d %)$/);
    // The NAV chart's period selector (7 d by default) changes the period, by click and by keyboard.
    const caption = page.getByTestId("chart-caption");
    await expect.poll(() => caption.innerText().catch(() => ""), { timeout: 30_000 }).toMatch(/^The last 7 days: /);
    await page.getByTestId("period-24h").click();
    await expect.poll(() => caption.innerText()).toMatch(/^The last 24 hours: /);
    expect(await page.getByTestId("period-24h").getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("period-7d").getAttribute("aria-pressed")).toBe("false");
    await page.getByTestId("period-all").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => caption.innerText()).toMatch(/^All recorded history: /);
    const chart = page.getByTestId("nav-chart");
    if ((await chart.count()) > 0) expect(await chart.getAttribute("aria-label")).toContain("all recorded history");
    // The BTC and ETH benchmarks are in the legend, with the normalisation explained.
    const legend = page.getByTestId("chart-legend");
    expect(await legend.innerText()).toContain("BTC benchmark (WBTC, normalised to NAV)");
    expect(await legend.innerText()).toContain("ETH benchmark (WETH, normalised to NAV)");
    expect(await legend.getByTestId("legend-btc").locator('[role="tooltip"]').textContent()).toMatch(
      /would be worth had it followed WBTC/,
    );
    // The subgraph indexed the mints and redeems the browser sent.
    await expect
      .poll(
        () =>
          page
            .getByTestId("history")
            .innerText()
            .catch(() => ""),
        { timeout: 60_000 },
      )
      .toMatch(/Redeem of 0\.1 shares/);
    await captureScreen(page, "index-detail");
  });

  it("tracks a risk-off auction live: its price inside the band, its lots, and a fill as it lands", async () => {
    const accounts = (await client.request({ method: "eth_accounts" as never })) as Address[];
    // Account #3 is the local methodologist; account #2 bids (the node holds both keys).
    const methodologist = accounts[3]!;
    const bidder = accounts[2]!;
    const rebalancer = contractAddress(manifest, "Rebalancer") as Address;
    // The previous test left the first asset's feed stale; an auction prices every basket asset, so it answers afresh.
    const stale = manifest.tokens[0]!;
    const [roundId, answer] = await client.readContract({
      address: stale.feed as Address,
      abi: MockV3AggregatorAbi,
      functionName: "latestRoundData",
    });
    const now = (await client.getBlock()).timestamp;
    await sendAs(accounts[0]!, {
      address: stale.feed as Address,
      abi: MockV3AggregatorAbi,
      functionName: "updateRoundData",
      args: [roundId + 1n, answer, now, now],
    });
    // The methodologist signals risk-off; once the hysteresis has passed, anyone applies it and starts the auction.
    await sendAs(methodologist, {
      address: rebalancer,
      abi: RebalancerAbi,
      functionName: "signalRegime",
      args: [vault, 1],
    });
    const config = await client.readContract({
      address: rebalancer,
      abi: RebalancerAbi,
      functionName: "config",
      args: [vault],
    });
    await client.request({ method: "evm_increaseTime" as never, params: [config.hysteresis + 1] as never });
    await client.request({ method: "evm_mine" as never });
    for (const functionName of ["applyRegime", "startRebalance"] as const) {
      await sendAs(bidder, {
        address: rebalancer,
        abi: RebalancerAbi,
        functionName,
        args: [vault],
      });
    }

    await page.goto(`${stack.dappUrl}/index/${vault}`);
    const tracker = page.getByTestId("auction-tracker");
    await tracker.waitFor({ timeout: 30_000 });
    await expect.poll(() => tracker.innerText()).toContain("Auction #1 running");
    expect(await page.getByTestId("auction-price").innerText()).toMatch(/^\d+\.\d\d %$/);
    expect(await tracker.getByRole("meter").getAttribute("aria-valuetext")).toMatch(/of the oracle price, between/);
    await expect.poll(() => tracker.innerText(), { timeout: 20_000 }).toContain("No fill yet");
    const usdc = manifest.tokens.find((t) => t.symbol === "USDC")!;
    expect(await tracker.innerText()).toMatch(/What the auction still trades: \$[\d,.]+ to sell/);

    // A bidder takes a tenth of the index's WETH and pays USDC at the auction's price.
    const weth = manifest.tokens.find((t) => t.symbol === "WETH")!;
    const held = await client.readContract({
      address: weth.address as Address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [vault],
    });
    const sellAmount = held / 10n;
    const pay = await client.readContract({
      address: rebalancer,
      abi: RebalancerAbi,
      functionName: "quote",
      args: [vault, weth.address as Address, usdc.address as Address, sellAmount],
    });
    const maxPay = (pay * 101n) / 100n;
    for (const [functionName, args] of [
      ["mint", [bidder, maxPay]],
      ["approve", [vault, maxPay]],
    ] as const) {
      await sendAs(bidder, {
        address: usdc.address as Address,
        abi: MockERC20Abi,
        functionName,
        args,
      });
    }
    await sendAs(bidder, {
      address: rebalancer,
      abi: RebalancerAbi,
      functionName: "bid",
      args: [vault, weth.address as Address, usdc.address as Address, sellAmount, maxPay, "0x"],
    });
    const [event] = await client.getContractEvents({
      address: rebalancer,
      abi: RebalancerAbi,
      eventName: "BidFilled",
      args: { vault, auctionId: 1n },
      fromBlock: 0n,
      strict: true,
    });
    expect(event!.args.sellAmount).toBe(sellAmount);

    // The page, left open, shows the fill within seconds: marked new, announced, with what the chain recorded.
    const fill = page.getByTestId("fill").first();
    await expect.poll(() => fill.innerText().catch(() => ""), { timeout: 20_000 }).toContain("new");
    const text = await fill.innerText();
    expect(text).toContain("WETH");
    expect(text).toContain("USDC");
    expect(text).toContain(`${event!.transactionHash.slice(0, 10)}…`);
    expect(await page.getByTestId("fill-announcement").innerText()).toMatch(
      /^New fill: the index sold [\d.,]+ WETH for [\d.,]+ USDC at \d+\.\d\d % of the oracle price\.$/,
    );
    expect(await page.getByTestId("auction-fills").innerText()).toMatch(/^1 fill, \$[\d,.]+ traded/);
    await captureScreen(page, "auction-live");
  });
});
