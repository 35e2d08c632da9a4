import { defineConfig } from "vitest/config";

/** Unit tests of the TypeScript services (keeper, the deployments manifest); contracts are tested by `hardhat test`. */
export default defineConfig({
  test: {
    include: ["keeper/test/**/*.test.ts", "manifest/test/**/*.test.ts"],
    environment: "node",
  },
});
