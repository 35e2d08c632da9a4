/** The indices list: every index of the deployment with NAV per share, changes, regime, fees, TVL, supply. */
import { Link } from "react-router";
import type { Address } from "viem";
import { manifest } from "../config/manifest.js";
import { Explain } from "../components/Explain.js";
import { Sparkline } from "../components/Sparkline.js";
import { Empty, ErrorState, Loading } from "../components/States.js";
import { REGIMES, useIndexSummary } from "../hooks/lens.js";
import { useIndexSnapshots, type Snapshot } from "../hooks/subgraph.js";
import { formatAmount, formatPercent, formatUsd } from "../lib/format.js";

/** Change of NAV per share over `seconds` from the snapshots, as a signed percentage; undefined without data. */
export function change(snapshots: Snapshot[] | undefined, seconds: number, nowNav: number): number | undefined {
  if (snapshots === undefined || snapshots.length === 0 || nowNav === 0) return undefined;
  const since = Date.now() / 1000 - seconds;
  const base =
    seconds === Infinity
      ? snapshots[0]
      : ([...snapshots].reverse().find((s) => s.periodStart <= since) ?? snapshots[0]);
  const then = Number(base?.navPerShareUSD ?? 0);
  return then > 0 ? ((nowNav - then) / then) * 100 : undefined;
}

function Change({ value, label }: { value: number | undefined; label: string }) {
  const text = value === undefined ? "—" : `${value >= 0 ? "+" : ""}${value.toFixed(2)} %`;
  return (
    <Explain
      tip={`Change of NAV per share ${label}, from the subgraph's hourly snapshots${value === undefined ? " (no snapshot that old yet)" : ""}.`}
    >
      <span className={value === undefined ? "muted" : value >= 0 ? "up" : "down"}>{text}</span>
    </Explain>
  );
}

function IndexRow({ address, snapshots }: { address: Address; snapshots: Snapshot[] | undefined }) {
  const { data, error, isPending, refetch } = useIndexSummary(address);
  if (isPending)
    return (
      <li className="card">
        <Loading what="the index" />
      </li>
    );
  if (error !== null)
    return (
      <li className="card">
        <ErrorState what="the index" error={error} retry={() => void refetch()} />
      </li>
    );
  const nav = Number(data.navPerShare) / 1e18;
  const r = data.rebalance;
  return (
    <li className="card index-card" data-testid="index-card">
      <div className="card-head">
        <h2>
          <Link to={`/index/${address}`}>{data.name}</Link> <span className="muted">{data.symbol}</span>
        </h2>
        <Link className="button" to={`/index/${address}/trade`}>
          Mint / redeem
        </Link>
      </div>
      <dl className="stats">
        <div>
          <dt>NAV per share</dt>
          <dd data-testid="nav">
            <Explain
              tip={`Net asset value of one ${data.symbol}: the oracle value in USD of the basket behind one share (units per share × price, summed).${data.navPartial ? " Some assets have no sound price right now and are left out, so this is partial." : ""}`}
            >
              {formatUsd(data.navPerShare)}
              {data.navPartial && <span className="warn"> (partial)</span>}
            </Explain>
          </dd>
        </div>
        <div>
          <dt>24 h</dt>
          <dd>
            <Change value={change(snapshots, 86_400, nav)} label="over the last 24 hours" />
          </dd>
        </div>
        <div>
          <dt>7 d</dt>
          <dd>
            <Change value={change(snapshots, 7 * 86_400, nav)} label="over the last 7 days" />
          </dd>
        </div>
        <div>
          <dt>Since launch</dt>
          <dd>
            <Change value={change(snapshots, Infinity, nav)} label="since the first snapshot" />
          </dd>
        </div>
        <div>
          <dt>Regime</dt>
          <dd>
            <Explain tip="Risk-on holds the market basket; risk-off holds only the stablecoin. A signalled switch waits for its hysteresis before it applies.">
              {r.configured ? REGIMES[r.regime] : "—"}
              {r.hasPendingRegime && ` (switch to ${REGIMES[r.pendingRegime]} pending)`}
            </Explain>
          </dd>
        </div>
        <div>
          <dt>TVL</dt>
          <dd>
            <Explain tip="Total value locked: the oracle value in USD of everything the whole supply is backed by.">
              {formatUsd(data.totalValue, 0)}
            </Explain>
          </dd>
        </div>
        <div>
          <dt>Supply</dt>
          <dd>
            <Explain tip={`${data.symbol} tokens in existence (18 decimals).`}>
              {formatAmount(data.totalSupply, 18, 2)} {data.symbol}
            </Explain>
          </dd>
        </div>
        <div>
          <dt>Fees</dt>
          <dd>
            <Explain tip="Management fee per year (streamed every second as new shares to stakers), mint fee and redeem fee (each a share of the amount minted or redeemed).">
              {formatPercent(data.fees.managementFee)} / yr · mint {formatPercent(data.fees.mintFee)} · redeem{" "}
              {formatPercent(data.fees.redeemFee)}
            </Explain>
          </dd>
        </div>
        <div>
          <dt>Assets</dt>
          <dd>
            <Explain tip="Basket slots holding a non-zero amount.">
              {data.basket.filter((a) => a.unitsPerShare > 0n).length}
            </Explain>
          </dd>
        </div>
      </dl>
      <div className="spark">
        <Sparkline
          values={(snapshots ?? []).map((s) => Number(s.navPerShareUSD ?? 0)).filter((v) => v > 0)}
          label={`NAV per share of ${data.symbol} over the last hours`}
        />
      </div>
    </li>
  );
}

export default function IndicesScreen() {
  const snapshots = useIndexSnapshots();
  return (
    <>
      <h1>Indices</h1>
      <p className="lead">
        Index tokens backed one to one by a basket held on chain. Mint with the basket or with USDC, redeem any time.
      </p>
      {snapshots.error !== null && (
        <p className="muted small" role="status">
          History is unavailable ({snapshots.error.message}); live values below come from the chain.
        </p>
      )}
      {manifest.indices.length === 0 ? (
        <Empty>This deployment has no index yet.</Empty>
      ) : (
        <ul className="cards">
          {manifest.indices.map((i) => (
            <IndexRow
              key={i.address}
              address={i.address as Address}
              snapshots={snapshots.data?.[i.address.toLowerCase()]}
            />
          ))}
        </ul>
      )}
    </>
  );
}
