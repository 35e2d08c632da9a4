import { IndexLens__factory } from "../../../types/ethers-contracts/index.js";
import type { FlowContext } from "./context.js";

/**
 * IndexLens, the dApp's stateless read lens (one `eth_call` per screen; every vault, rebalancer and distributor is a
 * call parameter). No constructor arguments and no roles: nothing to configure, nothing to hand over.
 */
export async function lensStep(ctx: FlowContext): Promise<string> {
  const { signer, ensure } = ctx;
  return ensure("IndexLens", [], () => new IndexLens__factory(signer).deploy());
}
