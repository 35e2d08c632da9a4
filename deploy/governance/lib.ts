/**
 * Governance from the command line, as a library: pure functions taking a signer or provider and the addresses
 * of the deployments manifest. `cli.ts` is the thin argv wrapper (`npm run gov -- <command>`); tests call these.
 */
import {
  formatUnits,
  FunctionFragment,
  getAddress,
  id,
  Interface,
  isAddress,
  parseUnits,
  type ContractTransactionReceipt,
  type ContractTransactionResponse,
  type InterfaceAbi,
  type Provider,
  type Signer,
} from "ethers";
import { abis, type ContractName } from "../../bindings/abis.js";
import { ManifestError, readManifest, type Manifest } from "../../manifest/index.js";
import { IndexVault__factory, TMAIGovernor__factory, type TMAIGovernor } from "../../types/ethers-contracts/index.js";
import { describeRevert, GovernanceError, isConnectionFailure, percent, revertData } from "./errors.js";
import {
  FEE_NAME,
  FEE_SETTER,
  STATES,
  SUPPORT,
  type FeeKind,
  type ProposalStateName,
  type Support,
  type VaultFees,
} from "./shared.js";

export { GovernanceError } from "./errors.js";
export { STATES, type FeeKind, type ProposalStateName, type Support, type VaultFees } from "./shared.js";

/** The DAO's addresses and the manifest's other contracts (by name), read from deployments/<network>.json. */
export interface GovernanceAddresses {
  governor: string;
  timelock: string;
  ve: string;
  contracts: Record<string, string>;
  /** ABI of each contract of `contracts`, by name (empty when the manifest has none). */
  abis: Record<string, InterfaceAbi>;
  /** Names of the manifest's index vaults (its `indices`): `Index` for the flagship (test fixtures write `DemoIndex`). */
  vaults: string[];
  /** Where the manifest was read from (for messages). */
  manifestPath: string;
}

/** The generic name of an index vault: on any network, the manifest's only index vault, whatever it is called. */
export const INDEX_ALIAS = "Index";

/** The ABI of a manifest contract, by its stable name (the manifest records no ABIs): undefined for stand-ins. */
export function abiOf(name: string): InterfaceAbi | undefined {
  if (name === "Governor") return abis.TMAIGovernor;
  if (name === "Timelock") return abis.TMAITimelock;
  return name in abis ? abis[name as ContractName] : undefined;
}

/**
 * The DAO's addresses from a deployments manifest, read and validated by manifest/index.ts: a missing, old or broken
 * manifest is refused with a message naming the field. Index vaults are the manifest's `indices`; `contracts` lists
 * them right after the IndexFactory that created them.
 */
export async function loadGovernance(manifestPath: string): Promise<GovernanceAddresses> {
  let manifest: Manifest;
  try {
    manifest = await readManifest(manifestPath);
  } catch (err) {
    if (err instanceof ManifestError) throw new GovernanceError(err.message);
    throw err;
  }
  const contracts: Record<string, string> = {};
  const contractAbis: Record<string, InterfaceAbi> = {};
  const vaults = manifest.indices.map((i) => i.name);
  const addIndices = (): void => {
    for (const index of manifest.indices) {
      contracts[index.name] = index.address;
      contractAbis[index.name] = abis.IndexVault;
    }
  };
  for (const [name, entry] of Object.entries(manifest.contracts)) {
    contracts[name] = entry.address;
    const abi = abiOf(name);
    if (abi !== undefined) contractAbis[name] = abi;
    if (name === "IndexFactory") addIndices();
  }
  if (!("IndexFactory" in manifest.contracts)) addIndices();
  const need = (name: string): string => {
    const address = manifest.contracts[name]?.address;
    if (address === undefined) {
      throw new GovernanceError(`${manifestPath} has no contracts.${name}: is the DAO deployed?`);
    }
    return address;
  };
  return {
    governor: need("Governor"),
    timelock: need("Timelock"),
    ve: need("VeTMAI"),
    contracts,
    abis: contractAbis,
    vaults,
    manifestPath,
  };
}

/** One call of a proposal: `target.signature(args)` with `value` wei. */
export interface ProposalAction {
  target: string;
  /** Function signature, e.g. "setManagementFee(uint256)". */
  signature: string;
  args: readonly unknown[];
  value?: bigint;
}

const WAD = 10n ** 18n;

