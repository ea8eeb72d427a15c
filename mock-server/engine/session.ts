// A client's session as the engine sees it. The protocol layer makes one per connection.
import type { Row, Table } from "./catalog.ts";
import type { SqlValue } from "./values.ts";

export interface SessionState {
  db: string | null;
  readonly variables: Map<string, SqlValue>;
  readonly user: string;
  /** The client asked for CLIENT_FOUND_ROWS: UPDATE reports matched rather than changed rows. */
  readonly foundRows?: boolean;
  /** SET autocommit = 0: every change opens a transaction that COMMIT or ROLLBACK ends. */
  autocommit?: boolean;
  /** The open transaction: for each row it touched, the row before its first change (undefined: absent). */
  tx?: Map<Table, Map<string, Row | undefined>>;
}
