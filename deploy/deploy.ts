/**
 * Deploys the protocol to a real network, or rehearses that on a local chain (docs/DEPLOY.md).
 *
 *   npm run deploy -- --network base [--verify] [--allow-unconfirmed]
 *   npm run deploy:dry-run -- --network-config base [--network localhost]
 *
 * Real networks: the deployer key and RPC URL come from Hardhat configuration variables (environment or the
 * encrypted keystore); the operator addresses from TMAI_GUARDIAN, TMAI_METHODOLOGIST, TMAI_KEEPER, TMAI_TREASURY.
 * Re-running resumes from deployments/<network>.json and skips what is done.
 */
import { rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ManifestError } from "../manifest/index.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const USAGE = `Usage:
  npm run deploy -- --network <ethereum|base|arbitrum|sepolia> [--verify] [--allow-unconfirmed]
  npm run deploy -- --network <name> --verify-only
  npm run deploy:dry-run -- --network-config <ethereum|base|arbitrum|sepolia> [--network localhost]
Options:
  --network <name>          Hardhat network (hardhat.config.ts); a dry run uses the in-process chain by default
  --network-config <name>   deploy/config/networks/<name>.ts (defaults to --network)
  --dry-run                 plant stand-ins for feeds, tokens and Uniswap, deploy twice, check idempotency
  --verify                  verify every manifest contract on the explorer after deploying
  --verify-only             only verify what deployments/<network>.json records
  --allow-unconfirmed       deploy although some config addresses are marked unconfirmed
  --deployments-dir <dir>   where manifests go (default: deployments)`;

class UsageError extends Error {}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      network: { type: "string" },
      "network-config": { type: "string" },
      "dry-run": { type: "boolean", default: false },
      verify: { type: "boolean", default: false },
      "verify-only": { type: "boolean", default: false },
      "allow-unconfirmed": { type: "boolean", default: false },
      "deployments-dir": { type: "string", default: "deployments" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return;
  }
  const dryRun = values["dry-run"];
  const configName = values["network-config"] ?? (dryRun ? undefined : values.network);
  if (configName === undefined) throw new UsageError(`Name the network config.\n${USAGE}`);
  const hardhatNetwork = values.network ?? (dryRun ? "default" : configName);
  if (dryRun && (values.verify || values["verify-only"])) throw new UsageError("A dry run has nothing to verify.");

  // Imported after argument checks: the typed bindings need `npx hardhat build` (the npm scripts run it).
  const { networkConfigByName } = await import("./config/networks/index.js");
  const { DeployConfigError, resolveOperators } = await import("./lib/networkConfig.js");
  const { runNetworkFlow } = await import("./lib/networkFlow.js");
  const { dryRunNetwork } = await import("./lib/dryRun.js");
  const { dryRunOperators } = await import("./lib/standIns.js");
  const { readNetworkManifest } = await import("./lib/networkManifest.js");
  const { cloneImplementation, planVerification, runVerification } = await import("./lib/verify.js");
  const { createHardhatRuntimeEnvironment, importUserConfig, resolveHardhatConfigPath } = await import("hardhat/hre");

  let config;
  try {
    config = networkConfigByName(configName);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const configPath = await resolveHardhatConfigPath();
  const hre = await createHardhatRuntimeEnvironment(
    await importUserConfig(configPath),
    { network: hardhatNetwork, config: configPath },
    ROOT,
  );
  const connection = await hre.network.connect();
  const { ethers } = connection;
  const [signer] = await ethers.getSigners();
  if (signer === undefined)
    throw new UsageError(`Network "${hardhatNetwork}" has no account: set DEPLOYER_PRIVATE_KEY.`);
  const deploymentsDir = resolve(ROOT, values["deployments-dir"]);
  const rpcUrl = "url" in connection.networkConfig ? String(await connection.networkConfig.url.get()) : "in-process";

  try {
    if (dryRun) {
      const inProcess = connection.networkConfig.type === "edr-simulated";
      const manifestPath = join(
        deploymentsDir,
        "dry-run",
        `${config.name}.${inProcess ? "in-process" : hardhatNetwork}.json`,
      );
      // An in-process chain starts empty every time: a manifest of a previous one means nothing.
      if (inProcess) await rm(manifestPath, { force: true });
      const operators = resolveOperators(process.env, signer.address, dryRunOperators());
      await dryRunNetwork(ethers.provider, signer, { config, operators, manifestPath, rpcUrl });
      return;
    }
    const manifestPath = join(deploymentsDir, `${hardhatNetwork}.json`);
    if (!values["verify-only"]) {
      const operators = resolveOperators(process.env, signer.address);
      await runNetworkFlow(signer, {
        config,
        operators,
        manifestPath,
        network: hardhatNetwork,
        rpcUrl,
        allowUnconfirmed: values["allow-unconfirmed"],
      });
    }
    if (values.verify || values["verify-only"]) {
      const manifest = await readNetworkManifest(manifestPath);
      if (manifest === undefined) throw new UsageError(`${manifestPath} does not exist: deploy first.`);
      const { verifyContract } = await import("@nomicfoundation/hardhat-verify/verify");
      const failed = await runVerification(
        planVerification(manifest),
        async (job) => {
          // An index is a clone: the explorer verifies the implementation it delegates to.
          const address = job.clone
            ? (cloneImplementation(await ethers.provider.getCode(job.address)) ?? job.address)
            : job.address;
          return verifyContract({ address, contract: job.contract, constructorArgs: job.constructorArgs }, hre);
        },
        (line) => process.stdout.write(line + "\n"),
      );
      if (failed.length > 0)
        throw new UsageError(`Verification failed for: ${failed.join(", ")} (re-run with --verify-only).`);
    }
  } catch (err) {
    // A broken or old manifest: one message naming the field, no stack.
    if (err instanceof DeployConfigError || err instanceof ManifestError) throw new UsageError(err.message);
    throw err;
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  // Hardhat's own errors (e.g. HHE7, a configuration variable not set) are written for users: no stack.
  if (err instanceof UsageError || (err instanceof Error && err.name === "HardhatError")) {
    process.stderr.write(`${err.message}\n`);
  } else
    process.stderr.write(`Deployment failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
