import { getCreateAddress, HDNodeWallet } from "ethers";
import {
  DEMO_INDEX,
  LOCAL_TOKENS,
  DEX,
  FEED_HEARTBEAT_SECONDS,
  GOVERNANCE,
  MORE_INDICES,
  REBALANCING,
  STAKING,
  WATCHABLE_REBALANCING,
} from "../localhost.js";
import type { NetworkConfig } from "./types.js";

/**
 * The local stack (`npm start`) as a network config like the others: the same flow deploys it (deploy/lib/steps),
 * plus stand-ins for what a real chain already has (deploy/lib/local/standIns.ts: MockERC20 tokens, Chainlink
 * MockV3Aggregator feeds, Uniswap v3 from its npm artifacts) and a demo step (deploy/lib/local/demo.ts: pools with
 * liquidity, funded demo accounts, a demo lock, a first mint).
 *
 * Addresses are fixed like a real network's: the stand-ins are the first contracts a dedicated account (Hardhat's
 * account #9) deploys on a fresh node, so each lands at the CREATE address of its nonce. Every account is one of
 * Hardhat's well-known development accounts: never use them anywhere but a local chain.
 */

/** Hardhat's default development mnemonic (its node funds the first 20 accounts). */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** Hardhat development account `index` (address and private key). */
export function hardhatAccount(index: number): { address: string; privateKey: string } {
  const wallet = HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`);
  return { address: wallet.address, privateKey: wallet.privateKey };
}

/** Which development account plays which part on the local stack. */
export const LOCAL_ACCOUNTS = {
  /** Deploys the protocol (and, like every deployer, ends with no role); then a demo user with a lock. */
  deployer: 0,
  /** Demo users: funded with every basket token and TMAI. */
  demoUsers: [1, 2],
  /** The keeper's methodologist key: posts targets and signals regimes (the Rebalancer's METHODOLOGIST_ROLE). */
  methodologist: REBALANCING.keeperAccountIndex,
  /** The keeper's operator key: fills auctions (the UniswapSolver's OPERATOR_ROLE), runs upkeeps and housekeeping. */
  operator: 7,
  /** The price simulator (moves feeds and pools). */
  simulator: 4,
  /** The bootstrap guardian (pauses, cancels proposals during the bootstrap). */
  guardian: 5,
  /** Receives the fixed TMAI supply; the demo step hands TMAI out from it. */
  treasury: 6,
  /** `npm run local:next-week`: refreshes the price feeds after moving the chain a week on. */
  timeTraveller: 8,
  /** Deploys the stand-ins, and nothing else, so that their addresses are known in advance. */
  standIns: 9,
} as const;

const standInDeployer = hardhatAccount(LOCAL_ACCOUNTS.standIns).address;
const standInAt = (nonce: number): string => getCreateAddress({ from: standInDeployer, nonce });

/**
 * Where each stand-in lands: token `i` and its feed at nonces 2i and 2i+1, then Uniswap v3's factory, SwapRouter
 * and NonfungiblePositionManager.
 */
export const LOCAL_STAND_INS = {
  deployer: standInDeployer,
  token: (i: number): string => standInAt(2 * i),
  feed: (i: number): string => standInAt(2 * i + 1),
  uniswapFactory: standInAt(2 * LOCAL_TOKENS.length),
  swapRouter: standInAt(2 * LOCAL_TOKENS.length + 1),
  positionManager: standInAt(2 * LOCAL_TOKENS.length + 2),
  /** Transactions the stand-in account sends: all deployments, in the order above. */
  count: 2 * LOCAL_TOKENS.length + 3,
} as const;

const wadString = (wad: bigint): string => {
  const whole = wad / 10n ** 18n;
  const frac = (wad % 10n ** 18n).toString().padStart(18, "0").replace(/0+$/, "");
  return frac === "" ? whole.toString() : `${whole}.${frac}`;
};

export const localhost: NetworkConfig = {
  name: "localhost",
  chainId: 31_337,
  production: false,
  assets: LOCAL_TOKENS.map((t, i) => ({
    symbol: t.symbol,
    token: LOCAL_STAND_INS.token(i),
    decimals: t.decimals,
    feed: LOCAL_STAND_INS.feed(i),
    heartbeatSeconds: FEED_HEARTBEAT_SECONDS,
    // The price simulator walks prices; the circuit breaker stays far away from it.
    minPriceUsd: "0.000000001",
    maxPriceUsd: "100000000000",
    weightBps: t.weightBps,
    dryRunPriceUsd: t.priceUsd,
  })),
  uniswap: {
    factory: LOCAL_STAND_INS.uniswapFactory,
    swapRouter: LOCAL_STAND_INS.swapRouter,
    poolFee: DEX.poolFee,
  },
  index: { ...DEMO_INDEX, stablecoin: DEX.quoteSymbol },
  moreIndices: MORE_INDICES.map((m) => ({ ...m, fees: { ...m.fees }, basket: m.basket.map((b) => ({ ...b })) })),
  staking: { minLockTmai: STAKING.minLockTmai, tierThresholdsTmai: [...STAKING.tierThresholdsTmai] },
  rebalancing: {
    bandHigh: wadString(REBALANCING.bandHighWad),
    bandLow: wadString(REBALANCING.bandLowWad),
    auctionDurationSeconds: REBALANCING.auctionDurationSeconds,
    announcementDelaySeconds: REBALANCING.announcementDelaySeconds,
    hysteresisSeconds: REBALANCING.hysteresisSeconds,
    weightCap: wadString(REBALANCING.weightCapWad),
    maxLotUsd: wadString(REBALANCING.maxLotUsdWad),
    upkeepPeriodSeconds: REBALANCING.upkeepPeriodSeconds,
    maxOracleDeviation: wadString(DEX.maxOracleDeviationWad),
  },
  governance: {
    timelockMinDelaySeconds: GOVERNANCE.timelockMinDelaySeconds,
    votingDelaySeconds: GOVERNANCE.votingDelaySeconds,
    votingPeriodSeconds: GOVERNANCE.votingPeriodSeconds,
    proposalThresholdVeTmai: GOVERNANCE.proposalThresholdVeTmai,
    quorumPercent: GOVERNANCE.quorumNumerator,
    lateQuorumExtensionSeconds: GOVERNANCE.lateQuorumExtensionSeconds,
    guardianBootstrapDays: GOVERNANCE.guardianBootstrapSeconds / 86_400,
  },
};

/** The local stack as `npm start` deploys it: `localhost` with the auction timings of WATCHABLE_REBALANCING. */
export const localhostWatchable: NetworkConfig = {
  ...localhost,
  rebalancing: {
    ...localhost.rebalancing,
    bandHigh: wadString(WATCHABLE_REBALANCING.bandHighWad),
    bandLow: wadString(WATCHABLE_REBALANCING.bandLowWad),
    auctionDurationSeconds: WATCHABLE_REBALANCING.auctionDurationSeconds,
    hysteresisSeconds: WATCHABLE_REBALANCING.hysteresisSeconds,
  },
};
