import { parseUnits, ZeroAddress, type Signer } from "ethers";
import { network } from "hardhat";
import { TMAIGovernor__factory, TMAITimelock__factory } from "../../types/ethers-contracts/index.js";
import { buildStakingWorld } from "./staking.js";
import { gasOf } from "./world.js";

type Record = (operation: string, parameter: string | number, value: bigint) => void;

const DAY = 86_400;
const WEEK = 7 * DAY;
/** The documented real-network defaults (docs/GOVERNANCE.md): the durations do not change the gas. */
const SETTINGS = { votingDelay: DAY, votingPeriod: 7 * DAY, timelockDelay: 2 * DAY, quorumNumerator: 4 };

/**
 * A proposal's whole life on the DAO (TMAIGovernor on veTMAI, TimelockController owning veTMAI's settings):
 * propose a settings change, votes by four kinds of calls, queue and execute. Voters hold 52-week locks made
 * before the proposal; a keeper checkpoints veTMAI weekly, as on the live protocol.
 */
export async function benchGovernor(record: Record): Promise<void> {
  const connection = await network.create();
  const { ethers, networkHelpers } = connection;
  const { tmai, ve } = await buildStakingWorld(connection);
  const signers = await ethers.getSigners();
  const at = (i: number): Signer => signers[i]!;
  const [admin, proposer, first, second, third, relayer] = [at(0), at(1), at(2), at(3), at(4), at(5)];
  const bySigVoter = ethers.Wallet.createRandom().connect(ethers.provider);
  const adminAddress = await admin.getAddress();

  const veAddress = await ve.getAddress();
  const timelock = await new TMAITimelock__factory(admin).deploy(
    SETTINGS.timelockDelay,
    [],
    [ZeroAddress],
    adminAddress,
  );
  const timelockAddress = await timelock.getAddress();
  const now = await networkHelpers.time.latest();
  const governor = await new TMAIGovernor__factory(admin).deploy(veAddress, timelockAddress, {
    votingDelay: SETTINGS.votingDelay,
    votingPeriod: SETTINGS.votingPeriod,
    proposalThreshold: parseUnits("1000", 18),
    quorumNumerator: SETTINGS.quorumNumerator,
    lateQuorumExtension: DAY,
    guardian: adminAddress,
    bootstrapEnd: now + 30 * DAY,
  });
  const governorAddress = await governor.getAddress();
  await (await timelock.grantRole(await timelock.PROPOSER_ROLE(), governorAddress)).wait();
  await (await timelock.grantRole(await timelock.CANCELLER_ROLE(), governorAddress)).wait();
  await (await ve.grantRole(await ve.DEFAULT_ADMIN_ROLE(), timelockAddress)).wait();

  await (await admin.sendTransaction({ to: bySigVoter.address, value: parseUnits("1", 18) })).wait();
  // Signers already hold TMAI and approved veTMAI; the signature voter is a fresh wallet.
  await (await tmai.transfer(bySigVoter.address, parseUnits("100000", 18))).wait();
  await (await tmai.connect(bySigVoter).approve(veAddress, 2n ** 256n - 1n)).wait();
  const lockers: Signer[] = [proposer, first, second, third, bySigVoter];
  for (const [i, s] of lockers.entries()) {
    const amount = parseUnits(String(10_000 * (i + 1)), 18);
    await (await ve.connect(s).createLock(amount, (await networkHelpers.time.latest()) + 52 * WEEK)).wait();
  }
  await networkHelpers.time.increase(DAY);

  const call = ve.interface.encodeFunctionData("setMinLockAmount", [parseUnits("2", 18)]);
  const description = "Raise the minimum lock to 2 TMAI";
  const proposalArgs: [string[], bigint[], string[], string] = [[veAddress], [0n], [call], description];
  const proposalId = await governor.connect(proposer).propose.staticCall(...proposalArgs);
  record("governor.propose", "1 action", await gasOf(governor.connect(proposer).propose(...proposalArgs)));

  await networkHelpers.time.increase(SETTINGS.votingDelay + 1);
  await (await ve.checkpoint()).wait();
  record("governor.castVote", "first vote of a proposal", await gasOf(governor.connect(first).castVote(proposalId, 1)));
  record("governor.castVote", "later vote", await gasOf(governor.connect(second).castVote(proposalId, 1)));
  record(
    "governor.castVoteWithReason",
    "32-byte reason",
    await gasOf(governor.connect(third).castVoteWithReason(proposalId, 2, "Keeps dust locks out, 2 is fine")),
  );
  const nonce = await governor.nonces(bySigVoter.address);
  const signature = await bySigVoter.signTypedData(
    {
      name: "TMAI DAO",
      version: "1",
      chainId: (await ethers.provider.getNetwork()).chainId,
      verifyingContract: governorAddress,
    },
    {
      Ballot: [
        { name: "proposalId", type: "uint256" },
        { name: "support", type: "uint8" },
        { name: "voter", type: "address" },
        { name: "nonce", type: "uint256" },
      ],
    },
    { proposalId, support: 1, voter: bySigVoter.address, nonce },
  );
  record(
    "governor.castVoteBySig",
    "EOA signature, relayed",
    await gasOf(governor.connect(relayer).castVoteBySig(proposalId, 1, bySigVoter.address, signature)),
  );
  record(
    "governor.castVote",
    "proposer, quorum already reached",
    await gasOf(governor.connect(proposer).castVote(proposalId, 1)),
  );

  await networkHelpers.time.increase(SETTINGS.votingPeriod + 1);
  const descriptionHash = ethers.id(description);
  const lifeArgs: [string[], bigint[], string[], string] = [[veAddress], [0n], [call], descriptionHash];
  record("governor.queue", "1 action", await gasOf(governor.queue(...lifeArgs)));
  await networkHelpers.time.increase(SETTINGS.timelockDelay + 1);
  record("governor.execute", "1 action", await gasOf(governor.connect(relayer).execute(...lifeArgs)));
  if ((await ve.minLockAmount()) !== parseUnits("2", 18)) throw new Error("the proposal did not take effect");
}
