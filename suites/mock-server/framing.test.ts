// The mock's packet reader and result writer in isolation: what they hold in memory, byte by byte.
import { describe, expect, it } from "vitest";
import { PacketReader, SEEKDB_MAX_ALLOWED_PACKET } from "../../mock-server/protocol/framing.ts";
import { RESULT_CHUNK_BYTES, ResultStream } from "../../mock-server/protocol/packets.ts";
import { framed } from "./raw-client.ts";

type Event = { kind: "packet"; length: number; seq: number; lastSeq: number } | { kind: "oversized"; lastSeq: number } | { kind: "outOfOrder"; expected: number; got: number };

function reader(max = SEEKDB_MAX_ALLOWED_PACKET) {
  const events: Event[] = [];
  const r = new PacketReader(max, {
    packet: (p, seq, lastSeq) => events.push({ kind: "packet", length: p.length, seq, lastSeq }),
    oversized: (lastSeq) => events.push({ kind: "oversized", lastSeq }),
    outOfOrder: (expected, got) => events.push({ kind: "outOfOrder", expected, got }),
  });
  return { r, events };
}

/** Feeds `bytes` in chunks of `size`, calling `each` after every chunk. */
function feed(r: PacketReader, bytes: Buffer, size: number, each: () => void = () => undefined) {
  for (let at = 0; at < bytes.length; at += size) {
    r.push(bytes.subarray(at, at + size));
    each();
  }
}

describe("packet reader", () => {
  it("joins frames into packets whatever the chunking, down to one byte at a time", () => {
    const stream = Buffer.concat([framed(Buffer.from("\x03SELECT 1")), framed(Buffer.alloc(0)), framed(Buffer.from([0x0e]), 7)]);
    for (const size of [1, 2, 3, 5, 4096]) {
      const { r, events } = reader();
      feed(r, stream, size);
      expect(events, `chunks of ${size}`).toEqual([
        { kind: "packet", length: 9, seq: 0, lastSeq: 0 },
        { kind: "packet", length: 0, seq: 0, lastSeq: 0 },
        { kind: "packet", length: 1, seq: 7, lastSeq: 7 },
      ]);
      expect(r.midPacket).toBe(false);
    }
  });

  it("accepts a packet of exactly max_allowed_packet bytes (two frames) and drops one byte more without holding it", () => {
    for (const [length, expected] of [
      [SEEKDB_MAX_ALLOWED_PACKET, { kind: "packet", length: SEEKDB_MAX_ALLOWED_PACKET, seq: 0, lastSeq: 1 }],
      [SEEKDB_MAX_ALLOWED_PACKET + 1, { kind: "oversized", lastSeq: 1 }],
      [2 * 0xffffff + 10, { kind: "oversized", lastSeq: 2 }],
    ] as const) {
      const { r, events } = reader();
      let maxHeld = 0;
      feed(r, framed(Buffer.alloc(length, 0x61)), 64 * 1024, () => (maxHeld = Math.max(maxHeld, r.heldBytes)));
      expect(events).toEqual([expected]);
      expect(maxHeld).toBeLessThanOrEqual(SEEKDB_MAX_ALLOWED_PACKET);
      expect(r.heldBytes).toBe(0);
    }
  });

  it("holds at most max_allowed_packet bytes of a packet claiming 100 MiB, and nothing once it is past the limit", () => {
    const { r, events } = reader();
    const frame = framed(Buffer.alloc(100 * 1024 * 1024, 0x62));
    let maxHeld = 0;
    let heldAtEnd = -1;
    feed(r, frame.subarray(0, frame.length - 1), 256 * 1024, () => (maxHeld = Math.max(maxHeld, r.heldBytes)));
    heldAtEnd = r.heldBytes;
    expect(r.midPacket).toBe(true);
    expect(events).toEqual([]);
    r.push(frame.subarray(frame.length - 1));
    expect(maxHeld).toBeLessThanOrEqual(SEEKDB_MAX_ALLOWED_PACKET);
    expect(heldAtEnd).toBe(0);
    expect(events).toEqual([{ kind: "oversized", lastSeq: 6 }]);
  });

  it("waits for the rest of a frame whose header claims more than came, holding only what came", () => {
    const { r, events } = reader();
    const header = Buffer.from([0xff, 0xff, 0xff, 0x00]);
    r.push(Buffer.concat([header, Buffer.from("\x03SELECT 1")]));
    expect(events).toEqual([]);
    expect(r.heldBytes).toBe(9);
    expect(r.midPacket).toBe(true);
  });

  it("stops at a continuation frame with the wrong sequence id", () => {
    const { r, events } = reader();
    const first = framed(Buffer.alloc(0xffffff + 5)).subarray(0, 4 + 0xffffff);
    r.push(Buffer.concat([first, Buffer.from([1, 0, 0, 9, 0x41])]));
    expect(events).toEqual([{ kind: "outOfOrder", expected: 1, got: 9 }]);
    r.push(framed(Buffer.from([0x0e])));
    expect(events).toHaveLength(1); // nothing more is read
  });
});

describe("result stream", () => {
  const column = { name: "d", orgName: "d", table: "t", orgTable: "t", db: "test", wire: { type: 253, charset: 45, length: 1024, flags: 0, decimals: 0 } };

  it("renders a large result in chunks of about RESULT_CHUNK_BYTES, waits when asked, and frames it exactly as one buffer would", () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`${i}:`.padEnd(1000, "x")]);
    const chunks: Buffer[] = [];
    const stream = new ResultStream(1, [column], rows, 2);
    let calls = 0;
    // A writer that asks to wait after every chunk: the stream must stop each time.
    while (!stream.writeTo((c) => (chunks.push(c), false))) calls++;
    expect(calls).toBeGreaterThan(5);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(RESULT_CHUNK_BYTES + 1100);
    // The same bytes as the whole result framed at once.
    const whole: Buffer[] = [];
    new ResultStream(1, [column], rows, 2).writeTo((c) => (whole.push(c), true));
    expect(Buffer.concat(chunks).equals(Buffer.concat(whole))).toBe(true);
    // Sequence ids run on across chunks and wrap at 256.
    const all = Buffer.concat(chunks);
    let at = 0;
    let seq = 1;
    while (at < all.length) {
      expect(all[at + 3]).toBe(seq++ & 0xff);
      at += 4 + all.readUIntLE(at, 3);
    }
    expect(seq - 1).toBe(1 + 1 + 1 + rows.length + 1);
  });
});
