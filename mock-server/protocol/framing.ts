// Incoming MySQL packets: frames (3-byte length, 1-byte sequence id, payload) joined into logical
// packets. Bounded: at most max_allowed_packet bytes of one packet are ever held, and a packet
// bigger than that is read to its end and dropped as it arrives. seekdb 1.4 does the same (it then
// answers 1153 and keeps the connection; measured, spec/findings.md).

/** A frame of this length continues in the next frame. */
export const MAX_FRAME_PAYLOAD = 0xffffff;
/** seekdb 1.4's max_allowed_packet (measured): a packet of exactly this many bytes is accepted. */
export const SEEKDB_MAX_ALLOWED_PACKET = 16 * 1024 * 1024;

export interface PacketSink {
  /** A whole packet; `seq` is its first frame's sequence id, `lastSeq` its last frame's. */
  packet(payload: Buffer, seq: number, lastSeq: number): void;
  /** A packet bigger than max_allowed_packet has ended; none of its bytes were kept. */
  oversized(lastSeq: number): void;
  /** A continuation frame did not carry the sequence id after its predecessor's. */
  outOfOrder(expected: number, got: number): void;
}

export class PacketReader {
  private readonly header = Buffer.alloc(4);
  private headerBytes = 0;
  /** Payload bytes of the current frame still to come; -1 while a header is read. */
  private frameLeft = -1;
  private frameLength = 0;
  /** The current packet's bytes so far (slices of the chunks they came in). */
  private parts: Buffer[] = [];
  private total = 0;
  private firstSeq = 0;
  private lastSeq = 0;
  /** The last frame was 16 MiB - 1 bytes: the packet continues. */
  private continuing = false;
  private dropping = false;
  private stopped = false;

  constructor(
    private readonly maxAllowedPacket: number,
    private readonly sink: PacketSink,
  ) {}

  /** Part of a packet has arrived, not all of it. */
  get midPacket(): boolean {
    return this.headerBytes > 0 || this.frameLeft >= 0 || this.continuing;
  }

  /** Bytes held for a packet not yet complete (never more than max_allowed_packet). */
  get heldBytes(): number {
    return this.dropping ? 0 : this.parts.reduce((n, p) => n + p.length, 0);
  }

  /** Ignores every byte from now on (the connection is closing). */
  stop(): void {
    this.stopped = true;
    this.parts = [];
  }

  push(chunk: Buffer): void {
    let at = 0;
    const end = chunk.length;
    while (at < end && !this.stopped) {
      if (this.frameLeft < 0) {
        // The common case: a whole small packet inside this chunk, handed on without a copy.
        if (this.headerBytes === 0 && !this.continuing && end - at >= 4) {
          const length = chunk[at]! | (chunk[at + 1]! << 8) | (chunk[at + 2]! << 16);
          if (length < MAX_FRAME_PAYLOAD && length <= this.maxAllowedPacket && end - at - 4 >= length) {
            const seq = chunk[at + 3]!;
            const payload = chunk.subarray(at + 4, at + 4 + length);
            at += 4 + length;
            this.sink.packet(payload, seq, seq);
            continue;
          }
        }
        const n = Math.min(4 - this.headerBytes, end - at);
        chunk.copy(this.header, this.headerBytes, at, at + n);
        this.headerBytes += n;
        at += n;
        if (this.headerBytes < 4) return;
        this.headerBytes = 0;
        this.startFrame(this.header.readUIntLE(0, 3), this.header[3]!);
        if (this.frameLeft === 0 && !this.stopped) this.endFrame();
        continue;
      }
      const n = Math.min(this.frameLeft, end - at);
      if (!this.dropping) this.parts.push(chunk.subarray(at, at + n));
      this.frameLeft -= n;
      at += n;
      if (this.frameLeft === 0) this.endFrame();
    }
  }

  private startFrame(length: number, seq: number): void {
    if (this.continuing) {
      const expected = (this.lastSeq + 1) & 0xff;
      if (seq !== expected) {
        this.stop();
        this.sink.outOfOrder(expected, seq);
        return;
      }
    } else {
      this.firstSeq = seq;
      this.total = 0;
    }
    this.lastSeq = seq;
    this.frameLength = length;
    this.frameLeft = length;
    this.total += length;
    if (!this.dropping && this.total > this.maxAllowedPacket) {
      this.dropping = true;
      this.parts = [];
    }
  }

  private endFrame(): void {
    this.frameLeft = -1;
    this.continuing = this.frameLength === MAX_FRAME_PAYLOAD;
    if (this.continuing) return;
    if (this.dropping) {
      this.dropping = false;
      this.sink.oversized(this.lastSeq);
      return;
    }
    const payload = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.total);
    this.parts = [];
    this.sink.packet(payload, this.firstSeq, this.lastSeq);
  }
}
