// The state of an index vault read at the block (calls), shared by the factory, vault and rebalancer mappings.
import { Address, BigDecimal, BigInt, Bytes, Entity, ethereum, log, Value } from "@graphprotocol/graph-ts";
import { Holding, Index, IndexDailySnapshot, IndexHourlySnapshot } from "../generated/schema";
import { IndexVault } from "../generated/templates/IndexVault/IndexVault";
import { PriceOracle } from "../generated/templates/IndexVault/PriceOracle";
import { getToken, toDecimal, wad, ZERO_BD, ZERO_BI } from "./helpers";

export const NAV_SOURCE = "call:IndexVault.navPerShare";
export const PRICE_SOURCE = "call:PriceOracle.getPrice";
export const UNAVAILABLE = "unavailable";

/** The Index of `vault`; a vault the factory never created stops indexing (it is reported, never skipped). */
export function loadIndex(vault: Address): Index {
  const index = Index.load(vault);
  if (index == null) {
    log.critical("unknown vault {}: no IndexFactory.VaultCreated for it", [vault.toHexString()]);
  }
  return changetype<Index>(index);
}

export function holdingId(vault: Address, asset: Address): Bytes {
  return vault.concat(asset);
}

/**
 * Reads supply, NAV per share, scale, basket and each asset's accounted amount and oracle price at the event's
 * block, and writes them to the Index and its Holdings (weights from the oracle values). NAV or a price that
 * reverts (a stale feed) leaves the value null with priceSource "unavailable".
 */
export function refreshIndex(index: Index, event: ethereum.Event): void {
  const vaultAddress = Address.fromBytes(index.id);
  const vault = IndexVault.bind(vaultAddress);
  const supply = vault.totalSupply();
  index.totalSupply = supply;
  index.totalSupplyDecimal = wad(supply);
  const nav = vault.try_navPerShare();
  if (nav.reverted) {
    index.navPerShare = null;
    index.navPerShareUSD = null;
    index.tvlUSD = null;
    index.priceSource = UNAVAILABLE;
  } else {
    index.navPerShare = nav.value;
    index.navPerShareUSD = wad(nav.value);
    index.tvlUSD = wad(nav.value).times(wad(supply));
    index.priceSource = NAV_SOURCE;
  }
  index.scale = vault.scale();
  index.basketVersion = vault.basketVersion();

  const basket = vault.getBasket();
  const assets = basket.value0;
  const units = basket.value1;
  const oracle = PriceOracle.bind(vault.oracle());
  const previous = index.assets;
  const current = new Array<Bytes>();
  const holdings = new Array<Holding>();
  let total = ZERO_BD;
  for (let i = 0; i < assets.length; i++) {
    const asset = assets[i];
    current.push(asset);
    const token = getToken(asset);
    const id = holdingId(vaultAddress, asset);
    let holding = Holding.load(id);
    if (holding == null) {
      holding = new Holding(id);
      holding.index = index.id;
      holding.asset = asset;
    }
    holding.unitsPerShare = units[i];
    holding.unitsPerShareDecimal = toDecimal(units[i], token.decimals);
    const accounted = vault.accountedOf(asset);
    holding.amount = accounted.value0;
    holding.amountDecimal = toDecimal(accounted.value0, token.decimals);
    const price = oracle.try_getPrice(asset);
    if (price.reverted) {
      holding.priceUSD = null;
      holding.valueUSD = null;
      holding.priceSource = UNAVAILABLE;
    } else {
      const priceUsd = wad(price.value);
      const value = holding.amountDecimal.times(priceUsd);
      holding.priceUSD = priceUsd;
      holding.valueUSD = value;
      holding.priceSource = PRICE_SOURCE;
      total = total.plus(value);
    }
    holding.inBasket = true;
    holding.lastUpdatedBlock = event.block.number;
    holdings.push(holding);
  }
  for (let i = 0; i < holdings.length; i++) {
    const h = holdings[i];
    const value = h.valueUSD;
    if (value === null || total.equals(ZERO_BD)) h.weight = null;
    else h.weight = (value as BigDecimal).div(total);
    h.save();
  }
  // Assets that left the basket (compaction) keep their history with inBasket false.
  for (let i = 0; i < previous.length; i++) {
    if (current.includes(previous[i])) continue;
    const gone = Holding.load(holdingId(vaultAddress, Address.fromBytes(previous[i])));
    if (gone != null) {
      gone.inBasket = false;
      gone.unitsPerShare = ZERO_BI;
      gone.unitsPerShareDecimal = ZERO_BD;
      gone.amount = ZERO_BI;
      gone.amountDecimal = ZERO_BD;
      gone.weight = null;
      gone.lastUpdatedBlock = event.block.number;
      gone.save();
    }
  }
  index.assets = current;
  index.lastUpdatedBlock = event.block.number;
  index.lastUpdatedTimestamp = event.block.timestamp;
}

/** What one event adds to the period counters of the snapshots. */
export class PeriodDelta {
  mintCount: i32 = 0;
  redeemCount: i32 = 0;
  mintShares: BigInt = ZERO_BI;
  redeemShares: BigInt = ZERO_BI;
  feeShares: BigInt = ZERO_BI;
}

