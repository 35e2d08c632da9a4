/**
 * Mint and redeem: in kind (every basket asset, approvals with progress, limits with slippage, the basket version
 * pinned) or with one asset through the IndexRouter (quote, price impact against the oracle, limit with slippage,
 * deadline). Every route shows a preview before signing. When an oracle price is unsound the one-asset route is
 * disabled with the reason; in-kind stays. Deferred assets (a token that refused a redeem transfer) can be withdrawn.
 * A one-asset trade whose token supports EIP-2612 (the index token; USDC on real networks) signs a permit instead of
 * an approval transaction by default: one `multicall([selfPermit, trade])` transaction. An in-kind mint whose basket
 * tokens lacking an allowance all support permit signs one permit per token for the router instead of one approval
 * transaction each, then sends one `multicall([selfPermit…, mintInKind])` transaction ("Approve instead" keeps the
 * approvals to the vault and `vault.mint`).
 */
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { useAccount, useConfig, useReadContract } from "wagmi";
import { erc20Abi, type Address } from "viem";
import { IndexRouterAbi, IndexVaultAbi } from "../../../bindings/abis.js";
import { chain } from "../config/chain.js";
import { contract, quoteToken } from "../config/manifest.js";
import { RouteIndex } from "../components/RouteIndex.js";
import { EventLog } from "../components/EventLog.js";
import { Explain } from "../components/Explain.js";
import { Empty, ErrorState, Loading } from "../components/States.js";
import { TxStatus } from "../components/TxStatus.js";
import { LIVE_INTERVAL_MS, PRICE_STATUS, useAccountSummary, useIndexSummary } from "../hooks/lens.js";
import { useInKindPreview, useRouterQuote } from "../hooks/quotes.js";
import { useAccountHistory } from "../hooks/subgraph.js";
import { signPermit, usePermitSupport, usePermitSupportsAndAllowances } from "../hooks/permit.js";
import { useTx, type TxState } from "../hooks/useTx.js";
import { describeError } from "../lib/errors.js";
import {
  permitsMulticallData,
  planInKindPermits,
  type InKindPermit,
  type RouterTrade,
  type SignedPermit,
} from "../lib/permit.js";
import { formatAmount, formatPercent, formatTime, formatToken, formatUsd, parseAmount } from "../lib/format.js";
import {
  DEFAULT_DEADLINE_MINUTES,
  DEFAULT_SLIPPAGE_BPS,
  deadlineAfter,
  feeOn,
  isHighImpact,
  maxWithSlippage,
  minWithSlippage,
  parseSlippage,
  pinBasketVersion,
  valueOfShares,
} from "../lib/math.js";
import { sentenceContext } from "../lib/tokens.js";
import { basketUsd, compareRoutes, quoteUsd } from "../lib/compare.js";

type Side = "mint" | "redeem";
type Route = "inkind" | "token";

