// What a run prints: a progress line (rewritten in place on a TTY once a phase has run a few
// seconds; a plain line every 10 s otherwise), log lines, the outcome per lane, and at the end where
// the reports are and the one-line verdict. --quiet keeps only the end; --json moves the human
// lines to stderr so stdout is the JSON summary alone.
import type { RunOutcome } from "../run.ts";
import { formatCounts } from "../runner/verdict.ts";
import { COMMAND } from "./args.ts";

export interface ConsoleOptions {
  readonly quiet: boolean;
  readonly json: boolean;
  /** Defaults to whether the stream is a terminal. */
  readonly tty?: boolean;
  readonly stream?: NodeJS.WriteStream;
  /** A phase shows progress only after running this long. */
  readonly delayMs?: number;
  readonly plainEveryMs?: number;
}

const seconds = (ms: number) => (ms >= 90_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

export class RunConsole {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private showing = false;
  private lastPlain = 0;
  private lastTty = 0;
  private readonly phaseStart = new Map<string, number>();

  constructor(private readonly opts: ConsoleOptions) {
    this.stream = opts.stream ?? (opts.json ? process.stderr : process.stdout);
    this.tty = opts.tty ?? this.stream.isTTY === true;
  }

  /** A line a person reads during the run (not with --quiet). */
  log(line: string): void {
    if (this.opts.quiet) return;
    this.clear();
    this.stream.write(`${line}\n`);
  }

  /** A line that is printed even with --quiet (where the reports are, the verdict). */
  always(line: string): void {
    this.clear();
    this.stream.write(`${line}\n`);
  }

  /** done/total, divergences so far and an ETA from the rate so far; `remainingMs` overrides the ETA (time boxes). */
  progress(phase: string, p: { done: number; total?: number; unit: string; divergences: number; elapsedMs: number; remainingMs?: number; extra?: string }): void {
    if (this.opts.quiet) return;
    const now = Date.now();
    const start = this.phaseStart.get(phase) ?? now;
    if (!this.phaseStart.has(phase)) this.phaseStart.set(phase, now);
    const ran = now - start;
    if (ran < (this.opts.delayMs ?? 3000)) return;
    const total = p.total !== undefined && p.total < 1e8 ? p.total : undefined;
    const eta = p.remainingMs ?? (total !== undefined && p.done > 0 ? (ran / p.done) * (total - p.done) : undefined);
    const line = `${phase}: ${p.done}${total !== undefined ? `/${total}` : ""} ${p.unit}, ${p.divergences} unexpected so far${p.extra ? `, ${p.extra}` : ""}, ${seconds(p.elapsedMs)}${eta !== undefined ? `, about ${seconds(Math.max(0, eta))} left` : ""}`;
    if (this.tty) {
      // A few redraws a second are enough for a person and cheap for the terminal.
      if (now - this.lastTty < 250 && p.done !== total) return;
      this.lastTty = now;
      this.stream.write(`\r${line}\x1b[K`);
      this.showing = true;
    } else if (now - this.lastPlain >= (this.opts.plainEveryMs ?? 10_000)) {
      this.lastPlain = now;
      this.stream.write(`${line}\n`);
    }
  }

  clear(): void {
    if (this.showing) this.stream.write("\r\x1b[K");
    this.showing = false;
  }
}

/** The outcome per lane; only what needs a person's attention gets more than one line. */
export function printOutcome(o: RunOutcome, say: (line: string) => void): void {
  say(`run ${o.runId} · seed ${o.seed} · ${(o.durationMs / 1000).toFixed(1)} s`);
  for (const c of o.clients) say(`client ${c.label} (${c.source}) judged by profile ${c.profile}${c.profileNote ? ` — ${c.profileNote}` : ""}`);
  if (o.cases.length > 0) {
    say("vectors");
    const lanes = new Map<string, typeof o.cases>();
    for (const r of o.cases) lanes.set(`${r.client} on ${r.target}`, [...(lanes.get(`${r.client} on ${r.target}`) ?? []), r]);
    for (const [lane, rs] of lanes) {
      const counts: Record<string, number> = {};
      for (const r of rs) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
      say(`  ${lane}: ${rs.length} vectors — ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ")}`);
      for (const r of rs.filter((x) => x.verdict === "unexpected" || x.verdict === "error" || x.verdict === "fixed")) {
        const detail = r.error ?? (r.profileDifferences ?? r.specDifferences).filter((d) => d.kind === "mismatch").slice(0, 3).map((d) => `${d.path}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.observed)}`).join("; ");
        say(`    ${r.verdict === "fixed" ? "↺ fixed" : "✗ " + r.verdict} ${r.caseId} [${r.clauses.join(", ")}] ${detail}`.slice(0, 600));
        if (r.fix) say(`      ${r.fix}`);
      }
    }
  }
  if (o.fuzz.length > 0) {
    say("fuzz");
    for (const f of o.fuzz) {
      const knownText = Object.entries(f.known).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k.replace("UPSERT-", "")}×${n}`).join(" ");
      say(`  ${f.client} on ${f.target}: ${f.verdict} — ${f.sequences} sequences, ${f.steps} steps (${f.queries} queries), ${(f.durationMs / 1000).toFixed(1)} s${knownText ? `; known divergences seen: ${knownText}` : ""}`);
      if (f.note) say(`    note: ${f.note}`);
      if (f.error) say(`    error: ${f.error}`);
      // Only a failure gets the counterexample block: known divergences are one line above.
      if (f.failure && (f.verdict === "unexpected" || f.verdict === "fixed")) {
        say(`    ${f.verdict === "fixed" ? "↺ the profile's divergence no longer happens" : "✗ differs from its profile"} at step ${f.failure.step}${f.failure.clauses.length ? ` (${f.failure.clauses.join(", ")})` : ""}, ${f.failure.replayed ? "replayed from the failure database" : `found after ${f.failure.foundAtSequence} sequences (${(f.failure.foundAfterMs / 1000).toFixed(1)} s), shrunk in ${f.failure.shrinkRuns} runs`}`);
        say(f.failure.script.split("\n").map((l) => `      ${l}`).join("\n"));
        say(`    differences: ${JSON.stringify(f.failure.differences).slice(0, 800)}`);
        if (f.failure.hash) say(`    saved: ${f.failure.file} (repro script beside it) · replay: ${COMMAND} replay ${f.failure.hash}`);
      }
      if (f.unlisted.length > 0) say(`    profile gap: the ${f.profile} model diverges from the spec on ${[...new Set(f.unlisted.flatMap((u) => u.clauses))].join(", ")}, which its profile does not list (sequences in the reports)`);
    }
  }
  if (o.crossSdk.length > 0) {
    say("cross-SDK (rows: the writer; cells: what the reader reads back of the writer's records)");
    const readers = [...new Set(o.crossSdk.map((c) => c.reader))];
    for (const target of [...new Set(o.crossSdk.map((c) => c.target))]) {
      say(`  on ${target}: ${readers.join(" | ")}`);
      for (const writer of [...new Set(o.crossSdk.map((c) => c.writer))]) {
        const row = readers.map((reader) => {
          const c = o.crossSdk.find((x) => x.target === target && x.writer === writer && x.reader === reader)!;
          return `${c.verdict}${c.differences.length ? ` (${c.differences.length} record field${c.differences.length > 1 ? "s" : ""})` : ""}`;
        });
        say(`    ${writer} wrote → ${row.join(" | ")}`);
      }
      for (const c of o.crossSdk.filter((x) => x.target === target && (x.verdict === "unexpected" || x.verdict === "error"))) {
        say(`    ✗ ${c.writer} → ${c.reader}: ${c.error ?? c.differences.map((d) => `${d.id}.${d.field} (${d.clauses.join(", ")}): ${JSON.stringify(d.writer).slice(0, 80)} vs ${JSON.stringify(d.reader).slice(0, 80)}`).join("; ")}`);
      }
    }
  }
  if (o.laws.length > 0) {
    const notShown = o.laws.filter((l) => l.shown === false);
    say(`laws: ${formatCounts(o.counts.laws)}${notShown.length ? ` (${notShown.length} expected break(s) not shown in ${notShown[0]!.runs} runs: ${notShown.map((l) => `${l.profile} ${l.law}`).join(", ")})` : ""}`);
    for (const l of o.laws.filter((x) => x.verdict === "unexpected" || x.verdict === "error")) {
      say(`  ✗ ${l.profile} ${l.observed} ${l.law}${l.error ? `: ${l.error}` : ""} — counterexample ${l.counterexample} (seed ${l.seed}, path ${l.path})`);
    }
  }
}
