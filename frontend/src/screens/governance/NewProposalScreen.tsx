/**
 * A new parameter-change proposal: index fees (management, mint, redeem), an index's fee recipient, or an index's
 * rebalancing settings (Rebalancer.setConfig; the timelock holds DEFAULT_ADMIN_ROLE on the vaults and the
 * Rebalancer). Input is checked as the contracts check it, each call is shown encoded and in words and run as the
 * timelock would run it (dry run) before signing; then `propose` with the description.
 */
import { useId, useState } from "react";
import { Link } from "react-router";
import { useAccount } from "wagmi";
import { getAddress, type Address } from "viem";
import { TMAIGovernorAbi } from "../../../../bindings/abis.js";
import { contract, manifest } from "../../config/manifest.js";
import { Explain } from "../../components/Explain.js";
import { Empty, ErrorState, Loading } from "../../components/States.js";
import { TxStatus } from "../../components/TxStatus.js";
import {
  useChainNow,
  useCurrentValues,
  useFeeBounds,
  useProposerPower,
  useRebalancerConfig,
  useTimelockDryRun,
} from "../../hooks/governance.js";
import { useTx } from "../../hooks/useTx.js";
import {
  configInput,
  describeCall,
  encodeAction,
  FEE_NAME,
  nameOfAddress,
  pct,
  proposalIdOf,
  validateAddress,
  validateConfig,
  validateDescription,
  validateFee,
  ve,
  type Action,
  type ConfigInput,
  type FeeKind,
  type RebalancerConfig,
} from "../../lib/proposals.js";
import { CallList } from "./parts.js";

type Kind = "fee" | "feeRecipient" | "rebalancerConfig";

const KINDS: { value: Kind; label: string }[] = [
  { value: "fee", label: "Index fee" },
  { value: "feeRecipient", label: "Fee recipient" },
  ...(manifest.contracts.Rebalancer !== undefined
    ? [{ value: "rebalancerConfig" as const, label: "Rebalancing settings" }]
    : []),
];

