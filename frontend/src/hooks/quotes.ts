/** Quotes of the IndexRouter (eth_call of its non-view quote functions) and the vault's in-kind previews. */
import { useQuery } from "@tanstack/react-query";
import { usePublicClient, useReadContract } from "wagmi";
import type { Address } from "viem";
import { IndexRouterAbi, IndexVaultAbi } from "../../../bindings/abis.js";
import { contract } from "../config/manifest.js";
import { LIVE_INTERVAL_MS } from "./lens.js";

export interface TokenQuote {
  amount: bigint;
  oracleValue: bigint;
  priceImpact: bigint;
  basketAmounts: readonly bigint[];
  tokenAmounts: readonly bigint[];
}

/** `quoteMintWithToken` / `quoteRedeemToToken`: what a one-asset mint spends or a redeem pays, now. */
export function useRouterQuote(
  kind: "mint" | "redeem",
  vault: Address,
  token: Address | undefined,
  shares: bigint | undefined,
  enabled: boolean,
) {
  const client = usePublicClient();
  return useQuery({
    queryKey: ["routerQuote", kind, vault, token, shares?.toString()],
    enabled: enabled && client !== undefined && token !== undefined && shares !== undefined && shares > 0n,
    refetchInterval: LIVE_INTERVAL_MS * 2,
    retry: false,
    queryFn: async (): Promise<TokenQuote> => {
      const router = contract("IndexRouter");
      if (kind === "mint") {
        const { result } = await client!.simulateContract({
          address: router,
          abi: IndexRouterAbi,
          functionName: "quoteMintWithToken",
          args: [vault, token!, shares!],
        });
        return result;
      }
      const { result } = await client!.simulateContract({
        address: router,
        abi: IndexRouterAbi,
        functionName: "quoteRedeemToToken",
        args: [vault, shares!, token!],
      });
      return result;
    },
  });
}

/** The vault's `previewMint` / `previewRedeem`: per-asset amounts of an in-kind mint or redeem, basket order. */
export function useInKindPreview(kind: "mint" | "redeem", vault: Address, shares: bigint | undefined) {
  return useReadContract({
    address: vault,
    abi: IndexVaultAbi,
    functionName: kind === "mint" ? "previewMint" : "previewRedeem",
    args: shares === undefined ? undefined : [shares],
    query: { enabled: shares !== undefined && shares > 0n, refetchInterval: LIVE_INTERVAL_MS },
  });
}
