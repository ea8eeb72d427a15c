// A run id that is unique per run and safe inside collection names ([A-Za-z0-9_]).
import { randomBytes } from "node:crypto";

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `r${stamp}_${randomBytes(3).toString("hex")}`;
}
