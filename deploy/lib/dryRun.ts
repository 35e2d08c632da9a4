import type { Signer } from "ethers";
import type { NetworkConfig } from "../config/networks/index.js";
import type { Operators } from "./networkConfig.js";
import { runNetworkFlow, type NetworkFlowResult } from "./networkFlow.js";
import { plantStandIns, type DevChain } from "./standIns.js";

export interface DryRunResult {
  first: NetworkFlowResult;
  second: NetworkFlowResult;
}

/**
 * A real network's deployment rehearsed on a local chain: stand-ins at the config's external addresses, the real
 * flow, then the flow again, which must deploy and configure nothing (idempotency).
 */
export async function dryRunNetwork(
  chain: DevChain,
  signer: Signer,
  o: { config: NetworkConfig; operators: Operators; manifestPath: string; rpcUrl: string; log?: (l: string) => void },
): Promise<DryRunResult> {
  const log = o.log ?? ((line: string) => process.stdout.write(line + "\n"));
  log(`Dry run of "${o.config.name}" on a local chain: planting stand-ins for the external contracts`);
  await plantStandIns(chain, signer, o.config, log);
  const flow = { ...o, network: `dry-run:${o.config.name}`, dryRun: true, log };
  log("\n== first run");
  const first = await runNetworkFlow(signer, flow);
  log("\n== second run (must deploy and configure nothing)");
  const second = await runNetworkFlow(signer, flow);
  if (second.deployed.length > 0 || second.configured.length > 0 || second.differences.length > 0) {
    throw new Error(
      `not idempotent: the second run deployed [${second.deployed.join(", ")}], configured ` +
        `[${second.configured.join(", ")}] and found the chain differing from the config in ` +
        `[${second.differences.join("; ")}]`,
    );
  }
  log(`✓ dry run of ${o.config.name} complete: the second run deployed and configured nothing`);
  return { first, second };
}
