/**
 * `npm run gov -- <command>`: DAO proposals from the command line (docs/GOVERNANCE.md, "Governance CLI").
 * Reads addresses from deployments/<network>.json; localhost by default. All logic is in ./lib.ts.
 * Every failure is one line on stderr and exit code 1; `--verbose` (or DEBUG set) adds the stack trace.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatUnits, type Signer } from "ethers";
import type { FeeKind } from "./lib.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const COMMANDS = {
  status: "status <proposalId>",
  "propose-fee":
    "propose-fee --vault <name|address> --fee <management|mint|redeem> --value <fraction> --description <text>",
  propose: `propose --target <name|address> --call "<fn(types)>" --args '<JSON array>' [--value <wei>] --description <text>`,
  vote: "vote <proposalId> <for|against|abstain> [--reason <text>]",
  queue: "queue <proposalId>",
  execute: "execute <proposalId>",
} as const;
type Command = keyof typeof COMMANDS;

const USAGE = `Usage: npm run gov -- <command> [options]
${Object.values(COMMANDS)
  .map((c) => `  ${c}`)
  .join("\n")}
Names are those of the manifest's contracts (the flagship index is Index), or addresses;
"Index" also names the manifest's only index vault on any network. Fees are fractions (0.03 = 3 %; management is
per year), checked against the bounds the vault reports (fee caps, a mint fee of at least one day of the management
fee) before anything is proposed.
Options: --network <name> (default localhost), --manifest <path> (default deployments/<network>.json),
         --account <index> (signer of the network, default 0), --verbose (stack trace of a failure)`;

/** A mistake on the command line: one line, with the command's usage. */
class UsageError extends Error {}

/** Every JSON number in a parsed value. */
function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(numbersIn);
  return [];
}

function isCommand(command: string): command is Command {
  return Object.hasOwn(COMMANDS, command);
}

