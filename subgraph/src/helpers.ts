// Shared helpers of the mappings: constants, decimal scaling, ids, the Protocol singleton, tokens.
import { Address, BigDecimal, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { Protocol, Token } from "../generated/schema";
import { ERC20 } from "../generated/templates/IndexVault/ERC20";

export const ZERO_BI = BigInt.zero();
export const ONE_BI = BigInt.fromI32(1);
export const ZERO_BD = BigDecimal.zero();
export const WAD = BigInt.fromString("1000000000000000000");
export const PROTOCOL_ID = "protocol";

/** 10^decimals as a BigDecimal. */
export function exponent(decimals: i32): BigDecimal {
  return BigInt.fromI32(10)
    .pow(decimals as u8)
    .toBigDecimal();
}

/** `amount` base units of a token with `decimals` decimals, as a decimal number of whole tokens. */
export function toDecimal(amount: BigInt, decimals: i32): BigDecimal {
  if (decimals == 0) return amount.toBigDecimal();
  return amount.toBigDecimal().div(exponent(decimals));
}

/** An 18-decimal fixed-point value (shares, USD, fractions) as a decimal. */
export function wad(amount: BigInt): BigDecimal {
  return toDecimal(amount, 18);
}

/** Id of an immutable entity recorded from an event: transaction hash + log index. */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

export function getProtocol(): Protocol {
  let p = Protocol.load(PROTOCOL_ID);
  if (p == null) {
    p = new Protocol(PROTOCOL_ID);
    p.indexCount = 0;
    p.mintCount = ZERO_BI;
    p.redeemCount = ZERO_BI;
    p.auctionCount = ZERO_BI;
    p.bidCount = ZERO_BI;
    p.proposalCount = ZERO_BI;
    p.voteCount = ZERO_BI;
    p.lockCount = ZERO_BI;
    p.totalLocked = ZERO_BI;
    p.totalLockedDecimal = ZERO_BD;
    p.revenueDepositCount = ZERO_BI;
    p.claimCount = ZERO_BI;
  }
  return p;
}

/** The token at `address`, read once from its ERC-20 views (a reverting view gives "?" / 18 and is logged). */
export function getToken(address: Address): Token {
  let token = Token.load(address);
  if (token != null) return token;
  token = new Token(address);
  const erc20 = ERC20.bind(address);
  const symbol = erc20.try_symbol();
  const name = erc20.try_name();
  const decimals = erc20.try_decimals();
  token.symbol = symbol.reverted ? "?" : symbol.value;
  token.name = name.reverted ? "?" : name.value;
  token.decimals = decimals.reverted ? 18 : decimals.value;
  token.save();
  return token;
}

export function regimeName(regime: i32): string {
  return regime == 0 ? "RISK_ON" : "RISK_OFF";
}
