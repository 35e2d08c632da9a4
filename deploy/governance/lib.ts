/**
 * Governance from the command line, as a library: pure functions taking a signer or provider and the addresses
 * of the deployments manifest. `cli.ts` is the thin argv wrapper (`npm run gov -- <command>`); tests call these.
 */
import { readFile } from "node:fs/promises";
import { formatUnits, getAddress, id, Interface, isAddress, parseUnits, type Provider, type Signer } from "ethers";
import { TMAIGovernor__factory, type TMAIGovernor } from "../../types/ethers-contracts/index.js";

/** An error whose message is meant for the user as is. */
export class GovernanceError extends Error {
  override name = "GovernanceError";
}

/** The DAO's addresses and the manifest's other contracts (by name), read from deployments/<network>.json. */
export interface GovernanceAddresses {
  governor: string;
  timelock: string;
  ve: string;
  contracts: Record<string, string>;
}

export async function loadGovernance(manifestPath: string): Promise<GovernanceAddresses> {
  let raw: string;
  try {
    raw = await readFile(manifestPath, "utf8");
  } catch {
    throw new GovernanceError(
      `No deployments manifest at ${manifestPath}: deploy first (npm start or npm run deploy).`,
    );
  }
  const manifest = JSON.parse(raw) as { contracts?: Record<string, { address: string } | undefined> };
  const contracts: Record<string, string> = {};
  for (const [name, entry] of Object.entries(manifest.contracts ?? {})) {
    if (entry !== undefined) contracts[name] = entry.address;
  }
  const need = (name: string): string => {
    const address = contracts[name];
    if (address === undefined) throw new GovernanceError(`${manifestPath} has no ${name}: is the DAO deployed?`);
    return address;
  };
  return { governor: need("Governor"), timelock: need("Timelock"), ve: need("VeTMAI"), contracts };
}

/** One call of a proposal: `target.signature(args)` with `value` wei. */
export interface ProposalAction {
  target: string;
  /** Function signature, e.g. "setManagementFee(uint256)". */
  signature: string;
  args: readonly unknown[];
  value?: bigint;
}

export type FeeKind = "management" | "mint" | "redeem";

const FEE_SETTER: Record<FeeKind, string> = {
  management: "setManagementFee(uint256)",
  mint: "setMintFee(uint256)",
  redeem: "setRedeemFee(uint256)",
};

/** A vault fee change: `fee` is a decimal fraction ("0.03" = 3 %; the management fee is per year). */
export function feeChangeAction(vault: string, kind: FeeKind, fee: string): ProposalAction {
  if (!(kind in FEE_SETTER)) throw new GovernanceError(`fee kind must be management, mint or redeem, not "${kind}"`);
  let wad: bigint;
  try {
    wad = parseUnits(fee, 18);
  } catch {
    throw new GovernanceError(`fee "${fee}" is not a decimal fraction (e.g. 0.03 for 3 %)`);
  }
  if (wad < 0n || wad >= 10n ** 18n) throw new GovernanceError(`fee ${fee} must be from 0 to below 1 (100 %)`);
  return { target: vault, signature: FEE_SETTER[kind], args: [wad] };
}

/** Resolves a contract name of the manifest (e.g. "DemoIndex") or an address. */
export function resolveTarget(gov: GovernanceAddresses, nameOrAddress: string): string {
  if (isAddress(nameOrAddress)) return getAddress(nameOrAddress);
  const address = gov.contracts[nameOrAddress];
  if (address === undefined) {
    throw new GovernanceError(
      `"${nameOrAddress}" is neither an address nor a contract of the manifest (${Object.keys(gov.contracts).join(", ")})`,
    );
  }
  return address;
}

export function encodeAction(action: ProposalAction): string {
  let iface: Interface;
  try {
    iface = new Interface([`function ${action.signature}`]);
  } catch {
    throw new GovernanceError(`"${action.signature}" is not a function signature like setMintFee(uint256)`);
  }
  try {
    return iface.encodeFunctionData(iface.fragments[0]!.format("sighash"), [...action.args]);
  } catch (err) {
    throw new GovernanceError(`arguments do not fit ${action.signature}: ${(err as Error).message}`);
  }
}

/** OpenZeppelin's ProposalState, in words. */
export const STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;
export type ProposalStateName = (typeof STATES)[number];

const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type Support = keyof typeof SUPPORT;

const date = (seconds: bigint | number): string => new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
const ve = (wad: bigint): string => `${formatUnits(wad, 18)} veTMAI`;

