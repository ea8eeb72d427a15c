// Hosts the null server and the mock server in a process of their own, so the benchmark can also
// measure them the way an SDK's CI meets them (`npm run serve` in another process). Prints one
// JSON line with the ports, then serves until stdin closes.
import { startMockServer } from "../../mock-server/index.ts";
import { startNullServer } from "./null-server.ts";

const nullServer = await startNullServer();
const mock = await startMockServer({ port: 0 });
process.stdout.write(`${JSON.stringify({ null: nullServer.port, mock: mock.port })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void Promise.all([nullServer.close(), mock.close()]).then(() => process.exit(0));
});
