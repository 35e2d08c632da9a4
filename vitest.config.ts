import { defineConfig } from "vitest/config";

/** Unit tests of the TypeScript code (keeper, local/, the deployments manifest); contracts are tested by `hardhat test`. */
export default defineConfig({
  test: {
    include: [
      "keeper/test/**/*.test.ts",
      "local/test/**/*.test.ts",
      "manifest/test/**/*.test.ts",
      "subgraph/test/**/*.test.ts",
    ],
    environment: "node",
  },
});
