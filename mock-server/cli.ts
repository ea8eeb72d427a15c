// `npm run serve -- --port 2881 [--host 127.0.0.1] [--password x] [--user root] [--log-sql]`
import { parseArgs } from "node:util";
import { startMockServer } from "./index.ts";

const USAGE = `usage: npm run serve -- [options]
  --port <n>        TCP port (default 2881; 0 picks a free one)
  --host <addr>     address to bind (default 127.0.0.1)
  --user <name>     login user; "name@tenant" is accepted too (default root)
  --password <pw>   required password, checked with mysql_native_password (default: none)
  --database <db>   a database that exists at start (repeatable; default test)
  --vector-index-lag-ms <n>
                    how long a written row stays out of vector-index searches, as on
                    seekdb 1.4 (default 190; 0: synchronous)
  --log-sql         print every statement and its outcome to stderr
  --help            this text`;

function fail(message: string): never {
  console.error(`error: ${message}\n${USAGE}`);
  process.exit(2);
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
        "log-sql": { type: "boolean" },
        "vector-index-lag-ms": { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? 2881 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer from 0 to 65535, got '${values.port}'`);
  if (values.user !== undefined && !/^[^@\s]+$/.test(values.user)) fail(`--user must be a plain name, got '${values.user}'`);
  const lag = values["vector-index-lag-ms"] === undefined ? undefined : Number(values["vector-index-lag-ms"]);
  if (lag !== undefined && !(Number.isInteger(lag) && lag >= 0)) fail(`--vector-index-lag-ms must be a whole number of milliseconds, got '${values["vector-index-lag-ms"]}'`);
  for (const d of values.database ?? []) if (!/^[A-Za-z0-9_$]+$/.test(d)) fail(`--database must be [A-Za-z0-9_$]+, got '${d}'`);
  let server;
  try {
    server = await startMockServer({
      port,
      host: values.host ?? "127.0.0.1",
      ...(values.user !== undefined ? { user: values.user } : {}),
      ...(values.password !== undefined ? { password: values.password } : {}),
      ...(values.database ? { databases: values.database } : {}),
      ...(lag !== undefined ? { vectorIndexLagMs: lag } : {}),
      ...(values["log-sql"] ? { log: (line: string) => console.error(line) } : {}),
    });
  } catch (e) {
    console.error(`error: cannot listen on ${values.host ?? "127.0.0.1"}:${port}: ${(e as Error).message}`);
    process.exit(2);
  }
  console.log(`seekdb mock server (seekdb 1.4 stand-in) listening on ${server.host}:${server.port}, user ${values.user ?? "root"}${values.password !== undefined ? " with password" : ", no password"}`);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.error(`${signal}: closing`);
    server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
