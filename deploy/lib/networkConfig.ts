import { getAddress, isAddress, parseUnits, ZeroAddress } from "ethers";
import type { NetworkConfig } from "../config/networks/index.js";

const HOUR = 3_600;
const DAY = 86_400;

/** An error whose message is meant for the user as is (no stack trace needed). */
export class DeployConfigError extends Error {
  override name = "DeployConfigError";
}

function checkAddress(errors: string[], where: string, value: string | undefined): void {
  if (value === undefined || value === "") {
    errors.push(`${where}: missing address`);
    return;
  }
  if (!isAddress(value)) {
    errors.push(`${where}: "${value}" is not an address (or its EIP-55 checksum is wrong)`);
    return;
  }
  const checksummed = getAddress(value);
  if (value !== checksummed) errors.push(`${where}: "${value}" is not checksummed; write ${checksummed}`);
  if (checksummed === ZeroAddress) errors.push(`${where}: the zero address`);
}

function checkDecimal(errors: string[], where: string, value: string, decimals = 18): bigint | undefined {
  try {
    return parseUnits(value, decimals);
  } catch {
    errors.push(`${where}: "${value}" is not a decimal number`);
    return undefined;
  }
}

function checkRange(errors: string[], where: string, value: number, min: number, max: number, unit = "s"): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    errors.push(`${where}: ${value} is outside ${min}..${max} ${unit}`.trimEnd());
  }
}

/**
 * Every problem of a network config, as readable lines (empty: the config is fine). Checks addresses (EIP-55,
 * non-zero, no duplicates), heartbeats and durations (sane ranges), price bounds, weights (sum to 10,000) and the
 * DAO settings (48 h timelock on production chains).
 */
