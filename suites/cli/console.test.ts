// The progress line: rewritten in place on a terminal, a plain line now and then otherwise, nothing
// with --quiet; done/total, unexpected so far and an ETA; the end lines print even with --quiet.
import { describe, expect, it } from "vitest";
import { RunConsole } from "./console.ts";

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (s: string) => void chunks.push(s) } as unknown as NodeJS.WriteStream };
}

const p = (done: number) => ({ done, total: 100, unit: "vector runs", divergences: 2, elapsedMs: 10_000 });

describe("RunConsole", () => {
  it("on a terminal: one line rewritten in place, with done/total, unexpected so far and an ETA; cleared before a log line", () => {
    const s = sink(true);
    const out = new RunConsole({ quiet: false, json: false, stream: s.stream, delayMs: 0 });
    out.progress("vectors", p(10));
    expect(s.chunks[0]).toMatch(/^\rvectors: 10\/100 vector runs, 2 unexpected so far, 10 s, about \d+ s left\x1b\[K$/);
    out.log("a line");
    expect(s.chunks.slice(1)).toEqual(["\r\x1b[K", "a line\n"]);
  });

  it("not on a terminal: plain lines, at most one per interval; nothing before the delay", () => {
    const s = sink(false);
    const out = new RunConsole({ quiet: false, json: false, stream: s.stream, delayMs: 0, plainEveryMs: 60_000 });
    out.progress("vectors", p(10));
    out.progress("vectors", p(20));
    expect(s.chunks).toEqual([expect.stringMatching(/^vectors: 10\/100 vector runs, 2 unexpected so far/)]);
    expect(s.chunks[0]).not.toContain("\r");
    const late = sink(false);
    new RunConsole({ quiet: false, json: false, stream: late.stream, delayMs: 60_000 }).progress("vectors", p(10));
    expect(late.chunks).toEqual([]);
  });

  it("--quiet: no progress and no log lines, but the end lines", () => {
    const s = sink(true);
    const out = new RunConsole({ quiet: true, json: false, stream: s.stream, delayMs: 0 });
    out.progress("vectors", p(10));
    out.log("lane line");
    out.always("reports: x");
    expect(s.chunks).toEqual(["reports: x\n"]);
  });
});
