// The failure database (hypothesis' example database is the anchor): every fuzz failure is saved
// as reports/failures/<hash>.json with its repro script beside it; the next run replays the saved
// ones first, and `npm start -- replay <hash>` re-runs one.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { decode, encode, exactKey, type Json } from "../../spec/codec.ts";
import type { TargetDivergence } from "./run-sequence.ts";
import { reproPythonScript, reproScript } from "./repro.ts";
import { sequenceScript, type Sequence } from "./sequence.ts";

export const DEFAULT_FAILURES_DIR = join(import.meta.dirname, "..", "..", "reports", "failures");

export interface SavedFailure {
  readonly format: 1;
  readonly hash: string;
  readonly createdAt: string;
  readonly client: { readonly name: string; readonly version: string; readonly source: string };
  readonly profile: string;
  readonly targets: readonly { readonly name: string; readonly version: string }[];
  readonly seed: number;
  readonly path: string;
  /** Every target that diverged on the sequence, with its verdict. */
  readonly divergences: readonly (Omit<TargetDivergence, "differences"> & { readonly verdict: "unexpected" | "fixed"; readonly differences: Json })[];
  readonly clauses: readonly string[];
  /** The sequence in the marker codec's JSON (undefined, NaN, -0 kept). */
  readonly sequence: Json;
  /** The sequence as lines a person reads. */
  readonly script: string;
  readonly replay: string;
  readonly repro: string;
}

export function failureHash(client: string, profile: string, seq: Sequence): string {
  return createHash("sha256").update(`${client}\0${profile}\0${exactKey(seq)}`).digest("hex").slice(0, 12);
}

export function saveFailure(dir: string, f: Omit<SavedFailure, "format" | "hash" | "createdAt" | "sequence" | "script" | "replay" | "repro">, seq: Sequence): SavedFailure {
  mkdirSync(dir, { recursive: true });
  const hash = failureHash(f.client.name, f.profile, seq);
  const first = f.divergences[0]!;
  const headline = `${f.client.name}@${f.client.version} ${first.verdict === "fixed" ? "no longer diverges as" : "differs from"} its profile ${f.profile} on ${first.target} at step ${first.step}${f.clauses.length ? ` (${f.clauses.join(", ")})` : ""}`;
  const diffs = decode(first.differences) as { path: string; expected: unknown; observed: unknown }[];
  const saved: SavedFailure = {
    format: 1,
    hash,
    createdAt: new Date().toISOString(),
    ...f,
    sequence: encode(seq),
    script: sequenceScript(seq),
    replay: `npm start -- replay ${hash}`,
    // A repro in the client's own language: plain seekdb-js (TypeScript) or plain pyseekdb (Python).
    repro: `${hash}.repro.${f.client.name === "pyseekdb" ? "py" : "ts"}`,
  };
  writeFileSync(join(dir, `${hash}.json`), `${JSON.stringify(saved, null, 2)}\n`);
  writeFileSync(
    join(dir, saved.repro),
    (f.client.name === "pyseekdb" ? reproPythonScript : reproScript)(seq, {
      hash,
      headline,
      step: first.step,
      expected: diffs.map((d) => `${d.path}: ${JSON.stringify(encode(d.expected))}`).join("; ") || first.invariants.map((i) => i.detail).join("; "),
      observed: diffs.map((d) => `${d.path}: ${JSON.stringify(encode(d.observed))}`).join("; ") || first.invariants.map((i) => i.invariant).join("; "),
    }),
  );
  return saved;
}

export class FailureFileError extends Error {}

/** A saved failure by path or by hash (in `dir`). */
export function loadFailure(ref: string, dir: string = DEFAULT_FAILURES_DIR): { file: string; failure: SavedFailure; sequence: Sequence } {
  const candidates = [resolve(ref), join(dir, `${ref}.json`), join(dir, ref)];
  const file = candidates.find((p) => existsSync(p) && p.endsWith(".json"));
  if (!file) throw new FailureFileError(`no saved failure '${ref}' (looked for ${candidates.join(", ")})`);
  let failure: SavedFailure;
  try {
    failure = JSON.parse(readFileSync(file, "utf8")) as SavedFailure;
  } catch (e) {
    throw new FailureFileError(`${file}: ${(e as Error).message}`);
  }
  if (failure.format !== 1 || !failure.sequence || !failure.client?.name) throw new FailureFileError(`${file}: not a saved failure (format 1)`);
  let sequence: Sequence;
  try {
    sequence = decode(failure.sequence) as Sequence;
  } catch (e) {
    throw new FailureFileError(`${file}: ${(e as Error).message}`);
  }
  return { file, failure, sequence };
}

/** Saved failures of one client, oldest first. */
export function listFailures(dir: string, client: string): { file: string; failure: SavedFailure; sequence: Sequence }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) => {
      try {
        const loaded = loadFailure(join(dir, f), dir);
        return loaded.failure.client.name === client ? [loaded] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.failure.createdAt.localeCompare(b.failure.createdAt));
}

/** Removes a failure that no longer reproduces (and its repro script). */
export function forgetFailure(file: string): void {
  rmSync(file, { force: true });
  for (const ext of ["ts", "py"]) rmSync(file.replace(/\.json$/, `.repro.${ext}`), { force: true });
}

export const failureName = (file: string) => basename(file, ".json");
