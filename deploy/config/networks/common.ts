import type { NetworkConfig } from "./types.js";

const HOUR = 3_600;
const DAY = 86_400;

/** Settings shared by every real network: the DAO values of docs/GOVERNANCE.md, weekly rebalancing. */
export const REAL_NETWORK_DEFAULTS: Pick<NetworkConfig, "staking" | "rebalancing" | "governance"> = {
  staking: { minLockTmai: "1", tierThresholdsTmai: ["100", "1000", "10000", "100000"] },
  rebalancing: {
    bandHigh: "0.02",
    bandLow: "0.01",
    auctionDurationSeconds: 6 * HOUR,
    announcementDelaySeconds: DAY,
    hysteresisSeconds: 3 * DAY,
    weightCap: "0.35",
    maxLotUsd: "250000",
    upkeepPeriodSeconds: 7 * DAY,
    maxOracleDeviation: "0.02",
  },
  governance: {
    timelockMinDelaySeconds: 48 * HOUR,
    votingDelaySeconds: DAY,
    votingPeriodSeconds: 7 * DAY,
    proposalThresholdVeTmai: "10000",
    quorumPercent: 4,
    lateQuorumExtensionSeconds: 2 * DAY,
    guardianBootstrapDays: 180,
  },
};

export const DEFAULT_INDEX: NetworkConfig["index"] = {
  name: "TMAI Global Index",
  symbol: "TGI",
  navPerShareUsd: "100",
  fees: { managementFee: "0.02", mintFee: "0.001", redeemFee: "0.001" },
  stablecoin: "USDC",
};
