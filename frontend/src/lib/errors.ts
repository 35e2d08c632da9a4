/**
 * Every custom error of the protocol's contracts in plain words. The names come from the generated merged error ABI
 * (`allErrorsAbi` in bindings/abis.ts): `SENTENCES` is typed as a record over exactly those names, so a new error
 * in a contract fails the dApp's typecheck until it has a sentence, and test/errors.test.ts checks each one at run
 * time. Revert data is decoded with viem's `decodeErrorResult` over the same ABI, so an error raised by one
 * contract inside another (the oracle's StalePrice inside the router, a token's ERC-20 error inside the vault) is
 * named too.
 */
import { BaseError, decodeErrorResult, type Hex } from "viem";
import { allErrorsAbi } from "../../../bindings/abis.js";

type ErrorAbi = Extract<(typeof allErrorsAbi)[number], { type: "error" }>;
export type ErrorName = ErrorAbi["name"];

/** Decoded arguments by parameter name (and position, for unnamed ones). */
export type ErrorArgs = Record<string, unknown>;

/** How a sentence names a token and an amount of it; the app passes the manifest's tokens. */
export interface SentenceContext {
  tokenName: (address: string) => string;
  amountOf: (address: string, amount: bigint) => string;
}

export const plainContext: SentenceContext = {
  tokenName: (a) => a,
  amountOf: (_a, amount) => `${amount} base units`,
};