export function validateNetworkConfig(c: NetworkConfig): string[] {
  const errors: string[] = [];
  const at = (path: string): string => `${c.name}.${path}`;
  if (!/^[a-z][a-z0-9-]*$/.test(c.name)) errors.push(`name "${c.name}" must be lower-case letters, digits or "-"`);
  if (!Number.isInteger(c.chainId) || c.chainId <= 0) errors.push(at(`chainId: ${c.chainId} is not a chain id`));
  if (c.assets.length === 0) errors.push(at("assets: no basket asset"));

  const symbols = new Set<string>();
  const tokens = new Set<string>();
  let weightSum = 0;
  c.assets.forEach((a, i) => {
    const where = `assets[${i}] ${a.symbol}`;
    if (symbols.has(a.symbol)) errors.push(at(`${where}: duplicate symbol`));
    symbols.add(a.symbol);
    checkAddress(errors, at(`${where}.token`), a.token);
    checkAddress(errors, at(`${where}.feed`), a.feed);
    if (tokens.has(a.token.toLowerCase())) errors.push(at(`${where}.token: listed twice`));
    tokens.add(a.token.toLowerCase());
    if (a.token.toLowerCase() === a.feed.toLowerCase()) errors.push(at(`${where}: token and feed are the same`));
    checkRange(errors, at(`${where}.decimals`), a.decimals, 0, 36, "");
    // Chainlink USD feeds publish at least daily; under a minute would make every read stale.
    checkRange(errors, at(`${where}.heartbeatSeconds`), a.heartbeatSeconds, 60, 2 * DAY);
    const min = checkDecimal(errors, at(`${where}.minPriceUsd`), a.minPriceUsd);
    const max = checkDecimal(errors, at(`${where}.maxPriceUsd`), a.maxPriceUsd);
    const dry = checkDecimal(errors, at(`${where}.dryRunPriceUsd`), a.dryRunPriceUsd);
    if (min !== undefined && min <= 0n) errors.push(at(`${where}.minPriceUsd: must be above 0`));
    if (min !== undefined && max !== undefined && max <= min) {
      errors.push(at(`${where}: maxPriceUsd ${a.maxPriceUsd} must be above minPriceUsd ${a.minPriceUsd}`));
    }
    if (max !== undefined && max >= 2n ** 128n) errors.push(at(`${where}.maxPriceUsd: does not fit uint128`));
    if (dry !== undefined && min !== undefined && max !== undefined && (dry < min || dry > max)) {
      errors.push(at(`${where}.dryRunPriceUsd: ${a.dryRunPriceUsd} is outside the price bounds`));
    }
    if (a.ratioFeed !== undefined) {
      const r = a.ratioFeed;
      checkAddress(errors, at(`${where}.ratioFeed.feed`), r.feed);
      if (r.feed.toLowerCase() === a.feed.toLowerCase()) errors.push(at(`${where}.ratioFeed.feed: same as feed`));
      checkRange(errors, at(`${where}.ratioFeed.heartbeatSeconds`), r.heartbeatSeconds, 60, 2 * DAY);
      const [lo, hi, dryRatio] = [r.minRatio, r.maxRatio, r.dryRunRatio].map((v, k) =>
        checkDecimal(errors, at(`${where}.ratioFeed.${["minRatio", "maxRatio", "dryRunRatio"][k]}`), v),
      );
      if (lo !== undefined && lo <= 0n) errors.push(at(`${where}.ratioFeed.minRatio: must be above 0`));
      if (lo !== undefined && hi !== undefined && hi <= lo) {
        errors.push(at(`${where}.ratioFeed: maxRatio ${r.maxRatio} must be above minRatio ${r.minRatio}`));
      }
      if (dryRatio !== undefined && lo !== undefined && hi !== undefined && (dryRatio < lo || dryRatio > hi)) {
        errors.push(at(`${where}.ratioFeed.dryRunRatio: ${r.dryRunRatio} is outside the ratio bounds`));
      }
    }
    checkRange(errors, at(`${where}.weightBps`), a.weightBps, 0, 10_000, "bps");
    weightSum += a.weightBps;
  });
  if (weightSum !== 10_000) errors.push(at(`assets: weights sum to ${weightSum} bps, not 10000`));
  if (!symbols.has(c.index.stablecoin)) {
    errors.push(at(`index.stablecoin: ${c.index.stablecoin} is not one of the assets`));
  }
  if (c.trendSignal !== undefined && !symbols.has(c.trendSignal.benchmark)) {
    errors.push(at(`trendSignal.benchmark: ${c.trendSignal.benchmark} is not one of the assets`));
  }
  if (c.trendSignal !== undefined) checkDecimal(errors, at("trendSignal.band"), c.trendSignal.band);

  if (c.sequencer !== undefined) {
    checkAddress(errors, at("sequencer.feed"), c.sequencer.feed);
    checkRange(errors, at("sequencer.gracePeriodSeconds"), c.sequencer.gracePeriodSeconds, 60, DAY);
  }
  if (c.uniswap !== undefined) {
    checkAddress(errors, at("uniswap.factory"), c.uniswap.factory);
    if (c.uniswap.swapRouter02 !== undefined) checkAddress(errors, at("uniswap.swapRouter02"), c.uniswap.swapRouter02);
    if (c.uniswap.swapRouter === undefined && c.uniswap.swapRouter02 === undefined) {
      errors.push(at("uniswap: names neither swapRouter nor swapRouter02"));
    }
    if (c.uniswap.swapRouter !== undefined) checkAddress(errors, at("uniswap.swapRouter"), c.uniswap.swapRouter);
    if (![100, 500, 3_000, 10_000].includes(c.uniswap.poolFee)) {
      errors.push(at(`uniswap.poolFee: ${c.uniswap.poolFee} is not a Uniswap v3 fee tier`));
    }
  }

  const fees = c.index.fees;
  for (const [key, value] of Object.entries(fees)) checkDecimal(errors, at(`index.fees.${key}`), value);
  checkDecimal(errors, at("index.navPerShareUsd"), c.index.navPerShareUsd);
  const keys = new Set(["Index"]);
  for (const [k, m] of (c.moreIndices ?? []).entries()) {
    const where = `moreIndices[${k}] (${m.symbol})`;
    if (keys.has(m.key)) errors.push(at(`${where}.key: ${m.key} is already used`));
    keys.add(m.key);
    for (const [key, value] of Object.entries(m.fees)) checkDecimal(errors, at(`${where}.fees.${key}`), value);
    checkDecimal(errors, at(`${where}.navPerShareUsd`), m.navPerShareUsd);
    if (!symbols.has(m.stablecoin)) errors.push(at(`${where}.stablecoin: ${m.stablecoin} is not one of the assets`));
    let sum = 0;
    for (const b of m.basket) {
      if (!symbols.has(b.symbol)) errors.push(at(`${where}.basket: ${b.symbol} is not one of the assets`));
      checkRange(errors, at(`${where}.basket.${b.symbol}.weightBps`), b.weightBps, 1, 10_000, "bps");
      sum += b.weightBps;
    }
    if (sum !== 10_000) errors.push(at(`${where}.basket: weights sum to ${sum} bps, not 10000`));
  }
  const r = c.rebalancing;
  for (const key of ["bandHigh", "bandLow", "weightCap", "maxLotUsd", "maxOracleDeviation"] as const) {
    checkDecimal(errors, at(`rebalancing.${key}`), r[key]);
  }
  checkRange(errors, at("rebalancing.upkeepPeriodSeconds"), r.upkeepPeriodSeconds, HOUR, 365 * DAY);

  const g = c.governance;
  if (c.production && g.timelockMinDelaySeconds < 48 * HOUR) {
    errors.push(
      at(`governance.timelockMinDelaySeconds: ${g.timelockMinDelaySeconds} is below 48 h on a production chain`),
    );
  }
  checkRange(errors, at("governance.timelockMinDelaySeconds"), g.timelockMinDelaySeconds, 1, 30 * DAY);
  checkRange(errors, at("governance.votingDelaySeconds"), g.votingDelaySeconds, 1, 30 * DAY);
  // A real vote lasts hours at least; a local or test chain may run a whole proposal in minutes.
  checkRange(errors, at("governance.votingPeriodSeconds"), g.votingPeriodSeconds, c.production ? HOUR : 60, 60 * DAY);
  checkRange(errors, at("governance.quorumPercent"), g.quorumPercent, 1, 100, "%");
  checkDecimal(errors, at("governance.proposalThresholdVeTmai"), g.proposalThresholdVeTmai);
  if (g.lateQuorumExtensionSeconds > g.votingPeriodSeconds) {
    errors.push(at("governance.lateQuorumExtensionSeconds: longer than the voting period"));
  }
  return errors;
}

