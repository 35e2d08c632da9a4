import { ZeroAddress } from "ethers";
import {
  RebalanceUpkeep__factory,
  Rebalancer__factory,
  TrendSignal__factory,
  type RebalanceUpkeep,
  type IndexVault,
  type Rebalancer,
} from "../../../types/ethers-contracts/index.js";
import type { AssetConfig } from "../../config/networks/index.js";
import { DeployConfigError } from "../networkConfig.js";
import { addressDiff, formatWad, oracleHeartbeat, secondsDiff, wad, wadDiff, type FlowContext } from "./context.js";
import type { IndexStep } from "./indexVault.js";
import type { OracleStep } from "./oracle.js";

export interface RebalancingStep {
  rebalancer: Rebalancer;
  upkeep: RebalanceUpkeep;
  /** The risk-off asset of the index. */
  stable: AssetConfig;
}

/**
 * Rebalancer (each index's REBALANCER_ROLE and config; methodologist, guardian), RebalanceUpkeep (each index's
 * period), the settings in force recorded in the manifest, and TrendSignal (the flagship's regime source if
 * configured).
 */
export async function rebalancingStep(ctx: FlowContext, deps: OracleStep & IndexStep): Promise<RebalancingStep> {
  const { signer, deployer, config: c, operators: ops, manifest, options: o, ensure, setting, grant, save } = ctx;
  const { oracleAddress, indexAddress, vault } = deps;
  const bySymbol = new Map(c.assets.map((a) => [a.symbol, a]));
  const rebalancerAddress = await ensure("Rebalancer", [oracleAddress, deployer], () =>
    new Rebalancer__factory(signer).deploy(oracleAddress, deployer),
  );
  const rebalancer = Rebalancer__factory.connect(rebalancerAddress, signer);
  await grant("Rebalancer METHODOLOGIST_ROLE", rebalancer, await rebalancer.METHODOLOGIST_ROLE(), ops.methodologist);
  await grant("Rebalancer GUARDIAN_ROLE", rebalancer, await rebalancer.GUARDIAN_ROLE(), ops.guardian);
  const upkeepAddress = await ensure("RebalanceUpkeep", [rebalancerAddress, deployer], () =>
    new RebalanceUpkeep__factory(signer).deploy(rebalancerAddress, deployer),
  );
  const upkeep = RebalanceUpkeep__factory.connect(upkeepAddress, signer);
  const stable = bySymbol.get(c.index.stablecoin)!;
  const r = c.rebalancing;
  const rebalancerConfig = {
    bandHigh: wad(r.bandHigh),
    bandLow: wad(r.bandLow),
    auctionDuration: r.auctionDurationSeconds,
    announcementDelay: r.announcementDelaySeconds,
    hysteresis: r.hysteresisSeconds,
    weightCap: wad(r.weightCap),
    maxLotUsd: wad(r.maxLotUsd),
    stablecoin: stable.token,
  };
  const indices = [{ key: "Index", symbol: c.index.symbol, address: indexAddress, vault, stable }, ...deps.moreIndices];
  for (const index of indices) await rebalanceIndex(index);
  await save();
  if (c.trendSignal !== undefined) {
    const t = c.trendSignal;
    const benchmark = bySymbol.get(t.benchmark)!;
    // On an L2 the rule checks the oracle's sequencer-uptime feed and grace period (fixed at construction).
    const sequencerFeed = c.sequencer?.feed ?? ZeroAddress;
    const sequencerGrace = c.sequencer?.gracePeriodSeconds ?? 0;
    const args = [
      benchmark.feed,
      oracleHeartbeat(benchmark),
      t.windowWeeks,
      wad(t.band),
      sequencerFeed,
      sequencerGrace,
    ] as const;
    const signal = await ensure("TrendSignal", args, () => new TrendSignal__factory(signer).deploy(...args));
    // TrendSignal has no admin: a recorded one checking another sequencer feed (or none) cannot be fixed in place.
    const trend = TrendSignal__factory.connect(signal, signer);
    const [onChainFeed, onChainGrace] = await Promise.all([
      trend.sequencerFeed().catch(() => undefined),
      trend.sequencerGracePeriod().catch(() => undefined),
    ]);
    if (onChainFeed !== sequencerFeed || onChainGrace !== BigInt(sequencerGrace)) {
      throw new DeployConfigError(
        `TrendSignal at ${signal} checks sequencer feed ${onChainFeed ?? "(none: an older TrendSignal)"} with a ` +
          `${onChainGrace ?? 0n} s grace period, but ${c.name} needs ${sequencerFeed} with ${sequencerGrace} s. ` +
          `It has no admin to change that: remove "TrendSignal" from ${o.manifestPath} to deploy a new one ` +
          `(if it is the vault's regime source, the Rebalancer must then be pointed at the new one: by this flow ` +
          `while the deployer is its admin, by governance after the hand-over).`,
      );
    }
    if (t.useAsRegimeSource) {
      await setting(
        "Rebalancer.setRegimeSource(TrendSignal)",
        rebalancer,
        async () => addressDiff("Rebalancer.regimeSource(Index)", await rebalancer.regimeSource(indexAddress), signal),
        () => rebalancer.setRegimeSource(indexAddress, signal),
      );
    }
  }
  return { rebalancer, upkeep, stable };

  /**
   * One index under the Rebalancer: its REBALANCER_ROLE, its config (the network's rebalancing settings with its own
   * stablecoin), its upkeep period, and the settings in force recorded in its manifest entry.
   */
  async function rebalanceIndex(index: {
    key: string;
    symbol: string;
    address: string;
    vault: IndexVault;
    stable: AssetConfig;
  }): Promise<void> {
    const at = `Rebalancer.config(${index.key})`;
    const label = index.key === "Index" ? "Index" : `Index ${index.symbol}`;
    await grant(`${label} REBALANCER_ROLE`, index.vault, await index.vault.REBALANCER_ROLE(), rebalancerAddress);
    await setting(
      `Rebalancer.setConfig(${index.symbol})`,
      rebalancer,
      async () => {
        const now = await rebalancer.config(index.address);
        return [
          ...wadDiff(`${at}.bandHigh`, now.bandHigh, r.bandHigh),
          ...wadDiff(`${at}.bandLow`, now.bandLow, r.bandLow),
          ...secondsDiff(`${at}.auctionDuration`, now.auctionDuration, r.auctionDurationSeconds),
          ...secondsDiff(`${at}.announcementDelay`, now.announcementDelay, r.announcementDelaySeconds),
          ...secondsDiff(`${at}.hysteresis`, now.hysteresis, r.hysteresisSeconds),
          ...wadDiff(`${at}.weightCap`, now.weightCap, r.weightCap),
          ...wadDiff(`${at}.maxLotUsd`, now.maxLotUsd, r.maxLotUsd),
          ...addressDiff(`${at}.stablecoin`, now.stablecoin, index.stable.token),
        ];
      },
      () => rebalancer.setConfig(index.address, { ...rebalancerConfig, stablecoin: index.stable.token }),
    );
    await setting(
      `RebalanceUpkeep.scheduleVault(${index.symbol}, ${r.upkeepPeriodSeconds} s)`,
      upkeep,
      async () =>
        secondsDiff(
          `RebalanceUpkeep.schedule(${index.key}).period`,
          (await upkeep.schedule(index.address)).period,
          r.upkeepPeriodSeconds,
        ),
      () => upkeep.scheduleVault(index.address, r.upkeepPeriodSeconds),
    );
    // The settings in force (the config's, unless a difference was reported above).
    const entry = manifest.indices.find((i) => i.name === index.key)!;
    const inForce = await rebalancer.config(index.address);
    entry.rebalancing = {
      bandHigh: formatWad(inForce.bandHigh),
      bandLow: formatWad(inForce.bandLow),
      auctionDurationSeconds: Number(inForce.auctionDuration),
      announcementDelaySeconds: Number(inForce.announcementDelay),
      hysteresisSeconds: Number(inForce.hysteresis),
      weightCap: formatWad(inForce.weightCap),
      maxLotUsd: formatWad(inForce.maxLotUsd),
      stablecoin: inForce.stablecoin,
      upkeepPeriodSeconds: Number((await upkeep.schedule(index.address)).period),
    };
  }
}
