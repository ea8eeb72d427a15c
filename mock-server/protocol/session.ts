// One client connection: seekdb's handshake, authentication, and one response per command.
// Responses are written as raw packets (packets.ts); mysql2's server API only frames the input.
import type { Socket } from "node:net";
import type { Engine } from "../engine/engine.ts";
import { accessDenied, SqlError, unknownDatabase } from "../sql/errors.ts";
import type { SessionState } from "../engine/session.ts";
import { verifyNativePassword } from "./auth.ts";
import { errPayload, okPayload, PacketWriter, resultSet, STATUS_AUTOCOMMIT, STATUS_IN_TRANS, STATUS_NO_INDEX_USED, STATUS_SESSION_STATE_CHANGED } from "./packets.ts";

/** What seekdb 1.4 advertises: no SSL, no compression, no CLIENT_DEPRECATE_EOF. */
const CAPABILITIES = 0x009cf7df;
const CHARSET_UTF8MB4_BIN = 46;
const HANDSHAKE_VERSION = "5.7.25";

export interface SessionOptions {
  readonly engine: Engine;
  readonly user: string;
  readonly password: string;
  readonly log?: (line: string) => void;
}

/** The part of mysql2's server-side Connection this module uses. */
export interface ServerConnection {
  stream: Socket;
  sequenceId: number;
  /** Set by mysql2 once the client's handshake response is read. */
  clientHelloReply?: { clientFlags?: number };
  serverHandshake(args: Record<string, unknown>): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

interface AuthParams {
  user: string;
  database?: string;
  address?: string;
  authPluginData1: Buffer;
  authPluginData2: Buffer;
  authToken: Buffer;
}

const COM_STMT_CLOSE = 0x19;
const COM_SET_OPTION = 0x1b;
const COM_RESET_CONNECTION = 0x1f;

const CLIENT_FOUND_ROWS = 0x2;
const CLIENT_SESSION_TRACK = 0x800000;

export function startSession(conn: ServerConnection, connectionId: number, opts: SessionOptions): void {
  let session: SessionState = {
    db: null,
    variables: new Map(),
    systemVariables: opts.engine.globalVariables(),
    user: opts.user,
    connectionId,
    clientHost: conn.stream.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
    serverPort: conn.stream.localPort ?? 2881,
  };
  /** The client reads session-state changes in OK packets (mysql2 asks for it, PyMySQL does not). */
  let tracksSession = false;
  /** seekdb's first report of a session also names _nlj_batching_enabled (measured). */
  let reportedBefore = false;
  const log = opts.log;
  let closed = false;

  // A client that drops mid-packet must not take the server down.
  conn.on("error", (e: Error) => log?.(`#${connectionId} connection error: ${e.message}`));
  conn.stream.on("close", () => {
    closed = true;
    // A connection that goes away with a transaction open loses it, as in MySQL.
    opts.engine.rollback(session);
  });

  const send = (w: PacketWriter) => {
    if (closed) return;
    conn.stream.write(w.toBuffer());
    // mysql2 counts the client's packets; the next command starts again at 0.
    conn.sequenceId = 0;
  };
  const sendError = (seq: number, e: SqlError) => send(new PacketWriter(seq).add(errPayload(e.errno, e.sqlState, e.message)));
  const sendOk = (seq: number) => send(new PacketWriter(seq).add(okPayload(0, 0, STATUS_AUTOCOMMIT, 0, "")));

  const authenticate = (p: AuthParams) => {
    const clientFlags = conn.clientHelloReply?.clientFlags ?? 0;
    session = { ...session, foundRows: (clientFlags & CLIENT_FOUND_ROWS) !== 0 };
    tracksSession = (clientFlags & CLIENT_SESSION_TRACK) !== 0;
    // The reply to the client's handshake response (sequence 1) is sequence 2.
    const [name, tenant] = p.user.split("@", 2) as [string, string | undefined];
    const scramble = Buffer.concat([p.authPluginData1, p.authPluginData2]);
    if (name !== opts.user || !verifyNativePassword(opts.password, scramble, p.authToken ?? Buffer.alloc(0))) {
      log?.(`#${connectionId} access denied for '${p.user}'`);
      sendError(2, accessDenied(p.user, p.address ?? "127.0.0.1", (p.authToken?.length ?? 0) > 0));
      conn.stream.end();
      return;
    }
    if (p.database) {
      const db = opts.engine.database(p.database);
      if (!db) {
        sendError(2, unknownDatabase(p.database));
        conn.stream.end();
        return;
      }
      session.db = db.name;
    }
    log?.(`#${connectionId} connected as ${name}${tenant !== undefined ? `@${tenant}` : ""}${session.db ? ` to ${session.db}` : ""}`);
    sendOk(2);
  };

  const query = (sql: string) => {
    const w = new PacketWriter(1);
    try {
      const r = opts.engine.execute(sql, session);
      const status = (session.tx ? STATUS_IN_TRANS : 0) | (session.autocommit === false ? 0 : STATUS_AUTOCOMMIT);
      if (r.kind === "rows") resultSet(w, r.columns, r.rows, status);
      else if (tracksSession && r.sessionState) {
        const variables = reportedBefore ? r.sessionState.variables : [["_nlj_batching_enabled", "ON"] as const, ...r.sessionState.variables];
        reportedBefore = true;
        w.add(okPayload(r.affectedRows, r.insertId, status | STATUS_NO_INDEX_USED | STATUS_SESSION_STATE_CHANGED, r.warnings, r.info, { ...r.sessionState, variables }));
      } else w.add(okPayload(r.affectedRows, r.insertId, status | STATUS_NO_INDEX_USED, r.warnings, r.info));
      log?.(`#${connectionId} ${oneLine(sql)} -> ${r.kind === "rows" ? `${r.rows.length} row(s)` : `ok, ${r.affectedRows} affected`}`);
    } catch (e) {
      const err = e instanceof SqlError ? e : new SqlError(1105, "HY000", `seekdb mock internal error: ${(e as Error).message}`);
      if (!(e instanceof SqlError)) log?.(`#${connectionId} internal error: ${(e as Error).stack}`);
      log?.(`#${connectionId} ${oneLine(sql)} -> error ${err.errno} (${err.sqlState}) ${err.message}`);
      w.add(errPayload(err.errno, err.sqlState, err.message));
    }
    send(w);
  };

  conn.serverHandshake({
    protocolVersion: 10,
    serverVersion: HANDSHAKE_VERSION,
    connectionId,
    statusFlags: STATUS_AUTOCOMMIT,
    characterSet: CHARSET_UTF8MB4_BIN,
    capabilityFlags: CAPABILITIES,
    // Answered here, not through mysql2's callback, whose error packets carry a fixed SQLSTATE.
    authCallback: (p: AuthParams) => authenticate(p),
  });

  conn.on("query", query);
  // mysql2 hands COM_QUERY texts whose first word is SET or PREPARE to stmt_prepare, and EXECUTE
  // to stmt_execute; a real COM_STMT_PREPARE arrives there too.
  conn.on("stmt_prepare", (sql: string) => {
    const first = sql.split(" ")[0]!.toUpperCase();
    if (first === "SET" || first === "PREPARE") query(sql);
    else sendError(1, new SqlError(1295, "HY000", "This command is not supported in the prepared statement protocol yet"));
  });
  conn.on("stmt_execute", (_id: unknown, _flags: unknown, _it: unknown, _values: unknown, sql?: string) => {
    if (typeof sql === "string") query(sql);
    else sendError(1, new SqlError(1295, "HY000", "This command is not supported in the prepared statement protocol yet"));
  });
  conn.on("init_db", (name: string) => {
    const db = opts.engine.database(name);
    if (!db) return sendError(1, unknownDatabase(name));
    session.db = db.name;
    sendOk(1);
  });
  conn.on("ping", () => sendOk(1));
  conn.on("quit", () => conn.stream.end());
  conn.on("field_list", () => sendError(1, new SqlError(1047, "08S01", "Unknown command")));
  conn.on("packet", (_p: unknown, known: boolean, code: number) => {
    if (known) return;
    if (code === COM_STMT_CLOSE) {
      conn.sequenceId = 0; // no reply by protocol
      return;
    }
    if (code === COM_RESET_CONNECTION) {
      session.variables.clear();
      session.systemVariables = opts.engine.globalVariables();
      return sendOk(1);
    }
    if (code === COM_SET_OPTION) return sendOk(1);
    sendError(1, new SqlError(1047, "08S01", "Unknown command"));
  });
}

function oneLine(sql: string): string {
  const s = sql.replace(/\s+/g, " ").trim();
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
