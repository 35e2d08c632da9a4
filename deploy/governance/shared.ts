/**
 * The pure part of governance shared by the CLI (`lib.ts`, ethers) and the dApp (`frontend/`, viem): no imports, so
 * a browser bundle can take it. What a proposal's fee call is, the governor's states and vote kinds, in words.
 */

export type FeeKind = "management" | "mint" | "redeem";

/** The IndexVault setter of each fee, as a function signature. */
export const FEE_SETTER: Record<FeeKind, string> = {
  management: "setManagementFee(uint256)",
  mint: "setMintFee(uint256)",
  redeem: "setRedeemFee(uint256)",
};

/** The IndexVault setter's function name of each fee. */
export const FEE_FUNCTION = {
  management: "setManagementFee",
  mint: "setMintFee",
  redeem: "setRedeemFee",
} as const satisfies Record<FeeKind, string>;

export const FEE_NAME: Record<FeeKind, string> = {
  management: "management fee",
  mint: "mint fee",
  redeem: "redeem fee",
};

/** OpenZeppelin's ProposalState, in words (index = the enum's value). */
export const STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;
export type ProposalStateName = (typeof STATES)[number];

/** GovernorCountingSimple's vote types. */
export const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type Support = keyof typeof SUPPORT;

/** The fee settings of an index vault and the bounds it enforces on them, read from the vault. */
export interface VaultFees {
  managementFee: bigint;
  mintFee: bigint;
  redeemFee: bigint;
  /** MAX_MANAGEMENT_FEE (per year) and MAX_MINT_REDEEM_FEE. */
  maxManagementFee: bigint;
  maxMintRedeemFee: bigint;
  /** minMintFee(): one day of streaming fee at the current management fee, the lowest mint fee allowed now. */
  minMintFee: bigint;
}
