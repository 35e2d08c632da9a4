/** A newest-first list of events from the subgraph: a tag, the time, a sentence and the transaction hash. */
import { formatTime } from "../lib/format.js";

export interface LogEntry {
  kind: string;
  timestamp: number;
  text: string;
  transaction: string;
}

export function EventLog({ entries, testId }: { entries: readonly LogEntry[]; testId: string }) {
  return (
    <ol className="log" data-testid={testId}>
      {entries.map((e) => (
        <li key={`${e.transaction}-${e.kind}-${e.text}`}>
          <span className="tag">{e.kind}</span> {formatTime(e.timestamp)}: {e.text}{" "}
          <code title={e.transaction}>{e.transaction.slice(0, 10)}…</code>
        </li>
      ))}
    </ol>
  );
}
