import { expect } from "chai";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatUnits, Interface, parseEther, parseUnits } from "ethers";
import { network } from "hardhat";
import { GOVERNANCE } from "../../deploy/config/localhost.js";
import {
  checkAction,
  checkFeeChange,
  execute,
  feeChange,
  feeChangeAction,
  formatStatus,
  GovernanceError,
  loadGovernance,
  propose,
  proposalStatus,
  queue,
  parseFee,
  resolveTarget,
  resolveVault,
  vote,
  type GovernanceAddresses,
} from "../../deploy/governance/lib.js";
import { describeRevert } from "../../deploy/governance/errors.js";
import { deployLocalGovernance } from "../fixtures/governance.js";
import { buildManifest, writeManifest } from "../fixtures/manifest.js";
import { deployLocalProtocol } from "../fixtures/protocol.js";
import { IndexVault__factory, TMAI__factory, VeTMAI__factory } from "../../types/ethers-contracts/index.js";

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(GovernanceError);
    return (err as Error).message;
  }
  throw new Error("expected a GovernanceError");
}

describe("governance CLI library (npm run gov) on the local stack", function () {
  it("locks and delegates, proposes a fee change, votes, queues, executes; errors say what to do", async function () {
    const { ethers, networkHelpers } = await network.create();
    const [deployer, holder, delegatee, nobody] = await ethers.getSigners();
    const d = await deployLocalProtocol(deployer!, { fundAccounts: [holder!.address] });
    const g = await deployLocalGovernance(deployer!, d);
    const manifestPath = join(await mkdtemp(join(tmpdir(), "tmai-gov-")), "localhost.json");
    await writeManifest(
      manifestPath,
      buildManifest(d, { network: "hardhat", chainId: 31337, rpcUrl: "in-process", startBlock: 0 }, { governance: g }),
    );
    const gov = await loadGovernance(manifestPath);
    expect(gov.governor).to.equal(g.governor);

    // A holder locks TMAI for a year and delegates its votes to another account, which proposes.
    const WEEK = 7 * 86_400;
    const veTmai = VeTMAI__factory.connect(d.ve, holder);
    await (await TMAI__factory.connect(d.tmai, holder).approve(d.ve, 2n ** 256n - 1n)).wait();
    await (await veTmai.createLock(parseUnits("50000", 18), (await networkHelpers.time.latest()) + 52 * WEEK)).wait();
    await (await veTmai.delegate(delegatee!.address)).wait();
    await networkHelpers.mine(2);

    const vault = IndexVault__factory.connect(d.demoIndex, deployer);
    const action = feeChangeAction(resolveTarget(gov, "DemoIndex"), "management", "0.03");
    // Error path: an account without veTMAI cannot propose, and is told the numbers.
    expect(await errorOf(propose(gov, nobody!, [action], "Raise the fee"))).to.equal(
      "not enough voting power: you have 0.0 veTMAI, threshold is 1000.0 veTMAI. " +
        "Lock TMAI (or get votes delegated) and try again; power counts from the second after the lock.",
    );

    const proposed = await propose(gov, delegatee!, [action], "Raise the GDEMO management fee to 3 %");
    let status = await proposalStatus(gov, ethers.provider, proposed.proposalId);
    expect(status.state).to.equal("Pending");
    expect(status.proposer).to.equal(delegatee!.address);
    expect(await errorOf(vote(gov, delegatee!, proposed.proposalId, "for"))).to.match(
      /^Proposal is Pending: voting starts at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; vote after that$/,
    );

    await networkHelpers.time.increaseTo(proposed.snapshot + 1n);
    const voted = await vote(gov, delegatee!, proposed.proposalId, "for", "fees fund the stakers");
    expect(voted.weight > 0n).to.equal(true);
    await vote(gov, deployer!, proposed.proposalId, "abstain");
    expect(await errorOf(queue(gov, delegatee!, proposed.proposalId))).to.match(
      /^Proposal is Active: voting ends at .*Z; queue after that$/,
    );
    status = await proposalStatus(gov, ethers.provider, proposed.proposalId);
    expect(status.state).to.equal("Active");
    expect(status.votes.for).to.equal(voted.weight);
    expect(status.votes.abstain > 0n).to.equal(true);
    expect(status.quorumReached).to.equal(status.votes.for + status.votes.abstain);
    expect(formatStatus(status).join("\n")).to.match(
      /state: +Active[\s\S]*quorum: .* veTMAI of .* veTMAI needed \(reached\)/,
    );

    await networkHelpers.time.increaseTo(status.deadline + 1n);
    const queued = await queue(gov, nobody!, proposed.proposalId);
    expect((await proposalStatus(gov, ethers.provider, proposed.proposalId)).state).to.equal("Queued");
    expect(await errorOf(execute(gov, nobody!, proposed.proposalId))).to.match(
      /^Proposal is Queued: the timelock delay ends at .*Z \(in \d+ s\); execute after that$/,
    );
    expect(
      queued.eta - BigInt(await networkHelpers.time.latest()) <= BigInt(GOVERNANCE.timelockMinDelaySeconds),
    ).to.equal(true);
    await networkHelpers.time.increaseTo(queued.eta);
    await execute(gov, nobody!, proposed.proposalId);
    expect((await proposalStatus(gov, ethers.provider, proposed.proposalId)).state).to.equal("Executed");
    expect(await vault.managementFee()).to.equal(parseUnits("0.03", 18));
  });
});

