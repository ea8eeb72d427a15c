// A minimal MySQL client over a raw socket, for protocol tests that a well-behaved driver cannot
// express: COM_INIT_DB, unknown commands, garbage packets, disconnects mid-packet.
import { connect, type Socket } from "node:net";

export interface RawPacket {
  readonly seq: number;
  readonly payload: Buffer;
}

export class RawClient {
  private buffered = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private closed = false;
  greeting!: RawPacket;

  private constructor(readonly socket: Socket) {
    socket.on("data", (d) => {
      this.buffered = Buffer.concat([this.buffered, d]);
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on("close", () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on("error", () => undefined);
  }

  static async open(port: number, opts: { user?: string; database?: string } = {}): Promise<RawClient> {
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const c = new RawClient(socket);
    c.greeting = await c.read();
    // HandshakeResponse41: capabilities (PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH | CONNECT_WITH_DB), empty auth
    const caps = 0x200 | 0x8000 | 0x80000 | (opts.database ? 0x8 : 0);
    const head = Buffer.alloc(32);
    head.writeUInt32LE(caps, 0);
    head.writeUInt32LE(16 * 1024 * 1024, 4);
    head[8] = 46;
    const parts = [head, Buffer.from(`${opts.user ?? "root"}\0`, "utf8"), Buffer.from([0])];
    if (opts.database) parts.push(Buffer.from(`${opts.database}\0`, "utf8"));
    parts.push(Buffer.from("mysql_native_password\0", "latin1"));
    c.send(1, Buffer.concat(parts));
    return c;
  }

  send(seq: number, payload: Buffer): void {
    this.socket.write(framed(payload, seq));
  }

  /** Resolves when the server has closed the connection; rejects if a packet or the timeout comes first. */
  async closedByServer(timeoutMs = 2000): Promise<number> {
    const start = Date.now();
    try {
      const p = await this.read(timeoutMs);
      throw new Error(`expected the connection to close, got a packet (seq ${p.seq}, ${p.payload.subarray(0, 40).toString("hex")})`);
    } catch (e) {
      if ((e as Error).message !== "connection closed") throw e;
    }
    return Date.now() - start;
  }

  /** Sends a command (sequence 0) and reads one response packet. */
  async command(code: number, body: Buffer | string = Buffer.alloc(0)): Promise<RawPacket> {
    this.send(0, Buffer.concat([Buffer.from([code]), typeof body === "string" ? Buffer.from(body, "utf8") : body]));
    return this.read();
  }

  async read(timeoutMs = 2000): Promise<RawPacket> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.buffered.length >= 4) {
        const len = this.buffered.readUIntLE(0, 3);
        if (this.buffered.length >= 4 + len) {
          const p = { seq: this.buffered[3]!, payload: this.buffered.subarray(4, 4 + len) };
          this.buffered = this.buffered.subarray(4 + len);
          return p;
        }
      }
      if (this.closed) throw new Error("connection closed");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for a packet");
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A payload as the frames a client sends: 16 MiB - 1 bytes at most each, sequence ids from `seq`. */
export function framed(payload: Buffer, seq = 0): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const len = Math.min(0xffffff, payload.length - offset);
    const header = Buffer.alloc(4);
    header.writeUIntLE(len, 0, 3);
    header[3] = seq++ & 0xff;
    parts.push(header, payload.subarray(offset, offset + len));
    offset += len;
    if (len < 0xffffff) return Buffer.concat(parts);
  }
}

export const isOk = (p: RawPacket) => p.payload[0] === 0x00;
export function errorOf(p: RawPacket): { errno: number; sqlState: string; message: string } | undefined {
  if (p.payload[0] !== 0xff) return undefined;
  return { errno: p.payload.readUInt16LE(1), sqlState: p.payload.subarray(4, 9).toString("latin1"), message: p.payload.subarray(9).toString("utf8") };
}
