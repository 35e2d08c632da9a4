// IndexVault (template, one instance per vault the factory created): mints, redeems, transfers, fees, trades.
import { Address, BigDecimal, BigInt, Bytes, Entity, ethereum, Value } from "@graphprotocol/graph-ts";
import {
  BasketLayoutChanged,
  DeferredWithdrawn,
  ManagementFeeAccrued,
  ManagementFeeSet,
  Minted,
  MintFeeSet,
  RebalanceTraded,
  Redeemed,
  RedeemFeeSet,
  Transfer,
  TransferDeferred,
} from "../generated/templates/IndexVault/IndexVault";
import {
  Account,
  AccountIndexPosition,
  AccountIndexPositionDailySnapshot,
  DeferredClaim,
  DeferredEvent,
  FeeAccrual,
  Index,
  Mint,
  Redeem,
} from "../generated/schema";
import { eventId, getProtocol, getToken, ONE_BI, toDecimal, wad, ZERO_BI } from "./helpers";
import { loadIndex, PeriodDelta, refreshIndex, updateSnapshots } from "./indexState";

function getAccount(address: Address): Account {
  let account = Account.load(address);
  if (account == null) {
    account = new Account(address);
    account.save();
  }
  return account;
}

function getPosition(index: Index, account: Address, event: ethereum.Event): AccountIndexPosition {
  const id = index.id.concat(account);
  let position = AccountIndexPosition.load(id);
  if (position == null) {
    getAccount(account);
    position = new AccountIndexPosition(id);
    position.account = account;
    position.index = index.id;
    position.balance = ZERO_BI;
    position.balanceDecimal = wad(ZERO_BI);
    position.mintedShares = ZERO_BI;
    position.redeemedShares = ZERO_BI;
  }
  position.lastUpdatedBlock = event.block.number;
  return position;
}

/** Saves `position` and its snapshot of the event's day. */
function savePosition(position: AccountIndexPosition, event: ethereum.Event): void {
  position.save();
  const day = event.block.timestamp.toI32() / 86400;
  const id = position.id.concatI32(day);
  let snap = AccountIndexPositionDailySnapshot.load(id);
  if (snap == null) {
    snap = new AccountIndexPositionDailySnapshot(id);
    snap.position = position.id;
    snap.account = position.account;
    snap.index = position.index;
    snap.periodStart = day * 86400;
  }
  snap.blockNumber = event.block.number;
  snap.balance = position.balance;
  snap.balanceDecimal = position.balanceDecimal;
  snap.mintedShares = position.mintedShares;
  snap.redeemedShares = position.redeemedShares;
  snap.save();
}

function recordFee(
  index: Index,
  event: ethereum.Event,
  kind: string,
  feeShares: BigInt,
  newScale: BigInt | null,
): void {
  if (feeShares.isZero()) return;
  const fee = new FeeAccrual(eventId(event).concat(Bytes.fromUTF8(kind)));
  fee.index = index.id;
  fee.kind = kind;
  fee.feeShares = feeShares;
  fee.feeSharesDecimal = wad(feeShares);
  fee.newScale = newScale;
  fee.blockNumber = event.block.number;
  fee.timestamp = event.block.timestamp;
  fee.transaction = event.transaction.hash;
  fee.save();
}

/** Refreshes the index from the chain, writes it and its snapshots with `delta`. */
function finish(index: Index, event: ethereum.Event, delta: PeriodDelta): void {
  refreshIndex(index, event);
  index.save();
  updateSnapshots(index, event, delta);
}

/**
 * The fields Mint and Redeem share (they differ only in the name of the per-asset amounts), so the two records
 * cannot drift apart.
 */
function writeFlow(
  e: Entity,
  index: Index,
  event: ethereum.Event,
  caller: Bytes,
  receiver: Bytes,
  shares: BigInt,
  feeShares: BigInt,
  amountsField: string,
  amounts: Array<BigInt>,
): void {
  e.setBytes("index", index.id);
  e.setBytes("caller", caller);
  e.setBytes("receiver", receiver);
  e.setBigInt("shares", shares);
  e.setBigDecimal("sharesDecimal", wad(shares));
  e.setBigInt("feeShares", feeShares);
  e.set("assets", Value.fromBytesArray(index.assets));
  e.set(amountsField, Value.fromBigIntArray(amounts));
  const nav = index.navPerShareUSD;
  e.set("navPerShareUSD", nav === null ? Value.fromNull() : Value.fromBigDecimal(nav as BigDecimal));
  e.setBigInt("blockNumber", event.block.number);
  e.setBigInt("timestamp", event.block.timestamp);
  e.setBytes("transaction", event.transaction.hash);
  e.setBigInt("logIndex", event.logIndex);
}

export function handleMinted(event: Minted): void {
  const index = loadIndex(event.address);
  const p = event.params;
  index.mintCount = index.mintCount.plus(ONE_BI);
  index.cumulativeMintShares = index.cumulativeMintShares.plus(p.shares);
  index.cumulativeMintFeeShares = index.cumulativeMintFeeShares.plus(p.feeShares);
  const delta = new PeriodDelta();
  delta.mintCount = 1;
  delta.mintShares = p.shares;
  delta.feeShares = p.feeShares;
  finish(index, event, delta);

  getAccount(p.receiver);
  const mint = new Mint(eventId(event));
  writeFlow(mint, index, event, p.caller, p.receiver, p.shares, p.feeShares, "amountsIn", p.amountsIn);
  mint.save();
  recordFee(index, event, "MINT", p.feeShares, null);

  const position = getPosition(index, p.receiver, event);
  position.mintedShares = position.mintedShares.plus(p.shares);
  savePosition(position, event);

  const protocol = getProtocol();
  protocol.mintCount = protocol.mintCount.plus(ONE_BI);
  protocol.save();
}