export default function NewProposalScreen() {
  const [actions, setActions] = useState<Action[]>([]);
  const [description, setDescription] = useState("");
  const [touched, setTouched] = useState(false);
  const [proposed, setProposed] = useState<string | undefined>(undefined);
  const { address: account } = useAccount();
  const now = useChainNow();
  const power = useProposerPower(account, now);
  const tx = useTx();
  const calls = actions.map(encodeAction);
  const dryRun = useTimelockDryRun(calls);
  const current = useCurrentValues(
    [...new Set(actions.flatMap((a) => (a.kind === "rebalancerConfig" ? [] : [a.vault])))],
    [...new Set(actions.flatMap((a) => (a.kind === "rebalancerConfig" ? [a.vault] : [])))],
  );
  const desc = validateDescription(description);
  const descId = useId();
  const enough = power.power !== undefined && power.threshold !== undefined && power.power >= power.threshold;
  const blocked =
    account === undefined
      ? "Connect a wallet to propose."
      : actions.length === 0
        ? "Add at least one change above."
        : !desc.ok
          ? desc.error
          : power.power !== undefined && power.threshold !== undefined && !enough
            ? `Not enough voting power: you have ${ve(power.power)}, proposing takes ${ve(power.threshold)}. Lock TMAI or get votes delegated; power counts from the second after the lock.`
            : dryRun.data?.some((r) => !r.ok)
              ? "A call would revert when executed (see above): fix or remove it."
              : undefined;
  return (
    <>
      <p className="small">
        <Link to="/governance">← All proposals</Link>
      </p>
      <h1>New proposal</h1>
      <p className="lead">
        Propose a parameter change. If it passes, the timelock (the admin of the index vaults and the Rebalancer) makes
        it after its delay.{" "}
        {power.threshold !== undefined && (
          <>
            Proposing takes{" "}
            <Explain tip="The governor's proposalThreshold(), compared with your votes one second before proposing.">
              {ve(power.threshold)}
            </Explain>
            {power.power !== undefined && (
              <>
                ; you have{" "}
                <Explain tip="Your veTMAI votes one second ago (governor.getVotes(you, clock − 1)), as propose reads them.">
                  <span data-testid="proposer-power">{ve(power.power)}</span>
                </Explain>
              </>
            )}
            .
          </>
        )}
      </p>

      <ChangeForm onAdd={(a) => setActions((list) => [...list, a])} />

      <section className="panel" aria-labelledby="review-h" data-testid="review-proposal">
        <h2 id="review-h">
          The proposal ({actions.length} {actions.length === 1 ? "call" : "calls"})
        </h2>
        {actions.length === 0 ? (
          <Empty>No change yet: add one above.</Empty>
        ) : (
          <>
            <CallList calls={calls.map((c) => describeCall(c, current.current))} dryRun={dryRun.data} />
            {dryRun.isPending && <Loading what="the dry run as the timelock" />}
            <p>
              <button type="button" onClick={() => setActions([])}>
                Remove all calls
              </button>
            </p>
          </>
        )}
        <label className="field wide">
          Description (the first line is its title; explain why)
          <textarea
            rows={4}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            onBlur={() => setTouched(true)}
            aria-invalid={touched && !desc.ok}
            aria-describedby={descId}
            data-testid="description"
          />
        </label>
        <p
          id={descId}
          className={touched && !desc.ok ? "warn small" : "sr-only"}
          role={touched && !desc.ok ? "alert" : undefined}
        >
          {desc.ok ? "" : desc.error}
        </p>
        <button
          type="button"
          className="primary"
          disabled={blocked !== undefined || tx.state.status === "signing" || tx.state.status === "pending"}
          data-testid="propose"
          onClick={async () => {
            const text = description.trim();
            const ok = await tx.send({
              address: contract("Governor"),
              abi: TMAIGovernorAbi,
              functionName: "propose",
              args: [
                calls.map((c) => getAddress(c.target)),
                calls.map((c) => c.value),
                calls.map((c) => c.calldata),
                text,
              ],
            });
            if (ok) {
              setProposed(proposalIdOf(calls, text).toString());
              setActions([]);
              setDescription("");
              setTouched(false);
            }
          }}
        >
          Propose
        </button>
        {blocked !== undefined && (
          <p className="muted small" data-testid="propose-blocked">
            {blocked}
          </p>
        )}
        <TxStatus state={tx.state} label="Propose" />
        {proposed !== undefined && (
          <p data-testid="proposed">
            Proposed. <Link to={`/governance/${proposed}`}>Open the proposal</Link> (voting opens after the voting
            delay).
          </p>
        )}
      </section>
    </>
  );
}

function ChangeForm({ onAdd }: { onAdd: (a: Action) => void }) {
  const [kind, setKind] = useState<Kind>("fee");
  const [vaultIndex, setVaultIndex] = useState(0);
  const vault =
    manifest.indices[vaultIndex] === undefined
      ? undefined
      : (getAddress(manifest.indices[vaultIndex].address) as Address);
  if (vault === undefined) return <Empty>This deployment has no index to change.</Empty>;
  return (
    <section className="panel" aria-labelledby="change-h">
      <h2 id="change-h">Add a change</h2>
      <div className="trade-controls">
        <fieldset className="segmented">
          <legend>What to change</legend>
          {KINDS.map((k) => (
            <label key={k.value} className={k.value === kind ? "on" : ""}>
              <input
                type="radio"
                name="kind"
                value={k.value}
                checked={k.value === kind}
                onChange={() => setKind(k.value)}
              />
              {k.label}
            </label>
          ))}
        </fieldset>
        <label className="field">
          Index
          <select value={vaultIndex} onChange={(e) => setVaultIndex(Number(e.target.value))} data-testid="index-select">
            {manifest.indices.map((i, n) => (
              <option key={i.address} value={n}>
                {i.symbol} ({i.tokenName})
              </option>
            ))}
          </select>
        </label>
      </div>
      {kind === "fee" && <FeeForm vault={vault} onAdd={onAdd} />}
      {kind === "feeRecipient" && <RecipientForm vault={vault} onAdd={onAdd} />}
      {kind === "rebalancerConfig" && <ConfigForm vault={vault} onAdd={onAdd} />}
    </section>
  );
}

