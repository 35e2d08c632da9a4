/**
 * `npm run gov` as a user runs it: the real CLI (deploy/governance/cli.ts) in a child process, `--network localhost`
 * pointed (TMAI_RPC_URL) at an in-process chain served over HTTP, with a local-stack manifest (vault `DemoIndex`).
 * Asserts what the user sees: exit code, stdout, and one readable line on stderr for every failure.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { id, parseUnits } from "ethers";
import { network } from "hardhat";
import { deployLocalGovernance } from "../fixtures/governance.js";
import { buildManifest, writeManifest } from "../fixtures/manifest.js";
import { deployLocalProtocol } from "../fixtures/protocol.js";
import { IndexVault__factory, TMAIGovernor__factory } from "../../types/ethers-contracts/index.js";
import { FaultyRpcProxy } from "./utils/faultyRpc.js";

const ROOT = resolve(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run gov -- <args>` (without npm) against `rpcUrl`; never throws on a non-zero exit. */
function gov(rpcUrl: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((ok) => {
    execFile(
      process.execPath,
      [TSX, "deploy/governance/cli.ts", ...args],
      { cwd: ROOT, env: { ...process.env, TMAI_RPC_URL: rpcUrl, ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
        ok({ code, stdout, stderr });
      },
    );
  });
}

/** A failure as the user must see it: exit code 1 and exactly one line on stderr. */
function oneLineFailure(r: Run): string {
  expect(r.code, `exit code; stderr:\n${r.stderr}`).to.equal(1);
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
  expect(lines, `stderr:\n${r.stderr}`).to.have.length(1);
  expect(lines[0]).to.not.match(/^\s+at /);
  return lines[0]!;
}

/** A port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

describe("governance CLI as a command (npm run gov) on the local stack", function () {
  let world: Awaited<ReturnType<typeof deployWorld>>;
  let proxy: FaultyRpcProxy;

  async function deployWorld() {
    const connection = await network.create();
    const { ethers, networkHelpers } = connection;
    const [deployer] = await ethers.getSigners();
    const d = await deployLocalProtocol(deployer!);
    const g = await deployLocalGovernance(deployer!, d);
    const manifest = join(await mkdtemp(join(tmpdir(), "tmai-gov-cli-")), "localhost.json");
    await writeManifest(
      manifest,
      buildManifest(d, { network: "localhost", chainId: 31337, rpcUrl: "proxy", startBlock: 0 }, { governance: g }),
    );
    await networkHelpers.mine(2); // the deployer's demo lock counts from the second after it
    const governor = TMAIGovernor__factory.connect(g.governor, ethers.provider);
    const vault = IndexVault__factory.connect(d.demoIndex, ethers.provider);
    return { connection, ethers, networkHelpers, deployer: deployer!, d, g, manifest, governor, vault };
  }

  before(async function () {
    world = await deployWorld();
    proxy = await FaultyRpcProxy.start(world.connection.provider);
  });
  after(async function () {
    await proxy?.close();
  });

  const run = (args: string[]): Promise<Run> => gov(proxy.url, [...args, "--manifest", world.manifest]);
  const sentTransactions = (): number =>
    proxy.calls.filter((c) => c.method === "eth_sendTransaction" || c.method === "eth_sendRawTransaction").length;

  it("--vault Index names the manifest's only index vault (DemoIndex on the local stack)", async function () {
    const description = "Management fee to 3 % (through the Index alias)";
    const r = await run(
      ["propose-fee", "--vault", "Index", "--fee", "management", "--value", "0.03"].concat([
        "--description",
        description,
      ]),
    );
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^Proposed \(tx 0x[0-9a-f]{64}\)/);
    const calldata = world.vault.interface.encodeFunctionData("setManagementFee", [parseUnits("0.03", 18)]);
    const proposalId = await world.governor.hashProposal([world.d.demoIndex], [0n], [calldata], id(description));
    expect(await world.governor.proposalProposer(proposalId)).to.equal(world.deployer.address);
    expect(r.stdout).to.include(`Proposal ${proposalId}`);
  });

  it("propose-fee above the vault's cap is refused before any transaction, in one line", async function () {
    const before = sentTransactions();
    const r = await run(
      ["propose-fee", "--vault", "DemoIndex", "--fee", "redeem", "--value", "0.5"].concat([
        "--description",
        "Redeem fee to 50 %",
      ]),
    );
    expect(oneLineFailure(r)).to.equal("redeem fee 50 % is above the vault's cap of 5 % (MAX_MINT_REDEEM_FEE)");
    expect(sentTransactions()).to.equal(before);
  });

  it("an unknown vault name gets one line listing the vaults of the manifest", async function () {
    const r = await run(
      ["propose-fee", "--vault", "GDEMO", "--fee", "mint", "--value", "0.002"].concat(["--description", "x"]),
    );
    expect(oneLineFailure(r)).to.equal(
      `unknown vault "GDEMO": ${world.manifest} lists the index vault DemoIndex (also "Index"); or pass a vault address`,
    );
    // A contract of the manifest that is not an index vault is not taken for one.
    const oracle = await run(
      ["propose-fee", "--vault", "PriceOracle", "--fee", "mint", "--value", "0.002"].concat(["--description", "x"]),
    );
    expect(oneLineFailure(oracle)).to.equal(
      `PriceOracle is not an index vault: ${world.manifest} lists the index vault DemoIndex (also "Index")`,
    );
  });

  it("an execute that reverts prints one line naming the contract's error", async function () {
    // A proposal the CLI would refuse today, made directly on the governor: redeem fee 50 %.
    const { governor, vault, deployer, networkHelpers } = world;
    const calldata = vault.interface.encodeFunctionData("setRedeemFee", [parseUnits("0.5", 18)]);
    const description = "Redeem fee to 50 % (made without the CLI)";
    const g = governor.connect(deployer);
    await (await g.propose([world.d.demoIndex], [0n], [calldata], description)).wait();
    const proposalId = await g.hashProposal([world.d.demoIndex], [0n], [calldata], id(description));
    await networkHelpers.time.increaseTo((await g.proposalSnapshot(proposalId)) + 1n);
    await (await g.castVote(proposalId, 1)).wait();
    await networkHelpers.time.increaseTo((await g.proposalDeadline(proposalId)) + 1n);
    await (await g.queue([world.d.demoIndex], [0n], [calldata], id(description))).wait();
    await networkHelpers.time.increaseTo(await g.proposalEta(proposalId));

    const r = await run(["execute", String(proposalId)]);
    expect(oneLineFailure(r)).to.equal(
      `execute would revert: FeeTooHigh(fee: ${parseUnits("0.5", 18)}, max: ${parseUnits("0.05", 18)}): ` +
        "50 % is above the cap of 5 %",
    );
  });

  it("an unreachable RPC is one line, exit 1", async function () {
    const r = await gov(`http://127.0.0.1:${await closedPort()}`, ["status", "1", "--manifest", world.manifest]);
    expect(oneLineFailure(r)).to.match(/^cannot reach network localhost at http:\/\/127\.0\.0\.1:\d+: /);
  });
});