export function handleRedeemed(event: Redeemed): void {
  const index = loadIndex(event.address);
  const p = event.params;
  index.redeemCount = index.redeemCount.plus(ONE_BI);
  index.cumulativeRedeemShares = index.cumulativeRedeemShares.plus(p.shares);
  index.cumulativeRedeemFeeShares = index.cumulativeRedeemFeeShares.plus(p.feeShares);
  const delta = new PeriodDelta();
  delta.redeemCount = 1;
  delta.redeemShares = p.shares;
  delta.feeShares = p.feeShares;
  finish(index, event, delta);

  getAccount(p.caller);
  const redeem = new Redeem(eventId(event));
  writeFlow(redeem, index, event, p.caller, p.receiver, p.shares, p.feeShares, "amountsOut", p.amountsOut);
  redeem.save();
  recordFee(index, event, "REDEEM", p.feeShares, null);

  const position = getPosition(index, p.caller, event);
  position.redeemedShares = position.redeemedShares.plus(p.shares);
  savePosition(position, event);

  const protocol = getProtocol();
  protocol.redeemCount = protocol.redeemCount.plus(ONE_BI);
  protocol.save();
}

export function handleTransfer(event: Transfer): void {
  const index = loadIndex(event.address);
  const p = event.params;
  if (!p.from.equals(Address.zero())) {
    const from = getPosition(index, p.from, event);
    from.balance = from.balance.minus(p.value);
    from.balanceDecimal = wad(from.balance);
    savePosition(from, event);
  }
  if (!p.to.equals(Address.zero())) {
    const to = getPosition(index, p.to, event);
    to.balance = to.balance.plus(p.value);
    to.balanceDecimal = wad(to.balance);
    savePosition(to, event);
  }
}

export function handleManagementFeeAccrued(event: ManagementFeeAccrued): void {
  const index = loadIndex(event.address);
  const p = event.params;
  index.cumulativeManagementFeeShares = index.cumulativeManagementFeeShares.plus(p.feeShares);
  const delta = new PeriodDelta();
  delta.feeShares = p.feeShares;
  finish(index, event, delta);
  recordFee(index, event, "MANAGEMENT", p.feeShares, p.newScale);
}

export function handleManagementFeeSet(event: ManagementFeeSet): void {
  const index = loadIndex(event.address);
  index.managementFee = event.params.annualFee;
  index.managementFeeDecimal = wad(event.params.annualFee);
  index.save();
}

export function handleMintFeeSet(event: MintFeeSet): void {
  const index = loadIndex(event.address);
  index.mintFee = event.params.mintFee;
  index.mintFeeDecimal = wad(event.params.mintFee);
  index.save();
}

export function handleRedeemFeeSet(event: RedeemFeeSet): void {
  const index = loadIndex(event.address);
  index.redeemFee = event.params.redeemFee;
  index.redeemFeeDecimal = wad(event.params.redeemFee);
  index.save();
}

export function handleRebalanceTraded(event: RebalanceTraded): void {
  finish(loadIndex(event.address), event, new PeriodDelta());
}

export function handleBasketLayoutChanged(event: BasketLayoutChanged): void {
  finish(loadIndex(event.address), event, new PeriodDelta());
}

/**
 * Applies one change to the claim of `account` on `asset` in the vault that emitted `event`: `added` is positive
 * for a deferral, negative for a withdrawal. The claim's amount follows IndexVault.deferred(account, asset).
 */
function changeDeferredClaim(
  event: ethereum.Event,
  account: Address,
  asset: Address,
  kind: string,
  amount: BigInt,
  to: Bytes | null,
): void {
  const index = loadIndex(event.address);
  getAccount(account);
  const token = getToken(asset);
  const id = event.address.concat(account).concat(asset);
  let claim = DeferredClaim.load(id);
  if (claim == null) {
    claim = new DeferredClaim(id);
    claim.index = index.id;
    claim.account = account;
    claim.asset = asset;
    claim.amount = ZERO_BI;
    claim.totalDeferred = ZERO_BI;
    claim.totalWithdrawn = ZERO_BI;
  }
  if (kind == "DEFERRED") {
    claim.amount = claim.amount.plus(amount);
    claim.totalDeferred = claim.totalDeferred.plus(amount);
  } else {
    claim.amount = claim.amount.minus(amount);
    claim.totalWithdrawn = claim.totalWithdrawn.plus(amount);
  }
  claim.amountDecimal = toDecimal(claim.amount, token.decimals);
  claim.lastUpdatedBlock = event.block.number;
  claim.lastUpdatedTimestamp = event.block.timestamp;
  claim.save();

  const change = new DeferredEvent(eventId(event));
  change.claim = id;
  change.kind = kind;
  change.amount = amount;
  change.amountDecimal = toDecimal(amount, token.decimals);
  change.to = to;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transaction = event.transaction.hash;
  change.save();
}

export function handleTransferDeferred(event: TransferDeferred): void {
  const p = event.params;
  changeDeferredClaim(event, p.account, p.asset, "DEFERRED", p.amount, null);
}

export function handleDeferredWithdrawn(event: DeferredWithdrawn): void {
  const p = event.params;
  changeDeferredClaim(event, p.account, p.asset, "WITHDRAWN", p.amount, p.to);
}