function Segmented<T extends string>({
  legend,
  value,
  options,
  onChange,
}: {
  legend: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="segmented">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className={o.value === value ? "on" : ""}>
          <input
            type="radio"
            name={legend}
            value={o.value}
            checked={o.value === value}
            onChange={() => onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function Row({ label, tip, children, testId }: { label: string; tip: string; children: ReactNode; testId?: string }) {
  return (
    <div className="row">
      <dt>{label}</dt>
      <dd data-testid={testId}>
        <Explain tip={tip}>{children}</Explain>
      </dd>
    </div>
  );
}

export default function TradeScreen() {
  return <RouteIndex>{(vault) => <Trade vault={vault} />}</RouteIndex>;
}

function Trade({ vault }: { vault: Address }) {
  const summary = useIndexSummary(vault);
  const { address: account, chainId } = useAccount();
  const accountSummary = useAccountSummary(vault, account);
  const [side, setSide] = useState<Side>("mint");
  const [route, setRoute] = useState<Route>("inkind");
  const [input, setInput] = useState("1");
  const [slippageInput, setSlippageInput] = useState(String(DEFAULT_SLIPPAGE_BPS / 100));
  const [deadlineInput, setDeadlineInput] = useState(String(DEFAULT_DEADLINE_MINUTES));
  const shares = parseAmount(input, 18);
  const slippageBps = parseSlippage(slippageInput);
  const deadlineMinutes = Number(deadlineInput);
  const deadlineOk = Number.isFinite(deadlineMinutes) && deadlineMinutes >= 1 && deadlineMinutes <= 1_440;

  if (summary.isPending) return <Loading what="the index" />;
  if (summary.error !== null)
    return <ErrorState what="the index" error={summary.error} retry={() => void summary.refetch()} />;
  const s = summary.data;
  const usdc = quoteToken();
  const unsound = s.basket.filter((a) => a.unitsPerShare > 0n && a.status !== 0);
  const oracleReason =
    unsound.length === 0
      ? undefined
      : `${unsound
          .map(
            (a) =>
              `${a.symbol}: ${PRICE_STATUS[a.status]}${a.updatedAt > 0n ? ` (last update ${formatTime(a.updatedAt)})` : ""}`,
          )
          .join("; ")}. A one-asset ${side} needs a sound price for every basket asset; in-kind ${side} needs none.`;
  const wrongChain = account !== undefined && chainId !== chain.id;
  const indexBalance = accountSummary.data?.indexBalance;

  return (
    <>
      <p>
        <Link to={`/index/${vault}`}>← {s.name}</Link>
      </p>
      <h1>
        {side === "mint" ? "Mint" : "Redeem"} {s.symbol}
      </h1>
      <p className="lead">
        NAV per share{" "}
        <Explain
          tip={`USD oracle value of the basket behind one index token.${s.navPartial ? " Some assets have no sound price right now and are left out, so this is partial." : ""}`}
        >
          {formatUsd(s.navPerShare)}
          {s.navPartial && <span className="warn"> (partial)</span>}
        </Explain>
        {account !== undefined && indexBalance !== undefined && (
          <>
            {" · "}your balance{" "}
            <Explain
              tip={`Your ${s.symbol} tokens, worth ${formatUsd(valueOfShares(indexBalance, s.navPerShare))} at NAV.`}
            >
              <span data-testid="index-balance">{formatAmount(indexBalance, 18, 6)}</span> {s.symbol}
            </Explain>
          </>
        )}
      </p>
      <div className="trade-controls">
        <Segmented
          legend="Action"
          value={side}
          onChange={setSide}
          options={[
            { value: "mint", label: "Mint" },
            { value: "redeem", label: "Redeem" },
          ]}
        />
        <Segmented
          legend="Route"
          value={route}
          onChange={setRoute}
          options={[
            { value: "inkind", label: "In kind (basket)" },
            { value: "token", label: `With one asset (${usdc?.symbol ?? "none"})` },
          ]}
        />
        <label className="field">
          Index tokens to {side}
          <input
            inputMode="decimal"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            aria-invalid={shares === undefined}
            data-testid="shares-input"
          />
          <span className="muted small">{s.symbol}, 18 decimals</span>
        </label>
        <label className="field">
          Slippage tolerance (%)
          <input
            inputMode="decimal"
            value={slippageInput}
            onChange={(e) => setSlippageInput(e.target.value)}
            aria-invalid={slippageBps === undefined}
            data-testid="slippage-input"
          />
          <span className="muted small">default {DEFAULT_SLIPPAGE_BPS / 100} %, at most 10 %</span>
        </label>
        {(route === "token" || side === "mint") && (
          <label className="field">
            Deadline (minutes)
            <input
              inputMode="numeric"
              value={deadlineInput}
              onChange={(e) => setDeadlineInput(e.target.value)}
              aria-invalid={!deadlineOk}
            />
            <span className="muted small">
              the transaction fails if mined later{route === "inkind" ? " (in kind: with permits only)" : ""}
            </span>
          </label>
        )}
      </div>
      {shares === undefined && (
        <p className="warn" role="alert">
          Enter an amount of index tokens, e.g. 1.5.
        </p>
      )}
      {slippageBps === undefined && (
        <p className="warn" role="alert">
          Slippage must be a percentage from 0 to 10.
        </p>
      )}
      {side === "mint" && s.mintPaused && (
        <p className="warn" role="alert">
          Minting this index is paused by the guardian; redeeming works.
        </p>
      )}
      {wrongChain && (
        <p className="warn" role="alert">
          Switch your wallet to {chain.name} first.
        </p>
      )}
      {account === undefined && (
        <p className="muted" role="status">
          Connect a wallet to {side}; the figures below need none.
        </p>
      )}

      <FeeNote
        side={side}
        shares={shares}
        fee={side === "mint" ? s.fees.mintFee : s.fees.redeemFee}
        nav={s.navPerShare}
        symbol={s.symbol}
      />

      {shares !== undefined && shares > 0n && (
        <CompareRoutes
          side={side}
          vault={vault}
          shares={shares}
          summary={s}
          token={usdc}
          unavailable={oracleReason}
          onPick={setRoute}
        />
      )}

      {shares !== undefined &&
        shares > 0n &&
        slippageBps !== undefined &&
        (route === "inkind" ? (
          <InKind
            key={`${side}`}
            side={side}
            vault={vault}
            shares={shares}
            slippageBps={slippageBps}
            deadlineMinutes={deadlineOk ? deadlineMinutes : undefined}
            account={wrongChain ? undefined : account}
            summary={s}
            accountSummary={accountSummary.data}
            onDone={() => {
              void summary.refetch();
              void accountSummary.refetch();
            }}
          />
        ) : oracleReason !== undefined ? (
          <div className="route-disabled" role="alert" data-testid="one-asset-disabled">
            <p>
              <strong>One-asset {side} is unavailable.</strong> {oracleReason}
            </p>
            <button type="button" onClick={() => setRoute("inkind")}>
              {side === "mint" ? "Mint" : "Redeem"} in kind instead
            </button>
          </div>
        ) : usdc === undefined ? (
          <p className="muted">This deployment has no DEX quote token: one-asset mint and redeem are not offered.</p>
        ) : (
          <OneAsset
            key={`${side}`}
            side={side}
            vault={vault}
            token={usdc.address as Address}
            tokenSymbol={usdc.symbol}
            tokenDecimals={usdc.decimals}
            shares={shares}
            slippageBps={slippageBps}
            deadlineMinutes={deadlineOk ? deadlineMinutes : undefined}
            account={wrongChain ? undefined : account}
            symbol={s.symbol}
            indexBalance={indexBalance}
            onDone={() => {
              void summary.refetch();
              void accountSummary.refetch();
            }}
          />
        ))}
      <Deferred
        vault={vault}
        account={wrongChain ? undefined : account}
        assets={accountSummary.data?.assets}
        onDone={() => void accountSummary.refetch()}
      />
      <YourActivity vault={vault} account={wrongChain ? undefined : account} />
    </>
  );
}

/** The connected account's own mints, redeems and kept tokens in this index, from the subgraph. */
function YourActivity({ vault, account }: { vault: Address; account: Address | undefined }) {
  const history = useAccountHistory(vault, account);
  if (account === undefined) return null;
  return (
    <section className="panel" aria-labelledby="activity-h">
      <h2 id="activity-h">Your activity</h2>
      {history.isPending ? (
        <Loading what="your history" />
      ) : history.error !== null ? (
        <ErrorState what="your history from the subgraph" error={history.error} retry={() => void history.refetch()} />
      ) : history.data.length === 0 ? (
        <Empty>No mint or redeem of this index from this account yet.</Empty>
      ) : (
        <EventLog entries={history.data} testId="your-activity" />
      )}
    </section>
  );
}

function FeeNote({
  side,
  shares,
  fee,
  nav,
  symbol,
}: {
  side: Side;
  shares: bigint | undefined;
  fee: bigint;
  nav: bigint;
  symbol: string;
}) {
  if (shares === undefined || shares === 0n) return null;
  const feeShares = feeOn(shares, fee);
  return (
    <p className="fee-note" data-testid="fee-note">
      {side === "mint" ? "Mint" : "Redeem"} fee {formatPercent(fee)}:{" "}
      <Explain
        tip={
          side === "mint"
            ? `On top of the ${symbol} you mint, the vault mints this many fee shares to the stakers; the basket you pay includes them.`
            : `Of the ${symbol} you redeem, this many go to the stakers as fee shares; you receive the basket of the rest.`
        }
      >
        {formatAmount(feeShares, 18, 6)} {symbol} ≈ {formatUsd(valueOfShares(feeShares, nav))}
      </Explain>{" "}
      on your {formatAmount(shares, 18, 6)} {symbol}.
    </p>
  );
}

type Summary = NonNullable<ReturnType<typeof useIndexSummary>["data"]>;

/**
 * Both routes for the typed amount, side by side in USD at oracle prices: in kind (the vault's preview of the basket
 * amounts, fee included) against one asset (the router's quote, fee included, with its price impact), and which is
 * better for the user by how much.
 */
function CompareRoutes({
  side,
  vault,
  shares,
  summary,
  token,
  unavailable,
  onPick,
}: {
  side: Side;
  vault: Address;
  shares: bigint;
  summary: Summary;
  token: { address: string; symbol: string; decimals: number } | undefined;
  unavailable: string | undefined;
  onPick: (route: Route) => void;
}) {
  const preview = useInKindPreview(side, vault, shares);
  const quote = useRouterQuote(
    side,
    vault,
    token?.address as Address | undefined,
    shares,
    token !== undefined && unavailable === undefined,
  );
  const fee = side === "mint" ? summary.fees.mintFee : summary.fees.redeemFee;
  const feeShares = feeOn(shares, fee);
  const feeUsd = valueOfShares(feeShares, summary.navPerShare);
  const prices = summary.basket.map((a) => ({ price: a.price, decimals: a.decimals, sound: a.status === 0 }));
  const inKindUsd = preview.data === undefined ? undefined : basketUsd(preview.data, prices);
  const q = quote.data;
  const quotedBasketUsd = q === undefined ? undefined : basketUsd(q.basketAmounts, prices);
  const oneAssetUsd =
    q === undefined || quotedBasketUsd === undefined ? undefined : quoteUsd(q.amount, q.oracleValue, quotedBasketUsd);
  const c =
    inKindUsd === undefined || oneAssetUsd === undefined ? undefined : compareRoutes(side, inKindUsd, oneAssetUsd);
  const verb = side === "mint" ? "costs" : "pays";
  const amountText = `${formatAmount(shares, 18, 6)} ${summary.symbol}`;
  const feeRow = (
    <Row
      label={`${side === "mint" ? "Mint" : "Redeem"} fee included`}
      tip={`${formatPercent(fee)} of the ${summary.symbol} ${side === "mint" ? "minted, added as fee shares to the basket you pay" : "redeemed, kept as fee shares"}: ${formatAmount(feeShares, 18, 6)} ${summary.symbol} at NAV. The same on both routes: the router mints and redeems through the vault.`}
    >
      {formatUsd(feeUsd)}
    </Row>
  );
  return (
    <section className="panel" aria-labelledby="compare-h" data-testid="route-compare">
      <h2 id="compare-h">
        {side === "mint" ? "What minting" : "What redeeming"} {amountText} {verb}: in kind or with{" "}
        {token?.symbol ?? "one asset"}
      </h2>
      <div className="compare">
        <div className={`route${c?.better === "inkind" ? " better" : ""}`} data-testid="compare-inkind">
          <h3>In kind (basket)</h3>
          <dl className="quote">
            <Row
              label={side === "mint" ? "You pay" : "You receive"}
              tip={`The basket amounts of the vault's preview${side === "mint" ? "Mint" : "Redeem"} for ${amountText}, each times its oracle price (USD). No swap, so no price impact; you ${side === "mint" ? "need every basket token and one approval per token" : "receive every basket token"}. Gas not counted.`}
              testId="compare-inkind-usd"
            >
              {preview.isPending
                ? "…"
                : preview.error !== null
                  ? "no preview"
                  : inKindUsd === undefined
                    ? "— (an asset has no sound price)"
                    : formatUsd(inKindUsd)}
            </Row>
            <Row label="Price impact" tip="In kind trades nothing: you hand over or receive the basket itself.">
              {formatPercent(0n)}
            </Row>
            {feeRow}
          </dl>
        </div>
        <div className={`route${c?.better === "token" ? " better" : ""}`} data-testid="compare-token">
          <h3>With {token?.symbol ?? "one asset"}</h3>
          {token === undefined ? (
            <p className="muted">This deployment has no DEX quote token.</p>
          ) : unavailable !== undefined ? (
            <p className="warn">Unavailable: an oracle price is not sound (see the route below).</p>
          ) : quote.isPending ? (
            <Loading what="the quote" />
          ) : quote.error !== null ? (
            <p className="warn">No quote: {describeError(quote.error, sentenceContext).sentence}</p>
          ) : (
            <dl className="quote">
              <Row
                label={side === "mint" ? "You pay" : "You receive"}
                tip={`The router's quote (each swap simulated on its pool) in ${token.symbol}, and in USD at the ${token.symbol} oracle price the router used (its oracle value of the same basket in ${token.symbol} against that basket's USD value). Gas not counted.`}
                testId="compare-token-usd"
              >
                {formatToken(q!.amount, token.decimals, token.symbol)}
                {oneAssetUsd === undefined ? "" : ` ≈ ${formatUsd(oneAssetUsd)}`}
              </Row>
              <Row
                label="Price impact"
                tip="How much worse than the oracle the swaps trade (pool fees and slippage); negative when the pools trade better."
              >
                <span className={isHighImpact(q!.priceImpact) ? "warn" : ""}>{formatPercent(q!.priceImpact)}</span>
              </Row>
              {feeRow}
            </dl>
          )}
        </div>
      </div>
      {c !== undefined && (
        <p data-testid="compare-difference">
          <Explain
            tip={`One asset minus in kind for a mint (what you pay), in kind minus one asset for a redeem (what you get), in USD and as a share of the in-kind value. Both at oracle prices, fees included, gas not counted.`}
          >
            {c.better === "same"
              ? "Both routes come to the same USD value."
              : c.better === "inkind"
                ? `In kind is better by ${formatUsd(c.extraUsd)} (${formatPercent(c.extraFraction)}): with ${token?.symbol} you ${side === "mint" ? "pay that much more" : "receive that much less"}.`
                : `With ${token?.symbol} is better by ${formatUsd(-c.extraUsd)} (${formatPercent(-c.extraFraction)}): the pools trade better than the oracle.`}
          </Explain>{" "}
          <button type="button" className="link" onClick={() => onPick(c.better === "token" ? "token" : "inkind")}>
            Use {c.better === "token" ? `the ${token?.symbol} route` : "the in-kind route"}
          </button>
        </p>
      )}
    </section>
  );
}
type AccountData = NonNullable<ReturnType<typeof useAccountSummary>["data"]>;

function InKind({
  side,
  vault,
  shares,
  slippageBps,
  deadlineMinutes,
  account,
  summary,
  accountSummary,
  onDone,
}: {
  side: Side;
  vault: Address;
  shares: bigint;
  slippageBps: number;
  deadlineMinutes: number | undefined;
  account: Address | undefined;
  summary: Summary;
  accountSummary: AccountData | undefined;
  onDone: () => void;
}) {
  const preview = useInKindPreview(side, vault, shares);
  const approvals = useTx();
  const tx = useTx();
  const config = useConfig();
  const router = contract("IndexRouter");
  // For the permit route: each basket token's permit support and the account's allowance to the router.
  const routerSide = usePermitSupportsAndAllowances(
    summary.basket.map((a) => a.asset),
    account,
    router,
    side === "mint" && account !== undefined,
  );
  const [approveInstead, setApproveInstead] = useState(false);
  const [signature, setSignature] = useState<TxState>({ status: "idle" });
  const [progress, setProgress] = useState<string | undefined>();
  const [signing, setSigning] = useState<string | undefined>();
  const [review, setReview] = useState<
    | {
        amounts: readonly bigint[];
        limits: bigint[];
        version: number;
        permits: InKindPermit[] | undefined;
        deadline: bigint | undefined;
      }
    | undefined
  >();
  if (preview.isPending) return <Loading what="the basket amounts" />;
  if (preview.error !== null)
    return <ErrorState what="the basket amounts" error={describeError(preview.error, sentenceContext).sentence} />;
  const amounts = preview.data;
  const limits = amounts.map((a) =>
    side === "mint" ? maxWithSlippage(a, slippageBps) : minWithSlippage(a, slippageBps),
  );
  const positions = accountSummary?.basketVersion === summary.basketVersion ? accountSummary.assets : undefined;
  const value = summary.basket.reduce(
    (sum, a, i) => sum + (a.status === 0 ? ((amounts[i] ?? 0n) * a.price) / 10n ** BigInt(a.decimals) : 0n),
    0n,
  );
  const needApproval =
    side === "mint" && positions !== undefined
      ? summary.basket
          .map((a, i) => ({ a, i }))
          .filter(({ i }) => (amounts[i] ?? 0n) > 0n && positions[i]!.allowance < limits[i]!)
      : [];
  const short =
    side === "mint" && positions !== undefined
      ? summary.basket.filter((_, i) => positions[i]!.balance < (amounts[i] ?? 0n)).map((a) => a.symbol)
      : [];
  const noShares = side === "redeem" && accountSummary !== undefined && accountSummary.indexBalance < shares;
  // Permits instead of approvals: when some tokens lack an allowance to the vault and every token lacking one to the
  // router supports permit, the default is one signature per such token, then one router transaction.
  const plan =
    side === "mint" && routerSide.data !== undefined && routerSide.data.length === summary.basket.length
      ? planInKindPermits(
          summary.basket.map((a, i) => ({
            token: a.asset,
            symbol: a.symbol,
            decimals: a.decimals,
            amount: amounts[i] ?? 0n,
            routerAllowance: routerSide.data![i]!.routerAllowance,
            permit: routerSide.data![i]!.permit,
          })),
        )
      : undefined;
  const permitRoute = needApproval.length > 0 && plan?.available === true && deadlineMinutes !== undefined;
  const usePermits = permitRoute && !approveInstead;
  const permitsPending = needApproval.length > 0 && !approveInstead && routerSide.isPending;
  const showApprovals = needApproval.length > 0 && !usePermits && !permitsPending;

  const approveAll = async () => {
    const todo = needApproval;
    for (const [k, { a, i }] of todo.entries()) {
      setProgress(`Approval ${k + 1} of ${todo.length}: ${a.symbol}`);
      const ok = await approvals.send({
        address: a.asset,
        abi: erc20Abi,
        functionName: "approve",
        args: [vault, limits[i]!],
      });
      if (!ok) {
        setProgress(undefined);
        return;
      }
    }
    setProgress(`${todo.length} of ${todo.length} approved`);
    onDone();
  };

  return (
    <section aria-labelledby="inkind-h" className="panel">
      <h2 id="inkind-h">{side === "mint" ? "You pay in kind" : "You receive in kind"}</h2>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Basket amounts of this {side}</caption>
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col">{side === "mint" ? "Needed" : "Paid to you"}</th>
              <th scope="col">{side === "mint" ? "Most (with slippage)" : "Least (with slippage)"}</th>
              <th scope="col">Your balance</th>
              {side === "mint" && (
                <th scope="col">
                  <Explain tip="Whether this token may be taken for the mint: approved to the vault, or, with permits, to the router (already, or by the permit you sign).">
                    Approved
                  </Explain>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {summary.basket.map((a, i) => (
              <tr key={a.asset} data-testid="inkind-row">
                <th scope="row">{a.symbol}</th>
                <td>
                  <Explain
                    tip={`Exactly what the vault ${side === "mint" ? "pulls" : "pays"} now (${a.decimals} decimals), from its preview${side}.`}
                  >
                    {formatToken(amounts[i] ?? 0n, a.decimals, a.symbol)}
                  </Explain>
                </td>
                <td>{formatToken(limits[i]!, a.decimals, a.symbol)}</td>
                <td>{positions === undefined ? "—" : formatToken(positions[i]!.balance, a.decimals, a.symbol)}</td>
                {side === "mint" && (
                  <td data-testid="inkind-approved">
                    {positions === undefined
                      ? "—"
                      : usePermits
                        ? plan!.permits.some((p) => p.token.toLowerCase() === a.asset.toLowerCase())
                          ? "by your permit"
                          : "yes (to the router)"
                        : positions[i]!.allowance >= limits[i]!
                          ? "yes"
                          : "no"}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        Oracle value of the basket{" "}
        <Explain tip="Sum of each amount times its oracle price: what in kind costs or pays, with no swap and no price impact.">
          <span data-testid="inkind-value">{formatUsd(value)}</span>
        </Explain>
      </p>
      {short.length > 0 && (
        <p className="warn" role="alert">
          Your balance is too low for: {short.join(", ")}.
        </p>
      )}
      {noShares && (
        <p className="warn" role="alert">
          You hold fewer {summary.symbol} than that.
        </p>
      )}
      {usePermits && account !== undefined && (
        <div className="approvals" data-testid="inkind-permit-choice">
          <p>
            <strong>Sign permits (no approval transactions).</strong>{" "}
            {plan!.permits.length === 0
              ? "Every basket token is already approved to the router: no signature needed,"
              : `You sign ${plan!.permits.length} permit${plan!.permits.length === 1 ? "" : "s"} (no transaction) for the router to take exactly ${plan!.permits.map((p) => formatToken(p.value, p.decimals, p.symbol)).join(", ")},`}{" "}
            and the mint is one transaction through the router.{" "}
            <button type="button" data-testid="inkind-approve-instead" onClick={() => setApproveInstead(true)}>
              Approve instead
            </button>
          </p>
        </div>
      )}
      {showApprovals && account !== undefined && (
        <div className="approvals">
          <p>The vault needs your approval for {needApproval.length} tokens (one transaction each).</p>
          <button
            type="button"
            onClick={() => void approveAll()}
            disabled={approvals.state.status === "signing" || approvals.state.status === "pending"}
            data-testid="approve-all"
          >
            Approve {needApproval.length} tokens
          </button>
          {approveInstead && permitRoute && (
            <>
              {" "}
              <button type="button" data-testid="inkind-permits-instead" onClick={() => setApproveInstead(false)}>
                Sign permits instead
              </button>
            </>
          )}
        </div>
      )}
      {progress !== undefined && (
        <p role="status" data-testid="approval-progress">
          {progress}
        </p>
      )}
      <TxStatus state={approvals.state} label="Approval" />
      {review === undefined ? (
        <button
          type="button"
          className="primary"
          disabled={account === undefined || (needApproval.length > 0 && !usePermits) || short.length > 0 || noShares}
          onClick={() =>
            setReview({
              amounts,
              limits,
              version: summary.basketVersion,
              permits: usePermits ? plan!.permits : undefined,
              deadline: usePermits ? deadlineAfter(Date.now() / 1000, deadlineMinutes!) : undefined,
            })
          }
          data-testid="review"
        >
          Review {side}
        </button>
      ) : (
        <div className="preview" role="region" aria-label="Preview before signing" data-testid="preview">
          <h3>Preview</h3>
          <p>
            {side === "mint" ? "Mint" : "Redeem"} {formatAmount(shares, 18, 6)} {summary.symbol}{" "}
            {side === "mint" ? "to" : "from"} {account}, paying {side === "mint" ? "at most" : "you at least"} the
            amounts above; basket version {review.version} pinned, so a rebalance that changes the basket's layout
            before this is mined makes it fail instead of misapplying the amounts.
          </p>
          {review.permits !== undefined && (
            <p data-testid="preview-permits">
              Uses permits through the router, if mined before {formatTime(review.deadline!)}:{" "}
              {review.permits.length === 0
                ? "no signature needed (every basket token is already approved to the router)"
                : `you first sign ${review.permits.length} permit${review.permits.length === 1 ? "" : "s"} (no transaction) for the router to take exactly ${review.permits.map((p) => formatToken(p.value, p.decimals, p.symbol)).join(", ")}`}
              , then send one transaction with the permits and the mint. No approval transaction.
            </p>
          )}
          <button
            type="button"
            className="primary"
            data-testid="confirm"
            onClick={async () => {
              if (review.permits !== undefined) {
                const signed: SignedPermit[] = [];
                for (const [k, p] of review.permits.entries()) {
                  setSigning(`Signature ${k + 1} of ${review.permits.length}: ${p.symbol}`);
                  setSignature({ status: "signing" });
                  try {
                    signed.push(
                      await signPermit(config, {
                        token: p.token,
                        domain: p.domain,
                        owner: account!,
                        spender: router,
                        value: p.value,
                        deadline: review.deadline!,
                      }),
                    );
                  } catch (err) {
                    // Nothing was sent: a signature moves nothing, so a rejected one loses nothing.
                    setSignature({ status: "failed", error: describeError(err, sentenceContext) });
                    setSigning(undefined);
                    setReview(undefined);
                    return;
                  }
                }
                setSignature({ status: "idle" });
                if (review.permits.length > 0) {
                  setSigning(`${review.permits.length} of ${review.permits.length} signed`);
                }
                const ok = await tx.send({
                  address: router,
                  abi: IndexRouterAbi,
                  functionName: "multicall",
                  args: [
                    permitsMulticallData(signed, {
                      functionName: "mintInKind",
                      args: [
                        vault,
                        shares,
                        pinBasketVersion(review.limits, review.version),
                        account!,
                        review.deadline!,
                      ],
                    }),
                  ],
                });
                setReview(undefined);
                if (ok) onDone();
                return;
              }
              const ok = await tx.send(
                side === "mint"
                  ? {
                      address: vault,
                      abi: IndexVaultAbi,
                      functionName: "mint",
                      args: [shares, account!, pinBasketVersion(review.limits, review.version)],
                    }
                  : {
                      address: vault,
                      abi: IndexVaultAbi,
                      functionName: "redeem",
                      args: [shares, account!, pinBasketVersion(review.limits, review.version)],
                    },
              );
              setReview(undefined);
              if (ok) onDone();
            }}
          >
            Confirm and sign
          </button>{" "}
          <button type="button" onClick={() => setReview(undefined)}>
            Cancel
          </button>
        </div>
      )}
      {signing !== undefined && (
        <p role="status" data-testid="signature-progress">
          {signing}
        </p>
      )}
      <TxStatus state={signature} label="Permit signature" />
      <TxStatus state={tx.state} label={side === "mint" ? "Mint" : "Redeem"} />
    </section>
  );
}

function OneAsset({
  side,
  vault,
  token,
  tokenSymbol,
  tokenDecimals,
  shares,
  slippageBps,
  deadlineMinutes,
  account,
  symbol,
  indexBalance,
  onDone,
}: {
  side: Side;
  vault: Address;
  token: Address;
  tokenSymbol: string;
  tokenDecimals: number;
  shares: bigint;
  slippageBps: number;
  deadlineMinutes: number | undefined;
  account: Address | undefined;
  symbol: string;
  indexBalance: bigint | undefined;
  onDone: () => void;
}) {
  const quote = useRouterQuote(side, vault, token, shares, true);
  const router = contract("IndexRouter");
  const allowance = useReadContract({
    address: side === "mint" ? token : vault,
    abi: erc20Abi,
    functionName: "allowance",
    args: account === undefined ? undefined : [account, router],
    query: { enabled: account !== undefined, refetchInterval: LIVE_INTERVAL_MS },
  });
  const approval = useTx();
  const tx = useTx();
  const config = useConfig();
  const [review, setReview] = useState<
    { limit: bigint; deadline: bigint; amount: bigint; permit: boolean } | undefined
  >();
  // The token the router takes: the payment token (mint) or the index token (redeem), and whether it has a permit.
  const pulled = side === "mint" ? token : vault;
  const permit = usePermitSupport(pulled, account, account !== undefined);
  const [approveInstead, setApproveInstead] = useState(false);
  const [signature, setSignature] = useState<TxState>({ status: "idle" });
  if (quote.isPending) return <Loading what="the quote" />;
  if (quote.error !== null) {
    return (
      <div className="route-disabled" role="alert" data-testid="one-asset-disabled">
        <p>
          <strong>No one-asset quote.</strong> {describeError(quote.error, sentenceContext).sentence}
        </p>
      </div>
    );
  }
  const q = quote.data;
  const limit = side === "mint" ? maxWithSlippage(q.amount, slippageBps) : minWithSlippage(q.amount, slippageBps);
  const approvalNeeded = side === "mint" ? limit : shares;
  const allowanceShort = account !== undefined && allowance.data !== undefined && allowance.data < approvalNeeded;
  // When the allowance is short: a permit by default where the token supports it, else (or by choice) an approval.
  const usePermit = allowanceShort && permit.data !== undefined && !approveInstead;
  const needsApproval = allowanceShort && !usePermit && !permit.isPending;
  const pulledText =
    side === "mint" ? formatToken(limit, tokenDecimals, tokenSymbol) : `${formatAmount(shares, 18, 6)} ${symbol}`;
  const noShares = side === "redeem" && indexBalance !== undefined && indexBalance < shares;
  return (
    <section aria-labelledby="one-h" className="panel">
      <h2 id="one-h">{side === "mint" ? `You pay ${tokenSymbol}` : `You receive ${tokenSymbol}`}</h2>
      <dl className="quote">
        <Row
          label={side === "mint" ? "Cost now" : "Proceeds now"}
          tip={`What the router's quote (each swap simulated on its Uniswap v3 pool) says the ${side} ${side === "mint" ? "spends" : "pays"} in this block.`}
          testId="quote-amount"
        >
          {formatToken(q.amount, tokenDecimals, tokenSymbol)}
        </Row>
        <Row
          label="Oracle value"
          tip={`The oracle value of the basket ${side === "mint" ? "bought (mint fee included)" : "sold (redeem fee deducted)"}, in ${tokenSymbol}: what the ${side} would be worth with no swap cost.`}
        >
          {formatToken(q.oracleValue, tokenDecimals, tokenSymbol)}
        </Row>
        <Row
          label="Price impact"
          tip="How much worse than the oracle the swaps trade (pool fees and slippage); negative when the pools trade better. The router refuses any swap beyond its oracle band."
        >
          <span className={isHighImpact(q.priceImpact) ? "warn" : ""}>{formatPercent(q.priceImpact)}</span>
        </Row>
        <Row
          label={side === "mint" ? "Most you pay" : "Minimum received"}
          tip={`The quote ${side === "mint" ? "plus" : "minus"} your slippage tolerance of ${slippageBps / 100} %: the transaction fails rather than go beyond it.`}
          testId="quote-limit"
        >
          {formatToken(limit, tokenDecimals, tokenSymbol)}
        </Row>
      </dl>
      {noShares && (
        <p className="warn" role="alert">
          You hold fewer {symbol} than that.
        </p>
      )}
      {usePermit && (
        <div className="approvals" data-testid="permit-choice">
          <p>
            <strong>Sign a permit (no approval transaction).</strong> You sign a permit for the router to take exactly{" "}
            {pulledText}, and the {side} is one transaction.{" "}
            <button type="button" data-testid="approve-instead" onClick={() => setApproveInstead(true)}>
              Approve instead
            </button>
          </p>
        </div>
      )}
      {needsApproval && (
        <div className="approvals">
          <button
            type="button"
            data-testid="approve-router"
            disabled={approval.state.status === "signing" || approval.state.status === "pending"}
            onClick={async () => {
              const ok = await approval.send({
                address: side === "mint" ? token : vault,
                abi: erc20Abi,
                functionName: "approve",
                args: [router, approvalNeeded],
              });
              if (ok) void allowance.refetch();
            }}
          >
            Approve the router to take {pulledText}
          </button>
          {approveInstead && permit.data !== undefined && (
            <>
              {" "}
              <button type="button" data-testid="permit-instead" onClick={() => setApproveInstead(false)}>
                Sign a permit instead
              </button>
            </>
          )}
          <TxStatus state={approval.state} label="Approval" />
        </div>
      )}
      {review === undefined ? (
        <button
          type="button"
          className="primary"
          data-testid="review"
          disabled={
            account === undefined ||
            needsApproval ||
            (allowanceShort && permit.isPending) ||
            noShares ||
            deadlineMinutes === undefined
          }
          onClick={() =>
            setReview({
              limit,
              amount: q.amount,
              deadline: deadlineAfter(Date.now() / 1000, deadlineMinutes!),
              permit: usePermit,
            })
          }
        >
          Review {side}
        </button>
      ) : (
        <div className="preview" role="region" aria-label="Preview before signing" data-testid="preview">
          <h3>Preview</h3>
          <p>
            {side === "mint"
              ? `Mint ${formatAmount(shares, 18, 6)} ${symbol} paying about ${formatToken(review.amount, tokenDecimals, tokenSymbol)}, at most ${formatToken(review.limit, tokenDecimals, tokenSymbol)} (the rest is refunded)`
              : `Redeem ${formatAmount(shares, 18, 6)} ${symbol} for about ${formatToken(review.amount, tokenDecimals, tokenSymbol)}, at least ${formatToken(review.limit, tokenDecimals, tokenSymbol)}`}
            , if mined before {formatTime(review.deadline)}.
          </p>
          {review.permit && (
            <p data-testid="preview-permit">
              Uses a permit: you first sign a permit (no transaction) for the router to take exactly{" "}
              {side === "mint"
                ? formatToken(review.limit, tokenDecimals, tokenSymbol)
                : `${formatAmount(shares, 18, 6)} ${symbol}`}{" "}
              until {formatTime(review.deadline)}, then send one transaction with the permit and the {side}.
            </p>
          )}
          <button
            type="button"
            className="primary"
            data-testid="confirm"
            onClick={async () => {
              const trade: RouterTrade =
                side === "mint"
                  ? {
                      functionName: "mintWithToken",
                      args: [vault, token, shares, review.limit, account!, review.deadline],
                    }
                  : {
                      functionName: "redeemToToken",
                      args: [vault, shares, token, review.limit, account!, review.deadline],
                    };
              let ok: boolean;
              if (review.permit && permit.data !== undefined) {
                setSignature({ status: "signing" });
                let signed;
                try {
                  signed = await signPermit(config, {
                    token: pulled,
                    domain: permit.data.domain,
                    owner: account!,
                    spender: router,
                    value: side === "mint" ? review.limit : shares,
                    deadline: review.deadline,
                  });
                } catch (err) {
                  setSignature({ status: "failed", error: describeError(err, sentenceContext) });
                  setReview(undefined);
                  return;
                }
                setSignature({ status: "idle" });
                ok = await tx.send({
                  address: router,
                  abi: IndexRouterAbi,
                  functionName: "multicall",
                  args: [permitsMulticallData([signed], trade)],
                });
              } else {
                ok = await tx.send(
                  trade.functionName === "mintWithToken"
                    ? { address: router, abi: IndexRouterAbi, functionName: "mintWithToken", args: trade.args }
                    : { address: router, abi: IndexRouterAbi, functionName: "redeemToToken", args: trade.args },
                );
              }
              setReview(undefined);
              if (ok) onDone();
            }}
          >
            Confirm and sign
          </button>{" "}
          <button type="button" onClick={() => setReview(undefined)}>
            Cancel
          </button>
        </div>
      )}
      <TxStatus state={signature} label="Permit signature" />
      <TxStatus state={tx.state} label={side === "mint" ? `Mint with ${tokenSymbol}` : `Redeem to ${tokenSymbol}`} />
    </section>
  );
}

function Deferred({
  vault,
  account,
  assets,
  onDone,
}: {
  vault: Address;
  account: Address | undefined;
  assets: AccountData["assets"] | undefined;
  onDone: () => void;
}) {
  const tx = useTx();
  const owed = (assets ?? []).filter((a) => a.deferred > 0n);
  if (account === undefined || owed.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="deferred-h">
      <h2 id="deferred-h">Kept for you</h2>
      <p>
        These tokens refused a transfer during one of your redeems; the vault keeps them for you until you withdraw.
      </p>
      <ul>
        {owed.map((a) => (
          <li key={a.asset}>
            {sentenceContext.amountOf(a.asset, a.deferred)}{" "}
            <button
              type="button"
              onClick={async () => {
                if (
                  await tx.send({
                    address: vault,
                    abi: IndexVaultAbi,
                    functionName: "withdrawDeferred",
                    args: [a.asset, account],
                  })
                )
                  onDone();
              }}
            >
              Withdraw
            </button>
          </li>
        ))}
      </ul>
      <TxStatus state={tx.state} label="Withdraw" />
    </section>
  );
}
