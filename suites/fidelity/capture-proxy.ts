// A logging TCP proxy between a client and a MySQL-protocol server on loopback: it forwards bytes
// unchanged and records every COM_QUERY the client sends with the head of the server's answer
// (OK, error with errno/SQLSTATE/message, or a result set). It sees what any client sends, in any
// language, without touching the client: how we learn pyseekdb's SQL.
import { createServer, connect, type Server, type Socket } from "node:net";

export type ServerAnswer =
  | { readonly kind: "ok"; readonly affectedRows: number }
  | { readonly kind: "error"; readonly errno: number; readonly sqlState: string; readonly message: string }
  | { readonly kind: "rows" }
  | { readonly kind: "none" };

export interface CapturedStatement {
  /** Connection number (1, 2, ...) in the order clients connected. */
  readonly connection: number;
  readonly sql: string;
  answer: ServerAnswer;
  /** A label the capturing code set when the statement was sent (e.g. the client method). */
  readonly label: string | undefined;
}

export interface CaptureProxy {
  readonly host: string;
  readonly port: number;
  readonly statements: CapturedStatement[];
  /** Labels the statements sent from now on. */
  label(l: string | undefined): void;
  close(): Promise<void>;
}

/** Splits a byte stream into MySQL packets (3-byte length, 1-byte sequence id, payload). */
function packetReader(onPacket: (seq: number, payload: Buffer) => void): (chunk: Buffer) => void {
  let buf: Buffer = Buffer.alloc(0);
  return (chunk) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    while (buf.length >= 4) {
      const len = buf.readUIntLE(0, 3);
      if (buf.length < 4 + len) break;
      onPacket(buf[3]!, buf.subarray(4, 4 + len));
      buf = buf.subarray(4 + len);
    }
  };
}

/** A length-encoded integer (affected rows in an OK packet). */
function lenEncInt(b: Buffer, at: number): number {
  const f = b[at]!;
  if (f < 0xfb) return f;
  if (f === 0xfc) return b.readUInt16LE(at + 1);
  if (f === 0xfd) return b.readUIntLE(at + 1, 3);
  return Number(b.readBigUInt64LE(at + 1));
}

function answerOf(payload: Buffer): ServerAnswer {
  if (payload[0] === 0x00) return { kind: "ok", affectedRows: lenEncInt(payload, 1) };
  if (payload[0] === 0xff) {
    const errno = payload.readUInt16LE(1);
    const hasState = payload[3] === 0x23; // '#'
    return { kind: "error", errno, sqlState: hasState ? payload.subarray(4, 9).toString("latin1") : "", message: payload.subarray(hasState ? 9 : 3).toString("utf8") };
  }
  return { kind: "rows" };
}

/** `SELECT '__capture_label__', 'step'`: a client in another process labels the statements it sends next. */
const LABEL_STATEMENT = /^SELECT '__capture_label__', '((?:[^'\\]|\\.)*)'$/s;

export async function startCaptureProxy(target: { host: string; port: number }): Promise<CaptureProxy> {
  const statements: CapturedStatement[] = [];
  const sockets = new Set<Socket>();
  let label: string | undefined;
  let connections = 0;
  const server: Server = createServer((client) => {
    const n = ++connections;
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    // The first client packet is the handshake response (seq 1), auth packets follow with seq > 0;
    // a command always starts at seq 0, and its answer's first packet has seq 1.
    let awaiting: CapturedStatement | undefined;
    client.on(
      "data",
      packetReader((seq, payload) => {
        if (seq === 0 && payload[0] === 0x03) {
          const sql = payload.subarray(1).toString("utf8");
          const marker = LABEL_STATEMENT.exec(sql);
          if (marker) {
            // A client out of process names its next step this way; the statement is not recorded.
            label = marker[1]!.replace(/\\(.)/g, "$1");
            awaiting = undefined;
            return;
          }
          awaiting = { connection: n, sql, answer: { kind: "none" }, label };
          statements.push(awaiting);
        } else if (seq === 0) awaiting = undefined;
      }),
    );
    upstream.on(
      "data",
      packetReader((seq, payload) => {
        if (awaiting && seq === 1) {
          awaiting.answer = answerOf(payload);
          awaiting = undefined;
        }
      }),
    );
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    host: "127.0.0.1",
    port,
    statements,
    label: (l) => void (label = l),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** X'hex', 'string', "string" (backslash escapes, doubled quotes) and `name`, whichever opens first. */
const QUOTED = /[Xx]'[0-9a-fA-F]*'|'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`/gs;

/**
 * The shape of a statement: literals ('strings', X'hex', numbers) replaced by ?, collection ids by
 * <id>, whitespace collapsed, and repeated list items (ids in IN, rows in VALUES) written once.
 */
export function statementShape(sql: string): string {
  let s = sql
    .replace(/c\$v2\$[0-9a-f]{32}/g, "c$v2$<id>")
    // names a run makes up (ref_<run id>_...), also inside pyseekdb's v1 table names
    .replace(/ref_r\d+_[0-9a-f]+\w*/g, "<name>")
    // One pass, left to right, so a quote inside another kind of quote ("don't") stays inside it.
    .replace(QUOTED, (m) => (m.startsWith("`") ? m : "?"))
    .replace(/(?<![\w$`])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w$`])/g, "?")
    .replace(/\s+/g, " ")
    .replace(/\s*([(),])\s*/g, "$1")
    .trim();
  s = s.replace(/CAST\(\? AS BINARY\)(?:,CAST\(\? AS BINARY\))+/g, "CAST(? AS BINARY),...");
  s = s.replace(/(\((?:[^()]|\([^()]*\))*\))(?:,\1)+/g, "$1,...");
  // a list of literals in IN (...) (mysql2 expands an array parameter so) written once
  return s.replace(/,/g, ", ").replace(/ {2,}/g, " ").replace(/IN\(\?(?:, \?)+\)/g, "IN(?, ...)");
}
