import type { Provider } from "ethers";
import type { Clock } from "./types.js";

/**
 * The keeper's clock: chain time, the timestamp of the latest block, read at each call. Chain time, not the
 * machine's, because every deadline the keeper weighs (auction ends, fill deadlines, veTMAI and revenue weeks) is
 * checked on chain against the block. Read at each call rather than once per pass: a pass can last minutes
 * (receipts, rebroadcasts), and a fill's deadline is counted from when its lot is planned.
 */
export function chainClock(provider: Provider | null | undefined): Clock {
  return {
    now: async () => {
      const block = await provider?.getBlock("latest");
      if (block === undefined || block === null) throw new Error("cannot read chain time: no provider or no block");
      return block.timestamp;
    },
  };
}
