// MySQL protocol packets the mock writes itself, so that it controls every byte seekdb controls:
// ERR with seekdb's SQLSTATE, OK with status 2 (autocommit), rows holding binary values.
import type { ResultColumn } from "../engine/executor.ts";
import { toText, type SqlValue } from "../engine/values.ts";

export const STATUS_AUTOCOMMIT = 2;
const MAX_PAYLOAD = 0xffffff;

const SMALL_INTS = Array.from({ length: 251 }, (_, n) => Buffer.from([n]));

function lenencInt(n: number): Buffer {
  if (n < 251) return SMALL_INTS[n]!;
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = 0xfc;
    b.writeUInt16LE(n, 1);
    return b;
  }
  if (n < 0x1000000) {
    const b = Buffer.alloc(4);
    b[0] = 0xfd;
    b.writeUIntLE(n, 1, 3);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = 0xfe;
  b.writeBigUInt64LE(BigInt(n), 1);
  return b;
}

function lenencBytes(b: Buffer): Buffer {
  return Buffer.concat([lenencInt(b.length), b]);
}
const lenencString = (s: string) => lenencBytes(Buffer.from(s, "utf8"));

/** Frames payloads as packets with consecutive sequence ids, splitting any over 16 MiB. */
export class PacketWriter {
  private readonly payloads: Buffer[] = [];
  private size = 0;
  constructor(private readonly firstSequence: number) {}
  add(payload: Buffer): this {
    this.payloads.push(payload);
    // 4 header bytes per 16 MiB - 1 chunk, plus the empty packet after an exact multiple
    this.size += payload.length + 4 * (Math.floor(payload.length / MAX_PAYLOAD) + 1);
    return this;
  }
  /** All packets in one buffer: one allocation, one socket write. */
  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.size);
    let at = 0;
    let seq = this.firstSequence;
    for (const payload of this.payloads) {
      let offset = 0;
      for (;;) {
        const len = Math.min(MAX_PAYLOAD, payload.length - offset);
        out.writeUIntLE(len, at, 3);
        out[at + 3] = seq & 0xff;
        seq++;
        payload.copy(out, at + 4, offset, offset + len);
        at += 4 + len;
        offset += len;
        if (len < MAX_PAYLOAD) break;
      }
    }
    return out;
  }
}

/** OK packet; the info string is length-encoded because we advertise CLIENT_SESSION_TRACK. */
export function okPayload(affectedRows: number, insertId: number, status: number, warnings: number, info: string): Buffer {
  const fixed = Buffer.alloc(4);
  fixed.writeUInt16LE(status, 0);
  fixed.writeUInt16LE(warnings, 2);
  return Buffer.concat([Buffer.from([0x00]), lenencInt(affectedRows), lenencInt(insertId), fixed, lenencString(info)]);
}

export function errPayload(errno: number, sqlState: string, message: string): Buffer {
  const head = Buffer.alloc(3);
  head[0] = 0xff;
  head.writeUInt16LE(errno, 1);
  return Buffer.concat([head, Buffer.from(`#${sqlState.padEnd(5, "0").slice(0, 5)}`, "latin1"), Buffer.from(message, "utf8")]);
}

const EOF_AUTOCOMMIT = encodeEof(STATUS_AUTOCOMMIT, 0);

export function eofPayload(status: number, warnings = 0): Buffer {
  return status === STATUS_AUTOCOMMIT && warnings === 0 ? EOF_AUTOCOMMIT : encodeEof(status, warnings);
}

function encodeEof(status: number, warnings: number): Buffer {
  const b = Buffer.alloc(5);
  b[0] = 0xfe;
  b.writeUInt16LE(warnings, 1);
  b.writeUInt16LE(status, 3);
  return b;
}

// Column definitions repeat on every SELECT of a table: encode each distinct one once.
const columnCache = new Map<string, Buffer>();

export function columnPayload(c: ResultColumn): Buffer {
  const key = `${c.db}\u0000${c.table}\u0000${c.orgTable}\u0000${c.name}\u0000${c.orgName}\u0000${c.wire.type}\u0000${c.wire.charset}\u0000${c.wire.length}\u0000${c.wire.flags}\u0000${c.wire.decimals}`;
  let b = columnCache.get(key);
  if (!b) {
    b = encodeColumn(c);
    if (columnCache.size > 10_000) columnCache.clear();
    columnCache.set(key, b);
  }
  return b;
}

function encodeColumn(c: ResultColumn): Buffer {
  const fixed = Buffer.alloc(13);
  fixed[0] = 0x0c;
  fixed.writeUInt16LE(c.wire.charset, 1);
  fixed.writeUInt32LE(c.wire.length >>> 0, 3);
  fixed[7] = c.wire.type;
  fixed.writeUInt16LE(c.wire.flags, 8);
  fixed[10] = c.wire.decimals;
  return Buffer.concat([lenencString("def"), lenencString(c.db), lenencString(c.table), lenencString(c.orgTable), lenencString(c.name), lenencString(c.orgName), fixed]);
}

/** A text-protocol row: NULL is 0xfb, everything else its text bytes (binary values raw). */
export function rowPayload(values: readonly SqlValue[]): Buffer {
  const parts: Buffer[] = [];
  for (const v of values) {
    if (v === null) parts.push(Buffer.from([0xfb]));
    else if (Buffer.isBuffer(v)) parts.push(lenencBytes(v));
    else parts.push(lenencString(toText(v)));
  }
  return Buffer.concat(parts);
}

export function resultSet(w: PacketWriter, columns: readonly ResultColumn[], rows: readonly (readonly SqlValue[])[], status: number): void {
  w.add(lenencInt(columns.length));
  for (const c of columns) w.add(columnPayload(c));
  w.add(eofPayload(status));
  for (const r of rows) w.add(rowPayload(r));
  w.add(eofPayload(status));
}
