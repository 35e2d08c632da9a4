/**
 * The governance screens end to end: `npm start` on test ports 19145-19147 (keeper and price simulator off),
 * headless Chromium driving the real UI as the local test account #1, which the test gives votes first by locking
 * TMAI for it on chain (the demo funds it with TMAI; the deployer's demo lock is the only other veTMAI). A whole
 * proposal through the UI: a management-fee change from the new-proposal form, chain time moved past the voting
 * delay, a For vote with a reason, time past the voting period, queue, time past the timelock delay, execute, and
 * the new fee on the index page. Each step asserts the chain (governor state, the vault's fee) and the screen.
 * Screenshots (desktop and phone) and an axe scan of each screen: governance-*, new-proposal-*, proposal-*.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createPublicClient, createWalletClient, getAddress, http, parseUnits, type Address } from "viem";
import { IndexVaultAbi, RebalancerAbi, TMAIAbi, TMAIGovernorAbi, VeTMAIAbi } from "../../bindings/abis.js";
import { readManifest } from "../../manifest/index.js";
import type { Manifest } from "../../manifest/schema.js";
import { ARTIFACTS, captureScreen, VIEWPORTS } from "./capture.js";
import { launchChromium, startStack, type Stack } from "./stack.js";

let stack: Stack;
let browser: Browser;
let page: Page;
let manifest: Manifest;
let vault: Address;
let symbol: string;
let governor: Address;
let user: Address;
let proposalId: bigint;
let client: ReturnType<typeof createPublicClient>;

const LOCK = parseUnits("50000", 18);
const NEW_FEE = parseUnits("0.015", 18);

async function moveTime(seconds: number): Promise<void> {
  await client.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
  await client.request({ method: "evm_mine" as never });
}

async function state(): Promise<number> {
  return client.readContract({ address: governor, abi: TMAIGovernorAbi, functionName: "state", args: [proposalId] });
}

async function managementFee(): Promise<bigint> {
  return (await client.readContract({ address: vault, abi: IndexVaultAbi, functionName: "fees" })).managementFee;
}

const text = (testId: string) => () =>
  page
    .getByTestId(testId)
    .first()
    .innerText()
    .catch(() => "");

describe("governance in headless Chromium against npm start", () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    stack = await startStack(19_145);
    manifest = await readManifest(join(stack.dir, "localhost.json"));
    vault = manifest.indices[0]!.address as Address;
    symbol = manifest.indices[0]!.symbol;
    governor = manifest.contracts.Governor!.address as Address;
    client = createPublicClient({ transport: http(stack.rpcUrl) });
    user = getAddress(((await client.request({ method: "eth_accounts" as never })) as Address[])[1]!);
    // Votes for account #1: a 51-week lock of 50,000 of its demo TMAI (the node holds its key).
    const wallet = createWalletClient({ transport: http(stack.rpcUrl) });
    const tmai = manifest.contracts.TMAI!.address as Address;
    const veTmai = manifest.contracts.VeTMAI!.address as Address;
    const approve = await wallet.writeContract({
      account: user,
      chain: null,
      address: tmai,
      abi: TMAIAbi,
      functionName: "approve",
      args: [veTmai, LOCK],
    });
    await client.waitForTransactionReceipt({ hash: approve });
    const now = (await client.getBlock()).timestamp;
    const lock = await wallet.writeContract({
      account: user,
      chain: null,
      address: veTmai,
      abi: VeTMAIAbi,
      functionName: "createLock",
      args: [LOCK, now + 51n * 7n * 86_400n],
    });
    await client.waitForTransactionReceipt({ hash: lock });
    // Propose reads votes at clock - 1: a block two seconds later.
    await moveTime(2);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.desktop });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("shows the empty proposals list with the threshold and the account's votes", async () => {
    await page.goto(`${stack.dappUrl}/governance`);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("button", { name: "Local test account #1" }).click();
    await expect.poll(() => page.getByTestId("account").innerText()).toContain(user.slice(0, 6));
    await expect.poll(text("proposer-power"), { timeout: 20_000 }).toMatch(/^[\d,]+(\.\d+)? veTMAI$/);
    const power = Number((await text("proposer-power")()).replace(/[^\d.]/g, ""));
    expect(power).toBeGreaterThan(1000);
    expect(await page.getByText("No proposal yet").innerText()).toContain("No proposal yet");
    expect(await page.getByRole("link", { name: "Governance" }).getAttribute("aria-current")).toBe("page");
    await captureScreen(page, "governance-empty");
  });

  it("proposes a management-fee change from the form: validation, the encoded call and its dry run, propose", async () => {
    expect(await managementFee()).toBe(parseUnits("0.02", 18));
    await page.getByRole("link", { name: "New proposal" }).click();
    await page.getByTestId("fee-input").waitFor({ timeout: 20_000 });
    expect(await text("fee-now")()).toBe("2.00 % a year");
    // The Rebalancer settings form starts from the chain's settings and refuses a band above MAX_BAND.
    const settings = await client.readContract({
      address: manifest.contracts.Rebalancer!.address as Address,
      abi: RebalancerAbi,
      functionName: "config",
      args: [vault],
    });
    await page.getByLabel("Rebalancing settings", { exact: true }).check();
    await expect
      .poll(() => page.getByTestId("config-auctionDuration").inputValue(), { timeout: 20_000 })
      .toBe(String(settings.auctionDuration));
    await page.getByTestId("config-bandHigh").fill("25");
    await page.getByTestId("add-call").click();
    expect(await text("form-error")()).toBe(
      "Auction start above the oracle price: 25.00 % is above the Rebalancer's 20.00 % (MAX_BAND).",
    );
    await captureScreen(page, "new-proposal-settings");
    // The fee recipient form refuses what is not an address.
    await page.getByLabel("Fee recipient", { exact: true }).check();
    await page.getByTestId("recipient-input").fill("0x123");
    await page.getByTestId("add-call").click();
    expect(await text("form-error")()).toBe("The recipient must be 0x followed by 40 hexadecimal digits.");
    await page.getByLabel("Index fee", { exact: true }).check();
    expect(await text("review-proposal")()).toContain("No change yet");
    // A fee above the vault's cap is refused with the bound, and nothing is added.
    await page.getByTestId("fee-input").fill("12");
    await page.getByTestId("add-call").click();
    expect(await text("form-error")()).toBe(
      "A management fee of 12.00 % is above the vault's cap of 10.00 % a year (MAX_MANAGEMENT_FEE).",
    );
    await page.getByTestId("fee-input").fill("1.5");
    await page.getByTestId("add-call").click();
    await expect.poll(text("call-sentence")).toBe(`Set ${symbol}'s management fee from 2.00 % a year to 1.50 % a year`);
    await expect.poll(text("dry-run"), { timeout: 20_000 }).toBe("Runs as the timelock would run it now (dry run).");
    expect(await page.getByTestId("propose").isDisabled()).toBe(true);
    expect(await text("propose-blocked")()).toBe("Describe the proposal: its first line is its title.");
    await page.getByTestId("description").fill("Lower the management fee to 1.5 %\n\nFees should follow the costs.");
    await page.getByText("Encoded call").click();
    expect(await text("calldata")()).toMatch(/^0x[0-9a-f]{8}[0-9a-f]{64}$/);
    await captureScreen(page, "new-proposal-form");
    await page.getByTestId("propose").click();
    await expect.poll(text("tx-status"), { timeout: 60_000 }).toContain("Propose: confirmed");
    const href = await page.getByRole("link", { name: "Open the proposal" }).getAttribute("href");
    proposalId = BigInt(href!.split("/").pop()!);
    expect(await state()).toBe(0); // Pending
    expect(
      await client.readContract({
        address: governor,
        abi: TMAIGovernorAbi,
        functionName: "proposalProposer",
        args: [proposalId],
      }),
    ).toBe(user);
    await captureScreen(page, "new-proposal-proposed");
  });

  it("shows the pending proposal: the call in words, timeline, vote blocked until voting opens", async () => {
    await page.getByRole("link", { name: "Open the proposal" }).click();
    await expect.poll(text("state"), { timeout: 30_000 }).toContain("Pending");
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Lower the management fee to 1.5 %");
    expect(await text("call-sentence")()).toBe(`Set ${symbol}'s management fee from 2.00 % a year to 1.50 % a year`);
    expect(await text("call-now")()).toContain("2.00 % a year");
    expect(await text("call-proposed")()).toContain("1.50 % a year");
    expect(await page.getByTestId("vote").isDisabled()).toBe(true);
    expect(await text("vote-blocked")()).toMatch(/^Voting opens after .+ UTC \(in \d+ (s|min)\)\.$/);
    expect(await text("queue-blocked")()).toMatch(/^The proposal is Pending: voting ends at/);
    expect(await text("timeline")()).toMatch(/Created[\s\S]*Voting opens[\s\S]*Voting ends[\s\S]*Executed/);
    expect(await text("power-at-snapshot")()).toBe("fixed at the snapshot");
    expect(await text("your-change")()).toMatch(new RegExp(`You hold no ${symbol}|On your`));
    expect(await text("delegate")()).toContain("yourself");
    await captureScreen(page, "proposal-pending");
  });

  it("votes For with a reason once voting opens", async () => {
    await moveTime(61);
    await expect.poll(text("state"), { timeout: 30_000 }).toContain("Active");
    expect(await state()).toBe(1);
    await expect.poll(text("power-at-snapshot"), { timeout: 20_000 }).toMatch(/^[\d,.]+ veTMAI$/);
    await page.getByTestId("reason").fill("Lower fees bring more holders.");
    await page.getByTestId("vote").click();
    await expect.poll(text("tx-status"), { timeout: 60_000 }).toContain("Vote: confirmed");
    expect(
      await client.readContract({
        address: governor,
        abi: TMAIGovernorAbi,
        functionName: "hasVoted",
        args: [proposalId, user],
      }),
    ).toBe(true);
    const [against, forVotes] = await client.readContract({
      address: governor,
      abi: TMAIGovernorAbi,
      functionName: "proposalVotes",
      args: [proposalId],
    });
    expect(against).toBe(0n);
    expect(forVotes).toBeGreaterThan(parseUnits("1000", 18));
    await expect.poll(text("quorum"), { timeout: 20_000 }).toMatch(/, reached$/);
    await expect.poll(text("vote-blocked")).toBe("You have already voted on this proposal.");
    // The vote with its reason, from the subgraph.
    await expect.poll(text("vote-reason"), { timeout: 60_000 }).toBe("Lower fees bring more holders.");
    expect(await text("votes")()).toMatch(/^For /);
    await captureScreen(page, "proposal-voted");
  });

  it("queues it after the voting period; execute says when the timelock delay ends", async () => {
    expect(await page.getByTestId("queue").isDisabled()).toBe(true);
    await moveTime(301);
    await expect.poll(text("state"), { timeout: 30_000 }).toContain("Succeeded");
    expect(await state()).toBe(4);
    expect(await text("execute-blocked")()).toBe("It passed but is not queued yet: queue it first.");
    await page.getByTestId("queue").click();
    await expect
      .poll(() => page.getByTestId("tx-status").last().innerText(), { timeout: 60_000 })
      .toContain("Queue: confirmed");
    expect(await state()).toBe(5);
    await expect.poll(text("state"), { timeout: 30_000 }).toContain("Queued");
    expect(await text("timeline")()).toMatch(
      /Queued in the timelock\s*\(done\)[\s\S]*executable from \d{4}-\d\d-\d\d \d\d:\d\d UTC\s*Executed\s*\(upcoming\)/,
    );
    expect(await text("execute-blocked")()).toMatch(
      /^The timelock delay ends at .+ UTC \(in \d+ (s|min)\); execute it after that\.$/,
    );
    expect(await managementFee()).toBe(parseUnits("0.02", 18));
    await captureScreen(page, "proposal-queued");
  });

  it("executes it after the timelock delay: the new fee is on chain and on the index page", async () => {
    await moveTime(61);
    await expect.poll(() => page.getByTestId("execute").isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId("execute").click();
    await expect
      .poll(() => page.getByTestId("tx-status").last().innerText(), { timeout: 60_000 })
      .toContain("Execute: confirmed");
    expect(await state()).toBe(7);
    expect(await managementFee()).toBe(NEW_FEE);
    await expect.poll(text("state"), { timeout: 30_000 }).toContain("Executed");
    expect(await text("state-sentence")()).toBe("Executed: the change is live on chain.");
    expect(await text("call-sentence")()).toBe(`Set ${symbol}'s management fee to 1.50 % a year`);
    await expect.poll(text("call-now"), { timeout: 20_000 }).toContain("1.50 % a year");
    await expect.poll(text("timeline"), { timeout: 30_000 }).toMatch(/Executed\s*\(done\)\s*\d{4}-\d\d-\d\d/);
    await captureScreen(page, "proposal-executed");

    await page.goto(`${stack.dappUrl}/governance`);
    const card = page.getByTestId("proposal-card");
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => card.getByTestId("state").innerText(), { timeout: 30_000 }).toContain("Executed");
    expect(await card.innerText()).toContain("Lower the management fee to 1.5 %");
    expect(await card.innerText()).toMatch(/For\s+[\d,.]+ veTMAI \(100\.00 % of votes cast\)/);
    await captureScreen(page, "governance-list");

    await page.goto(`${stack.dappUrl}/index/${vault}`);
    await expect
      .poll(
        () =>
          page
            .getByText(/^Management fee [\d.]+ % a year/)
            .innerText()
            .catch(() => ""),
        { timeout: 30_000 },
      )
      .toMatch(/^Management fee 1\.50 % a year/);
  });
});
