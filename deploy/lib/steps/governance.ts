import { ZeroAddress } from "ethers";
import {
  TMAIGovernor__factory,
  TMAITimelock__factory,
  type TMAITimelock,
} from "../../../types/ethers-contracts/index.js";
import { secondsDiff, wad, wadDiff, type FlowContext } from "./context.js";
import type { StakingStep } from "./staking.js";

export interface GovernanceStep {
  timelockAddress: string;
  timelock: TMAITimelock;
}

/** TMAITimelock and TMAIGovernor (the timelock's proposer and canceller); the DAO settings are compared. */
export async function governanceStep(ctx: FlowContext, deps: StakingStep): Promise<GovernanceStep> {
  const { signer, provider, deployer, config: c, operators: ops, ensure, report, grant } = ctx;
  const { veAddress } = deps;
  const g = c.governance;
  const timelockArgs = [g.timelockMinDelaySeconds, [], [ZeroAddress], deployer] as const;
  const timelockAddress = await ensure("Timelock", timelockArgs, () =>
    new TMAITimelock__factory(signer).deploy(g.timelockMinDelaySeconds, [], [ZeroAddress], deployer),
  );
  const timelock = TMAITimelock__factory.connect(timelockAddress, signer);
  const now = (await provider.getBlock("latest"))!.timestamp;
  const governorSettings = {
    votingDelay: g.votingDelaySeconds,
    votingPeriod: g.votingPeriodSeconds,
    proposalThreshold: wad(g.proposalThresholdVeTmai),
    quorumNumerator: g.quorumPercent,
    lateQuorumExtension: g.lateQuorumExtensionSeconds,
    guardian: ops.guardian,
    bootstrapEnd: now + g.guardianBootstrapDays * 86_400,
  };
  const governorAddress = await ensure("Governor", [veAddress, timelockAddress, governorSettings], () =>
    new TMAIGovernor__factory(signer).deploy(veAddress, timelockAddress, governorSettings),
  );
  // Set at construction; governance changes them (the flow only reports a change).
  const governor = TMAIGovernor__factory.connect(governorAddress, signer);
  report([
    ...secondsDiff("Timelock.getMinDelay()", await timelock.getMinDelay(), g.timelockMinDelaySeconds),
    ...secondsDiff("Governor.votingDelay()", await governor.votingDelay(), g.votingDelaySeconds),
    ...secondsDiff("Governor.votingPeriod()", await governor.votingPeriod(), g.votingPeriodSeconds),
    ...wadDiff("Governor.proposalThreshold()", await governor.proposalThreshold(), g.proposalThresholdVeTmai),
    ...(Number(await governor["quorumNumerator()"]()) === g.quorumPercent
      ? []
      : [
          {
            setting: "Governor.quorumNumerator()",
            chain: `${await governor["quorumNumerator()"]()} %`,
            config: `${g.quorumPercent} %`,
          },
        ]),
    ...secondsDiff(
      "Governor.lateQuorumVoteExtension()",
      await governor.lateQuorumVoteExtension(),
      g.lateQuorumExtensionSeconds,
    ),
  ]);
  await grant("Timelock PROPOSER_ROLE", timelock, await timelock.PROPOSER_ROLE(), governorAddress);
  await grant("Timelock CANCELLER_ROLE", timelock, await timelock.CANCELLER_ROLE(), governorAddress);
  return { timelockAddress, timelock };
}
