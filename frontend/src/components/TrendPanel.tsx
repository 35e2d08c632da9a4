/**
 * The regime signal's inputs when an on-chain trend rule (TrendSignal) drives the index: the benchmark price against
 * its moving average, the band that must be crossed to switch, the weekly samples, and what the rule gives now, or
 * why it gives nothing (not enough samples, a stale feed) in words.
 */
import type { Address } from "viem";
import { useTrendSignal } from "../hooks/trend.js";
import { describeError } from "../lib/errors.js";
import { formatPercent, formatTime, shortAddress } from "../lib/format.js";
import { deviation, formatSigned, switchThreshold } from "../lib/trend.js";
import { sentenceContext } from "../lib/tokens.js";
import { REGIMES } from "../hooks/lens.js";
import { Explain } from "./Explain.js";
import { ErrorState, Loading } from "./States.js";

const WEEK = 7 * 86_400;

export function TrendPanel({ source, current }: { source: Address; current: number }) {
  const reads = useTrendSignal(source, current);
  if (reads.isPending) return <Loading what="the trend rule" />;
  if (reads.error !== null)
    return <ErrorState what="the trend rule" error={reads.error} retry={() => void reads.refetch()} />;
  const [price, average, window, band, sampled, signal] = reads.data;
  const avg = average.status === "success" ? average.result : undefined;
  const dev = price.status === "success" && avg !== undefined ? deviation(price.result, avg[0]) : undefined;
  const threshold = band.status === "success" ? switchThreshold(current, band.result) : undefined;
  return (
    <div className="trend" data-testid="trend">
      <h3>
        Signal inputs: on-chain trend rule <code title={source}>{shortAddress(source)}</code>
      </h3>
      <dl className="stats">
        <div>
          <dt>Price against its average</dt>
          <dd data-testid="trend-deviation">
            <Explain tip="The benchmark feed's live price compared with the moving average of its weekly samples.">
              {dev === undefined
                ? price.status === "failure"
                  ? `no price: ${describeError(price.error, sentenceContext).sentence}`
                  : "no average yet"
                : `${formatSigned(dev)} ${dev < 0n ? "below" : "above"} the average`}
            </Explain>
          </dd>
        </div>
        <div>
          <dt>Switches</dt>
          <dd data-testid="trend-threshold">
            {threshold === undefined ? (
              "—"
            ) : (
              <Explain
                tip={`A band of ${formatPercent(band.status === "success" ? band.result : 0n)} around the average, so a price hovering near it cannot flip the regime.`}
              >
                to {threshold.to} when the price is {threshold.to === "Risk-off" ? "below" : "above"}{" "}
                {formatSigned(threshold.at)} of the average
              </Explain>
            )}
          </dd>
        </div>
        <div>
          <dt>Average</dt>
          <dd>
            <Explain tip="One sample a week, taken by anyone calling sample(); the rule gives no signal until the window is full.">
              {avg === undefined || window.status !== "success"
                ? "—"
                : `${avg[1].toString()} of ${window.result.toString()} weekly samples`}
              {sampled.status === "success" && sampled.result[0] > 0n
                ? `, last in the week of ${formatTime(Number(sampled.result[0]) * WEEK).slice(0, 10)}`
                : ""}
            </Explain>
          </dd>
        </div>
        <div>
          <dt>Rule gives now</dt>
          <dd data-testid="trend-signal">
            {signal.status === "success"
              ? REGIMES[signal.result]
              : `nothing: ${describeError(signal.error, sentenceContext).sentence}`}
          </dd>
        </div>
      </dl>
    </div>
  );
}
