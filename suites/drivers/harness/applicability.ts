// Which vector cases a harness can run: those whose values and embedding functions its language
// and implementation can hold (its handshake capabilities). The rest are "not applicable" for that
// client, with the reason — never run with a substitute value.
import type { VectorCase } from "../../../spec/load.ts";
import type { HarnessCapabilities } from "./protocol.ts";

export type Applicability = { readonly applicable: true } | { readonly applicable: false; readonly reason: string };

/** The first value inside v the capabilities rule out, as "<what> at <path>", or undefined. */
export function unrepresentable(v: unknown, caps: HarnessCapabilities["values"], path = ""): string | undefined {
  if (v === undefined) return caps.undefined ? undefined : `undefined at ${path || "/"}`;
  if (typeof v === "number") {
    if (Number.isNaN(v) && !caps.nan) return `NaN at ${path}`;
    if (!Number.isFinite(v) && !Number.isNaN(v) && !caps.infinity) return `${v} at ${path}`;
    if (Object.is(v, -0) && !caps.negativeZero) return `-0 at ${path}`;
    return undefined;
  }
  if (v === null || typeof v !== "object") return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) {
        if (!caps.holes) return `an array hole at ${path}/${i}`;
        continue;
      }
      const r = unrepresentable(v[i], caps, `${path}/${i}`);
      if (r) return r;
    }
    return undefined;
  }
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith("$") && !caps.dollarKeys) return `a "$" key at ${path}/${k}`;
    const r = unrepresentable(x, caps, `${path}/${k}`);
    if (r) return r;
  }
  return undefined;
}

export function applicability(c: VectorCase, caps: HarnessCapabilities): Applicability {
  const fn = c.collection.embeddingFunction;
  if (fn === null && !caps.noEmbeddingFunction) return { applicable: false, reason: "the harness cannot create a collection without an embedding function" };
  if (fn !== null && !caps.embeddingFunctions.includes(fn)) return { applicable: false, reason: `the harness does not implement the embedding function '${fn}'` };
  const initial = unrepresentable(c.initial, caps.values, "/initial");
  if (initial) return { applicable: false, reason: `the client's language cannot hold ${initial}` };
  for (const [i, s] of c.steps.entries()) {
    if (!("args" in s) || s.args === undefined) continue;
    const r = unrepresentable(s.args, caps.values, `/steps/${i}/args`);
    if (r) return { applicable: false, reason: `the client's language cannot hold ${r}` };
  }
  return { applicable: true };
}
