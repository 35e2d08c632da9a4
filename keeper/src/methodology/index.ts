/**
 * The methodologies the keeper implements, by id and version: what a snapshot names, so its target can be recomputed
 * from its inputs (snapshot.ts). A snapshot made by another version is refused rather than recomputed differently.
 */
import type { Weight } from "../weights.js";
import { CAPPED_MARKET_CAP, cappedMarketCap } from "./cappedMarketCap.js";
import { MethodologyError, type TargetBounds, type UniverseToken } from "./common.js";
import { GLOBAL_TOP_N, globalTopN, type GlobalTopNParams } from "./globalTopN.js";
import {
  SIGNAL_SECTOR,
  signalSector,
  type SectorMembership,
  type SignalSectorParams,
  type TokenSignal,
} from "./signalSector.js";

export type MethodologySpec =
  | { id: typeof CAPPED_MARKET_CAP.id; version: string; params: Record<string, never> }
  | { id: typeof GLOBAL_TOP_N.id; version: string; params: GlobalTopNParams }
  | { id: typeof SIGNAL_SECTOR.id; version: string; params: SignalSectorParams };

/** Everything a methodology reads: the frozen inputs of a snapshot. */
export interface MethodologyInputs {
  universe: UniverseToken[];
  signals?: TokenSignal[];
  membership?: SectorMembership;
}

const VERSIONS: Record<MethodologySpec["id"], string> = {
  [CAPPED_MARKET_CAP.id]: CAPPED_MARKET_CAP.version,
  [GLOBAL_TOP_N.id]: GLOBAL_TOP_N.version,
  [SIGNAL_SECTOR.id]: SIGNAL_SECTOR.version,
};

/** The weights `spec` gives for `inputs` under `bounds`. */
export function computeWeights(spec: MethodologySpec, inputs: MethodologyInputs, bounds: TargetBounds): Weight[] {
  const version = VERSIONS[spec.id];
  if (version === undefined) throw new MethodologyError(`unknown methodology "${String(spec.id)}"`);
  if (spec.version !== version) {
    throw new MethodologyError(`${spec.id} version ${spec.version} is not the implemented version ${version}`);
  }
  switch (spec.id) {
    case "capped-market-cap":
      return cappedMarketCap(inputs.universe, bounds);
    case "global-top-n":
      return globalTopN(inputs.universe, spec.params, bounds).weights;
    case "signal-sector":
      if (inputs.membership === undefined) throw new MethodologyError("signal-sector needs the sector membership");
      if (inputs.signals === undefined) throw new MethodologyError("signal-sector needs the tokens' signals");
      return signalSector(inputs.universe, inputs.membership, inputs.signals, spec.params, bounds).weights;
  }
}

export { CAPPED_MARKET_CAP, GLOBAL_TOP_N, SIGNAL_SECTOR };
