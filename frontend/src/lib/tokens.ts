/** Token names and amounts in sentences and tables, from the manifest's token list. */
import { tokenAt } from "../config/manifest.js";
import { formatToken } from "./format.js";
import type { SentenceContext } from "./errors.js";

export function symbolOf(address: string): string {
  return tokenAt(address)?.symbol ?? `${address.slice(0, 8)}…`;
}

export const sentenceContext: SentenceContext = {
  tokenName: symbolOf,
  amountOf: (address, amount) => {
    const token = tokenAt(address);
    return token === undefined ? `${amount} base units` : formatToken(amount, token.decimals, token.symbol);
  },
};