/** A fee given as a decimal fraction ("0.03" = 3 %) in 18 decimals; refuses what is not a number or negative. */
export function parseFee(fee: string): bigint {
  const text = fee.trim();
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(text)) {
    throw new GovernanceError(`fee "${fee}" is not a decimal fraction (e.g. 0.03 for 3 %)`);
  }
  if (text.startsWith("-")) {
    throw new GovernanceError(`fee ${text} is negative: a fee is a fraction from 0 (0.03 = 3 %)`);
  }
  if ((text.split(".")[1] ?? "").length > 18) throw new GovernanceError(`fee ${text} has more than 18 decimals`);
  return parseUnits(text, 18);
}

function feeKind(kind: string): FeeKind {
  if (!Object.hasOwn(FEE_SETTER, kind)) {
    throw new GovernanceError(`fee kind must be management, mint or redeem, not "${kind}"`);
  }
  return kind as FeeKind;
}

/**
 * A vault fee change, unchecked against the vault (`checkFeeChange` does that): `fee` is a decimal fraction
 * ("0.03" = 3 %; the management fee is per year).
 */
export function feeChangeAction(vault: string, kind: FeeKind, fee: string): ProposalAction {
  return { target: vault, signature: FEE_SETTER[feeKind(kind)], args: [parseFee(fee)] };
}

async function requireCode(provider: Provider, address: string): Promise<void> {
  if ((await provider.getCode(address)) === "0x") {
    throw new GovernanceError(`no contract at ${address} on this network: wrong address or wrong --network?`);
  }
}

export async function vaultFees(provider: Provider, vault: string): Promise<VaultFees> {
  await requireCode(provider, vault);
  const v = IndexVault__factory.connect(vault, provider);
  try {
    const [fees, maxManagementFee, maxMintRedeemFee, minMintFee] = await Promise.all([
      v.fees(),
      v.MAX_MANAGEMENT_FEE(),
      v.MAX_MINT_REDEEM_FEE(),
      v.minMintFee(),
    ]);
    const [managementFee, mintFee, redeemFee] = [fees[0], fees[1], fees[2]];
    return { managementFee, mintFee, redeemFee, maxManagementFee, maxMintRedeemFee, minMintFee };
  } catch (err) {
    if (isConnectionFailure(err)) throw err;
    throw new GovernanceError(`${vault} is not an index vault (it does not answer fees() and MAX_MINT_REDEEM_FEE())`);
  }
}

/** `wad` rounded up to `digits` significant digits (so that a minimum shown rounded is still allowed). */
function roundUp(wad: bigint, digits = 4): bigint {
  const length = wad.toString().length;
  if (wad <= 0n || length <= digits) return wad;
  const unit = 10n ** BigInt(length - digits);
  return ((wad + unit - 1n) / unit) * unit;
}

/**
 * Refuses, with one line naming the bound, a fee the vault would reject when the proposal executes: above
 * MAX_MANAGEMENT_FEE / MAX_MINT_REDEEM_FEE, a mint fee below minMintFee(), or a management fee whose day of
 * streaming fee exceeds the current mint fee. The last is found by running the setter as the timelock will
 * (`eth_call` from the timelock), which also refuses a vault the timelock does not administer.
 */
export async function checkFeeChange(
  gov: GovernanceAddresses,
  provider: Provider,
  vault: string,
  kind: FeeKind,
  wad: bigint,
): Promise<void> {
  kind = feeKind(kind);
  if (wad < 0n) throw new GovernanceError(`${FEE_NAME[kind]} ${percent(wad)} % is negative`);
  const f = await vaultFees(provider, vault);
  const what = `${FEE_NAME[kind]} ${percent(wad)} %`;
  const asFraction = wad >= WAD ? `; the value is a fraction: 0.05 for 5 %` : "";
  if (kind === "management" && wad > f.maxManagementFee) {
    throw new GovernanceError(
      `${what} is above the vault's cap of ${percent(f.maxManagementFee)} % a year (MAX_MANAGEMENT_FEE)${asFraction}`,
    );
  }
  if (kind !== "management" && wad > f.maxMintRedeemFee) {
    throw new GovernanceError(
      `${what} is above the vault's cap of ${percent(f.maxMintRedeemFee)} % (MAX_MINT_REDEEM_FEE)${asFraction}`,
    );
  }
  if (kind === "mint" && wad < f.minMintFee) {
    const min = roundUp(f.minMintFee);
    throw new GovernanceError(
      `${what} is below the vault's minimum of ${percent(min)} %, one day of its ${percent(f.managementFee)} % ` +
        `management fee (minMintFee()); use --value ${formatUnits(min, 18)} or more`,
    );
  }
  const vaultInterface = new Interface(IndexVault__factory.abi);
  const data = vaultInterface.encodeFunctionData(FEE_SETTER[kind], [wad]);
  let reverted: string | undefined;
  try {
    await provider.call({ from: gov.timelock, to: vault, data });
  } catch (err) {
    reverted = revertData(err);
    if (reverted === undefined) throw err;
  }
  if (reverted === undefined) return;
  const parsed = reverted === "0x" ? null : vaultInterface.parseError(reverted);
  if (parsed?.name === "MintFeeBelowDailyStreamingFee") {
    const min = roundUp(parsed.args[1] as bigint);
    throw new GovernanceError(
      `${what} needs a mint fee of at least ${percent(min)} % (one day of streaming fee), but the vault's mint fee ` +
        `is ${percent(f.mintFee)} %: first propose a mint fee of ${formatUnits(min, 18)} or more`,
    );
  }
  if (parsed?.name === "AccessControlUnauthorizedAccount") {
    throw new GovernanceError(
      `the timelock ${gov.timelock} is not the admin of vault ${vault}: governance cannot set its fees`,
    );
  }
  throw new GovernanceError(`setting the ${what} would revert when executed: ${describeRevert(reverted)}`);
}