function Problem({ id, text }: { id: string; text: string | undefined }) {
  return text === undefined ? null : (
    <p id={id} className="warn small" role="alert" data-testid="form-error">
      {text}
    </p>
  );
}

function FeeForm({ vault, onAdd }: { vault: Address; onAdd: (a: Action) => void }) {
  const [fee, setFee] = useState<FeeKind>("management");
  const [input, setInput] = useState("");
  const [shown, setShown] = useState(false);
  const errorId = useId();
  const { bounds, error, isPending, refetch } = useFeeBounds(vault);
  if (isPending) return <Loading what="the index's fees" />;
  if (bounds === undefined)
    return <ErrorState what="the index's fees" error={error ?? "no answer"} retry={() => void refetch()} />;
  const checked = validateFee(fee, input, bounds);
  const unit = fee === "management" ? " a year" : "";
  const cap = fee === "management" ? bounds.maxManagementFee : bounds.maxMintRedeemFee;
  return (
    <form
      className="change-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setShown(true);
        if (!checked.ok) return;
        onAdd({ kind: "fee", vault, fee, wad: checked.value });
        setInput("");
        setShown(false);
      }}
    >
      <div className="trade-controls">
        <label className="field">
          Fee
          <select value={fee} onChange={(e) => setFee(e.target.value as FeeKind)} data-testid="fee-kind">
            {(["management", "mint", "redeem"] as const).map((k) => (
              <option key={k} value={k}>
                {FEE_NAME[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          New {FEE_NAME[fee]} (%{unit})
          <input
            inputMode="decimal"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            aria-invalid={shown && !checked.ok}
            aria-describedby={errorId}
            placeholder={pct(bounds[`${fee}Fee`]).replace(" %", "")}
            data-testid="fee-input"
          />
        </label>
        <button type="submit" data-testid="add-call">
          Add to the proposal
        </button>
      </div>
      <p className="muted small">
        Now{" "}
        <Explain tip={`The vault's fees().${fee}Fee, read now.`}>
          <span data-testid="fee-now">
            {pct(bounds[`${fee}Fee`])}
            {unit}
          </span>
        </Explain>
        ; at most{" "}
        <Explain tip={fee === "management" ? "IndexVault.MAX_MANAGEMENT_FEE" : "IndexVault.MAX_MINT_REDEEM_FEE"}>
          {pct(cap)}
          {unit}
        </Explain>
        {fee === "mint" && (
          <>
            , at least{" "}
            <Explain tip="IndexVault.minMintFee(): one day of the streaming management fee, so that minting and redeeming within a day cannot dodge it.">
              {pct(bounds.minMintFee)}
            </Explain>
          </>
        )}
        .
      </p>
      <Problem id={errorId} text={shown && !checked.ok ? checked.error : undefined} />
    </form>
  );
}

function RecipientForm({ vault, onAdd }: { vault: Address; onAdd: (a: Action) => void }) {
  const [input, setInput] = useState("");
  const [shown, setShown] = useState(false);
  const errorId = useId();
  const { bounds } = useFeeBounds(vault);
  const checked = validateAddress(input, "The recipient");
  const same = checked.ok && bounds !== undefined && checked.value === getAddress(bounds.feeRecipient);
  const problem = !checked.ok
    ? checked.error
    : same
      ? "That is already the fee recipient: nothing would change."
      : undefined;
  return (
    <form
      className="change-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setShown(true);
        if (problem !== undefined || !checked.ok) return;
        onAdd({ kind: "feeRecipient", vault, recipient: checked.value });
        setInput("");
        setShown(false);
      }}
    >
      <div className="trade-controls">
        <label className="field">
          New fee recipient (address)
          <input
            value={input}
            onChange={(e) => setInput(e.target.value)}
            aria-invalid={shown && problem !== undefined}
            aria-describedby={errorId}
            placeholder="0x…"
            spellCheck={false}
            className="address-input"
            data-testid="recipient-input"
          />
        </label>
        <button type="submit" data-testid="add-call">
          Add to the proposal
        </button>
      </div>
      <p className="muted small">
        Now:{" "}
        <Explain tip="The vault's feeRecipient(): who receives the fee shares (the streaming fee is accrued to it first).">
          {bounds === undefined ? "…" : nameOfAddress(bounds.feeRecipient)}
        </Explain>
      </p>
      <Problem id={errorId} text={shown ? problem : undefined} />
    </form>
  );
}

const CONFIG_LABELS: { key: keyof ConfigInput; label: string; unit: string; tip: string }[] = [
  {
    key: "bandHigh",
    label: "Auction starts above the oracle price",
    unit: "%",
    tip: "bandHigh: the first price of an auction, above the oracle price (at most 20 %).",
  },
  {
    key: "bandLow",
    label: "Auction ends below the oracle price",
    unit: "%",
    tip: "bandLow: the last price of an auction, below the oracle price (at most 20 %).",
  },
  {
    key: "auctionDuration",
    label: "Auction duration",
    unit: "s",
    tip: "auctionDuration: seconds for the price to fall from the high to the low end (more than 0).",
  },
  {
    key: "announcementDelay",
    label: "Target announcement delay",
    unit: "s",
    tip: "announcementDelay: seconds between posting a target and it taking effect.",
  },
  {
    key: "hysteresis",
    label: "Regime hysteresis",
    unit: "s",
    tip: "hysteresis: seconds a regime signal must wait before it switches the basket.",
  },
  {
    key: "weightCap",
    label: "Weight cap",
    unit: "%",
    tip: "weightCap: the highest weight of one asset in a posted target (more than 0 %, at most 100 %).",
  },
  {
    key: "maxLotUsd",
    label: "Largest lot",
    unit: "USD",
    tip: "maxLotUsd: the largest value of one asset a bid may take from the index.",
  },
];

function ConfigForm({ vault, onAdd }: { vault: Address; onAdd: (a: Action) => void }) {
  const config = useRebalancerConfig(vault);
  if (config.isPending) return <Loading what="the rebalancing settings" />;
  if (config.error !== null)
    return (
      <ErrorState what="the index's rebalancing settings" error={config.error} retry={() => void config.refetch()} />
    );
  return <ConfigFields key={vault} vault={vault} current={config.data as unknown as RebalancerConfig} onAdd={onAdd} />;
}

function ConfigFields({
  vault,
  current,
  onAdd,
}: {
  vault: Address;
  current: RebalancerConfig;
  onAdd: (a: Action) => void;
}) {
  const [input, setInput] = useState<ConfigInput>(() => configInput(current));
  const [shown, setShown] = useState(false);
  const checked = validateConfig(input, current.stablecoin);
  const unchanged =
    checked.ok &&
    (Object.keys(checked.value) as (keyof RebalancerConfig)[]).every((k) => checked.value[k] === current[k]);
  return (
    <form
      className="change-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setShown(true);
        if (!checked.ok || unchanged) return;
        onAdd({ kind: "rebalancerConfig", vault, config: checked.value });
        setShown(false);
      }}
    >
      <p className="muted small">
        Filled with the settings on chain now (Rebalancer.config); change what should change. The risk-off asset stays{" "}
        {nameOfAddress(current.stablecoin)}.
      </p>
      <div className="config-grid">
        {CONFIG_LABELS.map((f) => {
          const problem = !checked.ok ? checked.errors[f.key] : undefined;
          return (
            <label key={f.key} className="field">
              <Explain tip={f.tip}>
                {f.label} ({f.unit})
              </Explain>
              <input
                inputMode="decimal"
                value={input[f.key]}
                onChange={(e) => setInput((x) => ({ ...x, [f.key]: e.target.value }))}
                aria-invalid={shown && problem !== undefined}
                data-testid={`config-${f.key}`}
              />
              {shown && problem !== undefined && (
                <span className="warn small" role="alert" data-testid="form-error">
                  {problem}
                </span>
              )}
            </label>
          );
        })}
      </div>
      {shown && unchanged && (
        <p className="warn small" role="alert" data-testid="form-error">
          Nothing differs from the settings on chain.
        </p>
      )}
      <button type="submit" data-testid="add-call">
        Add to the proposal
      </button>
    </form>
  );
}
