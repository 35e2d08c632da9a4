/**
 * EIP-2612 permits for the router's trades: whether a token supports permit (from its EIP-5267 `eip712Domain()`, or
 * its `DOMAIN_SEPARATOR()` and `name()` with a known version), the EIP-712 typed data to sign, and the router call
 * that uses the signatures: `multicall([selfPermit(…), redeemToToken(…)])` (or `mintWithToken`), or for an in-kind
 * mint `multicall([selfPermit(…) per basket token lacking an allowance to the router, mintInKind(…)])`, with which
 * tokens need a signature (`planInKindPermits`). Pure functions; the reads are in hooks/permit.ts.
 */
import {
  decodeFunctionData,
  encodeFunctionData,
  getAddress,
  domainSeparator,
  parseSignature,
  type Address,
  type Hex,
  type TypedDataDomain,
} from "viem";
import { IndexRouterAbi } from "../../../bindings/abis.js";

/** The EIP-2612 struct. */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** A token's permit domain and the owner's next nonce: what signing a permit needs. */
export interface PermitSupport {
  domain: TypedDataDomain;
  nonce: bigint;
}

/** What `eip712Domain()` (EIP-5267) returns: fields bitmap, name, version, chainId, verifyingContract, salt, extensions. */
export type Eip712DomainResult = readonly [Hex, string, string, bigint, Address, Hex, readonly bigint[]];

/**
 * The reads permit detection uses, each `undefined` when it failed (the call reverted or the function is missing).
 * `nonce` is `nonces(owner)`.
 */
export interface PermitReads {
  nonce: bigint | undefined;
  eip712Domain: Eip712DomainResult | undefined;
  domainSeparator: Hex | undefined;
  name: string | undefined;
}

/**
 * Versions tried for a token without `eip712Domain()`: its domain must hash to its `DOMAIN_SEPARATOR()` with one of
 * them (OpenZeppelin's ERC20Permit uses "1"; USDC uses "2").
 */
export const KNOWN_PERMIT_VERSIONS = ["1", "2"] as const;

/**
 * The token's permit domain and nonce, or `undefined` when it does not support EIP-2612 as far as the reads show:
 * no `nonces(owner)`, or no domain (neither a usable `eip712Domain()` nor a `DOMAIN_SEPARATOR()` that a domain of its
 * name, a known version, `chainId` and its address hashes to). A domain with a salt or extensions is not used.
 */
export function permitSupport(reads: PermitReads, token: Address, chainId: number): PermitSupport | undefined {
  if (reads.nonce === undefined) return undefined;
  const domain = domainOf(reads, token, chainId);
  return domain === undefined ? undefined : { domain, nonce: reads.nonce };
}

function domainOf(reads: PermitReads, token: Address, chainId: number): TypedDataDomain | undefined {
  if (reads.eip712Domain !== undefined) {
    const [fields, name, version, domainChainId, verifyingContract, , extensions] = reads.eip712Domain;
    const bits = Number(BigInt(fields));
    // Name, version, chainId and verifyingContract (0x0f) are what EIP-2612 tokens use; a salt (0x10) or
    // extensions would need handling this dApp does not do.
    if ((bits & 0x10) !== 0 || extensions.length > 0 || bits === 0) return undefined;
    const domain: TypedDataDomain = {};
    if (bits & 0x01) domain.name = name;
    if (bits & 0x02) domain.version = version;
    if (bits & 0x04) {
      if (Number(domainChainId) !== chainId) return undefined;
      domain.chainId = chainId;
    }
    if (bits & 0x08) {
      if (getAddress(verifyingContract) !== getAddress(token)) return undefined;
      domain.verifyingContract = getAddress(verifyingContract);
    }
    return domain;
  }
  if (reads.domainSeparator === undefined || reads.name === undefined) return undefined;
  for (const version of KNOWN_PERMIT_VERSIONS) {
    const domain: TypedDataDomain = { name: reads.name, version, chainId, verifyingContract: getAddress(token) };
    if (domainSeparator({ domain }) === reads.domainSeparator) {
      return domain;
    }
  }
  return undefined;
}

/** The permit's message. */
export interface PermitMessage {
  owner: Address;
  spender: Address;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
}

