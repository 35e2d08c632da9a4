import { createRequire } from "node:module";
import hardhatKeystore from "@nomicfoundation/hardhat-keystore";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatVerify from "@nomicfoundation/hardhat-verify";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/** EIP-7825: the most gas one transaction may use. Solidity tests enforce it. */
const EIP7825_TX_GAS_CAP = 16_777_216n;

/**
 * `npm run coverage` sets TMAI_COVERAGE=1: its instrumented build goes to artifacts-coverage/ and cache-coverage/, so
 * it never replaces the real artifacts (nor forces a full rebuild before the next normal run), and it lifts the cap.
 */
const coverageBuild = process.env.TMAI_COVERAGE === "1";

/**
 * Invariant campaign depth/runs: `ci` (default) keeps `npm test` short; `deep` is for long campaigns. The coverage
 * run (the same tests again, instrumented, for the line counts) takes a quarter of the ci campaign: `npm test` has
 * already run the full one, and the lines a campaign reaches are reached in its first runs.
 */
const campaign =
  process.env.TMAI_PROFILE === "deep"
    ? { fuzzRuns: 5_000, invariantRuns: 256, invariantDepth: 200 }
    : coverageBuild
      ? { fuzzRuns: 64, invariantRuns: 12, invariantDepth: 40 }
      : { fuzzRuns: 256, invariantRuns: 48, invariantDepth: 40 };

export default defineConfig({
  // The toolbox already includes hardhat-verify and hardhat-keystore; they are named here because the deployment
  // relies on them (docs/DEPLOY.md).
  plugins: [hardhatToolboxMochaEthers, hardhatVerify, hardhatKeystore],
  solidity: {
    version: "0.8.30",
    // Hardhat cannot download solc here: use the official WASM build shipped by the npm `solc` package.
    path: require.resolve("solc/soljson.js"),
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "prague",
    },
    npmFilesToBuild: ["@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol"],
  },
  paths: {
    // bench/contracts holds the benchmark's baseline contract (compiled, never deployed for real).
    sources: { solidity: ["contracts", "bench/contracts"] },
    tests: { solidity: "test/solidity", mocha: "test/integration" },
    ...(coverageBuild ? { artifacts: "artifacts-coverage", cache: "cache-coverage" } : {}),
  },
  test: {
    mocha: { timeout: 300_000 },
    solidity: {
      // Coverage instrumentation bloats bytecode past the cap, so `npm run coverage` lifts it (TMAI_COVERAGE=1, or
      // TMAI_NO_GAS_CAP=1 for other coverage runs); the cap is enforced in every other run.
      transactionGasCap: coverageBuild || process.env.TMAI_NO_GAS_CAP === "1" ? false : EIP7825_TX_GAS_CAP,
      fuzz: { runs: campaign.fuzzRuns },
      invariant: {
        runs: campaign.invariantRuns,
        depth: campaign.invariantDepth,
        failOnRevert: false,
      },
    },
  },
  networks: {
    // The chain `hardhat node` serves. `npm start` (deploy/start.ts) dates its genesis block back through
    // TMAI_NODE_INITIAL_DATE so that the deployment (a few hundred automined blocks, each a second after the last)
    // ends behind the clock; it then moves chain time to the clock and mines one block a second, automine off.
    // Timestamps stay strictly increasing (Hardhat's default). With `allowBlocksWithSameTimestamp` instead, a gas
    // estimate made in one second for a block mined in the next misses once-a-second work (the vault's fee accrual,
    // Uniswap's oracle write): about one in five back-to-back transactions on one contract ran out of gas.
    node: {
      type: "edr-simulated",
      ...(process.env.TMAI_NODE_INITIAL_DATE ? { initialDate: process.env.TMAI_NODE_INITIAL_DATE } : {}),
    },
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.TMAI_RPC_URL ?? "http://127.0.0.1:8545",
    },
    // Real networks (docs/DEPLOY.md): RPC URLs and the deployer key come from the environment or Hardhat's
    // encrypted keystore (`npx hardhat keystore set DEPLOYER_PRIVATE_KEY`), never from a file in the repo.
    // Configuration variables are resolved only when a network is used.
    ethereum: {
      type: "http",
      chainType: "l1",
      chainId: 1,
      url: configVariable("ETHEREUM_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    base: {
      type: "http",
      chainType: "op",
      chainId: 8453,
      url: configVariable("BASE_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    arbitrum: {
      type: "http",
      chainType: "generic",
      chainId: 42161,
      url: configVariable("ARBITRUM_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      chainId: 11155111,
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
  // Source verification (`npm run deploy -- --network <name> --verify`): Etherscan's v2 API takes one key for
  // every chain it serves (etherscan.io, basescan.org, arbiscan.io); Sourcify needs none.
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
  },
  typechain: {
    outDir: "types/ethers-contracts",
  },
});