function governorOf(gov: GovernanceAddresses, runner: Signer | Provider): TMAIGovernor {
  return TMAIGovernor__factory.connect(gov.governor, runner);
}

export interface ProposalStatus {
  id: bigint;
  state: ProposalStateName;
  proposer: string;
  description?: string;
  votes: { for: bigint; against: bigint; abstain: bigint };
  /** Quorum at the snapshot; undefined while the snapshot is in the future. */
  quorumNeeded?: bigint;
  /** For + abstain: what counts towards quorum. */
  quorumReached: bigint;
  snapshot: bigint;
  deadline: bigint;
  /** When the timelock lets it execute (queued proposals). */
  eta?: bigint;
}

async function findProposal(governor: TMAIGovernor, id: bigint) {
  const events = await governor.queryFilter(governor.filters.ProposalCreated());
  const event = events.find((e) => e.args.proposalId === id);
  if (event === undefined) throw new GovernanceError(`No proposal ${id} on governor ${await governor.getAddress()}`);
  return {
    // Positional: `values` is also the name of a method of ethers' Result.
    targets: [...(event.args[2] as string[])],
    values: [...(event.args[3] as bigint[])],
    calldatas: [...(event.args[5] as string[])],
    description: event.args[8] as string,
  };
}

export async function proposalStatus(
  gov: GovernanceAddresses,
  provider: Signer | Provider,
  proposalId: bigint,
): Promise<ProposalStatus> {
  const governor = governorOf(gov, provider);
  const proposer = await governor.proposalProposer(proposalId);
  if (BigInt(proposer) === 0n) throw new GovernanceError(`No proposal ${proposalId} on governor ${gov.governor}`);
  const [state, snapshot, deadline, votes, clock] = await Promise.all([
    governor.state(proposalId),
    governor.proposalSnapshot(proposalId),
    governor.proposalDeadline(proposalId),
    governor.proposalVotes(proposalId),
    governor.clock(),
  ]);
  const eta = await governor.proposalEta(proposalId);
  const { description } = await findProposal(governor, proposalId);
  return {
    id: proposalId,
    state: STATES[Number(state)]!,
    proposer,
    description,
    votes: { against: votes[0], for: votes[1], abstain: votes[2] },
    quorumNeeded: snapshot < clock ? await governor.quorum(snapshot) : undefined,
    quorumReached: votes[1] + votes[2],
    snapshot,
    deadline,
    eta: eta === 0n ? undefined : eta,
  };
}

/** Readable lines describing a proposal. */
export function formatStatus(s: ProposalStatus): string[] {
  const lines = [
    `Proposal ${s.id}`,
    `  state:    ${s.state}`,
    `  proposer: ${s.proposer}`,
    ...(s.description !== undefined ? [`  about:    ${s.description.split("\n")[0]}`] : []),
    `  voting:   ${date(s.snapshot)} to ${date(s.deadline)}`,
    `  votes:    for ${ve(s.votes.for)}, against ${ve(s.votes.against)}, abstain ${ve(s.votes.abstain)}`,
    s.quorumNeeded === undefined
      ? `  quorum:   fixed at the snapshot (${date(s.snapshot)}); ${ve(s.quorumReached)} so far`
      : `  quorum:   ${ve(s.quorumReached)} of ${ve(s.quorumNeeded)} needed` +
        (s.quorumReached >= s.quorumNeeded ? " (reached)" : " (not reached)"),
  ];
  if (s.eta !== undefined) lines.push(`  ETA:      executable from ${date(s.eta)}`);
  return lines;
}

export interface Proposed {
  proposalId: bigint;
  txHash: string;
  snapshot: bigint;
  deadline: bigint;
}

