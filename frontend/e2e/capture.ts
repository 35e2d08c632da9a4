/** Screenshots and accessibility scans shared by the browser tests (frontend/e2e/*.e2e.test.ts). */
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "vitest";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
/** Where screenshots go (git-ignored): `<screen>-desktop.png` and `<screen>-phone.png`. */
export const ARTIFACTS = join(import.meta.dirname, "artifacts");
export const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

/**
 * Screenshots of the current screen at desktop and phone width, and its axe scan. `notOurs` lists CSS selectors of
 * third-party UI the scan leaves out (WalletConnect's modal): it is ours to show, not ours to fix.
 */
export async function captureScreen(page: Page, name: string, notOurs: string[] = []): Promise<void> {
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
    // The page never scrolls sideways (wide tables scroll inside their own box): nothing is cut off on a phone.
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = Array.from(document.querySelectorAll("body *"))
        .filter((el) => el.getBoundingClientRect().right > width + 0.5 && el.closest(".table-wrap") === null)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}${el.id === "" ? "" : `#${el.id}`}: ${(el.textContent ?? "").slice(0, 40)}`,
        );
      return { scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(-3) };
    });
    expect(
      overflow.scrollWidth,
      `${name} at ${label} width scrolls sideways: ${overflow.wide.join(" | ")}`,
    ).toBeLessThanOrEqual(overflow.width);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const violations = await page.evaluate(async (exclude) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document | { include: Document; exclude: string[][] },
            o: object,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const context = exclude.length === 0 ? document : { include: document, exclude: exclude.map((s) => [s]) };
    const result = await axe.run(context, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 3),
    }));
  }, notOurs);
  expect(
    violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
    `axe on ${name}`,
  ).toEqual([]);
}