/** EIP-712 typed data of a permit, for `signTypedData` (wagmi or viem). */
export function permitTypedData(domain: TypedDataDomain, message: PermitMessage) {
  return { domain, types: PERMIT_TYPES, primaryType: "Permit" as const, message };
}

/** A signed permit for the router: the token, the value and deadline signed, and the signature. */
export interface SignedPermit {
  token: Address;
  value: bigint;
  deadline: bigint;
  signature: Hex;
}

/** The router trade a permit goes with. */
export type RouterTrade =
  | {
      functionName: "redeemToToken";
      args: readonly [
        vault: Address,
        shares: bigint,
        tokenOut: Address,
        minOut: bigint,
        receiver: Address,
        deadline: bigint,
      ];
    }
  | {
      functionName: "mintWithToken";
      args: readonly [
        vault: Address,
        tokenIn: Address,
        shares: bigint,
        maxIn: bigint,
        receiver: Address,
        deadline: bigint,
      ];
    }
  | {
      functionName: "mintInKind";
      args: readonly [
        vault: Address,
        shares: bigint,
        maxAmountsIn: readonly bigint[],
        receiver: Address,
        deadline: bigint,
      ];
    };

/** `selfPermit(token, value, deadline, v, r, s)` calldata for the signature. */
export function encodeSelfPermit(permit: SignedPermit): Hex {
  const { r, s, v, yParity } = parseSignature(permit.signature);
  const vByte = v !== undefined ? Number(v) : 27 + yParity;
  return encodeFunctionData({
    abi: IndexRouterAbi,
    functionName: "selfPermit",
    args: [permit.token, permit.value, permit.deadline, vByte, r, s],
  });
}

/** The router trade's calldata. */
export function encodeRouterTrade(trade: RouterTrade): Hex {
  switch (trade.functionName) {
    case "redeemToToken":
      return encodeFunctionData({ abi: IndexRouterAbi, functionName: "redeemToToken", args: trade.args });
    case "mintWithToken":
      return encodeFunctionData({ abi: IndexRouterAbi, functionName: "mintWithToken", args: trade.args });
    case "mintInKind":
      return encodeFunctionData({ abi: IndexRouterAbi, functionName: "mintInKind", args: trade.args });
  }
}

/** The calldata of each call of a `multicall([selfPermit(…) for each permit, trade])`, in order (no permit: the trade). */
export function permitsMulticallData(permits: readonly SignedPermit[], trade: RouterTrade): Hex[] {
  return [...permits.map(encodeSelfPermit), encodeRouterTrade(trade)];
}

/** One basket token of an in-kind mint, as the permit plan needs it. */
export interface InKindToken {
  token: Address;
  symbol: string;
  decimals: number;
  /** What the vault's preview pulls now. */
  amount: bigint;
  /** The owner's allowance to the router (not to the vault). */
  routerAllowance: bigint;
  /** The token's permit domain and the owner's nonce, `undefined` when it has no permit. */
  permit: PermitSupport | undefined;
}

/** A permit to sign for an in-kind mint through the router: `value` is exactly the preview's amount. */
export interface InKindPermit {
  token: Address;
  symbol: string;
  decimals: number;
  value: bigint;
  domain: TypedDataDomain;
}

/**
 * Which basket tokens an in-kind mint through the router (`multicall([selfPermit…, mintInKind])`) needs a signature
 * for: each with a non-zero amount whose allowance to the router is below it, for exactly that amount. `available` is
 * whether every one of them supports permit (then the mint needs no approval transaction); `missing` lists the
 * symbols of those that do not.
 */
export function planInKindPermits(tokens: readonly InKindToken[]): {
  available: boolean;
  permits: InKindPermit[];
  missing: string[];
} {
  const short = tokens.filter((t) => t.amount > 0n && t.routerAllowance < t.amount);
  const missing = short.filter((t) => t.permit === undefined).map((t) => t.symbol);
  const permits = short
    .filter((t) => t.permit !== undefined)
    .map((t) => ({
      token: t.token,
      symbol: t.symbol,
      decimals: t.decimals,
      value: t.amount,
      domain: t.permit!.domain,
    }));
  return { available: missing.length === 0, permits, missing };
}

/** Each call of a router `multicall`, decoded (function name and arguments), e.g. for a preview or a test. */
export function decodeMulticall(data: readonly Hex[]) {
  return data.map((d) => decodeFunctionData({ abi: IndexRouterAbi, data: d }));
}
