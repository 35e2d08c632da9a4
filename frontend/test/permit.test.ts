import { describe, expect, it } from "vitest";
import {
  decodeFunctionData,
  domainSeparator,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  hashTypedData,
  keccak256,
  concat,
  parseSignature,
  recoverTypedDataAddress,
  toHex,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { IndexRouterAbi } from "../../bindings/abis.js";
import {
  decodeMulticall,
  permitsMulticallData,
  permitSupport,
  planInKindPermits,
  permitTypedData,
  type Eip712DomainResult,
  type PermitReads,
} from "../src/lib/permit.js";

// Hardhat's development account #1 (a well-known test key).
const owner = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const token = getAddress("0x5fbdb2315678afecb367f642d93acebd1ac5cd1a");
const router = getAddress("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
const vault = getAddress("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0");
const usdc = getAddress("0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9");
const CHAIN_ID = 31337;

const domainRead = (overrides: Partial<Record<number, unknown>> = {}): Eip712DomainResult =>
  [
    overrides[0] ?? "0x0f",
    overrides[1] ?? "GDEMO",
    overrides[2] ?? "1",
    overrides[3] ?? BigInt(CHAIN_ID),
    overrides[4] ?? token,
    overrides[5] ?? `0x${"00".repeat(32)}`,
    overrides[6] ?? [],
  ] as unknown as Eip712DomainResult;

const reads = (r: Partial<PermitReads>): PermitReads => ({
  nonce: 3n,
  eip712Domain: undefined,
  domainSeparator: undefined,
  name: undefined,
  ...r,
});

describe("permit typed data", () => {
  it("is the EIP-2612 digest the token checks, and recovers to the owner", async () => {
    const domain = { name: "GDEMO", version: "1", chainId: CHAIN_ID, verifyingContract: token };
    const message = { owner: owner.address, spender: router, value: 123n * 10n ** 18n, nonce: 7n, deadline: 1_800n };
    const typed = permitTypedData(domain, message);
    const signature = await owner.signTypedData(typed);
    expect(await recoverTypedDataAddress({ ...typed, signature })).toBe(owner.address);

    // The same digest computed as the token does: keccak256("\x19\x01" ‖ DOMAIN_SEPARATOR ‖ hashStruct(permit)).
    const typehash = keccak256(
      toHex("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
    );
    const structHash = keccak256(
      encodeAbiParameters(
        [
          { type: "bytes32" },
          { type: "address" },
          { type: "address" },
          { type: "uint256" },
          { type: "uint256" },
          { type: "uint256" },
        ],
        [typehash, message.owner, message.spender, message.value, message.nonce, message.deadline],
      ),
    );
    const digest = keccak256(concat(["0x1901", domainSeparator({ domain }), structHash]));
    expect(hashTypedData(typed)).toBe(digest);
    // Another value, nonce or spender is another digest.
    expect(hashTypedData(permitTypedData(domain, { ...message, value: message.value + 1n }))).not.toBe(digest);
    expect(hashTypedData(permitTypedData(domain, { ...message, nonce: 8n }))).not.toBe(digest);
  });
});

describe("permit support detection", () => {
  it("uses eip712Domain (EIP-5267) and the owner's nonce when both reads succeed", () => {
    const s = permitSupport(reads({ eip712Domain: domainRead() }), token, CHAIN_ID);
    expect(s).toEqual({
      domain: { name: "GDEMO", version: "1", chainId: CHAIN_ID, verifyingContract: token },
      nonce: 3n,
    });
  });

  it("has no permit when nonces(owner) failed, whatever the domain", () => {
    expect(permitSupport(reads({ nonce: undefined, eip712Domain: domainRead() }), token, CHAIN_ID)).toBeUndefined();
  });

  it("has no permit when every domain read failed (a plain ERC-20)", () => {
    expect(permitSupport(reads({}), token, CHAIN_ID)).toBeUndefined();
    expect(permitSupport(reads({ nonce: undefined }), token, CHAIN_ID)).toBeUndefined();
  });

  it("refuses a domain for another chain or contract, with a salt, or with extensions", () => {
    expect(permitSupport(reads({ eip712Domain: domainRead({ 3: 1n }) }), token, CHAIN_ID)).toBeUndefined();
    expect(permitSupport(reads({ eip712Domain: domainRead({ 4: router }) }), token, CHAIN_ID)).toBeUndefined();
    expect(permitSupport(reads({ eip712Domain: domainRead({ 0: "0x1f" }) }), token, CHAIN_ID)).toBeUndefined();
    expect(permitSupport(reads({ eip712Domain: domainRead({ 6: [1n] }) }), token, CHAIN_ID)).toBeUndefined();
  });

  it("without eip712Domain: DOMAIN_SEPARATOR and name with a known version (USDC's is 2)", () => {
    const usdcDomain = { name: "USD Coin", version: "2", chainId: CHAIN_ID, verifyingContract: usdc };
    const s = permitSupport(
      reads({ domainSeparator: domainSeparator({ domain: usdcDomain }), name: "USD Coin" }),
      usdc,
      CHAIN_ID,
    );
    expect(s).toEqual({ domain: usdcDomain, nonce: 3n });
    // A separator no known version matches, or a missing name: no permit.
    const odd = domainSeparator({ domain: { ...usdcDomain, version: "3" } });
    expect(permitSupport(reads({ domainSeparator: odd, name: "USD Coin" }), usdc, CHAIN_ID)).toBeUndefined();
    expect(
      permitSupport(reads({ domainSeparator: domainSeparator({ domain: usdcDomain }) }), usdc, CHAIN_ID),
    ).toBeUndefined();
  });
});

describe("multicall([selfPermit, trade]) encoding", () => {
  it("round-trips: the permit's signature split into v, r, s, and the trade's arguments", async () => {
    const domain = { name: "GDEMO", version: "1", chainId: CHAIN_ID, verifyingContract: vault };
    const signature = await owner.signTypedData(
      permitTypedData(domain, { owner: owner.address, spender: router, value: 10n ** 17n, nonce: 0n, deadline: 99n }),
    );
    const permit = { token: vault, value: 10n ** 17n, deadline: 99n, signature };
    const trade = {
      functionName: "redeemToToken" as const,
      args: [vault, 10n ** 17n, usdc, 5_000_000n, owner.address, 99n] as const,
    };
    const calls = permitsMulticallData([permit], trade);
    const data = encodeFunctionData({ abi: IndexRouterAbi, functionName: "multicall", args: [[...calls]] });

    const outer = decodeFunctionData({ abi: IndexRouterAbi, data });
    expect(outer.functionName).toBe("multicall");
    const inner = decodeMulticall(outer.args![0] as readonly Hex[]);
    expect(inner.map((c) => c.functionName)).toEqual(["selfPermit", "redeemToToken"]);
    const { r, s, yParity } = parseSignature(signature);
    expect(inner[0]!.args).toEqual([vault, 10n ** 17n, 99n, 27 + yParity, r, s]);
    expect(inner[1]!.args).toEqual([...trade.args]);

    const mint = permitsMulticallData([{ ...permit, token: usdc }], {
      functionName: "mintWithToken",
      args: [vault, usdc, 10n ** 18n, 10n ** 17n, owner.address, 99n],
    });
    const decoded = decodeMulticall(mint);
    expect(decoded[0]!.args![0]).toBe(usdc);
    expect(decoded[1]!.functionName).toBe("mintWithToken");
    expect(decoded[1]!.args).toEqual([vault, usdc, 10n ** 18n, 10n ** 17n, owner.address, 99n]);
  });
});

describe("in-kind mint with permits: multicall([selfPermit…, mintInKind])", () => {
  const weth = getAddress("0x0165878a594ca255338adfa4d48449f69242eb8f");
  const domain = { name: "GDEMO", version: "1", chainId: CHAIN_ID, verifyingContract: token };
  const support = { domain, nonce: 0n };
  const row = (over: Partial<Parameters<typeof planInKindPermits>[0][number]>) => ({
    token,
    symbol: "WBTC",
    decimals: 8,
    amount: 1_000n,
    routerAllowance: 0n,
    permit: support,
    ...over,
  });

  it("asks a signature for exactly the preview's amount of each token lacking an allowance to the router", () => {
    const plan = planInKindPermits([
      row({}),
      row({ token: usdc, symbol: "USDC", decimals: 6, amount: 5_000_000n, routerAllowance: 5_000_000n }),
      row({ token: weth, symbol: "WETH", decimals: 18, amount: 7n, routerAllowance: 6n }),
      row({ token: vault, symbol: "DUST", amount: 0n, permit: undefined }),
    ]);
    expect(plan.available).toBe(true);
    expect(plan.missing).toEqual([]);
    expect(plan.permits).toEqual([
      { token, symbol: "WBTC", decimals: 8, value: 1_000n, domain },
      { token: weth, symbol: "WETH", decimals: 18, value: 7n, domain },
    ]);
  });

  it("is unavailable when a token lacking an allowance has no permit; one approved to the router does not matter", () => {
    const plan = planInKindPermits([row({}), row({ token: usdc, symbol: "USDC", permit: undefined })]);
    expect(plan.available).toBe(false);
    expect(plan.missing).toEqual(["USDC"]);
    const approved = planInKindPermits([row({}), row({ token: usdc, permit: undefined, routerAllowance: 1_000n })]);
    expect(approved.available).toBe(true);
    expect(approved.permits.map((p) => p.token)).toEqual([token]);
    expect(planInKindPermits([row({ routerAllowance: 1_000n })])).toEqual({
      available: true,
      permits: [],
      missing: [],
    });
  });

  it("encodes one selfPermit per signature, then mintInKind with the pinned limits, and decodes back", async () => {
    const sign = (t: typeof token, value: bigint) =>
      owner.signTypedData(
        permitTypedData(
          { ...domain, verifyingContract: t },
          { owner: owner.address, spender: router, value, nonce: 0n, deadline: 99n },
        ),
      );
    const permits = [
      { token, value: 1_000n, deadline: 99n, signature: await sign(token, 1_000n) },
      { token: weth, value: 7n, deadline: 99n, signature: await sign(weth, 7n) },
    ];
    const limits = [1_005n, 5_025_000n, 8n, 3n]; // three assets' limits and basket version 3
    const calls = permitsMulticallData(permits, {
      functionName: "mintInKind",
      args: [vault, 10n ** 18n, limits, owner.address, 99n],
    });
    const decoded = decodeMulticall(calls);
    expect(decoded.map((c) => c.functionName)).toEqual(["selfPermit", "selfPermit", "mintInKind"]);
    const { r, s, yParity } = parseSignature(permits[1]!.signature);
    expect(decoded[1]!.args).toEqual([weth, 7n, 99n, 27 + yParity, r, s]);
    expect(decoded[2]!.args).toEqual([vault, 10n ** 18n, limits, owner.address, 99n]);
    // No signature needed (every token approved to the router): the mint alone.
    const alone = permitsMulticallData([], {
      functionName: "mintInKind",
      args: [vault, 1n, limits, owner.address, 99n],
    });
    expect(decodeMulticall(alone).map((c) => c.functionName)).toEqual(["mintInKind"]);
  });
});
