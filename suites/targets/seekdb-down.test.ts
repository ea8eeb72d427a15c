// seekdb-down when nothing it recorded still runs (the session that started seekdb ended): it
// removes the records and the data directory and does not claim a stop it did not make.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { PROJECT_ROOT } from "./real.ts";

/** The pid of a process that has ended (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn("true");
  await new Promise((r) => child.once("exit", r));
  return child.pid!;
}

it("with a recorded launcher and server that are both gone: says so, removes the data, no 'seekdb stopped'", async () => {
  const stateDir = mkdtempSync(join(tmpdir(), "seekdb-state-"));
  const dataDir = join(stateDir, "server-1-2");
  mkdirSync(dataDir);
  writeFileSync(join(stateDir, "server.json"), JSON.stringify({ host: "127.0.0.1", port: 1, pid: await deadPid(), launcher_pid: await deadPid(), data_dir: dataDir }));
  const down = spawnSync(join(PROJECT_ROOT, "scripts", "seekdb-down"), { cwd: PROJECT_ROOT, env: { ...process.env, SEEKDB_STATE_DIR: stateDir }, encoding: "utf8" });
  expect(down.status, down.stderr).toBe(0);
  expect(down.stdout).toMatch(/the launcher \(pid \d+\) was not running; seekdb \(pid \d+\) was not running; removed its data directory/);
  expect(down.stdout).not.toContain("seekdb stopped");
  expect(down.stdout).toContain("seekdb was not running: nothing stopped");
  expect(existsSync(dataDir)).toBe(false);
  expect(existsSync(join(stateDir, "server.json"))).toBe(false);
});
