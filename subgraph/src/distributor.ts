// RevenueDistributor: deposits, finalized weeks and claims.
import { Address, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  Claimed,
  ClaimedAndLocked,
  Deposited,
  RevenueDistributor,
  WeekFinalized,
} from "../generated/RevenueDistributor/RevenueDistributor";
import { Claim, RevenueDeposit, RevenueWeek } from "../generated/schema";
import { eventId, getProtocol, ONE_BI } from "./helpers";

export function handleDeposited(event: Deposited): void {
  const p = event.params;
  const d = new RevenueDeposit(eventId(event));
  d.token = p.token;
  d.from = p.from;
  d.amount = p.amount;
  d.blockNumber = event.block.number;
  d.timestamp = event.block.timestamp;
  d.transaction = event.transaction.hash;
  d.save();
  const protocol = getProtocol();
  protocol.revenueDepositCount = protocol.revenueDepositCount.plus(ONE_BI);
  protocol.save();
}

export function handleWeekFinalized(event: WeekFinalized): void {
  const p = event.params;
  const id = p.token.concatI32(p.week.toI32());
  let w = RevenueWeek.load(id);
  if (w == null) {
    w = new RevenueWeek(id);
    w.token = p.token;
    w.week = p.week;
  }
  w.amount = p.distributed;
  w.totalScaledPower = p.scaledSupply;
  w.blockNumber = event.block.number;
  w.save();
}

/** One claim per account and token in a transaction: transaction hash + account + token. */
function claimId(event: ethereum.Event, account: Address, token: Address): Bytes {
  return event.transaction.hash.concat(account).concat(token);
}

export function handleClaimed(event: Claimed): void {
  const p = event.params;
  const c = new Claim(claimId(event, p.account, p.token));
  c.account = p.account;
  c.token = p.token;
  c.amount = p.amount;
  c.fromWeek = p.fromWeek;
  c.toWeek = p.toWeek;
  c.locked = false;
  c.blockNumber = event.block.number;
  c.timestamp = event.block.timestamp;
  c.transaction = event.transaction.hash;
  c.save();
  const protocol = getProtocol();
  protocol.claimCount = protocol.claimCount.plus(ONE_BI);
  protocol.save();
}

/** claimAndLock: the TMAI Claimed earlier in the same transaction went into the caller's lock. */
export function handleClaimedAndLocked(event: ClaimedAndLocked): void {
  const tmai = RevenueDistributor.bind(event.address).tmai();
  const c = Claim.load(claimId(event, event.params.account, tmai));
  if (c == null) {
    throw new Error("ClaimedAndLocked without a TMAI Claimed in its transaction");
  }
  c.locked = true;
  c.save();
}