/** Proposes `actions`; refuses early, with the numbers, when the proposer's votes are below the threshold. */
export async function propose(
  gov: GovernanceAddresses,
  signer: Signer,
  actions: readonly ProposalAction[],
  description: string,
): Promise<Proposed> {
  if (actions.length === 0) throw new GovernanceError("a proposal needs at least one call");
  if (description.trim() === "") throw new GovernanceError("a proposal needs a description (--description)");
  const governor = governorOf(gov, signer);
  const proposer = await signer.getAddress();
  const clock = await governor.clock();
  const [power, threshold] = await Promise.all([governor.getVotes(proposer, clock - 1n), governor.proposalThreshold()]);
  if (power < threshold) {
    throw new GovernanceError(
      `not enough voting power: you have ${ve(power)}, threshold is ${ve(threshold)}. ` +
        `Lock TMAI (or get votes delegated) and try again; power counts from the second after the lock.`,
    );
  }
  const targets = actions.map((a) => a.target);
  const values = actions.map((a) => a.value ?? 0n);
  const calldatas = actions.map(encodeAction);
  const proposalId = await governor.hashProposal(targets, values, calldatas, id(description));
  if ((await governor.proposalSnapshot(proposalId)) !== 0n) {
    throw new GovernanceError(`this exact proposal exists already: ${proposalId} (change the description)`);
  }
  const receipt = await (await governor.propose(targets, values, calldatas, description)).wait();
  return {
    proposalId,
    txHash: receipt!.hash,
    snapshot: await governor.proposalSnapshot(proposalId),
    deadline: await governor.proposalDeadline(proposalId),
  };
}

export async function vote(
  gov: GovernanceAddresses,
  signer: Signer,
  proposalId: bigint,
  support: Support,
  reason?: string,
): Promise<{ txHash: string; weight: bigint }> {
  if (!(support in SUPPORT)) throw new GovernanceError(`vote must be for, against or abstain, not "${support}"`);
  const governor = governorOf(gov, signer);
  const s = await proposalStatus(gov, signer, proposalId);
  if (s.state === "Pending") {
    throw new GovernanceError(`Proposal is Pending: voting starts at ${date(s.snapshot)}; vote after that`);
  }
  if (s.state !== "Active") {
    throw new GovernanceError(`Proposal is ${s.state}: voting ended at ${date(s.deadline)}`);
  }
  const voter = await signer.getAddress();
  if (await governor.hasVoted(proposalId, voter)) throw new GovernanceError(`${voter} has already voted on it`);
  const weight = await governor.getVotes(voter, s.snapshot);
  if (weight === 0n) {
    throw new GovernanceError(`you had no votes at the snapshot (${date(s.snapshot)}): a vote would count 0 veTMAI`);
  }
  const tx =
    reason === undefined || reason === ""
      ? governor.castVote(proposalId, SUPPORT[support])
      : governor.castVoteWithReason(proposalId, SUPPORT[support], reason);
  const receipt = await (await tx).wait();
  return { txHash: receipt!.hash, weight };
}

export async function queue(
  gov: GovernanceAddresses,
  signer: Signer,
  proposalId: bigint,
): Promise<{ txHash: string; eta: bigint }> {
  const governor = governorOf(gov, signer);
  const s = await proposalStatus(gov, signer, proposalId);
  if (s.state === "Pending" || s.state === "Active") {
    throw new GovernanceError(`Proposal is ${s.state}: voting ends at ${date(s.deadline)}; queue after that`);
  }
  if (s.state === "Defeated") {
    const quorum = s.quorumNeeded === undefined ? "" : `, quorum ${ve(s.quorumReached)} of ${ve(s.quorumNeeded)}`;
    throw new GovernanceError(
      `Proposal was Defeated (for ${ve(s.votes.for)}, against ${ve(s.votes.against)}${quorum}): it cannot be queued`,
    );
  }
  if (s.state !== "Succeeded") throw new GovernanceError(`Proposal is ${s.state}: only a Succeeded proposal is queued`);
  const p = await findProposal(governor, proposalId);
  const receipt = await (await governor.queue(p.targets, p.values, p.calldatas, id(p.description))).wait();
  return { txHash: receipt!.hash, eta: await governor.proposalEta(proposalId) };
}

export async function execute(
  gov: GovernanceAddresses,
  signer: Signer,
  proposalId: bigint,
): Promise<{ txHash: string }> {
  const governor = governorOf(gov, signer);
  const s = await proposalStatus(gov, signer, proposalId);
  if (s.state === "Succeeded") throw new GovernanceError("Proposal Succeeded but is not queued yet: queue it first");
  if (s.state !== "Queued") throw new GovernanceError(`Proposal is ${s.state}: only a Queued proposal is executed`);
  const now = BigInt((await signer.provider!.getBlock("latest"))!.timestamp);
  if (s.eta !== undefined && now < s.eta) {
    throw new GovernanceError(
      `Proposal is Queued: the timelock delay ends at ${date(s.eta)} (in ${s.eta - now} s); execute after that`,
    );
  }
  const p = await findProposal(governor, proposalId);
  const receipt = await (await governor.execute(p.targets, p.values, p.calldatas, id(p.description))).wait();
  return { txHash: receipt!.hash };
}