describe("governance CLI library: parameters checked before a proposal", function () {
  let world: Awaited<ReturnType<typeof localWorld>>;

  async function localWorld() {
    const { ethers, networkHelpers } = await network.create();
    const [deployer] = await ethers.getSigners();
    const d = await deployLocalProtocol(deployer!);
    const g = await deployLocalGovernance(deployer!, d);
    const manifestPath = join(await mkdtemp(join(tmpdir(), "tmai-gov-")), "localhost.json");
    await writeManifest(
      manifestPath,
      buildManifest(d, { network: "hardhat", chainId: 31337, rpcUrl: "in-process", startBlock: 0 }, { governance: g }),
    );
    const gov = await loadGovernance(manifestPath);
    const vault = IndexVault__factory.connect(d.demoIndex, ethers.provider);
    return { ethers, networkHelpers, deployer: deployer!, d, g, gov, vault, manifestPath };
  }

  before(async function () {
    world = await localWorld();
  });

  it("reads the vault's caps and minimum: a bad fee gets one line naming the bound, and nothing is sent", async function () {
    const { gov, vault, d, ethers, deployer } = world;
    const nonce = await ethers.provider.getTransactionCount(deployer.address);
    const refused = (kind: "management" | "mint" | "redeem", fee: string) =>
      errorOf(feeChange(gov, ethers.provider, d.demoIndex, kind, fee));

    expect(await refused("redeem", "0.5")).to.equal(
      "redeem fee 50 % is above the vault's cap of 5 % (MAX_MINT_REDEEM_FEE)",
    );
    expect(await refused("mint", "0.06")).to.equal(
      "mint fee 6 % is above the vault's cap of 5 % (MAX_MINT_REDEEM_FEE)",
    );
    expect(await refused("management", "0.12")).to.equal(
      "management fee 12 % is above the vault's cap of 10 % a year (MAX_MANAGEMENT_FEE)",
    );
    expect(await refused("redeem", "5")).to.equal(
      "redeem fee 500 % is above the vault's cap of 5 % (MAX_MINT_REDEEM_FEE); the value is a fraction: 0.05 for 5 %",
    );
    // The caps are the contract's, not copies.
    expect(await vault.MAX_MINT_REDEEM_FEE()).to.equal(parseUnits("0.05", 18));
    expect(await vault.MAX_MANAGEMENT_FEE()).to.equal(parseUnits("0.1", 18));

    // Mint fee below one day of the 2 % management fee: the minimum is shown rounded up, and that value passes.
    const minMint = await vault.minMintFee();
    const message = await refused("mint", "0.00001");
    const m =
      /^mint fee 0\.001 % is below the vault's minimum of ([\d.]+) %, one day of its 2 % management fee \(minMintFee\(\)\); use --value ([\d.]+) or more$/.exec(
        message,
      );
    expect(m, message).to.not.equal(null);
    const suggested = parseUnits(m![2]!, 18);
    expect(parseUnits(m![1]!, 16)).to.equal(suggested);
    expect(suggested >= minMint && suggested - minMint < minMint / 1000n).to.equal(true);
    await checkFeeChange(gov, ethers.provider, d.demoIndex, "mint", suggested);
    expect(await errorOf(checkFeeChange(gov, ethers.provider, d.demoIndex, "mint", minMint - 1n))).to.match(
      /is below the vault's minimum/,
    );

    // Not numbers, negative, too precise: refused before the chain is asked.
    expect(await refused("mint", "abc")).to.equal('fee "abc" is not a decimal fraction (e.g. 0.03 for 3 %)');
    expect(await refused("mint", "3%")).to.equal('fee "3%" is not a decimal fraction (e.g. 0.03 for 3 %)');
    expect(await refused("redeem", "-0.01")).to.equal("fee -0.01 is negative: a fee is a fraction from 0 (0.03 = 3 %)");
    expect(() => parseFee("0.0000000000000000001")).to.throw(GovernanceError, "more than 18 decimals");
    expect(await errorOf(feeChange(gov, ethers.provider, d.demoIndex, "entry" as "mint", "0.01"))).to.equal(
      'fee kind must be management, mint or redeem, not "entry"',
    );

    // Valid changes pass.
    for (const [kind, fee] of [
      ["management", "0.03"],
      ["mint", "0.002"],
      ["redeem", "0.05"],
    ] as const) {
      const action = await feeChange(gov, ethers.provider, d.demoIndex, kind, fee);
      expect(action.args[0]).to.equal(parseUnits(fee, 18));
    }
    expect(await ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce);
  });

  it("a management fee whose day of streaming fee is above the mint fee is refused with the mint fee it needs", async function () {
    const { gov, vault, d, g, ethers, networkHelpers } = world;
    // The timelock (the vault's admin) lowers the mint fee to 0.01 %, allowed at 2 % a year...
    await networkHelpers.impersonateAccount(g.timelock);
    await networkHelpers.setBalance(g.timelock, parseEther("1"));
    const timelock = await ethers.getSigner(g.timelock);
    await (await vault.connect(timelock).setMintFee(parseUnits("0.0001", 18))).wait();
    await networkHelpers.stopImpersonatingAccount(g.timelock);
    // ...but not at 10 % a year (one day of it is about 0.0289 %).
    const message = await errorOf(feeChange(gov, ethers.provider, d.demoIndex, "management", "0.1"));
    const m =
      /^management fee 10 % needs a mint fee of at least ([\d.]+) % \(one day of streaming fee\), but the vault's mint fee is 0\.01 %: first propose a mint fee of ([\d.]+) or more$/.exec(
        message,
      );
    expect(m, message).to.not.equal(null);
    expect(formatUnits(parseUnits(m![1]!, 16), 18)).to.equal(m![2]);
    expect(Number(m![1])).to.be.within(0.0288, 0.029);
    // A management fee whose day stays under 0.01 % passes (1 % a year: about 0.0028 % a day).
    await feeChange(gov, ethers.provider, d.demoIndex, "management", "0.01");
  });

  it("resolves vault names from the manifest: any vault name, an address, or Index for the only vault", async function () {
    const { gov, d, manifestPath } = world;
    expect(gov.vaults).to.deep.equal(["DemoIndex"]);
    expect(resolveVault(gov, "DemoIndex")).to.equal(d.demoIndex);
    expect(resolveVault(gov, "Index")).to.equal(d.demoIndex);
    expect(resolveVault(gov, d.demoIndex.toLowerCase())).to.equal(d.demoIndex);
    expect(resolveTarget(gov, "Index")).to.equal(d.demoIndex);
    expect(() => resolveVault(gov, "demoindex")).to.throw(
      GovernanceError,
      `unknown vault "demoindex": ${manifestPath} lists the index vault DemoIndex (also "Index"); or pass a vault address`,
    );
    // One letter of the checksummed address in the other case: a typo EIP-55 catches.
    const letter = d.demoIndex.slice(2).search(/[a-fA-F]/) + 2;
    const flipped = d.demoIndex[letter]!;
    const badChecksum =
      d.demoIndex.slice(0, letter) +
      (flipped === flipped.toLowerCase() ? flipped.toUpperCase() : flipped.toLowerCase()) +
      d.demoIndex.slice(letter + 1);
    expect(() => resolveVault(gov, badChecksum)).to.throw(GovernanceError, "wrong EIP-55 checksum");
    expect(() => resolveTarget(gov, "Oracle")).to.throw(
      GovernanceError,
      `unknown contract "Oracle": ${manifestPath} lists PriceOracle, IndexVaultDeployer, IndexFactory, DemoIndex, TMAI, ` +
        `VeTMAI, RevenueDistributor, IndexLens, Governor, Timelock ("Index" = DemoIndex); or pass an address`,
    );

    // A network manifest's vault is called Index; with several vaults, Index must be a real name.
    const network: GovernanceAddresses = {
      ...gov,
      contracts: { ...gov.contracts, Index: d.demoIndex },
      vaults: ["Index"],
    };
    expect(resolveVault(network, "Index")).to.equal(d.demoIndex);
    expect(() => resolveVault({ ...network, vaults: [] }, "Index")).to.throw(
      GovernanceError,
      "Index is not an index vault",
    );
    const two: GovernanceAddresses = {
      ...gov,
      contracts: { ...gov.contracts, Other: d.oracle },
      vaults: ["DemoIndex", "Other"],
    };
    expect(() => resolveVault(two, "Index")).to.throw(
      GovernanceError,
      `"Index" is ambiguous: ${manifestPath} lists the index vaults DemoIndex, Other; name one`,
    );
  });

  it("checks a generic call: a contract at the target, a function it has, arguments that fit, a vault's fee bounds", async function () {
    const { gov, d, ethers, deployer } = world;
    const check = (target: string, signature: string, args: unknown[]) =>
      errorOf(checkAction(gov, ethers.provider, { target, signature, args }));
    expect(await check(d.oracle, "setSequencerFeed(address,uint64)", [d.oracle, 3600])).to.equal(
      "PriceOracle has no function setSequencerFeed(address,uint64); it has setSequencerFeed(address,uint32)",
    );
    expect(await check(deployer.address, "setMintFee(uint256)", [1])).to.equal(
      `no contract at ${deployer.address} on this network: wrong address or wrong --network?`,
    );
    expect(await check(d.demoIndex, "setRedeemFee(uint256)", [parseUnits("0.5", 18).toString()])).to.equal(
      "redeem fee 50 % is above the vault's cap of 5 % (MAX_MINT_REDEEM_FEE)",
    );
    expect(await check(d.demoIndex, "setMintFee(uint256)", [-1])).to.equal(
      "arguments do not fit setMintFee(uint256): value out-of-bounds (-1)",
    );
    expect(await check(d.demoIndex, "setMintFee(uint256", [1])).to.match(/is not a function signature/);
    // An address that is not a vault, called with a vault's fee setter.
    expect(await check(d.tmai, "setMintFee(uint256)", [1])).to.equal("TMAI has no function setMintFee(uint256)");
    await checkAction(gov, ethers.provider, {
      target: d.oracle,
      signature: "setSequencerFeed(address,uint32)",
      args: [d.oracle, 3600],
    });
  });
});