/** A checked vault fee change: the fee parsed, then `checkFeeChange` against the vault's bounds. */
export async function feeChange(
  gov: GovernanceAddresses,
  provider: Provider,
  vault: string,
  kind: FeeKind,
  fee: string,
): Promise<ProposalAction> {
  const action = feeChangeAction(vault, kind, fee);
  await checkFeeChange(gov, provider, vault, kind, action.args[0] as bigint);
  return action;
}

/**
 * Checks one call before it is proposed: the target has code, the function is in the target's ABI when the
 * manifest has it, the arguments fit, and a vault fee setter gets `checkFeeChange`.
 */
export async function checkAction(gov: GovernanceAddresses, provider: Provider, action: ProposalAction): Promise<void> {
  const data = encodeAction(action);
  if (action.value !== undefined && action.value < 0n) throw new GovernanceError(`value ${action.value} is negative`);
  await requireCode(provider, action.target);
  const name = nameOf(gov, action.target);
  const abi = name === undefined ? undefined : gov.abis[name];
  if (name !== undefined && abi !== undefined) {
    const iface = new Interface(abi);
    if (iface.getFunction(data.slice(0, 10)) === null) {
      const fn = action.signature.slice(0, action.signature.indexOf("("));
      const same: string[] = [];
      iface.forEachFunction((f) => void (f.name === fn && same.push(f.format("sighash"))));
      throw new GovernanceError(
        `${name} has no function ${action.signature}` + (same.length > 0 ? `; it has ${same.join(", ")}` : ""),
      );
    }
  }
  const selector = data.slice(0, 10);
  for (const [kind, signature] of Object.entries(FEE_SETTER) as [FeeKind, string][]) {
    if (id(signature).slice(0, 10) === selector) {
      await checkFeeChange(gov, provider, action.target, kind, BigInt(action.args[0] as bigint | string | number));
    }
  }
}

/** The manifest name of `address`, if it has one. */
function nameOf(gov: GovernanceAddresses, address: string): string | undefined {
  return Object.keys(gov.contracts).find((n) => gov.contracts[n]!.toLowerCase() === address.toLowerCase());
}

/** The manifest's index vaults, in words, for messages. */
function vaultsListed(gov: GovernanceAddresses): string {
  const [only] = gov.vaults;
  if (gov.vaults.length === 0) return `${gov.manifestPath} lists no index vault`;
  if (gov.vaults.length > 1) return `${gov.manifestPath} lists the index vaults ${gov.vaults.join(", ")}`;
  return `${gov.manifestPath} lists the index vault ${only}${only === INDEX_ALIAS ? "" : ` (also "${INDEX_ALIAS}")`}`;
}

/** An address as given, refusing a mixed-case one whose EIP-55 checksum is wrong; undefined if not an address. */
function asAddress(text: string): string | undefined {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) return undefined;
  if (!isAddress(text)) throw new GovernanceError(`${text} has a wrong EIP-55 checksum (mixed case): check it`);
  return getAddress(text);
}

/** A manifest name, or `Index` for the manifest's only index vault. */
function lookup(gov: GovernanceAddresses, name: string): string | undefined {
  if (gov.contracts[name] !== undefined) return name;
  if (name === INDEX_ALIAS && gov.vaults.length === 1) return gov.vaults[0];
  return undefined;
}

