// A standalone repro script for a fuzz failure: plain seekdb-js and nothing of this project, so a
// developer can run it against any seekdb (or the mock) and see the divergence:
//   npx tsx repro.ts --host 127.0.0.1 --port 2881
import type { Sequence, SequenceStep } from "./sequence.ts";

/** A JavaScript literal for a value: undefined, NaN, ±Infinity, -0 and holes kept. */
export function jsLiteral(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v);
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${Array.from({ length: v.length }, (_, i) => (i in v ? jsLiteral(v[i]) : "")).join(", ")}${v.length > 0 && !(v.length - 1 in v) ? "," : ""}]`;
  return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${jsLiteral(x)}`).join(", ")} }`;
}

// The spec's named embedding functions, inlined (spec/embedding-functions.ts is the reference;
// suites/spec tests that this copy gives the same vectors). "http" is simulated in-process with
// the same fault queue the provider uses.
const EMBEDDING_FUNCTION_SOURCE = `
class ReproEmbeddingFunction {
  name = "repro-embedding";
  static faults = [];
  constructor(config) { this.fn = config.fn; this.dimension = config.dimension; }
  static buildFromConfig(config) { return new ReproEmbeddingFunction(config); }
  getConfig() { return { fn: this.fn, dimension: this.dimension }; }
  static length(texts, d) {
    return texts.map((t) => {
      if (typeof t !== "string") throw new Error("embedding function accepts strings only, got " + (t === null ? "null" : typeof t));
      const n = [...t].length;
      return Array.from({ length: d }, (_, j) => n + j / 4);
    });
  }
  async generate(texts) {
    const list = Array.isArray(texts) ? texts : [texts];
    console.log("    embedding function called with " + JSON.stringify(list));
    const d = this.dimension;
    switch (this.fn) {
      case "length": return ReproEmbeddingFunction.length(list, d);
      case "failing": throw new Error("embedding provider unavailable");
      case "short": return ReproEmbeddingFunction.length(list, d).slice(0, Math.max(0, list.length - 1));
      case "long": return [...ReproEmbeddingFunction.length(list, d), ReproEmbeddingFunction.length([""], d)[0]];
      case "wrong_dimension": return ReproEmbeddingFunction.length(list, d + 1);
      case "http":
        for (let attempt = 0; ; attempt++) {
          const vectors = ReproEmbeddingFunction.length(list, d);
          const fault = ReproEmbeddingFunction.faults.shift();
          if (fault === undefined) return vectors;
          if (fault === "rate-limit") { if (attempt < ${2}) continue; throw new Error("embedding provider answered HTTP 429"); }
          if (fault === "server-error") throw new Error("embedding provider answered HTTP 500");
          if (fault === "slow") throw new Error("embedding provider did not answer in time");
          if (fault === "fewer") return vectors.slice(0, Math.max(0, vectors.length - 1));
          if (fault === "more") return [...vectors, ReproEmbeddingFunction.length([""], d)[0]];
          if (fault === "wrong-dimension") return ReproEmbeddingFunction.length(list, d + 1);
        }
    }
  }
}
registerEmbeddingFunction("repro-embedding", ReproEmbeddingFunction);
`;

function stepCall(step: SequenceStep): string {
  switch (step.op) {
    case "upsert":
    case "add":
    case "update":
      return `c${step.c}().${step.op}(${jsLiteral(step.args)})`;
    case "delete":
      return `c${step.c}().delete({ ids: ${jsLiteral(step.ids)} })`;
    case "get":
      return `c${step.c}().get({ ${step.ids ? `ids: ${jsLiteral(step.ids)}, ` : ""}include: ["documents", "metadatas", "embeddings"] })`;
    case "count":
      return `c${step.c}().count()`;
    case "query":
      return `c${step.c}().refresh_index().then(() => c${step.c}().query(${jsLiteral(step.args)}))`;
    case "drop":
      return `client.deleteCollection(names[${step.c}])`;
    case "create":
      return `create(${step.c})`;
    case "fault":
      return `ReproEmbeddingFunction.faults.push(...${jsLiteral(step.faults)})`;
  }
}

export interface ReproContext {
  readonly hash: string;
  readonly headline: string;
  /** What the profile model said at the divergent step, and what the target did, as text. */
  readonly expected: string;
  readonly observed: string;
  readonly step: number;
}

export function reproScript(seq: Sequence, ctx: ReproContext): string {
  const configs = seq.collections.map((c) => `{ dimension: ${c.dimension}, embeddingFunction: ${JSON.stringify(c.embeddingFunction)}, distance: ${JSON.stringify(c.distance ?? "l2")} }`).join(", ");
  const steps = seq.steps
    .map((s, i) => `  await step(${i}, ${JSON.stringify(`${s.op}${"c" in s ? ` on c${s.c}` : ""}`)}, () => ${stepCall(s)});`)
    .join("\n");
  return `// Repro ${ctx.hash}: ${ctx.headline}
// Plain seekdb-js, nothing else. Run it against a seekdb (or the referee's mock: npm run serve -- --port 2881):
//   npx tsx repro.ts --host 127.0.0.1 --port 2881 [--user root] [--password ""] [--database test]
// At step ${ctx.step} the client's profile expects: ${ctx.expected.replace(/\n/g, " ")}
// and the target answered:                  ${ctx.observed.replace(/\n/g, " ")}
import { parseArgs } from "node:util";
import { registerEmbeddingFunction, SeekdbClient } from "seekdb";

const { values: a } = parseArgs({
  options: { host: { type: "string", default: "127.0.0.1" }, port: { type: "string", default: "2881" }, user: { type: "string", default: "root" }, password: { type: "string", default: "" }, database: { type: "string", default: "test" } },
});
${EMBEDDING_FUNCTION_SOURCE}
const client = new SeekdbClient({ host: a.host, port: Number(a.port), user: a.user, password: a.password, database: a.database });
const configs = [${configs}];
const names = configs.map((_, i) => \`repro_${ctx.hash}_\${Date.now().toString(36)}_\${i}\`);
const held = [];
const create = async (i) => {
  const { dimension, embeddingFunction, distance } = configs[i];
  held[i] = await client.createCollection({ name: names[i], configuration: { dimension, distance }, embeddingFunction: embeddingFunction === null ? null : new ReproEmbeddingFunction({ fn: embeddingFunction, dimension }) });
};
${seq.collections.map((_, i) => `const c${i} = () => held[${i}];`).join("\n")}
const show = (v) => JSON.stringify(v, (_k, x) => (x === undefined ? "<undefined>" : typeof x === "number" && !Number.isFinite(x) ? String(x) : x));
async function step(i, label, call) {
  try {
    const value = await call();
    console.log(\`step \${i} \${label}: ok\${value === undefined ? "" : " " + show(value)}\`);
  } catch (e) {
    console.log(\`step \${i} \${label}: \${e?.name}: \${e?.message}\${e?.errno ? " (errno " + e.errno + ")" : ""}\`);
  }
}

try {
  for (let i = 0; i < configs.length; i++) await create(i);
${steps}
  for (let i = 0; i < configs.length; i++) {
    await step("end", \`state of c\${i}\`, () => held[i].get({ include: ["documents", "metadatas", "embeddings"] }));
  }
  console.log(${JSON.stringify(`expected at step ${ctx.step}: ${ctx.expected}`)});
} finally {
  for (const n of names) await client.deleteCollection(n).catch(() => undefined);
  await client.close();
}
`;
}
