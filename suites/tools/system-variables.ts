// Measures seekdb's system variables and writes mock-server/engine/system-variables.json, the
// table the mock answers @@x, SHOW VARIABLES and SET from: each variable's SHOW VARIABLES text,
// the column type and text of SELECT @@x, whether a session may SET it (else the errno seekdb
// answers), and whether SET reports it in the session state even when its value does not change.
//   npx tsx suites/tools/system-variables.ts      (real seekdb: SEEKDB_HOST or the wheel)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { acquireRealSeekdb, PROJECT_ROOT } from "../targets/real.ts";

export const SYSTEM_VARIABLES_FILE = join(PROJECT_ROOT, "mock-server", "engine", "system-variables.json");

/** Values that belong to one server process: the mock answers its own (see system-variables.ts). */
const PER_INSTANCE = new Set(["port", "pid_file", "server_uuid", "timestamp"]);

const raw = (field: { buffer(): Buffer | null }) => field.buffer()?.toString("utf8") ?? null;

async function main(): Promise<void> {
  const real = await acquireRealSeekdb(process.env, false);
  const rows: unknown[] = [];
  try {
    const c = await mysql.createConnection({ ...real.address, typeCast: raw as never });
    const [show] = (await c.query("SHOW VARIABLES")) as [{ Variable_name: string; Value: string | null }[], unknown];
    // the first state change of a session also reports _nlj_batching_enabled: make it before measuring
    await c.query("SET @measuring = 1");
    for (const { Variable_name: name, Value: shown } of show) {
      const [selected, fields] = (await c.query(`SELECT @@${name} AS v`)) as unknown as [{ v: string | null }[], { columnType: number }[]];
      const type = fields[0]!.columnType;
      const value = selected[0]!.v;
      // SET it to its own value: refused (with the errno), or reported in the session state or not
      let set: number | "session" = "session";
      let alwaysTracked = false;
      try {
        const literal = value === null ? "NULL" : type === 253 ? `'${value.replace(/'/g, "''")}'` : value;
        const [r] = (await c.query({ sql: `SET SESSION ${name} = ${literal}`, typeCast: true })) as [{ stateChanges?: { systemVariables?: Record<string, string> } }, unknown];
        alwaysTracked = Object.keys(r.stateChanges?.systemVariables ?? {}).length > 0;
      } catch (e) {
        set = (e as { errno: number }).errno;
      }
      rows.push([name, PER_INSTANCE.has(name) ? null : shown, type, PER_INSTANCE.has(name) ? null : value, set, alwaysTracked ? 1 : 0]);
    }
    await c.end();
  } finally {
    await real.stop();
  }
  const doc = {
    $comment:
      "seekdb 1.4's system variables as suites/tools/system-variables.ts measured them: [name, SHOW VARIABLES text, SELECT @@name column type, SELECT @@name text, 'session' or the errno of SET SESSION, 1 when SET reports it in the session state even unchanged]. Per-instance values (port, pid_file, server_uuid, timestamp) are null: the mock answers its own.",
    server: real.version,
    variables: rows,
  };
  writeFileSync(SYSTEM_VARIABLES_FILE, `${JSON.stringify(doc, null, 0).replace(/\],\[/g, "],\n[")}\n`);
  console.log(`${rows.length} variables written to ${SYSTEM_VARIABLES_FILE}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
