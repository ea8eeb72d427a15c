// MySQL protocol packets the mock writes itself, so that it controls every byte seekdb controls:
// ERR with seekdb's SQLSTATE, OK with status 2 (autocommit), rows holding binary values.
import type { ResultColumn } from "../engine/result.ts";
import { toText, type SqlValue } from "../engine/values.ts";

export const STATUS_AUTOCOMMIT = 2;
const MAX_PAYLOAD = 0xffffff;

/** Bytes of a length-encoded integer. */
function lenencIntSize(n: number): number {
  return n < 251 ? 1 : n < 0x10000 ? 3 : n < 0x1000000 ? 4 : 9;
}

/** Writes a length-encoded integer at `at`; returns the offset after it. */
function writeLenencInt(b: Buffer, at: number, n: number): number {
  if (n < 251) {
    b[at] = n;
    return at + 1;
  }
  if (n < 0x10000) {
    b[at] = 0xfc;
    b.writeUInt16LE(n, at + 1);
    return at + 3;
  }
  if (n < 0x1000000) {
    b[at] = 0xfd;
    b.writeUIntLE(n, at + 1, 3);
    return at + 4;
  }
  b[at] = 0xfe;
  b.writeBigUInt64LE(BigInt(n), at + 1);
  return at + 9;
}

function lenencInt(n: number): Buffer {
  const b = Buffer.allocUnsafe(lenencIntSize(n));
  writeLenencInt(b, 0, n);
  return b;
}

/** Bytes of a length-encoded string (bytes, or text as UTF-8). */
function lenencSize(v: Buffer | string): number {
  const n = typeof v === "string" ? Buffer.byteLength(v, "utf8") : v.length;
  return lenencIntSize(n) + n;
}

/** Writes a length-encoded string at `at`; returns the offset after it. */
function writeLenenc(b: Buffer, at: number, v: Buffer | string): number {
  if (typeof v !== "string") {
    at = writeLenencInt(b, at, v.length);
    return at + v.copy(b, at);
  }
  at = writeLenencInt(b, at, Buffer.byteLength(v, "utf8"));
  return at + b.write(v, at, "utf8");
}

const lenencString = (s: string) => {
  const b = Buffer.allocUnsafe(lenencSize(s));
  writeLenenc(b, 0, s);
  return b;
};

/** Frames payloads as packets with consecutive sequence ids, splitting any over 16 MiB. */
export class PacketWriter {
  private payloads: Buffer[] = [];
  private bytes = 0;
  constructor(private seq: number) {}
  add(payload: Buffer): this {
    this.payloads.push(payload);
    // 4 header bytes per 16 MiB - 1 chunk, plus the empty packet after an exact multiple
    this.bytes += payload.length + 4 * (Math.floor(payload.length / MAX_PAYLOAD) + 1);
    return this;
  }
  /** Bytes the packets added since the last take() occupy. */
  get size(): number {
    return this.bytes;
  }
  /** All packets in one buffer: one allocation, one socket write. */
  toBuffer(): Buffer {
    return this.take();
  }
  /** The packets added so far, in one buffer; the next ones continue the sequence. */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.bytes);
    let at = 0;
    let seq = this.seq;
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
    this.seq = seq;
    this.payloads = [];
    this.bytes = 0;
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

/** A column definition: catalog, schema, table and column names, then 13 fixed bytes. Built in one allocation: every SELECT sends one per column. */
export function columnPayload(c: ResultColumn): Buffer {
  const names = ["def", c.db, c.table, c.orgTable, c.name, c.orgName];
  let size = 13;
  for (const n of names) size += lenencSize(n);
  const b = Buffer.allocUnsafe(size);
  let at = 0;
  for (const n of names) at = writeLenenc(b, at, n);
  b[at] = 0x0c; // length of the fixed fields
  b.writeUInt16LE(c.wire.charset, at + 1);
  b.writeUInt32LE(c.wire.length >>> 0, at + 3);
  b[at + 7] = c.wire.type;
  b.writeUInt16LE(c.wire.flags, at + 8);
  b[at + 10] = c.wire.decimals;
  b.writeUInt16LE(0, at + 11); // filler
  return b;
}

/** A text-protocol row: NULL is 0xfb, everything else its text bytes (binary values raw). */
export function rowPayload(values: readonly SqlValue[]): Buffer {
  const cells = values.map((v) => (v === null || Buffer.isBuffer(v) ? v : toText(v)));
  let size = 0;
  for (const cell of cells) size += cell === null ? 1 : lenencSize(cell);
  const b = Buffer.allocUnsafe(size);
  let at = 0;
  for (const cell of cells) {
    if (cell === null) b[at++] = 0xfb;
    else at = writeLenenc(b, at, cell);
  }
  return b;
}

export function resultSet(w: PacketWriter, columns: readonly ResultColumn[], rows: readonly (readonly SqlValue[])[], status: number): void {
  w.add(lenencInt(columns.length));
  for (const c of columns) w.add(columnPayload(c));
  w.add(eofPayload(status));
  for (const r of rows) w.add(rowPayload(r));
  w.add(eofPayload(status));
}

/** Bytes of rows rendered before they are handed to the socket: a large result is never held whole as bytes. */
export const RESULT_CHUNK_BYTES = 256 * 1024;

/**
 * A result set written in chunks of about RESULT_CHUNK_BYTES, so that its bytes never exist twice
 * (rendered and framed) or all at once, and a reader that does not keep up is waited for.
 */
export class ResultStream {
  private next = 0;
  private readonly w: PacketWriter;
  constructor(
    firstSeq: number,
    columns: readonly ResultColumn[],
    private readonly rows: readonly (readonly SqlValue[])[],
    private readonly status: number,
  ) {
    this.w = new PacketWriter(firstSeq);
    this.w.add(lenencInt(columns.length));
    for (const c of columns) this.w.add(columnPayload(c));
    this.w.add(eofPayload(status));
  }

  /**
   * Writes chunks while `write` accepts them (returns true); true when the whole result has been
   * handed over, false when the writer asked to wait (call again once it has drained).
   */
  writeTo(write: (chunk: Buffer) => boolean): boolean {
    const { rows, w } = this;
    while (this.next < rows.length) {
      w.add(rowPayload(rows[this.next++]!));
      if (w.size >= RESULT_CHUNK_BYTES && !write(w.take()) && this.next < rows.length) return false;
    }
    if (this.next === rows.length) {
      this.next++;
      w.add(eofPayload(this.status));
      write(w.take());
    }
    return true;
  }
}
