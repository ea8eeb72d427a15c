// A fuzz sequence as data: the collections it starts with and the steps it takes. Data, not
// classes, so a sequence can be saved (through the marker codec), replayed, shrunk by fast-check
// and printed as a script a person reads.
import { encodeText as encodeTextExact } from "../../spec/codec.ts";
import type { ProviderFault } from "../../spec/embedding-functions.ts";
import type { CollectionConfig, QueryArgs, WriteArgs } from "../../spec/model/index.ts";

export type SequenceStep =
  | { readonly op: "upsert" | "add" | "update"; readonly c: number; readonly args: WriteArgs }
  | { readonly op: "delete"; readonly c: number; readonly ids: readonly string[] }
  | { readonly op: "get"; readonly c: number; readonly ids?: readonly string[] }
  | { readonly op: "count"; readonly c: number }
  /** refresh_index(), then query (UPSERT-ATOM-005: every target's index takes in the writes first). */
  | { readonly op: "query"; readonly c: number; readonly args: QueryArgs }
  | { readonly op: "drop"; readonly c: number }
  /** Creates collection c again after a drop (a no-op while it exists). */
  | { readonly op: "create"; readonly c: number }
  /** The "http" embedding provider answers its next requests with these faults. */
  | { readonly op: "fault"; readonly faults: readonly ProviderFault[] };

export interface Sequence {
  /** Created before the first step, in this order; steps name them by index. */
  readonly collections: readonly CollectionConfig[];
  readonly steps: readonly SequenceStep[];
}

/** Long strings shortened for a console (the saved sequence keeps them whole). */
function abbreviate(v: unknown): unknown {
  if (typeof v === "string") {
    const chars = [...v];
    if (chars.length <= 48) return v;
    const head = chars.slice(0, 24).join("");
    return `${head}…(${chars.length} chars, ${Buffer.byteLength(v)} bytes)`;
  }
  if (Array.isArray(v)) return v.map(abbreviate);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [abbreviate(k) as string, abbreviate(x)]));
  return v;
}

/** One line per step, as calls a person reads (values in the marker codec's JSON). */
export function sequenceScript(s: Sequence, opts: { abbreviate?: boolean } = {}): string {
  const encodeText = (v: unknown) => encodeTextExact(opts.abbreviate ? abbreviate(v) : v);
  const lines = s.collections.map((c, i) => `c${i} = createCollection({dimension: ${c.dimension}, embeddingFunction: ${JSON.stringify(c.embeddingFunction)}${c.distance ? `, distance: ${JSON.stringify(c.distance)}` : ""}})`);
  for (const step of s.steps) {
    switch (step.op) {
      case "upsert":
      case "add":
      case "update":
        lines.push(`c${step.c}.${step.op}(${encodeText(step.args)})`);
        break;
      case "delete":
        lines.push(`c${step.c}.delete(${encodeText({ ids: step.ids })})`);
        break;
      case "get":
        lines.push(`c${step.c}.get(${step.ids ? encodeText({ ids: step.ids }) : ""})`);
        break;
      case "query":
        lines.push(`c${step.c}.refresh_index(); c${step.c}.query(${encodeText(step.args)})`);
        break;
      case "count":
      case "drop":
      case "create":
        lines.push(`c${step.c}.${step.op}()`);
        break;
      case "fault":
        lines.push(`provider.next(${step.faults.map((f) => JSON.stringify(f)).join(", ")})`);
        break;
    }
  }
  return lines.join("\n");
}
