/**
 * Delegation of veTMAI votes (ERC-5805): to oneself (the default) or to another address. Anchored at
 * `/stake#delegate` so that other screens (governance) can link to it. Votes count from a proposal's snapshot, so the
 * warning says that delegating now does not move votes on proposals whose snapshot has passed.
 */
import { useEffect, useState } from "react";
import { useLocation } from "react-router";
import { getAddress, isAddress, type Address } from "viem";
import { VeTMAIAbi } from "../../../bindings/abis.js";
import { contract } from "../config/manifest.js";
import { useTx } from "../hooks/useTx.js";
import { formatAmount, shortAddress } from "../lib/format.js";
import { Explain } from "./Explain.js";
import { TxStatus } from "./TxStatus.js";

export interface DelegateProps {
  account: Address | undefined;
  /** Current delegate (VeTMAI.delegates: the account itself by default) and votes (getVotes), when loaded. */
  delegatee: Address | undefined;
  votes: bigint | undefined;
  /** The account's own lock score (VeTMAI.balanceOf). */
  score: bigint | undefined;
  onDone: () => void;
}

export function DelegationWarning() {
  return (
    <p className="note" data-testid="delegation-warning">
      Votes count from each proposal&apos;s snapshot: delegating now moves your votes on proposals whose snapshot is
      still ahead, not on those whose snapshot has passed (they keep the delegation of that moment).
    </p>
  );
}

export function Delegate({ account, delegatee, votes, score, onDone }: DelegateProps) {
  const location = useLocation();
  const [input, setInput] = useState("");
  const tx = useTx();
  const valid = isAddress(input.trim(), { strict: false });

  useEffect(() => {
    if (location.hash === "#delegate") document.getElementById("delegate")?.scrollIntoView?.();
  }, [location.hash]);

  const self = account !== undefined && delegatee !== undefined && delegatee.toLowerCase() === account.toLowerCase();
  const send = async (to: Address) => {
    const ok = await tx.send({ address: contract("VeTMAI"), abi: VeTMAIAbi, functionName: "delegate", args: [to] });
    if (ok) onDone();
  };

  return (
    <section className="panel" id="delegate" aria-labelledby="delegate-h" tabIndex={-1}>
      <h2 id="delegate-h">Delegation</h2>
      <DelegationWarning />
      {account === undefined ? (
        <p className="muted">Connect a wallet to delegate.</p>
      ) : (
        <>
          <dl className="stats">
            <div>
              <dt>Your votes go to</dt>
              <dd data-testid="delegatee">
                <Explain
                  tip={`VeTMAI.delegates: the account your lock's voting power counts for.${self ? " Yourself, the default." : ""} ${delegatee ?? ""}`}
                >
                  {delegatee === undefined ? "…" : self ? "yourself" : shortAddress(delegatee)}
                </Explain>
              </dd>
            </div>
            <div>
              <dt>Your voting power</dt>
              <dd data-testid="votes">
                <Explain tip="VeTMAI.getVotes: your own score if you vote for yourself, plus scores others delegated to you; veTMAI, decays as the locks approach their unlock.">
                  {votes === undefined ? "…" : `${formatAmount(votes, 18, 4)} veTMAI`}
                </Explain>
              </dd>
            </div>
            <div>
              <dt>Your lock&apos;s score</dt>
              <dd>
                <Explain tip="VeTMAI.balanceOf: your own lock's score (veTMAI), the power you delegate.">
                  {score === undefined ? "…" : `${formatAmount(score, 18, 4)} veTMAI`}
                </Explain>
              </dd>
            </div>
          </dl>
          <div className="trade-controls">
            <label className="field">
              Delegate to address
              <input
                value={input}
                onChange={(e) => setInput(e.target.value)}
                placeholder="0x…"
                spellCheck={false}
                aria-invalid={input !== "" && !valid}
                data-testid="delegate-input"
              />
              <span className="muted small">an account that votes with your power</span>
            </label>
            <button
              type="button"
              className="primary"
              disabled={!valid || tx.state.status === "signing" || tx.state.status === "pending"}
              onClick={() => void send(getAddress(input.trim()))}
              data-testid="delegate-other"
            >
              Delegate to this address
            </button>
            <button
              type="button"
              disabled={self || tx.state.status === "signing" || tx.state.status === "pending"}
              onClick={() => void send(account)}
              data-testid="delegate-self"
            >
              Delegate to myself
            </button>
          </div>
          {input !== "" && !valid && (
            <p className="warn" role="alert">
              Enter a 0x address of 40 hexadecimal digits.
            </p>
          )}
          <TxStatus state={tx.state} label="Delegate" />
        </>
      )}
    </section>
  );
}
