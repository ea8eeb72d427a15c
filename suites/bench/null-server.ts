// The floor for throughput: a mysql2 server that does no work. It accepts any login, answers
// SELECTs with an empty result (one row for seekdb-js's collection-id lookup, so a collection can
// be created) and everything else with OK.
import type { AddressInfo, Server, Socket } from "node:net";
import mysql from "mysql2";
import { eofPayload, okPayload, PacketWriter, rowPayload, columnPayload, STATUS_AUTOCOMMIT } from "../../mock-server/protocol/packets.ts";

interface RawConn {
  stream: Socket;
  sequenceId: number;
  serverHandshake(args: Record<string, unknown>): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

const column = (name: string) => ({ name, orgName: name, table: "", orgTable: "", db: "", wire: { type: 253, charset: 45, length: 512, flags: 0, decimals: 0 } });

export async function startNullServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = mysql.createServer((c) => {
    const conn = c as unknown as RawConn;
    sockets.add(conn.stream);
    conn.stream.on("close", () => sockets.delete(conn.stream));
    conn.on("error", () => undefined);
    const send = (w: PacketWriter) => {
      conn.stream.write(w.toBuffer());
      conn.sequenceId = 0;
    };
    conn.serverHandshake({
      protocolVersion: 10,
      serverVersion: "5.7.25",
      connectionId: 1,
      statusFlags: STATUS_AUTOCOMMIT,
      characterSet: 46,
      capabilityFlags: 0x009cf7df,
      authCallback: () => send(new PacketWriter(2).add(okPayload(0, 0, STATUS_AUTOCOMMIT, 0, ""))),
    });
    const answer = (sql: string) => {
      const w = new PacketWriter(1);
      if (/^\s*(SELECT|SHOW|DESC)/i.test(sql)) {
        const lookup = /collection_id/i.test(sql);
        w.add(Buffer.from([1])).add(columnPayload(column(lookup ? "collection_id" : "_id"))).add(eofPayload(STATUS_AUTOCOMMIT));
        if (lookup) w.add(rowPayload(["00000000000000000000000000000000"]));
        w.add(eofPayload(STATUS_AUTOCOMMIT));
      } else w.add(okPayload(0, 0, STATUS_AUTOCOMMIT, 0, ""));
      send(w);
    };
    conn.on("query", answer);
    conn.on("stmt_prepare", answer);
  });
  const net = (server as unknown as { _server: Server })._server;
  await new Promise<void>((resolve) => net.listen(0, "127.0.0.1", resolve));
  return {
    port: (net.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        net.close(() => resolve());
      }),
  };
}
