// Hosts the null server (the floor) in a process of its own, so it meets the client the way the
// mock does under `npm run serve`. Prints one JSON line with the port, then serves until stdin closes.
import { startNullServer } from "./null-server.ts";

const nullServer = await startNullServer();
process.stdout.write(`${JSON.stringify({ port: nullServer.port })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void nullServer.close().then(() => process.exit(0));
});