/** What the failure handler needs to say which network could not be reached. */
const context: { network: string; rpcUrl?: string; command?: string } = { network: "localhost" };

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
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
        verbose: { type: "boolean", default: false },
      },
    });
  } catch (err) {
    const e = err as { code?: string; message: string };
    const option = /'(--?[^' ]+)/.exec(e.message)?.[1] ?? "";
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw new UsageError(`${option} needs a value; one starting with "-" is written ${option}=-…`);
    }
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      throw new UsageError(`unknown option ${option} (npm run gov -- --help lists the options)`);
    }
    throw new UsageError(`${e.message.split("\n")[0]} (npm run gov -- --help lists the options)`);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(USAGE + "\n");
    return;
  }
  if (!isCommand(command)) {
    throw new UsageError(`unknown command "${command}": use one of ${Object.keys(COMMANDS).join(", ")} (--help)`);
  }
  context.network = values.network;
  context.command = command;
  const usage = `npm run gov -- ${COMMANDS[command]}`;
  const required = (name: string, v: string | undefined): string => {
    if (v === undefined || v === "") throw new UsageError(`${command} needs --${name}: ${usage}`);
    return v;
  };
  const proposalId = (): bigint => {
    const raw = rest[0];
    if (raw === undefined || !/^\d+$/.test(raw)) {
      throw new UsageError(`${command} needs a proposal id (a whole number): ${usage}`);
    }
    return BigInt(raw);
  };
  if (!/^\d+$/.test(values.account)) {
    throw new UsageError(`--account is an account index (0, 1, …), not "${values.account}"`);
  }

  // Everything that needs no chain is checked before connecting.
  const lib = await import("./lib.js");
  const manifestPath = resolve(ROOT, values.manifest ?? join("deployments", `${values.network}.json`));
  const gov = await lib.loadGovernance(manifestPath);
  let job: (signer: Signer) => Promise<void>;
  const print = (lines: string[]): void => void process.stdout.write(lines.join("\n") + "\n");
  const status = async (signer: Signer, id: bigint): Promise<string[]> =>
    lib.formatStatus(await lib.proposalStatus(gov, signer, id));
  switch (command) {
    case "status": {
      const id = proposalId();
      job = async (signer) => print(await status(signer, id));
      break;
    }
    case "propose-fee": {
      const vault = lib.resolveVault(gov, required("vault", values.vault));
      const kind = required("fee", values.fee) as FeeKind;
      const action = lib.feeChangeAction(vault, kind, required("value", values.value));
      const description = required("description", values.description);
      job = async (signer) => {
        await lib.checkFeeChange(gov, signer.provider!, vault, kind, action.args[0] as bigint);
        const p = await lib.propose(gov, signer, [action], description);
        print([`Proposed (tx ${p.txHash})`, ...(await status(signer, p.proposalId))]);
      };
      break;
    }
    case "propose": {
      let args: unknown;
      try {
        args = JSON.parse(values.args);
      } catch {
        throw new UsageError(`--args must be a JSON array, e.g. '["30000000000000000"]', not ${values.args}`);
      }
      if (!Array.isArray(args)) throw new UsageError(`--args must be a JSON array, e.g. '["30000000000000000"]'`);
      const unsafe = numbersIn(args).find((n) => !Number.isSafeInteger(n));
      if (unsafe !== undefined) {
        // A JSON number past 2^53 may have lost digits already: large integers (wei, 18-decimal fees) go as strings.
        throw new UsageError(
          `--args: ${unsafe} is not a whole number JSON holds exactly; write it as a string, e.g. '["500000000000000000"]'`,
        );
      }
      const wei = values.value ?? "0";
      if (!/^\d+$/.test(wei)) throw new UsageError(`--value of propose is wei, a whole number from 0, not "${wei}"`);
      const action = {
        target: lib.resolveTarget(gov, required("target", values.target)),
        signature: required("call", values.call),
        args,
        value: BigInt(wei),
      };
      lib.encodeAction(action);
      const description = required("description", values.description);
      job = async (signer) => {
        await lib.checkAction(gov, signer.provider!, action);
        const p = await lib.propose(gov, signer, [action], description);
        print([`Proposed (tx ${p.txHash})`, ...(await status(signer, p.proposalId))]);
      };
      break;
    }
    case "vote": {
      const id = proposalId();
      const support = rest[1];
      if (support !== "for" && support !== "against" && support !== "abstain") {
        throw new UsageError(`vote needs for, against or abstain after the id, not "${support ?? ""}": ${usage}`);
      }
      job = async (signer) => {
        const r = await lib.vote(gov, signer, id, support, values.reason);
        print([
          `Voted ${support} with ${formatUnits(r.weight, 18)} veTMAI (tx ${r.txHash})`,
          ...(await status(signer, id)),
        ]);
      };
      break;
    }
    case "queue": {
      const id = proposalId();
      job = async (signer) => {
        const r = await lib.queue(gov, signer, id);
        print([`Queued (tx ${r.txHash}); executable from ${lib.date(r.eta)}`]);
      };
      break;
    }
    case "execute": {
      const id = proposalId();
      job = async (signer) => print([`Executed (tx ${(await lib.execute(gov, signer, id)).txHash})`]);
      break;
    }
  }

  const { createHardhatRuntimeEnvironment, importUserConfig, resolveHardhatConfigPath } = await import("hardhat/hre");
  const configPath = await resolveHardhatConfigPath();
  const hre = await createHardhatRuntimeEnvironment(
    await importUserConfig(configPath),
    { network: values.network, config: configPath },
    ROOT,
  );
  const networkConfig = hre.config.networks[values.network];
  if (networkConfig?.type === "http") context.rpcUrl = await networkConfig.url.getUrl().catch(() => undefined);
  const connection = await hre.network.connect();
  try {
    const signers = await connection.ethers.getSigners();
    const signer = signers[Number(values.account)];
    if (signer === undefined) {
      throw new UsageError(`network ${values.network} has no account ${values.account} (it has ${signers.length})`);
    }
    await job(signer);
  } finally {
    await connection.close();
  }
}

/** The one line a failure is reported with. */
async function failureLine(err: unknown): Promise<string> {
  const { connectionFailure, describeRevert, GovernanceError, oneLine, revertData } = await import("./errors.js");
  if (err instanceof UsageError || err instanceof GovernanceError) return oneLine(err);
  const unreachable = connectionFailure(err);
  if (unreachable !== undefined) {
    const url = context.rpcUrl === undefined ? undefined : URL.parse(context.rpcUrl);
    // Only a local node's address is shown: a provider's URL may carry an API key.
    if (url !== null && url !== undefined && ["127.0.0.1", "localhost", "[::1]", "0.0.0.0"].includes(url.hostname)) {
      return `cannot reach network ${context.network} at ${url.origin}: ${unreachable}; is the node running (npm start)?`;
    }
    return `cannot reach network ${context.network} (${unreachable}): check its RPC URL and your connection`;
  }
  const data = revertData(err);
  const what = context.command ?? "gov";
  if (data !== undefined) return `${what} failed: ${describeRevert(data)}`;
  if ((err as { _isHardhatError?: unknown })?._isHardhatError === true) return oneLine(err);
  return `${what} failed: ${oneLine(err)}`;
}

main().catch(async (err: unknown) => {
  let line: string;
  try {
    line = await failureLine(err);
  } catch {
    line = `gov failed: ${String((err as Error)?.message ?? err).split("\n")[0]}`;
  }
  process.stderr.write(`${line}\n`);
  if (process.argv.includes("--verbose") || (process.env.DEBUG ?? "") !== "") {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
