/**
 * The dApp's unit and component tests (jsdom): formatting, quote and slippage math, a sentence for every custom
 * error, and hooks against wagmi's mock connector. The app is built against frontend/test/manifest.ts (the manifest
 * module's fixture) in place of a deployment. Run from the root `vitest run` (a project of vitest.config.ts).
 */
import { resolve } from "node:path";
import { defineProject } from "vitest/config";
import react from "@vitejs/plugin-react";

export default defineProject({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { alias: { "virtual:tmai-manifest": resolve(import.meta.dirname, "test/manifest.ts") } },
  test: {
    name: "frontend",
    include: ["test/**/*.test.{ts,tsx}"],
    environment: "jsdom",
  },
});
