// Reads the CPU profiles node --cpu-prof wrote for the mock process: where its time went, as a
// few lines for the benchmark's report (idle share, then the functions with most self time).
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export function summarizeCpuProfiles(dir: string, top = 8): string[] {
  const lines: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const p = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    const frame = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
    const self = new Map<string, number>();
    let total = 0;
    p.samples.forEach((id, i) => {
      const f = frame.get(id)!;
      const key = f.url ? `${f.functionName || "(anonymous)"} (${basename(f.url.split("?")[0]!)})` : f.functionName;
      const dt = p.timeDeltas[i] ?? 0;
      self.set(key, (self.get(key) ?? 0) + dt);
      total += dt;
    });
    // The main thread is the one that ran the mock's session code (tsx's loader thread did not).
    if (![...self.keys()].some((k) => k.includes("session.ts"))) continue;
    const idle = self.get("(idle)") ?? 0;
    const busy = total - idle;
    lines.push(`mock process main thread: ${(total / 1e6).toFixed(1)} s profiled, ${((idle / total) * 100).toFixed(1)}% idle (waiting for the client); of the ${(busy / 1e6).toFixed(1)} s busy, most self time:`);
    const ranked = [...self].filter(([k]) => k !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [k, t] of ranked) lines.push(`- ${k}: ${((t / busy) * 100).toFixed(1)}% of busy time`);
  }
  return lines;
}