/** Resolves an index vault: a vault name of the manifest, `Index` (its only vault), or an address. */
export function resolveVault(gov: GovernanceAddresses, nameOrAddress: string): string {
  const address = asAddress(nameOrAddress);
  if (address !== undefined) return address;
  const name = lookup(gov, nameOrAddress);
  if (name === undefined) {
    if (nameOrAddress === INDEX_ALIAS && gov.vaults.length > 1) {
      throw new GovernanceError(`"${INDEX_ALIAS}" is ambiguous: ${vaultsListed(gov)}; name one`);
    }
    throw new GovernanceError(`unknown vault "${nameOrAddress}": ${vaultsListed(gov)}; or pass a vault address`);
  }
  if (!gov.vaults.includes(name)) throw new GovernanceError(`${name} is not an index vault: ${vaultsListed(gov)}`);
  return gov.contracts[name]!;
}

/** Resolves a contract name of the manifest (e.g. "Index", which also names a manifest's only vault) or an address. */
export function resolveTarget(gov: GovernanceAddresses, nameOrAddress: string): string {
  const address = asAddress(nameOrAddress);
  if (address !== undefined) return address;
  const name = lookup(gov, nameOrAddress);
  if (name === undefined) {
    const alias =
      gov.vaults.length === 1 && gov.vaults[0] !== INDEX_ALIAS ? ` ("${INDEX_ALIAS}" = ${gov.vaults[0]})` : "";
    throw new GovernanceError(
      `unknown contract "${nameOrAddress}": ${gov.manifestPath} lists ${Object.keys(gov.contracts).join(", ")}${alias}; ` +
        `or pass an address`,
    );
  }
  return gov.contracts[name]!;
}

export function encodeAction(action: ProposalAction): string {
  let fragment: FunctionFragment;
  try {
    // FunctionFragment.from throws on a malformed signature (an Interface would only log a warning).
    fragment = FunctionFragment.from(`function ${action.signature}`);
  } catch {
    throw new GovernanceError(`"${action.signature}" is not a function signature like setMintFee(uint256)`);
  }
  try {
    return new Interface([fragment]).encodeFunctionData(fragment, [...action.args]);
  } catch (err) {
    const e = err as { shortMessage?: string; message: string; value?: unknown };
    const value = e.value === undefined ? "" : ` (${String(e.value)})`;
    throw new GovernanceError(`arguments do not fit ${action.signature}: ${e.shortMessage ?? e.message}${value}`);
  }
}

/** A timestamp (seconds) as an ISO date without milliseconds, as every message of the CLI shows it. */
export const date = (seconds: bigint | number): string =>
  new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
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

/**
 * Sends a governor transaction after simulating it (`staticCall`), so that a revert is refused before anything is
 * sent, with the contract's error decoded by name: "<what> would revert: FeeTooHigh(fee: …, max: …): …".
 */
async function transact(
  what: string,
  simulate: () => Promise<unknown>,
  send: () => Promise<ContractTransactionResponse>,
): Promise<ContractTransactionReceipt> {
  try {
    await simulate();
  } catch (err) {
    const data = revertData(err);
    if (data === undefined) throw err;
    throw new GovernanceError(`${what} would revert: ${describeRevert(data)}`);
  }
  const tx = await send();
  const receipt = await tx.wait();
  if (receipt === null || receipt.status !== 1) {
    throw new GovernanceError(`${what} failed: transaction ${tx.hash} reverted`);
  }
  return receipt;
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
  const receipt = await transact(
    "propose",
    () => governor.propose.staticCall(targets, values, calldatas, description),
    () => governor.propose(targets, values, calldatas, description),
  );
  return {
    proposalId,
    txHash: receipt.hash,
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
  const receipt =
    reason === undefined || reason === ""
      ? await transact(
          "vote",
          () => governor.castVote.staticCall(proposalId, SUPPORT[support]),
          () => governor.castVote(proposalId, SUPPORT[support]),
        )
      : await transact(
          "vote",
          () => governor.castVoteWithReason.staticCall(proposalId, SUPPORT[support], reason),
          () => governor.castVoteWithReason(proposalId, SUPPORT[support], reason),
        );
  return { txHash: receipt.hash, weight };
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
  const args = [p.targets, p.values, p.calldatas, id(p.description)] as const;
  const receipt = await transact(
    "queue",
    () => governor.queue.staticCall(...args),
    () => governor.queue(...args),
  );
  return { txHash: receipt.hash, eta: await governor.proposalEta(proposalId) };
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
  const args = [p.targets, p.values, p.calldatas, id(p.description)] as const;
  const receipt = await transact(
    "execute",
    () => governor.execute.staticCall(...args),
    () => governor.execute(...args),
  );
  return { txHash: receipt.hash };
}
