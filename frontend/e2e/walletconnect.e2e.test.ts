/**
 * WalletConnect in headless Chromium, without a chain: the dApp built against the unit tests' manifest with a
 * WalletConnect project id, served by `vite preview` on 127.0.0.1. The first page loads no WalletConnect code and stays
 * within its budget; picking WalletConnect fetches the separately built provider bundle and opens its QR modal (the
 * relay is unreachable offline, so the QR stays empty: the test checks the modal, not a pairing). Without a project
 * id the option is not offered and no bundle is built.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, preview, type PreviewServer } from "vite";
import type { Browser, Page } from "playwright-core";
import manifest from "../test/manifest.js";
import { FIRST_LOAD_BUDGET_BYTES, measureFirstLoad } from "../build/budget.js";
import { WALLETCONNECT_DIR, WALLETCONNECT_FILE } from "../build/walletConnect.js";
import { captureScreen } from "./capture.js";
import { launchChromium, ROOT } from "./stack.js";

const PORT = 19_248;
let dir: string;
let browser: Browser;

/** Builds the dApp into `<dir>/<name>` with `projectId` (or none). */
async function buildDapp(name: string, projectId: string | undefined): Promise<string> {
  const outDir = join(dir, name);
  const saved = { ...process.env };
  // Vitest sets NODE_ENV=test, which would build React's development code: build as `npm start` does.
  process.env.NODE_ENV = "production";
  process.env.TMAI_MANIFEST = join(dir, "manifest.json");
  process.env.TMAI_DAPP_OUT_DIR = outDir;
  if (projectId === undefined) delete process.env.VITE_WALLETCONNECT_PROJECT_ID;
  else process.env.VITE_WALLETCONNECT_PROJECT_ID = projectId;
  try {
    await build({ configFile: join(ROOT, "frontend/vite.config.ts"), mode: "production", logLevel: "warn" });
  } finally {
    process.env = saved;
  }
  return outDir;
}

async function serve(outDir: string): Promise<PreviewServer> {
  return preview({
    configFile: false,
    root: outDir,
    build: { outDir },
    preview: { host: "127.0.0.1", port: PORT, strictPort: true },
  });
}

async function openWalletList(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByRole("button", { name: "Connect wallet" }).click();
  await page.getByRole("group", { name: "Wallets" }).waitFor();
}

describe("WalletConnect, loaded only when picked", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tmai-walletconnect-"));
    await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("with a project id: the first page fetches none of it; picking it loads its own bundle and opens its modal", async () => {
    const outDir = await buildDapp("with-id", "tmai-test-project");
    expect(existsSync(join(outDir, WALLETCONNECT_DIR, WALLETCONNECT_FILE))).toBe(true);
    expect(measureFirstLoad(outDir).totalGzipBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);

    const server = await serve(outDir);
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
    try {
      await openWalletList(page);
      expect(fetched.filter((p) => p.startsWith(`/${WALLETCONNECT_DIR}/`))).toEqual([]);
      await captureScreen(page, "wallet-list");
      await page.getByRole("button", { name: "WalletConnect" }).click();
      await page.locator("w3m-modal").waitFor({ state: "attached", timeout: 60_000 });
      await expect.poll(() => page.getByText("Scan this QR Code with your phone").count(), { timeout: 60_000 }).toBe(1);
      expect(fetched).toContain(`/${WALLETCONNECT_DIR}/${WALLETCONNECT_FILE}`);
      // Reown's modal fails two axe rules of its own (its dialog and close button have no accessible name).
      await captureScreen(page, "walletconnect-modal", ["w3m-modal"]);
    } finally {
      await page.close();
      await server.close();
    }
  });

  it("without a project id: no WalletConnect option and no bundle", async () => {
    const outDir = await buildDapp("without-id", undefined);
    expect(existsSync(join(outDir, WALLETCONNECT_DIR))).toBe(false);
    const server = await serve(outDir);
    const page = await browser.newPage();
    try {
      await openWalletList(page);
      await expect.poll(() => page.getByRole("button", { name: "Local test account #1" }).count()).toBe(1);
      expect(await page.getByRole("button", { name: "WalletConnect" }).count()).toBe(0);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
