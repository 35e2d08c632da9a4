/**
 * `npm run gov -- <command>`: DAO proposals from the command line (docs/GOVERNANCE.md, "Governance CLI").
 * Reads addresses from deployments/<network>.json; localhost by default. All logic is in ./lib.ts.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatUnits } from "ethers";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const USAGE = `Usage: npm run gov -- <command> [options]
  status <proposalId>
  propose-fee --vault <DemoIndex|Index|address> --fee <management|mint|redeem> --value <fraction> --description <text>
  propose --target <name|address> --call "<fn(types)>" --args '<JSON array>' [--value <wei>] --description <text>
  vote <proposalId> <for|against|abstain> [--reason <text>]
  queue <proposalId>
  execute <proposalId>
Options: --network <name> (default localhost), --manifest <path> (default deployments/<network>.json),
         --account <index> (signer of the network, default 0)`;

class UsageError extends Error {}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      network: { type: "string", default: "localhost" },
      manifest: { type: "string" },
      account: { type: "string", default: "0" },
      vault: { type: "string" },
      fee: { type: "string" },
      value: { type: "string" },
      description: { type: "string" },
      target: { type: "string" },
      call: { type: "string" },
      args: { type: "string", default: "[]" },
      reason: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(USAGE + "\n");
    return;
  }
  const lib = await import("./lib.js");
  const { createHardhatRuntimeEnvironment, importUserConfig, resolveHardhatConfigPath } = await import("hardhat/hre");
  const manifestPath = resolve(ROOT, values.manifest ?? join("deployments", `${values.network}.json`));
  const gov = await lib.loadGovernance(manifestPath);
  const configPath = await resolveHardhatConfigPath();
  const hre = await createHardhatRuntimeEnvironment(
    await importUserConfig(configPath),
    { network: values.network, config: configPath },
    ROOT,
  );
  const connection = await hre.network.connect();
  try {
    const signers = await connection.ethers.getSigners();
    const signer = signers[Number(values.account)];
    if (signer === undefined) throw new UsageError(`Network ${values.network} has no account ${values.account}.`);
    const idArg = (): bigint => {
      const raw = rest[0];
      if (raw === undefined || !/^\d+$/.test(raw)) throw new UsageError(`${command} needs a proposal id.\n${USAGE}`);
      return BigInt(raw);
    };
    const required = (name: string, v: string | undefined): string => {
      if (v === undefined || v === "") throw new UsageError(`${command} needs --${name}.\n${USAGE}`);
      return v;
    };
    const print = (lines: string[]): void => void process.stdout.write(lines.join("\n") + "\n");
    const showProposed = async (p: { proposalId: bigint; txHash: string }): Promise<void> => {
      print([`Proposed (tx ${p.txHash})`, ...lib.formatStatus(await lib.proposalStatus(gov, signer, p.proposalId))]);
    };
    switch (command) {
      case "status":
        print(lib.formatStatus(await lib.proposalStatus(gov, signer, idArg())));
        break;
      case "propose-fee": {
        const vault = lib.resolveTarget(gov, required("vault", values.vault));
        const kind = required("fee", values.fee) as "management" | "mint" | "redeem";
        const action = lib.feeChangeAction(vault, kind, required("value", values.value));
        await showProposed(await lib.propose(gov, signer, [action], required("description", values.description)));
        break;
      }
      case "propose": {
        let args: unknown;
        try {
          args = JSON.parse(values.args);
        } catch {
          throw new UsageError(`--args must be a JSON array, e.g. '["30000000000000000"]'`);
        }
        if (!Array.isArray(args)) throw new UsageError(`--args must be a JSON array`);
        const action = {
          target: lib.resolveTarget(gov, required("target", values.target)),
          signature: required("call", values.call),
          args,
          value: values.value === undefined ? 0n : BigInt(values.value),
        };
        await showProposed(await lib.propose(gov, signer, [action], required("description", values.description)));
        break;
      }
      case "vote": {
        const support = rest[1] as "for" | "against" | "abstain";
        const r = await lib.vote(gov, signer, idArg(), support, values.reason);
        print([`Voted ${support} with ${formatUnits(r.weight, 18)} veTMAI (tx ${r.txHash})`]);
        print(lib.formatStatus(await lib.proposalStatus(gov, signer, idArg())));
        break;
      }
      case "queue": {
        const r = await lib.queue(gov, signer, idArg());
        print([`Queued (tx ${r.txHash}); executable from ${new Date(Number(r.eta) * 1000).toISOString()}`]);
        break;
      }
      case "execute": {
        const r = await lib.execute(gov, signer, idArg());
        print([`Executed (tx ${r.txHash})`]);
        break;
      }
      default:
        throw new UsageError(`Unknown command "${command}".\n${USAGE}`);
    }
  } finally {
    await connection.close();
  }
}

main().catch(async (err: unknown) => {
  const { GovernanceError } = await import("./lib.js");
  if (err instanceof UsageError || err instanceof GovernanceError || (err as Error)?.name === "HardhatError") {
    process.stderr.write(`${(err as Error).message}\n`);
  } else process.stderr.write(`gov failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
