// Transactions as an undo log: a transaction's first change to a row notes the row as it was, and
// ROLLBACK puts those back. Rows only: seekdb commits DDL implicitly. No isolation: other
// connections see uncommitted rows meanwhile (a known limitation).
import type { Table } from "./catalog.ts";
import type { SessionState } from "./session.ts";

/** Notes a row's value before its first change in the session's transaction (opening one under autocommit = 0). */
export function remember(session: SessionState, t: Table, key: string): void {
  if (!session.tx && session.autocommit === false) session.tx = new Map();
  if (!session.tx) return;
  let before = session.tx.get(t);
  if (!before) session.tx.set(t, (before = new Map()));
  if (!before.has(key)) before.set(key, t.rows.get(key));
}

/** Ends the session's transaction, keeping its changes. */
export function commit(session: SessionState): void {
  session.tx = undefined;
}

/** Ends the session's transaction, putting back every row it touched. */
export function rollback(session: SessionState): void {
  const tx = session.tx;
  session.tx = undefined;
  if (!tx) return;
  for (const [t, before] of tx) {
    for (const [key, row] of before) {
      if (row === undefined) t.rows.delete(key);
      else t.rows.set(key, row);
    }
  }
}
