// The connection phase as seekdb 1.4 runs it: the server's greeting (protocol 10), then the
// client's HandshakeResponse41. Parsing is strict about bounds: a malformed response is refused
// (seekdb closes such a connection without a word; measured), never read past its end.
import { randomInt } from "node:crypto";

/** What seekdb 1.4 advertises to a mysql2 client: no SSL, no compression, no CLIENT_DEPRECATE_EOF. */
export const SEEKDB_CAPABILITIES = 0x009cf7df;
export const CHARSET_UTF8MB4_BIN = 46;
const HANDSHAKE_VERSION = "5.7.25";
const AUTH_PLUGIN = "mysql_native_password";

export const CLIENT_CONNECT_WITH_DB = 0x8;
export const CLIENT_FOUND_ROWS = 0x2;
const CLIENT_PROTOCOL_41 = 0x200;
const CLIENT_SECURE_CONNECTION = 0x8000;
const CLIENT_PLUGIN_AUTH = 0x80000;
const CLIENT_CONNECT_ATTRS = 0x100000;
const CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = 0x200000;

/** 20 printable bytes, as MySQL servers make them: some clients read the second part up to a NUL. */
export function newScramble(): Buffer {
  const b = Buffer.allocUnsafe(20);
  for (let i = 0; i < 20; i++) b[i] = randomInt(33, 127);
  return b;
}

/** The greeting payload (sequence 0). */
export function greetingPayload(connectionId: number, scramble: Buffer, status: number): Buffer {
  const version = Buffer.from(HANDSHAKE_VERSION, "latin1");
  const b = Buffer.alloc(68 + version.length);
  let at = 0;
  b[at++] = 10;
  at += version.copy(b, at);
  b[at++] = 0;
  b.writeUInt32LE(connectionId >>> 0, at);
  at += 4;
  at += scramble.copy(b, at, 0, 8);
  b[at++] = 0;
  b.writeUInt16LE(SEEKDB_CAPABILITIES & 0xffff, at);
  b[at + 2] = CHARSET_UTF8MB4_BIN;
  b.writeUInt16LE(status, at + 3);
  b.writeUInt16LE(SEEKDB_CAPABILITIES >>> 16, at + 5);
  b[at + 7] = 21; // length of the auth plugin data, with its NUL
  at += 8 + 10; // then 10 reserved zero bytes
  at += scramble.copy(b, at, 8, 20);
  b[at++] = 0;
  at += b.write(AUTH_PLUGIN, at, "latin1");
  b[at] = 0;
  return b;
}

export interface HandshakeResponse {
  /** The client's flags as far as the server offered them. */
  readonly flags: number;
  readonly charset: number;
  readonly user: string;
  readonly authToken: Buffer;
  readonly database?: string;
}

/** Reads a HandshakeResponse41; undefined when it is malformed or not protocol 4.1. */
export function parseHandshakeResponse(p: Buffer): HandshakeResponse | undefined {
  if (p.length < 32) return undefined;
  const flags = p.readUInt32LE(0) & SEEKDB_CAPABILITIES;
  if (!(flags & CLIENT_PROTOCOL_41)) return undefined;
  const charset = p[8]!;
  let at = 32;
  const cString = (): string | undefined => {
    const end = p.indexOf(0, at);
    if (end < 0) return undefined;
    const s = p.toString("utf8", at, end);
    at = end + 1;
    return s;
  };
  const user = cString();
  if (user === undefined) return undefined;
  let tokenLength: number;
  if (flags & CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA) {
    const n = lenencAt(p, at);
    if (!n) return undefined;
    at = n.next;
    tokenLength = n.value;
  } else if (flags & CLIENT_SECURE_CONNECTION) {
    if (at >= p.length) return undefined;
    tokenLength = p[at++]!;
  } else {
    const end = p.indexOf(0, at);
    if (end < 0) return undefined;
    tokenLength = end - at;
  }
  if (at + tokenLength > p.length) return undefined;
  const authToken = p.subarray(at, at + tokenLength);
  at += tokenLength;
  if (!(flags & (CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA | CLIENT_SECURE_CONNECTION))) at++; // its NUL
  let database: string | undefined;
  if (flags & CLIENT_CONNECT_WITH_DB && at < p.length) {
    database = cString();
    if (database === undefined) return undefined;
  }
  if (flags & CLIENT_PLUGIN_AUTH && at < p.length && cString() === undefined) return undefined;
  if (flags & CLIENT_CONNECT_ATTRS && at < p.length) {
    const n = lenencAt(p, at);
    if (!n || n.next + n.value > p.length) return undefined;
  }
  return { flags, charset, user, authToken, ...(database ? { database } : {}) };
}

/** A length-encoded integer at `at`, or undefined when the bytes run out. */
function lenencAt(p: Buffer, at: number): { value: number; next: number } | undefined {
  if (at >= p.length) return undefined;
  const first = p[at]!;
  if (first < 0xfb) return { value: first, next: at + 1 };
  const size = first === 0xfc ? 2 : first === 0xfd ? 3 : first === 0xfe ? 8 : 0;
  if (size === 0 || at + 1 + size > p.length) return undefined;
  const value = size === 8 ? Number(p.readBigUInt64LE(at + 1)) : p.readUIntLE(at + 1, size);
  return { value, next: at + 1 + size };
}
