import { defineConfig } from "vitest/config";

/**
 * Unit tests of the TypeScript code (keeper, local/, the deployments manifest, subgraph/), the dApp's unit and
 * component tests (frontend/vitest.config.ts) and its end-to-end tests in headless Chromium against a local stack
 * (frontend/e2e); contracts are tested by `hardhat test`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: [
            "keeper/test/**/*.test.ts",
            "local/test/**/*.test.ts",
            "manifest/test/**/*.test.ts",
            "subgraph/**/test/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      "frontend/vitest.config.ts",
      {
        test: {
          name: "e2e",
          include: ["frontend/e2e/**/*.e2e.test.ts"],
          environment: "node",
          // After the unit tests (group 0): its npm start rebuilds the subgraph and needs the CPU.
          sequence: { groupOrder: 1 },
          // One browser test file at a time: each starts its own stack (on its own ports) and needs both cores.
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 420_000,
        },
      },
    ],
  },
});
