// VeTMAI: locks (with bias and slope so a client computes decaying power) and delegation.
import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";
import { Delegate, DelegateChange, DelegateVotingPowerChange, Lock, LockEvent } from "../generated/schema";
import { DelegateChanged, DelegateVotesChanged, LockUpdated, Withdrawn } from "../generated/VeTMAI/VeTMAI";
import { eventId, getProtocol, ONE_BI, wad, ZERO_BI } from "./helpers";

/** LockMath.MAXTIME: 52 weeks. */
const MAXTIME = BigInt.fromI32(52 * 7 * 86400);

function getLock(account: Address): Lock {
  let lock = Lock.load(account);
  if (lock == null) {
    lock = new Lock(account);
    lock.account = account;
    lock.amount = ZERO_BI;
    lock.end = ZERO_BI;
    lock.withdrawn = false;
    const protocol = getProtocol();
    protocol.lockCount = protocol.lockCount.plus(ONE_BI);
    protocol.save();
  }
  return lock;
}

/** Sets amount and end at the event's time, with bias = amount * (end - t) and slope = amount (0 once expired). */
function setLock(lock: Lock, amount: BigInt, end: BigInt, event: ethereum.Event): void {
  const protocol = getProtocol();
  protocol.totalLocked = protocol.totalLocked.minus(lock.amount).plus(amount);
  protocol.totalLockedDecimal = wad(protocol.totalLocked);
  protocol.save();
  const t = event.block.timestamp;
  lock.amount = amount;
  lock.amountDecimal = wad(amount);
  lock.end = end;
  const live = end.gt(t) && !amount.isZero();
  lock.bias = live ? amount.times(end.minus(t)) : ZERO_BI;
  lock.slope = live ? amount : ZERO_BI;
  lock.score = lock.bias.div(MAXTIME);
  lock.timestamp = t;
  lock.save();
}

function lockEvent(lock: Lock, event: ethereum.Event, kind: string, added: BigInt): LockEvent {
  const e = new LockEvent(eventId(event));
  e.lock = lock.id;
  e.kind = kind;
  e.added = added;
  e.amount = lock.amount;
  e.end = lock.end;
  e.bias = lock.bias;
  e.slope = lock.slope;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.transaction = event.transaction.hash;
  return e;
}

export function handleLockUpdated(event: LockUpdated): void {
  const p = event.params;
  const lock = getLock(p.account);
  lock.withdrawn = false;
  setLock(lock, p.amount, p.end, event);
  const e = lockEvent(lock, event, "LOCK", p.added);
  e.payer = p.payer;
  e.save();
}

export function handleWithdrawn(event: Withdrawn): void {
  const lock = getLock(event.params.account);
  lock.withdrawn = true;
  setLock(lock, ZERO_BI, ZERO_BI, event);
  lockEvent(lock, event, "WITHDRAW", ZERO_BI.minus(event.params.amount)).save();
}

function getDelegate(address: Address, event: ethereum.Event): Delegate {
  let d = Delegate.load(address);
  if (d == null) {
    d = new Delegate(address);
    d.votingPower = ZERO_BI;
    d.delegatorCount = 0;
  }
  d.lastUpdatedTimestamp = event.block.timestamp;
  return d;
}

export function handleDelegateChanged(event: DelegateChanged): void {
  const p = event.params;
  const change = new DelegateChange(eventId(event));
  change.delegator = p.delegator;
  change.fromDelegate = p.fromDelegate;
  change.toDelegate = p.toDelegate;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transaction = event.transaction.hash;
  change.save();
  // Counts other accounts only: a lock delegates to itself implicitly, without an event.
  if (!p.fromDelegate.equals(Address.zero()) && !p.fromDelegate.equals(p.delegator)) {
    const from = getDelegate(p.fromDelegate, event);
    from.delegatorCount -= 1;
    from.save();
  }
  if (!p.toDelegate.equals(Address.zero()) && !p.toDelegate.equals(p.delegator)) {
    const to = getDelegate(p.toDelegate, event);
    to.delegatorCount += 1;
    to.save();
  }
}

export function handleDelegateVotesChanged(event: DelegateVotesChanged): void {
  const p = event.params;
  const d = getDelegate(p.delegate, event);
  d.votingPower = p.newVotes;
  d.save();
  const change = new DelegateVotingPowerChange(eventId(event));
  change.delegate = p.delegate;
  change.previousBalance = p.previousVotes;
  change.newBalance = p.newVotes;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transaction = event.transaction.hash;
  change.save();
}
