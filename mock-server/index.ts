// The seekdb mock server: a seekdb 1.4 stand-in over the MySQL protocol that unmodified SDKs use.
// Usable alone: `npm run serve`, or `startMockServer({ port: 0 })` from code.
import type { AddressInfo, Socket } from "node:net";
import mysql from "mysql2";
import { Engine } from "./engine/engine.ts";
import { startSession, type ServerConnection } from "./protocol/session.ts";

export { Engine } from "./engine/engine.ts";
export { SERVER_VERSION } from "./engine/functions.ts";

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
  /** Receives one line per connection event and per statement (with --log-sql). */
  readonly log?: (line: string) => void;
}

export interface MockServer {
  readonly host: string;
  readonly port: number;
  readonly engine: Engine;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const engine = new Engine(options.databases ?? ["test"], options.vectorIndexLagMs !== undefined ? { vectorIndexLagMs: options.vectorIndexLagMs } : {});
  const host = options.host ?? "127.0.0.1";
  const sockets = new Set<Socket>();
  let nextId = 1;
  const server = mysql.createServer((c) => {
    const conn = c as unknown as ServerConnection;
    // One write per response; never wait for the client's ACK before sending it (Nagle).
    conn.stream.setNoDelay(true);
    sockets.add(conn.stream);
    conn.stream.on("close", () => sockets.delete(conn.stream));
    startSession(conn, nextId++, { engine, user: options.user ?? "root", password: options.password ?? "", ...(options.log ? { log: options.log } : {}) });
  });
  // mysql2's Server wraps a net.Server; listen on it directly to choose the host.
  const net = (server as unknown as { _server: import("node:net").Server })._server;
  await new Promise<void>((resolve, reject) => {
    net.once("error", reject);
    net.listen(options.port ?? 0, host, () => {
      net.off("error", reject);
      resolve();
    });
  });
  net.on("error", (e) => options.log?.(`server error: ${e.message}`));
  const port = (net.address() as AddressInfo).port;
  return {
    host,
    port,
    engine,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        net.close(() => resolve());
      }),
  };
}
