// pyseekdb's twin of seekdb-js-methods.ts: harnesses/python/methods.py calls every public pyseekdb
// method against one server and prints what each call returned or raised.
import { execFile } from "node:child_process";
import { join } from "node:path";
import type { ServerAddress } from "../drivers/driver.ts";
import { pyseekdbHarnessCommand } from "../drivers/harness/pyseekdb.ts";
import { PROJECT_ROOT } from "../targets/real.ts";
import type { MethodRun } from "./seekdb-js-methods.ts";

export const PYSEEKDB_METHODS = join(PROJECT_ROOT, "harnesses", "python", "methods.py");

/** Runs the scenario against `address`; collections and databases are named `${prefix}_...`. */
export function runPyseekdbMethods(address: ServerAddress, prefix: string, timeoutMs = 180_000): Promise<MethodRun> {
  const { command, env } = pyseekdbHarnessCommand();
  return new Promise((resolve, reject) => {
    execFile(command, [PYSEEKDB_METHODS, address.host, String(address.port), address.database, prefix], { cwd: PROJECT_ROOT, env, timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(line) as MethodRun);
      } catch {
        reject(new Error(`methods.py gave no result${error ? ` (${error.message})` : ""}: ${stderr.slice(-2000)}`));
      }
    });
  });
}
