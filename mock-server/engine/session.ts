// A client's session as the engine sees it. The protocol layer makes one per connection.
import type { Row, Table } from "./catalog.ts";
import type { SqlValue } from "./values.ts";

export interface SessionState {
  db: string | null;
  /** User variables (@x), by "@" and the lower-case name. */
  readonly variables: Map<string, SqlValue>;
  /** System variables the session SET, as SELECT @@x's text (system-variables.ts); made on first use. */
  systemVariables?: Map<string, string | null>;
  readonly user: string;
  /** The connection's id (CONNECTION_ID()), the client's address (USER()) and the server's port (@@port). */
  readonly connectionId?: number;
  readonly clientHost?: string;
  readonly serverPort?: number;
  /** The client asked for CLIENT_FOUND_ROWS: UPDATE reports matched rather than changed rows. */
  readonly foundRows?: boolean;
  /** A USE has run since the last CALL: seekdb's next CALL reports the schema in the session state again (measured). */
  usedDatabase?: boolean;
  /** SET autocommit = 0: every change opens a transaction that COMMIT or ROLLBACK ends. */
  autocommit?: boolean;
  /** The open transaction: for each row it touched, the row before its first change (undefined: absent). */
  tx?: Map<Table, Map<string, Row | undefined>>;
}