/** Throws one DeployConfigError listing every problem of `c`. */
export function assertValidNetworkConfig(c: NetworkConfig): void {
  const errors = validateNetworkConfig(c);
  if (errors.length > 0) {
    throw new DeployConfigError(`Network config "${c.name}" is invalid:\n  - ${errors.join("\n  - ")}`);
  }
}

/** Addresses that differ per deployment and never live in the repo. */
export interface Operators {
  /** Bootstrap guardian (pauses entry points, cancels proposals until bootstrapEnd): a team multisig. */
  guardian: string;
  /** Posts targets and regimes on the Rebalancer. */
  methodologist: string;
  /** Operates the UniswapSolver (fills auctions). */
  keeper: string;
  /** Receives the whole fixed TMAI supply. */
  treasury: string;
}

export const OPERATOR_ENV: Record<keyof Operators, string> = {
  guardian: "TMAI_GUARDIAN",
  methodologist: "TMAI_METHODOLOGIST",
  keeper: "TMAI_KEEPER",
  treasury: "TMAI_TREASURY",
};

/**
 * Reads the operator addresses from the environment (TMAI_GUARDIAN, TMAI_METHODOLOGIST, TMAI_KEEPER,
 * TMAI_TREASURY). `fallback` fills the missing ones (dry runs); without it every one is required. None may be the
 * deployer, which must end with no role at all.
 */
export function resolveOperators(env: NodeJS.ProcessEnv, deployer: string, fallback?: Operators): Operators {
  const errors: string[] = [];
  const out: Partial<Operators> = {};
  for (const [key, variable] of Object.entries(OPERATOR_ENV) as [keyof Operators, string][]) {
    const raw = env[variable];
    if (raw === undefined || raw === "") {
      if (fallback === undefined) errors.push(`${variable} is not set (the ${key} address)`);
      else out[key] = fallback[key];
      continue;
    }
    if (!isAddress(raw)) {
      errors.push(`${variable}: "${raw}" is not an address`);
      continue;
    }
    const address = getAddress(raw);
    if (address === ZeroAddress) errors.push(`${variable}: the zero address`);
    if (address === getAddress(deployer)) {
      errors.push(`${variable} is the deployer ${address}: the deployer must end with no role, use another account`);
    }
    out[key] = address;
  }
  if (errors.length > 0) throw new DeployConfigError(`Operator addresses:\n  - ${errors.join("\n  - ")}`);
  return out as Operators;
}
