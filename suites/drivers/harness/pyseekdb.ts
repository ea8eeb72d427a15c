// The pyseekdb harness as a command: the project's .venv (scripts/seekdb-venv installs the pinned
// pyseekdb there), or another venv's python (PYSEEKDB_HARNESS_PYTHON, e.g. the one
// `scripts/harness-venv pyseekdb==1.3.0` prints).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../targets/real.ts";
import type { HarnessCommand } from "./driver.ts";

export const PYSEEKDB_HARNESS = join(PROJECT_ROOT, "harnesses", "python", "harness.py");

export function pyseekdbHarnessCommand(python = process.env.PYSEEKDB_HARNESS_PYTHON || join(PROJECT_ROOT, ".venv", "bin", "python"), env: NodeJS.ProcessEnv = process.env): HarnessCommand {
  return { command: python, args: [PYSEEKDB_HARNESS], cwd: PROJECT_ROOT, env };
}

/** Whether the harness can run here: its python exists and imports pyseekdb (scripts/seekdb-venv installed it). */
export function pyseekdbHarnessAvailable(python = pyseekdbHarnessCommand().command): { ok: true } | { ok: false; reason: string } {
  if (!existsSync(python)) return { ok: false, reason: `no ${python}: run scripts/seekdb-venv` };
  return { ok: true };
}
