/** Small pieces shared by the stake, rewards and portfolio screens. */
import type { ReactNode } from "react";
import { useAccount } from "wagmi";
import type { Address } from "viem";
import { chain } from "../../config/chain.js";
import { Explain } from "../../components/Explain.js";
import { formatAmount } from "../../lib/format.js";
import type { LockPreview, Tier } from "../../lib/staking.js";
import { formatUnlock } from "../../lib/staking.js";

/** A labelled figure with its explanation. */
export function Stat({
  label,
  tip,
  children,
  testId,
}: {
  label: string;
  tip: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>
        <Explain tip={tip}>{children}</Explain>
      </dd>
    </div>
  );
}

export function ve(value: bigint): string {
  return `${formatAmount(value, 18, 4)} veTMAI`;
}

export function tmaiText(value: bigint): string {
  return `${formatAmount(value, 18, 4)} TMAI`;
}

/** A lock before and after a change: amount, unlock, score and tier side by side. */
export function BeforeAfter({
  before,
  after,
  testId,
}: {
  before: LockPreview | undefined;
  after: LockPreview;
  testId?: string;
}) {
  const rows: { label: string; tip: string; b: string; a: string; key: string }[] = [
    {
      key: "amount",
      label: "Locked",
      tip: "TMAI in the lock (whole tokens, 18 decimals).",
      b: before === undefined || before.amount === 0n ? "—" : tmaiText(before.amount),
      a: tmaiText(after.amount),
    },
    {
      key: "unlock",
      label: "Unlocks",
      tip: "The lock's end, a whole week (Thursday 00:00 UTC): the contract rounds the unlock time down to a week.",
      b: before === undefined || before.amount === 0n ? "—" : formatUnlock(before.end),
      a: formatUnlock(after.end),
    },
    {
      key: "score",
      label: "Staking score",
      tip: "amount × time left until unlock ÷ 52 weeks, rounded down (veTMAI): what VeTMAI.balanceOf returns in the current block; it decays linearly to 0 at unlock.",
      b: before === undefined ? "—" : ve(before.score),
      a: ve(after.score),
    },
    {
      key: "tier",
      label: "Tier",
      tip: "The highest tier whose score threshold your score reaches (VeTMAI.tierOf); it falls as the score decays.",
      b: before === undefined ? "—" : before.tier,
      a: after.tier,
    },
  ];
  return (
    <div className="table-wrap">
      <table className="before-after" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Figure</span>
            </th>
            <th scope="col">Now</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">
                <Explain tip={r.tip}>{r.label}</Explain>
              </th>
              <td>{r.b}</td>
              <td data-testid={`after-${r.key}`}>
                <strong>{r.a}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function tierName(t: Tier): string {
  return t === "None" ? "no tier" : t;
}

/** The connected account when its wallet is on this app's chain (undefined otherwise), and whether it is not. */
export function useChainAccount(): { account: Address | undefined; wrongChain: boolean } {
  const { address, chainId } = useAccount();
  const wrongChain = address !== undefined && chainId !== chain.id;
  return { account: wrongChain ? undefined : address, wrongChain };
}

/** Asks to switch a wallet on another chain. */
export function WrongChainNotice({ wrongChain }: { wrongChain: boolean }) {
  if (!wrongChain) return null;
  return (
    <p className="warn" role="alert">
      Switch your wallet to {chain.name} first.
    </p>
  );
}
