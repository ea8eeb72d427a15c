// The marker codec: JavaScript values <-> JSON, losslessly, for everything the suites pass to a
// client. One module used by the vector loader, the runner, the failure files and the
// out-of-process harnesses, so `[undefined]` never turns into `[null]` on any path.
//
// Markers (objects whose only key starts with "$"):
//   {"$undefined": true}                       undefined (an absent key stays absent)
//   {"$number": "NaN"|"Infinity"|"-Infinity"|"-0"}
//   {"$hole": true}                            an array hole (only inside arrays)
//   {"$object": {...}}                         an object whose own keys start with "$" (taken literally)
//   {"$repeat": "s", "times": n}, {"$concat": [parts]}   authoring shorthands for long strings (decode only)
// Every other object is a plain object decoded member by member. An object with a "$" key that is
// not one of these shapes is an error naming its JSON pointer, never a silent plain object.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class CodecError extends Error {
  override name = "CodecError";
}

const SPECIAL_NUMBERS: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, "-Infinity": Number.NEGATIVE_INFINITY, "-0": -0 };

const pointer = (path: readonly (string | number)[]) => (path.length === 0 ? "/" : `/${path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`);

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function encodeNumber(n: number): Json {
  if (Number.isNaN(n)) return { $number: "NaN" };
  if (n === Number.POSITIVE_INFINITY) return { $number: "Infinity" };
  if (n === Number.NEGATIVE_INFINITY) return { $number: "-Infinity" };
  if (Object.is(n, -0)) return { $number: "-0" };
  return n;
}

function encodeAt(v: unknown, path: (string | number)[]): Json {
  if (v === undefined) return { $undefined: true };
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return encodeNumber(v);
  if (typeof v !== "object") throw new CodecError(`cannot encode a ${typeof v} at ${pointer(path)}`);
  if (Array.isArray(v)) {
    const out: Json[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      out[i] = i in v ? encodeAt(v[i], path) : { $hole: true };
      path.pop();
    }
    return out;
  }
  if (!isPlain(v)) throw new CodecError(`cannot encode an instance of ${(v as object).constructor?.name ?? "?"} at ${pointer(path)}`);
  const out: { [key: string]: Json } = {};
  let dollar = false;
  for (const k of Object.keys(v)) {
    if (k.startsWith("$")) dollar = true;
    path.push(k);
    setOwn(out, k, encodeAt((v as Record<string, unknown>)[k], path));
    path.pop();
  }
  return dollar ? { $object: out } : out;
}

/** The JSON form of a value; throws CodecError for values no client call is made of (functions, class instances). */
export function encode(v: unknown): Json {
  return encodeAt(v, []);
}

/** Assignment that keeps "__proto__" an own data property instead of changing the prototype. */
function setOwn(o: object, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

const HOLE: unique symbol = Symbol("hole");

function decodeObjectMembers(o: Record<string, unknown>, path: (string | number)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    path.push(k);
    const d = decodeAt(o[k], path, false);
    path.pop();
    setOwn(out, k, d);
  }
  return out;
}

function decodeAt(v: unknown, path: (string | number)[], inArray: boolean): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      const d = decodeAt(v[i], path, true);
      path.pop();
      if (d !== HOLE) out[i] = d;
    }
    return out;
  }
  if (v === null || typeof v !== "object") {
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean" || v === null) return v;
    throw new CodecError(`not JSON: a ${typeof v} at ${pointer(path)}`);
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  const markerKey = keys.find((k) => k.startsWith("$"));
  if (markerKey === undefined) return decodeObjectMembers(o, path);
  const bad = (why: string) => new CodecError(`bad marker at ${pointer(path)}: ${why} (${JSON.stringify(v).slice(0, 120)})`);
  const only = (...allowed: string[]) => {
    if (keys.length !== allowed.length || !allowed.every((k) => keys.includes(k))) throw bad(`expected exactly the keys ${allowed.join(", ")}`);
  };
  switch (markerKey) {
    case "$undefined":
      only("$undefined");
      if (o.$undefined !== true) throw bad("$undefined must be true");
      return undefined;
    case "$number": {
      only("$number");
      const n = SPECIAL_NUMBERS[o.$number as string];
      if (typeof o.$number !== "string" || n === undefined) throw bad(`$number must be one of ${Object.keys(SPECIAL_NUMBERS).join(", ")}`);
      return n;
    }
    case "$hole":
      only("$hole");
      if (o.$hole !== true || !inArray) throw bad("$hole must be true and inside an array");
      return HOLE;
    case "$object":
      only("$object");
      if (o.$object === null || typeof o.$object !== "object" || Array.isArray(o.$object)) throw bad("$object must hold an object");
      path.push("$object");
      try {
        return decodeObjectMembers(o.$object as Record<string, unknown>, path);
      } finally {
        path.pop();
      }
    case "$repeat": {
      only("$repeat", "times");
      const times = o.times;
      if (typeof o.$repeat !== "string" || !Number.isInteger(times) || (times as number) < 0 || (times as number) > 10_000_000) {
        throw bad("$repeat must be a string and times an integer in 0..1e7");
      }
      return o.$repeat.repeat(times as number);
    }
    case "$concat": {
      only("$concat");
      if (!Array.isArray(o.$concat)) throw bad("$concat must hold an array");
      path.push("$concat");
      try {
        return o.$concat
          .map((p, i) => {
            path.push(i);
            const d = decodeAt(p, path, false);
            path.pop();
            if (typeof d !== "string") throw bad("$concat parts must decode to strings");
            return d;
          })
          .join("");
      } finally {
        path.pop();
      }
    }
    default:
      throw bad(`unknown marker ${markerKey} (wrap an object with "$" keys in {"$object": ...})`);
  }
}

/** The value a JSON form stands for; throws CodecError (with the JSON pointer) for a malformed marker. */
export function decode(j: unknown): unknown {
  const d = decodeAt(j, [], false);
  if (d === HOLE) throw new CodecError("$hole outside an array at /");
  return d;
}

/** encode, as text: what failure files and harness lines carry. */
export function encodeText(v: unknown): string {
  return JSON.stringify(encode(v));
}

/**
 * A key equal for values the codec cannot tell apart and different otherwise (objects compared
 * with sorted keys): the way to compare two calls or two observations exactly.
 */
export function exactKey(v: unknown): string {
  return JSON.stringify(sortKeys(encode(v)));
}

function sortKeys(j: Json): Json {
  if (Array.isArray(j)) return j.map(sortKeys);
  if (j === null || typeof j !== "object") return j;
  const out: { [key: string]: Json } = {};
  for (const k of Object.keys(j).sort()) setOwn(out, k, sortKeys(j[k]!));
  return out;
}
