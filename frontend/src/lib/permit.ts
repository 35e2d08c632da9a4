/**
 * EIP-2612 permits for the router's one-asset trades: whether a token supports permit (from its EIP-5267
 * `eip712Domain()`, or its `DOMAIN_SEPARATOR()` and `name()` with a known version), the EIP-712 typed data to sign,
 * and the router call that uses the signature: `multicall([selfPermit(…), redeemToToken(…)])` (or `mintWithToken`).
 * Pure functions; the reads are in hooks/permit.ts.
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

/** The calldata of each call of a `multicall([selfPermit(…), trade])`, in order. */
export function permitMulticallData(permit: SignedPermit, trade: RouterTrade): readonly [Hex, Hex] {
  const tradeData =
    trade.functionName === "redeemToToken"
      ? encodeFunctionData({ abi: IndexRouterAbi, functionName: "redeemToToken", args: trade.args })
      : encodeFunctionData({ abi: IndexRouterAbi, functionName: "mintWithToken", args: trade.args });
  return [encodeSelfPermit(permit), tradeData];
}

/** Each call of a router `multicall`, decoded (function name and arguments), e.g. for a preview or a test. */
export function decodeMulticall(data: readonly Hex[]) {
  return data.map((d) => decodeFunctionData({ abi: IndexRouterAbi, data: d }));
}