describe("governance CLI errors: revert data decoded by name", function () {
  it("names custom errors with their arguments, reasons, panics, and says when it does not know one", function () {
    const vault = IndexVault__factory.createInterface();
    expect(
      describeRevert(vault.encodeErrorResult("FeeTooHigh", [parseUnits("0.5", 18), parseUnits("0.05", 18)])),
    ).to.equal("FeeTooHigh(fee: 500000000000000000, max: 50000000000000000): 50 % is above the cap of 5 %");
    const admin = "0x" + "00".repeat(32);
    const account = "0x000000000000000000000000000000000000dEaD";
    expect(describeRevert(vault.encodeErrorResult("AccessControlUnauthorizedAccount", [account, admin]))).to.equal(
      `AccessControlUnauthorizedAccount(account: ${account}, neededRole: ${admin}): ${account} does not hold DEFAULT_ADMIN_ROLE`,
    );
    const builtin = new Interface(["error Error(string)", "error Panic(uint256)"]);
    expect(describeRevert(builtin.encodeErrorResult("Error", ["not allowed"]))).to.equal('reverted: "not allowed"');
    expect(describeRevert(builtin.encodeErrorResult("Panic", [0x11]))).to.equal(
      "panicked: arithmetic overflow or underflow (0x11)",
    );
    expect(describeRevert("0xdeadbeef")).to.equal("reverted with an unknown error 0xdeadbeef");
    expect(describeRevert("0x")).to.equal("reverted without a reason");
  });
});
