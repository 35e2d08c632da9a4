import { PriceOracle__factory, type PriceOracle } from "../../../types/ethers-contracts/index.js";
import { addressDiff, oracleHeartbeat, secondsDiff, wad, wadDiff, type FlowContext } from "./context.js";

export interface OracleStep {
  oracleAddress: string;
  oracle: PriceOracle;
}

/** PriceOracle, a feed (heartbeat + 10 %, price bounds) for every basket asset, and the L2 sequencer feed. */
export async function oracleStep(ctx: FlowContext): Promise<OracleStep> {
  const { signer, deployer, config: c, ensure, setting } = ctx;
  const oracleAddress = await ensure("PriceOracle", [deployer], () =>
    new PriceOracle__factory(signer).deploy(deployer),
  );
  const oracle = PriceOracle__factory.connect(oracleAddress, signer);
  for (const a of c.assets) {
    const [hb, min, max] = [oracleHeartbeat(a), wad(a.minPriceUsd), wad(a.maxPriceUsd)];
    await setting(
      `PriceOracle.setFeed(${a.symbol}, ${a.feed})`,
      oracle,
      async () => {
        const f = await oracle.feedConfig(a.token);
        const at = `PriceOracle.feedConfig(${a.symbol})`;
        return [
          ...addressDiff(`${at}.feed`, f.feed, a.feed),
          ...(Number(f.heartbeat) === hb
            ? []
            : [
                {
                  setting: `${at}.heartbeat`,
                  chain: `${f.heartbeat} s`,
                  config: `${hb} s (${a.heartbeatSeconds} s + 10 %)`,
                },
              ]),
          ...wadDiff(`${at}.minPrice`, f.minPrice, a.minPriceUsd),
          ...wadDiff(`${at}.maxPrice`, f.maxPrice, a.maxPriceUsd),
        ];
      },
      () => oracle.setFeed(a.token, a.feed, hb, min, max),
    );
    if (a.ratioFeed !== undefined) {
      const r = a.ratioFeed;
      const ratioHeartbeat = Math.ceil(r.heartbeatSeconds * 1.1);
      await setting(
        `PriceOracle.setRatioFeed(${a.symbol}, ${r.feed})`,
        oracle,
        async () => {
          const now = await oracle.ratioFeed(a.token);
          const at = `PriceOracle.ratioFeed(${a.symbol})`;
          return [
            ...addressDiff(`${at}.feed`, now.feed, r.feed),
            ...secondsDiff(`${at}.heartbeat`, now.heartbeat, ratioHeartbeat),
            ...wadDiff(`${at}.minRatio`, now.minRatio, r.minRatio),
            ...wadDiff(`${at}.maxRatio`, now.maxRatio, r.maxRatio),
          ];
        },
        () => oracle.setRatioFeed(a.token, r.feed, ratioHeartbeat, wad(r.minRatio), wad(r.maxRatio)),
      );
    }
  }
  if (c.sequencer !== undefined) {
    const s = c.sequencer;
    await setting(
      `PriceOracle.setSequencerFeed(${s.feed}, ${s.gracePeriodSeconds} s)`,
      oracle,
      async () => [
        ...addressDiff("PriceOracle.sequencerFeed", await oracle.sequencerFeed(), s.feed),
        ...secondsDiff("PriceOracle.sequencerGracePeriod", await oracle.sequencerGracePeriod(), s.gracePeriodSeconds),
      ],
      () => oracle.setSequencerFeed(s.feed, s.gracePeriodSeconds),
    );
  }
  return { oracleAddress, oracle };
}