const str = (v: unknown): string => String(v);
const time = (v: unknown): string => {
  const seconds = Number(v);
  if (!Number.isFinite(seconds) || seconds === 0) return "never";
  return new Date(seconds * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
};
const pct = (v: unknown): string => `${(Number((BigInt(str(v)) * 10_000n) / 10n ** 18n) / 100).toFixed(2)} %`;
const usd = (v: unknown): string => `$${(Number(BigInt(str(v)) / 10n ** 14n) / 10_000).toLocaleString("en-US")}`;
const dur = (v: unknown): string => {
  const s = Number(v);
  if (s >= 86_400) return `${(s / 86_400).toFixed(1)} days`;
  if (s >= 3_600) return `${(s / 3_600).toFixed(1)} hours`;
  return `${s} seconds`;
};

type Sentence = (a: ErrorArgs, c: SentenceContext) => string;

const TRY_IN_KIND = "You can still redeem in kind (every basket asset), which needs no price.";

export const SENTENCES: Record<ErrorName, Sentence> = {
  AccessControlBadConfirmation: () => "Only the account itself can give up its own role.",
  AccessControlUnauthorizedAccount: (a) =>
    `The account ${str(a.account)} lacks the role this action needs (role ${str(a.neededRole).slice(0, 10)}…).`,
  AddressEmptyCode: (a) => `The address ${str(a.target)} has no contract code to call.`,
  AlreadyInitialized: () => "This index vault is already set up; its basket and roles cannot be set again.",
  AlreadyPaused: () => "This is already paused.",
  AlreadySampled: (a) => `The trend signal already took its sample for week ${str(a.week)}.`,
  AmountInAboveMax: (a) =>
    `The mint would cost ${str(a.amountIn)} base units, more than your limit of ${str(a.maxAmountIn)}: prices moved beyond your slippage setting. Get a new quote or allow more slippage.`,
  AmountOutBelowMin: (a) =>
    `The redeem would pay ${str(a.amountOut)} base units, less than your minimum of ${str(a.minAmountOut)}: prices moved beyond your slippage setting. Get a new quote or allow more slippage.`,
  AnswerTooLarge: (a) => `The price feed answered ${str(a.answer)}, too large to be a price.`,
  AssetWithoutFeed: (a, c) => `${c.tokenName(str(a.asset))} has no price feed, so it cannot be used here.`,
  AuctionRunning: () => "A rebalance auction is running for this index; wait until it ends.",
  AuctionsPaused: () => "Rebalance auctions are paused by the guardian.",
  BasketTransferDeferred: (a, c) =>
    `${c.tokenName(str(a.asset))} refused the transfer to the router, so a one-asset redeem cannot complete. Redeem in kind instead: that asset is then kept for you to withdraw.`,
  BelowMinimum: (a) => `The amount ${str(a.amount)} is below the minimum of ${str(a.minimum)}.`,
  BoundAboveHardCap: (a) => `The bound ${str(a.bound)} is above its hard cap of ${str(a.hardCap)}.`,
  CallbackMissing: () => "The bidder's contract did not implement the rebalance callback.",
  CheckpointUnorderedInsertion: () => "A voting checkpoint was written out of order.",
  DeadlinePassed: (a) =>
    `The transaction's deadline (${time(a.deadline)}) passed before it was mined (block time ${time(a.timestamp)}). Send it again with a new deadline.`,
  DeviationAboveCap: (a) => `The oracle deviation ${pct(a.deviation)} is above its cap of ${pct(a.cap)}.`,
  DuplicateAsset: (a, c) => `${c.tokenName(str(a.asset))} appears twice in the basket.`,
  ECDSAInvalidSignature: () => "The signature is invalid.",
  ECDSAInvalidSignatureLength: (a) => `The signature has a wrong length (${str(a.length)} bytes).`,
  ECDSAInvalidSignatureS: () => "The signature is malformed (its s value is out of range).",
  ERC20InsufficientAllowance: (a) =>
    `The contract ${str(a.spender)} may spend only ${str(a.allowance)} base units of this token for you but needs ${str(a.needed)}: approve more first.`,
  ERC20InsufficientBalance: (a) =>
    `The balance of ${str(a.sender)} is ${str(a.balance)} base units but ${str(a.needed)} are needed.`,
  ERC20InvalidApprover: (a) => `${str(a.approver)} cannot approve (the zero address).`,
  ERC20InvalidReceiver: (a) => `Tokens cannot be sent to ${str(a.receiver)}.`,
  ERC20InvalidSender: (a) => `Tokens cannot be sent from ${str(a.sender)}.`,
  ERC20InvalidSpender: (a) => `${str(a.spender)} cannot be approved as a spender.`,
  ERC2612ExpiredSignature: (a) => `The permit signature expired at ${time(a.deadline)}.`,
  ERC2612InvalidSigner: (a) => `The permit was signed by ${str(a.signer)}, not by the owner ${str(a.owner)}.`,
  ERC5805FutureLookup: (a) =>
    `Votes at ${str(a.timepoint)} are asked for, but that time has not come yet (now ${str(a.clock)}).`,
  ERC6372InconsistentClock: () => "The voting token's clock is inconsistent.",
  EmptyBasket: () => "The basket is empty.",
  EmptyTarget: () => "The target basket is empty.",
  EmptyVault: (a) => `The index ${str(a.vault)} has no supply yet.`,
  ExceedsDeficit: (a, c) =>
    `The bid pays ${c.amountOf(str(a.asset), BigInt(str(a.amount)))} but the index needs only ${c.amountOf(str(a.asset), BigInt(str(a.deficit)))} more.`,
  ExceedsSurplus: (a, c) =>
    `The bid takes ${c.amountOf(str(a.asset), BigInt(str(a.amount)))} but the index has only ${c.amountOf(str(a.asset), BigInt(str(a.surplus)))} to sell.`,
  FailedCall: () => "A call inside the transaction failed.",
  FeeAboveBound: (a) => `The fee ${pct(a.fee)} is above its bound of ${pct(a.bound)}.`,
  FailedDeployment: () =>
    "The new index vault could not be created (the clone deployment failed); nothing was created.",
  FeeTooHigh: (a) => `The fee ${pct(a.fee)} is above its maximum of ${pct(a.max)}.`,
  GovernorAlreadyCastVote: (a) => `${str(a.voter)} has already voted on this proposal.`,
  GovernorAlreadyQueuedProposal: () => "This proposal is already queued.",
  GovernorDisabledDeposit: () => "The governor does not accept deposits.",
  GovernorInsufficientProposerVotes: (a) =>
    `The proposer has ${str(a.votes)} votes, fewer than the ${str(a.threshold)} needed to propose.`,
  GovernorInvalidProposalLength: () => "The proposal's targets, values and calls do not have the same length.",
  GovernorInvalidQuorumFraction: () => "The quorum fraction is invalid.",
  GovernorInvalidSignature: (a) => `The vote signature of ${str(a.voter)} is invalid.`,
  GovernorInvalidVoteParams: () => "The vote's parameters are invalid.",
  GovernorInvalidVoteType: () => "The vote type is invalid (against, for or abstain).",
  GovernorInvalidVotingPeriod: () => "The voting period is invalid.",
  GovernorNonexistentProposal: () => "There is no such proposal.",
  GovernorOnlyExecutor: (a) => `Only the timelock may do this, not ${str(a.account)}.`,
  GovernorPreventLateQuorumVoteExtensionTooLarge: () => "The late-quorum vote extension is too large.",
  GovernorProposalQueueingFailed: () => "Queueing the proposal in the timelock failed.",
  GovernorProposalQueueingNotRequired: () => "This proposal does not need to be queued.",
  GovernorRestrictedProposer: (a) => `${str(a.proposer)} may not make this proposal.`,
  GovernorUnableToCancel: () => "This proposal cannot be cancelled by this account now.",
  GovernorUnexpectedProposalState: () => "The proposal is not in a state that allows this action.",
  GuardianBootstrapOver: (a) => `The guardian's bootstrap period ended at ${time(a.bootstrapEnd)}.`,
  InsufficientBalance: (a) => `The contract holds ${str(a.balance)} wei but needs ${str(a.needed)} to do this.`,
  InsufficientGas: (a) =>
    `The read ran short of gas (${str(a.gasLeft)} left, ${str(a.needed)} needed); retry with more gas.`,
  InvalidAccountNonce: (a) => `The signature's nonce is not the account's current nonce (${str(a.currentNonce)}).`,
  InvalidConfig: () => "The settings are invalid.",
  InvalidFeedConfig: () => "The price feed settings are invalid.",
  InvalidParams: () => "The parameters are invalid.",
  InvalidPeriod: () => "The period is invalid.",
  InvalidPoolFee: (a) => `${str(a.fee)} is not a Uniswap v3 fee tier.`,
  InvalidShortString: () => "The text is too long to store.",
  InvalidTierThresholds: () => "The staking tier thresholds are not increasing.",
  InvalidTrade: () => "The trade is invalid.",
  LeavesDust: (a, c) =>
    `The bid would leave a dust remainder of ${c.tokenName(str(a.asset))} (${usd(a.remainderUsd)}).`,
  LengthMismatch: (a) =>
    a.expected === undefined
      ? "The lists given do not have the same length."
      : `The amounts list has ${str(a.actual)} entries but the basket needs ${str(a.expected)} (the basket changed: reload and try again).`,
  LockExists: () => "This account already has a lock: add to it or extend it instead.",
  LockExpired: (a) => `The lock expired at ${time(a.end)}.`,
  LockNotExpired: (a) => `The lock runs until ${time(a.end)}; it can be withdrawn only then.`,
  LockTooLong: (a) => `A lock may end at the latest at ${time(a.maxEnd)} (52 weeks).`,
  LockTooShort: (a) => `The lock would end at ${time(a.end)}, which is not in the future.`,
  LocksPaused: () => "New locks are paused by the guardian.",
  LotTooLarge: (a, c) =>
    `The bid on ${c.tokenName(str(a.asset))} is worth ${usd(a.valueUsd)}, above the largest lot of ${usd(a.maxLotUsd)}.`,
  MaxAmountInExceeded: (a, c) =>
    `Minting needs ${c.amountOf(str(a.asset), BigInt(str(a.amountIn)))} but your limit is ${c.amountOf(str(a.asset), BigInt(str(a.maxAmountIn)))}: the basket moved. Preview again.`,
  MinAmountOutNotMet: (a, c) =>
    `Redeeming pays ${c.amountOf(str(a.asset), BigInt(str(a.amountOut)))} but your minimum is ${c.amountOf(str(a.asset), BigInt(str(a.minAmountOut)))}: the basket moved. Preview again.`,
  MinLockAmountOutOfBounds: (a) => `The minimum lock amount ${str(a.amount)} is above ${str(a.max)}.`,
  MintFeeBelowDailyStreamingFee: () => "The mint fee must be at least one day of the streaming fee.",
  MintPaused: () => "Minting this index is paused by the guardian. Redeeming always works.",
  MissingFeed: (a, c) => `${c.tokenName(str(a.asset))} has no price feed. ${TRY_IN_KIND}`,
  NoActiveAuction: () => "No rebalance auction is running for this index.",
  NoFeed: (a, c) => `${c.tokenName(str(a.asset))} has no price feed. ${TRY_IN_KIND}`,
  NoFillPending: () => "No auction fill is pending.",
  NoLock: (a) => `${str(a.account)} has no lock.`,
  NoPendingTarget: () => "No target basket is pending for this index.",
  NoRegimeSource: () => "This index has no on-chain regime source.",
  NoTarget: () => "This index has no target basket yet.",
  NonPositiveAnswer: (a) => `The price feed answered ${str(a.answer)}, which is not a positive price.`,
  NonPositivePrice: (a, c) =>
    `The price feed of ${c.tokenName(str(a.asset))} answered ${str(a.answer)}, not a positive price. ${TRY_IN_KIND}`,
  NotDue: () => "This chore is not due yet.",
  NotInBasket: (a, c) => `${c.tokenName(str(a.asset))} is not in the basket.`,
  NotPaused: () => "This is not paused.",
  NotReady: (a) => `The signal has ${str(a.samples)} samples and needs ${str(a.needed)}.`,
  NotRevenueDistributor: (a) => `Only the revenue distributor may do this, not ${str(a.caller)}.`,
  NothingToLock: () => "There is nothing to reinvest into the lock.",
  NothingToRebalance: () => "The index already matches its target: nothing to rebalance.",
  NothingToWithdraw: (a, c) => `Nothing of ${c.tokenName(str(a.asset))} is kept for you to withdraw.`,
  PermitFailed: (a, c) =>
    `The permit for ${c.tokenName(str(a.token))} did not approve the router (the signature is invalid, expired or already used, or the token has no permit), and no earlier approval covers the amount. Use "Approve instead".`,
  PriceAboveMax: (a) =>
    `The bid asks ${str(a.buyAmount)}, above the auction's current maximum of ${str(a.maxBuyAmount)}.`,
  PriceOutOfBounds: (a, c) =>
    `The price of ${c.tokenName(str(a.asset))} (${usd(a.price)}) is outside its sanity bounds (${usd(a.minPrice)} to ${usd(a.maxPrice)}). ${TRY_IN_KIND}`,
  RatioOutOfBounds: (a, c) =>
    `The pool's price of ${c.tokenName(str(a.asset))} is outside the oracle band (ratio ${pct(a.ratio)}, allowed ${pct(a.minRatio)} to ${pct(a.maxRatio)}).`,
  ReentrancyGuardReentrantCall: () => "A contract tried to call back into the protocol during a call.",
  RegimeNotDue: () => "The pending regime switch is not due yet (hysteresis).",
  RegimeSourceActive: () => "The regime comes from an on-chain source for this index; it cannot be signalled by hand.",
  RegimeSwitchPending: () => "A regime switch is pending; auctions wait until it is applied.",
  SafeCastOverflowedUintDowncast: (a) => `The value ${str(a.value)} does not fit in ${str(a.bits)} bits.`,
  SafeCastOverflowedUintToInt: (a) => `The value ${str(a.value)} is too large.`,
  SafeERC20FailedOperation: (a, c) => `The token ${c.tokenName(str(a.token))} refused the transfer or approval.`,
  SequencerDown: () => `The L2 sequencer is down, so prices cannot be trusted. ${TRY_IN_KIND}`,
  SequencerGracePeriod: (a) =>
    `The L2 sequencer came back at ${time(a.upSince)}; prices are trusted again after a grace period of ${dur(a.gracePeriod)}. ${TRY_IN_KIND}`,
  ShortPayment: (a, c) =>
    `${c.tokenName(str(a.asset))} arrived short: ${str(a.received)} base units received of ${str(a.expected)} expected.`,
  StaleAnswer: (a) =>
    `The price feed's last answer is from ${time(a.updatedAt)}, older than its heartbeat of ${dur(a.heartbeat)}.`,
  StalePrice: (a, c) =>
    `The price of ${c.tokenName(str(a.asset))} is stale: its feed last updated at ${time(a.updatedAt)}, longer ago than its heartbeat of ${dur(a.heartbeat)}. ${TRY_IN_KIND}`,
  StartOutOfGas: () => "Starting the rebalance ran out of gas; send it with more gas.",
  StringTooLong: () => "The text is too long.",
  SwapFailed: (a, c) =>
    a.limit !== undefined
      ? `Swapping ${c.tokenName(str(a.asset))} on Uniswap failed within the oracle band and your limit: the pool's price is too far from the oracle or it lacks liquidity. ${TRY_IN_KIND}`
      : `The solver's swap of ${c.tokenName(str(a.sell))} for ${c.tokenName(str(a.buy))} failed.`,
  TargetAlreadyEffective: () => "The pending target already took effect and cannot be cancelled.",
  TimelockInsufficientDelay: (a) => `The delay ${dur(a.delay)} is shorter than the minimum of ${dur(a.minDelay)}.`,
  TimelockInvalidOperationLength: () => "The timelock operation's lists do not have the same length.",
  TimelockUnauthorizedCaller: (a) => `${str(a.caller)} may not do this on the timelock.`,
  TimelockUnexecutedPredecessor: () => "The operation this one depends on has not been executed.",
  TimelockUnexpectedOperationState: () =>
    "The timelock operation is not in a state that allows this (not ready or already done).",
  TokenAlreadyRegistered: (a, c) => `${c.tokenName(str(a.token))} is already a revenue token.`,
  TokenNotRegistered: (a, c) => `${c.tokenName(str(a.token))} is not a revenue token.`,
  TooManyAssets: (a) => `${str(a.count)} assets is more than the maximum of ${str(a.max)}.`,
  TooManyEntries: (a) => `${str(a.count)} entries is more than the maximum of ${str(a.max)}.`,
  TooManySignals: (a) => `${str(a.count)} signals is more than the maximum of ${str(a.max)}.`,
  TooManyTokens: (a) => `There may be at most ${str(a.max)} revenue tokens.`,
  TooManyVaults: () => "The factory holds the maximum number of indices.",
  TradeExceedsHoldings: (a, c) =>
    `The trade takes ${c.amountOf(str(a.asset), BigInt(str(a.amount)))} but the index holds ${c.amountOf(str(a.asset), BigInt(str(a.held)))}.`,
  UnexpectedCaller: (a) => `${str(a.caller)} is not allowed to call this.`,
  UnexpectedTrade: () => "An unexpected trade was attempted.",
  UnitsTooLarge: (a, c) => `The units of ${c.tokenName(str(a.asset))} per share are too large.`,
  UnknownChore: () => "Unknown housekeeping chore.",
  UnknownVault: (a) => `${str(a.vault)} is not an index of this protocol.`,
  UnlockTimeNotLater: (a) => `The new end ${time(a.end)} must be later than the current end ${time(a.currentEnd)}.`,
  Unprofitable: (a) => `The fill would yield ${str(a.amountOut)}, less than the ${str(a.required)} required.`,
  UnsupportedToken: (a, c) =>
    `${c.tokenName(str(a.asset))} takes a fee on transfer (${str(a.received)} received of ${str(a.sent)} sent); it cannot be in a basket.`,
  VaultNotConfigured: () => "This index has no rebalancing settings.",
  VotesExpiredSignature: (a) => `The delegation signature expired at ${time(a.expiry)}.`,
  WeightAboveCap: (a, c) =>
    `The weight of ${c.tokenName(str(a.asset))} (${pct(a.weight)}) is above the cap of ${pct(a.cap)}.`,
  WeightsNotWhole: (a) => `The target weights add up to ${pct(a.sum)}, not 100 %.`,
  ZeroAddress: () => "An address is missing (the zero address was given).",
  ZeroAmount: () => "The amount must be more than zero.",
  ZeroShares: () => "Enter an amount of index tokens above zero.",
  ZeroTreasury: () => "The treasury address is missing.",
  ZeroUnits: (a, c) => `${c.tokenName(str(a.asset))} would have zero units per share.`,
  ZeroWeight: (a, c) => `${c.tokenName(str(a.asset))} has a zero weight in the target.`,
};

const PANICS: Record<number, string> = {
  0x01: "an assertion failed",
  0x11: "an arithmetic overflow or underflow",
  0x12: "a division by zero",
  0x32: "an array index out of bounds",
};

export interface DecodedFailure {
  /** The error's name (`StalePrice`), `Error` for a revert string, `Panic`, or undefined when unknown. */
  name?: string;
  /** The sentence shown. */
  sentence: string;
  /** `Name(arg: value, …)` for the details line. */
  raw?: string;
}

/** The sentence for revert data, or undefined when the data is not one of our errors, a revert string or a panic. */
export function describeRevertData(data: Hex, ctx: SentenceContext = plainContext): DecodedFailure | undefined {
  let decoded;
  try {
    decoded = decodeErrorResult({ abi: allErrorsAbi, data });
  } catch {
    return undefined;
  }
  const inputs = (decoded.abiItem as { inputs: readonly { name?: string }[] }).inputs;
  const values = (decoded.args ?? []) as readonly unknown[];
  const args: ErrorArgs = {};
  inputs.forEach((input, i) => {
    args[input.name === undefined || input.name === "" ? String(i) : input.name] = values[i];
  });
  const errorName: string = decoded.errorName;
  const raw = `${errorName}(${inputs.map((input, i) => `${input.name ?? i}: ${String(values[i])}`).join(", ")})`;
  if (errorName === "Error") return { name: "Error", sentence: `The contract refused: ${String(values[0])}.`, raw };
  if (errorName === "Panic") {
    const code = Number(values[0]);
    return { name: "Panic", sentence: `The contract hit ${PANICS[code] ?? `panic code ${code}`}.`, raw };
  }
  const sentence = SENTENCES[errorName as ErrorName] as Sentence | undefined;
  if (sentence === undefined) return undefined;
  return { name: errorName, sentence: sentence(args, ctx), raw };
}

function revertDataOf(err: unknown): Hex | undefined {
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): Hex | undefined => {
    if (depth > 8 || e === null || typeof e !== "object" || seen.has(e)) return undefined;
    seen.add(e);
    const o = e as Record<string, unknown>;
    if (typeof o.data === "string" && /^0x[0-9a-fA-F]{8}/.test(o.data)) return o.data as Hex;
    if (typeof o.raw === "string" && /^0x[0-9a-fA-F]{8}/.test(o.raw)) return o.raw as Hex;
    for (const key of ["data", "cause", "error"]) {
      const found = visit(o[key], depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(err, 0);
}

/** An error of a read, a simulation or a transaction, in words: our custom error's sentence when it carries one. */
export function describeError(err: unknown, ctx: SentenceContext = plainContext): DecodedFailure {
  const data = revertDataOf(err);
  if (data !== undefined) {
    const decoded = describeRevertData(data, ctx);
    if (decoded !== undefined) return decoded;
  }
  if (err instanceof BaseError) {
    if (err.walk((e) => (e as { name?: string }).name === "UserRejectedRequestError") !== null) {
      return { name: "UserRejected", sentence: "You rejected the request in your wallet." };
    }
    return { sentence: err.shortMessage };
  }
  return { sentence: err instanceof Error ? err.message.split("\n")[0]! : String(err) };
}
