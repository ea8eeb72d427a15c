// The real-seekdb launcher scripts: seekdb-up starts a server in the background, seekdb-down stops
// it — also when the launcher was killed with -9 (it then finds the server by its recorded pid and
// stops it itself), and it never reports a stop it did not do. Each test uses its own state
// directory, so a developer's running seekdb is never touched.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { PROJECT_ROOT } from "./real.ts";
import "./real-context.ts";

const real = inject("realSeekdb");
/** Running, and not a zombie (a killed process nobody reaps still answers kill 0). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false; // gone between the two looks
  }
};
const script = (name: string, stateDir: string) =>
  spawnSync(join(PROJECT_ROOT, "scripts", name), { cwd: PROJECT_ROOT, env: { ...process.env, SEEKDB_STATE_DIR: stateDir }, encoding: "utf8", timeout: 180_000 });

// The wheel must be installed for seekdb-up; the real project's global setup has done that.
describe.skipIf(!real.available || real.source.startsWith("SEEKDB_HOST"))("seekdb-up / seekdb-down", () => {
  it("after the launcher is killed with -9, seekdb-down finds the server, stops it and removes its data", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "seekdb-state-"));
    const up = script("seekdb-up", stateDir);
    expect(up.status, up.stderr).toBe(0);
    const state = JSON.parse(readFileSync(join(stateDir, "server.json"), "utf8")) as { launcher_pid: number; pid: number; data_dir: string; port: number };
    process.kill(state.launcher_pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(state.launcher_pid)).toBe(false);
    expect(alive(state.pid), "the server outlives its launcher").toBe(true);

    const down = script("seekdb-down", stateDir);
    expect(down.status, down.stderr).toBe(0);
    expect(down.stdout).toContain("was not running");
    expect(down.stdout).toContain(`stopped seekdb (pid ${state.pid}) itself`);
    expect(alive(state.pid)).toBe(false);
    expect(existsSync(state.data_dir)).toBe(false);

    const again = script("seekdb-down", stateDir);
    expect(again.stdout).toContain("nothing to stop");
    expect(again.stdout).not.toContain("seekdb stopped");
  }, 240_000);

  it("a normal stop goes through the launcher, which takes the server and its data with it", () => {
    const stateDir = mkdtempSync(join(tmpdir(), "seekdb-state-"));
    expect(script("seekdb-up", stateDir).status).toBe(0);
    const state = JSON.parse(readFileSync(join(stateDir, "server.json"), "utf8")) as { pid: number; data_dir: string };
    const down = script("seekdb-down", stateDir);
    expect(down.status, down.stderr).toBe(0);
    expect(down.stdout).toContain("stopped the launcher");
    expect(alive(state.pid)).toBe(false);
    expect(existsSync(state.data_dir)).toBe(false);
    // No process of that data directory is left.
    expect(execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })).not.toContain(state.data_dir);
  }, 240_000);
});
