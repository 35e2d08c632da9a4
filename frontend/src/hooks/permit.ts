/**
 * Whether a token supports EIP-2612 permit for `owner`, read from the chain (`nonces(owner)`, `eip712Domain()`,
 * `DOMAIN_SEPARATOR()`, `name()`; any read may fail), and signing a permit for the router. The decisions are in
 * lib/permit.ts.
 */
import { useReadContracts } from "wagmi";
import { readContract, signTypedData } from "wagmi/actions";
import type { Config } from "wagmi";
import { erc20Abi, type Address } from "viem";
import { IndexVaultAbi } from "../../../bindings/abis.js";
import { chain } from "../config/chain.js";
import {
  permitSupport,
  permitTypedData,
  type Eip712DomainResult,
  type PermitSupport,
  type SignedPermit,
} from "../lib/permit.js";
import { LIVE_INTERVAL_MS } from "./lens.js";

// The index vault is an OpenZeppelin ERC20Permit: its ABI carries the standard EIP-2612 / EIP-5267 functions, whose
// selectors are the same on any token (USDC included).
const PERMIT_ABI = IndexVaultAbi;

/** The four permit reads of `token` for `owner`, for `useReadContracts`. */
function permitReads(token: Address, owner: Address | undefined) {
  return [
    { address: token, abi: PERMIT_ABI, functionName: "nonces", args: [owner ?? token] },
    { address: token, abi: PERMIT_ABI, functionName: "eip712Domain" },
    { address: token, abi: PERMIT_ABI, functionName: "DOMAIN_SEPARATOR" },
    { address: token, abi: PERMIT_ABI, functionName: "name" },
  ] as const;
}

type ReadResult = { status: string; result?: unknown } | undefined;

/** The permit support the four reads at `r[at…at+3]` show for `token`. */
function supportFrom(r: readonly ReadResult[], at: number, token: Address): PermitSupport | undefined {
  const ok = <T>(x: ReadResult): T | undefined => (x?.status === "success" ? (x.result as T) : undefined);
  return permitSupport(
    {
      nonce: ok<bigint>(r[at]),
      eip712Domain: ok<Eip712DomainResult>(r[at + 1]),
      domainSeparator: ok<`0x${string}`>(r[at + 2]),
      name: ok<string>(r[at + 3]),
    },
    token,
    chain.id,
  );
}

/** The token's permit domain and the owner's nonce; `data` is `undefined` while loading or when it has no permit. */
export function usePermitSupport(token: Address, owner: Address | undefined, enabled: boolean) {
  const reads = useReadContracts({
    allowFailure: true,
    contracts: permitReads(token, owner),
    query: { enabled: enabled && owner !== undefined, refetchInterval: LIVE_INTERVAL_MS },
  });
  const r = reads.data;
  const data: PermitSupport | undefined = r === undefined ? undefined : supportFrom(r, 0, token);
  return { data, isPending: reads.isPending && enabled && owner !== undefined };
}

/**
 * For each of `tokens` (an index's basket): its permit support for `owner` (`undefined` when it has none) and
 * `owner`'s allowance to `spender` (the router); `data` is `undefined` while loading.
 */
export function usePermitSupportsAndAllowances(
  tokens: readonly Address[],
  owner: Address | undefined,
  spender: Address,
  enabled: boolean,
) {
  const on = enabled && owner !== undefined;
  const reads = useReadContracts({
    allowFailure: true,
    contracts: tokens.flatMap((token) => [
      ...permitReads(token, owner),
      { address: token, abi: erc20Abi, functionName: "allowance", args: [owner ?? token, spender] } as const,
    ]),
    query: { enabled: on, refetchInterval: LIVE_INTERVAL_MS },
  });
  const r = reads.data as readonly ReadResult[] | undefined;
  const data =
    r === undefined
      ? undefined
      : tokens.map((token, i) => {
          const allowance = r[i * 5 + 4];
          return {
            permit: supportFrom(r, i * 5, token),
            // An allowance that could not be read counts as none: the token then needs a signature (or approval).
            routerAllowance: allowance?.status === "success" ? (allowance.result as bigint) : 0n,
          };
        });
  return { data, isPending: reads.isPending && on, refetch: reads.refetch };
}

/**
 * Signs a permit of `value` of `token` from `owner` to `spender` until `deadline` (the wallet asks), with the nonce
 * read again now so that a permit signed since the last poll does not make this one invalid.
 */
export async function signPermit(
  config: Config,
  p: {
    token: Address;
    domain: PermitSupport["domain"];
    owner: Address;
    spender: Address;
    value: bigint;
    deadline: bigint;
  },
): Promise<SignedPermit> {
  const nonce = await readContract(config, {
    address: p.token,
    abi: PERMIT_ABI,
    functionName: "nonces",
    args: [p.owner],
  });
  const signature = await signTypedData(config, {
    account: p.owner,
    ...permitTypedData(p.domain, { owner: p.owner, spender: p.spender, value: p.value, nonce, deadline: p.deadline }),
  });
  return { token: p.token, value: p.value, deadline: p.deadline, signature };
}