/** The basket of `index` from its Holdings: assets, accounted amounts, weights (null if one is unpriced). */
class BasketState {
  amounts: Array<BigInt> = new Array<BigInt>();
  weights: Array<BigDecimal> | null = new Array<BigDecimal>();
  /** The assets with an oracle price at this event, and those prices (USD per whole token). */
  pricedAssets: Array<Bytes> = new Array<Bytes>();
  prices: Array<BigDecimal> = new Array<BigDecimal>();
}

function basketState(index: Index): BasketState {
  const state = new BasketState();
  const weights = new Array<BigDecimal>();
  let priced = true;
  const assets = index.assets;
  for (let i = 0; i < assets.length; i++) {
    const h = Holding.load(holdingId(Address.fromBytes(index.id), Address.fromBytes(assets[i])));
    if (h == null) {
      state.amounts.push(ZERO_BI);
      priced = false;
      continue;
    }
    state.amounts.push(h.amount);
    const price = h.priceUSD;
    if (price !== null) {
      state.pricedAssets.push(assets[i]);
      state.prices.push(price as BigDecimal);
    }
    const w = h.weight;
    if (w === null) priced = false;
    else weights.push(w as BigDecimal);
  }
  state.weights = priced ? weights : null;
  return state;
}

function cumulativeFees(index: Index): BigInt {
  return index.cumulativeMintFeeShares.plus(index.cumulativeRedeemFeeShares).plus(index.cumulativeManagementFeeShares);
}

/**
 * Writes the hourly and daily snapshot of `index` (after its running totals include the event): a new bucket starts
 * with zero period counters; cumulative fields and state are the index's running values.
 */
export function updateSnapshots(index: Index, event: ethereum.Event, delta: PeriodDelta): void {
  const basket = basketState(index);
  const ts = event.block.timestamp.toI32();
  const hour = ts / 3600;
  const hourId = index.id.concatI32(hour);
  let h = IndexHourlySnapshot.load(hourId);
  const newHour = h == null;
  if (h == null) h = new IndexHourlySnapshot(hourId);
  writeSnapshot(h, newHour, hour * 3600, index, event, basket, delta);
  h.save();

  const day = ts / 86400;
  const dayId = index.id.concatI32(day);
  let d = IndexDailySnapshot.load(dayId);
  const newDay = d == null;
  if (d == null) d = new IndexDailySnapshot(dayId);
  writeSnapshot(d, newDay, day * 86400, index, event, basket, delta);
  d.save();
}

/** A nullable field of `index` as a value (null stays null). */
function nullable(index: Index, field: string): Value {
  const v = index.get(field);
  return v == null ? Value.fromNull() : v;
}

/**
 * Fills one snapshot: IndexHourlySnapshot and IndexDailySnapshot have the same fields and differ only in their
 * period, so one writer serves both and they cannot drift.
 */
function writeSnapshot(
  s: Entity,
  isNew: bool,
  periodStart: i32,
  index: Index,
  event: ethereum.Event,
  basket: BasketState,
  delta: PeriodDelta,
): void {
  if (isNew) {
    s.setBytes("index", index.id);
    s.setI32("periodStart", periodStart);
    s.setI32("periodMintCount", 0);
    s.setI32("periodRedeemCount", 0);
    s.setBigInt("periodMintShares", ZERO_BI);
    s.setBigInt("periodRedeemShares", ZERO_BI);
    s.setBigInt("periodFeeShares", ZERO_BI);
  }
  s.setBigInt("blockNumber", event.block.number);
  s.setBigInt("timestamp", event.block.timestamp);
  s.setBigInt("totalSupply", index.totalSupply);
  s.setBigDecimal("totalSupplyDecimal", index.totalSupplyDecimal);
  s.set("navPerShare", nullable(index, "navPerShare"));
  s.set("navPerShareUSD", nullable(index, "navPerShareUSD"));
  s.set("tvlUSD", nullable(index, "tvlUSD"));
  s.setString("priceSource", index.priceSource);
  s.set("assets", Value.fromBytesArray(index.assets));
  s.set("amounts", Value.fromBigIntArray(basket.amounts));
  const weights = basket.weights;
  s.set("weights", weights === null ? Value.fromNull() : Value.fromBigDecimalArray(weights as Array<BigDecimal>));
  s.set("pricedAssets", Value.fromBytesArray(basket.pricedAssets));
  s.set("prices", Value.fromBigDecimalArray(basket.prices));
  s.setI32("periodMintCount", s.getI32("periodMintCount") + delta.mintCount);
  s.setI32("periodRedeemCount", s.getI32("periodRedeemCount") + delta.redeemCount);
  s.setBigInt("periodMintShares", s.getBigInt("periodMintShares").plus(delta.mintShares));
  s.setBigInt("periodRedeemShares", s.getBigInt("periodRedeemShares").plus(delta.redeemShares));
  s.setBigInt("periodFeeShares", s.getBigInt("periodFeeShares").plus(delta.feeShares));
  s.setBigInt("cumulativeMintShares", index.cumulativeMintShares);
  s.setBigInt("cumulativeRedeemShares", index.cumulativeRedeemShares);
  s.setBigInt("cumulativeFeeShares", cumulativeFees(index));
}
