// `npm run serve -- --port 2881 [--host 127.0.0.1] [--password x] [--user root] [--log-sql] ...`
import { parseArgs } from "node:util";
import { SEEKDB_MAX_ALLOWED_PACKET, SEEKDB_MAX_CONNECTIONS, SEEKDB_WAIT_TIMEOUT_SECONDS, startMockServer } from "./index.ts";

const USAGE = `usage: npm run serve -- [options]
  --port <n>              TCP port (default 2881; 0 picks a free one)
  --host <addr>           address to bind (default 127.0.0.1)
  --user <name>           login user; "name@tenant" is accepted too (default root)
  --password <pw>         required password, checked with mysql_native_password (default: none)
  --database <db>         a database that exists at start (repeatable; default test)
  --max-connections <n>   seekdb's max_connections: n + 1 clients, then 1040 (default ${SEEKDB_MAX_CONNECTIONS})
  --wait-timeout <s>      seconds without a command before a connection is closed (default ${SEEKDB_WAIT_TIMEOUT_SECONDS})
  --vector-index-lag-ms <n>
                          how long a written row stays out of vector-index searches, as on
                          seekdb 1.4 (default 190; 0: synchronous)
  --log-sql               print every statement, its outcome and each connection's end to stderr
  --help                  this text
SIGTERM or SIGINT: stop accepting, answer what has arrived, close, exit 0.`;

/** One line on stderr, exit 2: the shape every bad input gets. */
function fail(message: string): never {
  console.error(`error: ${message} (npm run serve -- --help for usage)`);
  process.exit(2);
}

/** A whole decimal number in [min, max], or a failure naming the flag. */
function integerFlag(flag: string, text: string | undefined, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) fail(`--${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  return Number(text);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        user: { type: "string" },
        password: { type: "string" },
        database: { type: "string", multiple: true },
        "max-connections": { type: "string" },
        "wait-timeout": { type: "string" },
        "log-sql": { type: "boolean" },
        "vector-index-lag-ms": { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    // node's message, on one line: its later lines say how to fix it (e.g. `--max-connections=-3`).
    fail((e as Error).message.replace(/\.?\s*\n\s*/g, "; ").replace(/\.$/, ""));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = integerFlag("port", values.port, 0, 65535, 2881);
  const maxConnections = integerFlag("max-connections", values["max-connections"], 1, SEEKDB_MAX_CONNECTIONS, SEEKDB_MAX_CONNECTIONS);
  const waitTimeoutSeconds = integerFlag("wait-timeout", values["wait-timeout"], 1, 31_536_000, SEEKDB_WAIT_TIMEOUT_SECONDS);
  if (values.host !== undefined && !/^[^\s]+$/.test(values.host)) fail(`--host must be an address, got '${values.host}'`);
  if (values.user !== undefined && !/^[^@\s]+$/.test(values.user)) fail(`--user must be a plain name, got '${values.user}'`);
  const lag = values["vector-index-lag-ms"] === undefined ? undefined : integerFlag("vector-index-lag-ms", values["vector-index-lag-ms"], 0, 3_600_000, 0);
  for (const d of values.database ?? []) if (!/^[A-Za-z0-9_$]+$/.test(d)) fail(`--database must be [A-Za-z0-9_$]+, got '${d}'`);
  const host = values.host ?? "127.0.0.1";
  let server;
  try {
    server = await startMockServer({
      port,
      host,
      maxConnections,
      waitTimeoutSeconds,
      ...(values.user !== undefined ? { user: values.user } : {}),
      ...(values.password !== undefined ? { password: values.password } : {}),
      ...(values.database ? { databases: values.database } : {}),
      ...(lag !== undefined ? { vectorIndexLagMs: lag } : {}),
      ...(values["log-sql"] ? { log: (line: string) => console.error(line) } : {}),
    });
  } catch (e) {
    fail(`cannot listen on ${host}:${port}: ${(e as Error).message}`);
  }
  console.log(`seekdb mock server (seekdb 1.4 stand-in) listening on ${server.host}:${server.port}, user ${values.user ?? "root"}${values.password !== undefined ? " with password" : ", no password"}, max_allowed_packet ${SEEKDB_MAX_ALLOWED_PACKET}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: no new connections; answering what has arrived, then closing`);
    void server.drain().then(() => {
      console.error("closed");
      process.exit(0);
    });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
