// The seekdb mock server: a seekdb 1.4 stand-in over the MySQL protocol that unmodified SDKs use.
// Usable alone: `npm run serve`, or `startMockServer({ port: 0 })` from code.
import { createServer, type AddressInfo, type Socket } from "node:net";
import { Engine } from "./engine/engine.ts";
import { SqlError } from "./sql/errors.ts";
import { SEEKDB_MAX_ALLOWED_PACKET } from "./protocol/framing.ts";
import { ClientSession } from "./protocol/session.ts";

export { Engine } from "./engine/engine.ts";
export { SERVER_VERSION } from "./engine/functions.ts";
export { SEEKDB_MAX_ALLOWED_PACKET } from "./protocol/framing.ts";

/** seekdb 1.4's defaults (measured: SHOW VARIABLES). */
export const SEEKDB_WAIT_TIMEOUT_SECONDS = 28_800;
export const SEEKDB_MAX_CONNECTIONS = 2_147_483_647;

export interface MockServerOptions {
  /** 0 picks a free port. Default 0. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The user name clients log in as (any "@tenant" suffix is accepted). Default root. */
  readonly user?: string;
  /** Checked with mysql_native_password. Default "" (no password). */
  readonly password?: string;
  /** Databases that exist at start. Default ["test"]. */
  readonly databases?: readonly string[];
  /**
   * How long a written row stays out of vector-index searches (ORDER BY ... APPROXIMATE), as on
   * seekdb 1.4, until then or `CALL dbms_index_manager.refresh()`. Default 190 (seekdb's median);
   * 0: synchronous.
   */
  readonly vectorIndexLagMs?: number;
  /**
   * seekdb's max_connections. Like seekdb it lets one more in (the reserve of a SUPER user, which
   * the mock's one user is); past that a client gets 1040 "Too many connections". Default as seekdb.
   */
  readonly maxConnections?: number;
  /** Seconds a connection may sit without a command before it is closed (seekdb's wait_timeout). Default 28800. */
  readonly waitTimeoutSeconds?: number;
  /** Bytes; a bigger packet is answered with 1153. Default seekdb's 16777216. */
  readonly maxAllowedPacket?: number;
  /** Receives one line per connection event and per statement (with --log-sql). */
  readonly log?: (line: string) => void;
}

export interface MockServer {
  readonly host: string;
  readonly port: number;
  readonly engine: Engine;
  /** Sockets open now, including those being refused. */
  readonly openConnections: number;
  /**
   * Stops accepting (new clients are refused by the OS), answers every command that has arrived,
   * closes each connection once it is answered, and resolves when all are closed; whatever is
   * still open after `timeoutMs` is cut.
   */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops listening and closes every open connection at once. */
  close(): Promise<void>;
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const engine = new Engine(options.databases ?? ["test"], options.vectorIndexLagMs !== undefined ? { vectorIndexLagMs: options.vectorIndexLagMs } : {});
  const host = options.host ?? "127.0.0.1";
  const maxConnections = options.maxConnections ?? SEEKDB_MAX_CONNECTIONS;
  const sessions = new Map<number, ClientSession>();
  const sockets = new Set<Socket>();
  let admitted = 0;
  let nextId = 1;
  const base = {
    engine,
    user: options.user ?? "root",
    password: options.password ?? "",
    maxAllowedPacket: options.maxAllowedPacket ?? SEEKDB_MAX_ALLOWED_PACKET,
    waitTimeoutSeconds: options.waitTimeoutSeconds ?? SEEKDB_WAIT_TIMEOUT_SECONDS,
    kill: (id: number) => {
      const s = sessions.get(id);
      s?.close(`killed by COM_PROCESS_KILL`);
      return s !== undefined;
    },
    ...(options.log ? { log: options.log } : {}),
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    const id = nextId++;
    const full = admitted > maxConnections;
    const session = new ClientSession(socket, id, full ? { ...base, refuseWith: new SqlError(1040, "08004", "Too many connections") } : base);
    if (!full) {
      admitted++;
      sessions.set(id, session);
      void session.closed.then(() => {
        admitted--;
        sessions.delete(id);
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Failures to accept (out of file descriptors) are reported, never thrown.
  server.on("error", (e) => options.log?.(`server error: ${e.message}`));
  const port = (server.address() as AddressInfo).port;
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const allClosed = () => Promise.all([...sockets].map((s) => (s.closed ? undefined : new Promise((r) => s.once("close", r)))));
  return {
    host,
    port,
    engine,
    get openConnections() {
      return sockets.size;
    },
    async drain(timeoutMs = 10_000) {
      const listening = stopListening();
      for (const s of sessions.values()) s.shutdown();
      // Refused clients are mid-refusal: they go on their own.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([allClosed(), deadline]);
      clearTimeout(timer);
      for (const s of sockets) s.destroy();
      await Promise.all([listening, allClosed()]);
    },
    async close() {
      const listening = stopListening();
      for (const s of sockets) s.destroy();
      await Promise.all([listening, allClosed()]);
    },
  };
}
