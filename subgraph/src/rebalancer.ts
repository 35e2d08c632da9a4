// Rebalancer: targets, regime signals and switches, auctions and their bids (the trade log).
import { Address, BigDecimal, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  BidFilled,
  RebalanceStarted,
  RegimeSignalCleared,
  RegimeSignalled,
  RegimeSwitched,
  TargetActivated,
  TargetCancelled,
  TargetPosted,
  TargetReplaced,
} from "../generated/Rebalancer/Rebalancer";
import { Auction, Bid, Index, RegimeSwitch, Target } from "../generated/schema";
import { eventId, getProtocol, getToken, ONE_BI, regimeName, toDecimal, wad } from "./helpers";
import { loadIndex } from "./indexState";

function targetId(vault: Address, key: Bytes): Bytes {
  return vault.concat(key);
}

function setTargetStatus(vault: Address, key: Bytes, status: string): Target | null {
  const target = Target.load(targetId(vault, key));
  if (target != null) {
    target.status = status;
    target.save();
  }
  return target;
}

export function handleTargetPosted(event: TargetPosted): void {
  const p = event.params;
  loadIndex(p.vault);
  const target = new Target(targetId(p.vault, p.key));
  target.index = p.vault;
  target.key = p.key;
  const assets = new Array<Bytes>();
  for (let i = 0; i < p.assets.length; i++) assets.push(p.assets[i]);
  target.assets = assets;
  target.weights = p.weights;
  const weights = new Array<BigDecimal>();
  for (let i = 0; i < p.weights.length; i++) weights.push(wad(p.weights[i]));
  target.weightsDecimal = weights;
  target.effectiveAt = p.effectiveAt;
  target.snapshotHash = p.snapshotHash;
  target.status = "POSTED";
  target.postedAtBlock = event.block.number;
  target.postedAtTimestamp = event.block.timestamp;
  target.transaction = event.transaction.hash;
  target.save();
}

export function handleTargetReplaced(event: TargetReplaced): void {
  setTargetStatus(event.params.vault, event.params.oldKey, "REPLACED");
}

export function handleTargetCancelled(event: TargetCancelled): void {
  setTargetStatus(event.params.vault, event.params.key, "CANCELLED");
}

export function handleTargetActivated(event: TargetActivated): void {
  const index = loadIndex(event.params.vault);
  const previous = index.currentTarget;
  if (previous !== null && !(previous as Bytes).equals(targetId(event.params.vault, event.params.key))) {
    const old = Target.load(previous);
    if (old != null && old.status == "ACTIVE") {
      old.status = "REPLACED";
      old.save();
    }
  }
  const target = setTargetStatus(event.params.vault, event.params.key, "ACTIVE");
  if (target != null) index.currentTarget = target.id;
  index.save();
}

function regimeEvent(index: Index, event: ethereum.Event, kind: string): RegimeSwitch {
  const r = new RegimeSwitch(eventId(event));
  r.index = index.id;
  r.kind = kind;
  r.previousRegime = index.regime;
  r.blockNumber = event.block.number;
  r.timestamp = event.block.timestamp;
  r.transaction = event.transaction.hash;
  return r;
}

export function handleRegimeSignalled(event: RegimeSignalled): void {
  const index = loadIndex(event.params.vault);
  const r = regimeEvent(index, event, "SIGNALLED");
  r.regime = regimeName(event.params.regime);
  r.dueAt = event.params.dueAt;
  r.save();
  index.pendingRegime = r.regime;
  index.pendingRegimeDueAt = event.params.dueAt;
  index.save();
}

export function handleRegimeSignalCleared(event: RegimeSignalCleared): void {
  const index = loadIndex(event.params.vault);
  regimeEvent(index, event, "CLEARED").save();
  index.pendingRegime = null;
  index.pendingRegimeDueAt = null;
  index.save();
}

export function handleRegimeSwitched(event: RegimeSwitched): void {
  const index = loadIndex(event.params.vault);
  const r = regimeEvent(index, event, "SWITCHED");
  r.regime = regimeName(event.params.regime);
  r.save();
  index.regime = regimeName(event.params.regime);
  index.pendingRegime = null;
  index.pendingRegimeDueAt = null;
  index.save();
}

function auctionId(vault: Address, id: BigInt): Bytes {
  return vault.concatI32(id.toI32());
}

export function handleRebalanceStarted(event: RebalanceStarted): void {
  const p = event.params;
  loadIndex(p.vault);
  const auction = new Auction(auctionId(p.vault, p.auctionId));
  auction.index = p.vault;
  auction.auctionId = p.auctionId;
  auction.targetKey = p.key;
  const target = Target.load(targetId(p.vault, p.key));
  if (target != null) auction.target = target.id;
  auction.navUSD = wad(p.navUsd);
  auction.start = p.start;
  auction.end = p.end;
  auction.bidCount = 0;
  auction.blockNumber = event.block.number;
  auction.transaction = event.transaction.hash;
  auction.save();
  const protocol = getProtocol();
  protocol.auctionCount = protocol.auctionCount.plus(ONE_BI);
  protocol.save();
}

export function handleBidFilled(event: BidFilled): void {
  const p = event.params;
  loadIndex(p.vault);
  const auction = Auction.load(auctionId(p.vault, p.auctionId));
  if (auction == null) {
    throw new Error("BidFilled for an auction without RebalanceStarted: " + p.auctionId.toString());
  }
  auction.bidCount += 1;
  auction.save();
  const bid = new Bid(eventId(event));
  bid.auction = auction.id;
  bid.index = p.vault;
  bid.bidder = p.bidder;
  bid.sell = p.sell;
  bid.sellAmount = p.sellAmount;
  bid.sellAmountDecimal = toDecimal(p.sellAmount, getToken(p.sell).decimals);
  bid.buy = p.buy;
  bid.buyAmount = p.buyAmount;
  bid.buyAmountDecimal = toDecimal(p.buyAmount, getToken(p.buy).decimals);
  bid.priceFactor = p.priceFactor;
  bid.priceFactorDecimal = wad(p.priceFactor);
  bid.blockNumber = event.block.number;
  bid.timestamp = event.block.timestamp;
  bid.transaction = event.transaction.hash;
  bid.save();
  const protocol = getProtocol();
  protocol.bidCount = protocol.bidCount.plus(ONE_BI);
  protocol.save();
}
