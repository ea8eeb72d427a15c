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

/** A Python literal for a value as the harness hands it to pyseekdb (no undefined in Python: None). */
export function pyLiteral(v: unknown): string {
  if (v === undefined || v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") {
    if (Number.isNaN(v)) return 'float("nan")';
    if (!Number.isFinite(v)) return v > 0 ? 'float("inf")' : 'float("-inf")';
    if (Object.is(v, -0)) return "-0.0";
    // JSON spells integral values below 1e21 as integers: the harness's json.loads makes them int.
    return JSON.stringify(v);
  }
  if (typeof v === "string") return JSON.stringify(v); // \uXXXX escapes mean the same in Python
  if (Array.isArray(v)) return `[${Array.from({ length: v.length }, (_, i) => pyLiteral(v[i])).join(", ")}]`;
  return `{${Object.entries(v as object).map(([k, x]) => `${JSON.stringify(k)}: ${pyLiteral(x)}`).join(", ")}}`;
}

// The named embedding functions for pyseekdb, inlined (harnesses/python/harness.py is the reference).
const PY_EMBEDDING_FUNCTION_SOURCE = `
class ReproEmbeddingFunction:
    faults = []
    def __init__(self, fn, dimension):
        self.fn, self.dimension = fn, dimension
    @staticmethod
    def name():
        return "repro-embedding"
    def get_config(self):
        return {"fn": self.fn, "dimension": self.dimension}
    @staticmethod
    def build_from_config(config):
        return ReproEmbeddingFunction(config["fn"], config["dimension"])
    @staticmethod
    def length(texts, d):
        out = []
        for t in texts:
            if not isinstance(t, str):
                raise ValueError(f"embedding function accepts strings only, got {type(t).__name__}")
            out.append([len(t) + j / 4 for j in range(d)])
        return out
    def __call__(self, documents):
        texts = list(documents) if isinstance(documents, (list, tuple)) else [documents]
        print(f"    embedding function called with {texts!r}")
        d, L = self.dimension, ReproEmbeddingFunction.length
        if self.fn == "length": return L(texts, d)
        if self.fn == "failing": raise RuntimeError("embedding provider unavailable")
        if self.fn == "short": return L(texts, d)[:-1] if texts else []
        if self.fn == "long": return L(texts, d) + [L([""], d)[0]]
        if self.fn == "wrong_dimension": return L(texts, d + 1)
        raise ValueError(f"no such function {self.fn}")

EmbeddingFunctionRegistry.register(ReproEmbeddingFunction)
`;

function pyStepCall(step: SequenceStep): string {
  switch (step.op) {
    case "upsert":
    case "add":
    case "update":
      return `c(${step.c}).${step.op}(${Object.entries(step.args).map(([k, v]) => `${k}=${pyLiteral(v)}`).join(", ")})`;
    case "delete":
      return `c(${step.c}).delete(ids=${pyLiteral(step.ids)})`;
    case "get":
      return `c(${step.c}).get(${step.ids ? `ids=${pyLiteral(step.ids)}, ` : ""}include=["documents", "metadatas", "embeddings"])`;
    case "count":
      return `c(${step.c}).count()`;
    case "query": {
      const keywords = { queryEmbeddings: "query_embeddings", queryTexts: "query_texts", nResults: "n_results", include: "include" } as const;
      const args = Object.entries(step.args).map(([k, v]) => `${keywords[k as keyof typeof keywords]}=${pyLiteral(v)}`);
      return `(c(${step.c}).refresh_index(), c(${step.c}).query(${args.join(", ")}))[1]`;
    }
    case "drop":
      return `client.delete_collection(names[${step.c}])`;
    case "create":
      return `create(${step.c})`;
    case "fault":
      return `ReproEmbeddingFunction.faults.extend(${pyLiteral(step.faults)})`;
  }
}

/** The same repro for pyseekdb: plain Python, pyseekdb and nothing of this project. */
export function reproPythonScript(seq: Sequence, ctx: ReproContext): string {
  const configs = seq.collections.map((c) => `(${c.dimension}, ${pyLiteral(c.embeddingFunction)}, ${pyLiteral(c.distance ?? "l2")})`).join(", ");
  const steps = seq.steps.map((s, i) => `    step(${i}, ${JSON.stringify(`${s.op}${"c" in s ? ` on c${s.c}` : ""}`)}, lambda: ${pyStepCall(s)})`).join("\n");
  return `# Repro ${ctx.hash}: ${ctx.headline}
# Plain pyseekdb, nothing else. Run it against a seekdb (or the referee's mock: npm run serve -- --port 2881):
#   python ${ctx.hash}.repro.py --host 127.0.0.1 --port 2881 [--user root] [--password ""] [--database test]
# At step ${ctx.step} the client's profile expects: ${ctx.expected.replace(/\n/g, " ")}
# and the target answered:                  ${ctx.observed.replace(/\n/g, " ")}
import argparse, json, time
import pyseekdb
from pyseekdb import HNSWConfiguration
from pyseekdb.client.embedding_function import EmbeddingFunctionRegistry

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, default=2881)
ap.add_argument("--user", default="root")
ap.add_argument("--password", default="")
ap.add_argument("--database", default="test")
a = ap.parse_args()
${PY_EMBEDDING_FUNCTION_SOURCE}
client = pyseekdb.Client(host=a.host, port=a.port, user=a.user, password=a.password, database=a.database)
configs = [${configs}]
names = [f"repro_${ctx.hash}_{int(time.time() * 1000):x}_{i}" for i in range(len(configs))]
held = {}
def create(i):
    d, fn, distance = configs[i]
    held[i] = client.create_collection(names[i], configuration=HNSWConfiguration(dimension=d, distance=distance), embedding_function=None if fn is None else ReproEmbeddingFunction(fn, d))
def c(i):
    return held[i]
def step(i, label, call):
    try:
        value = call()
        print(f"step {i} {label}: ok" + ("" if value is None else f" {value!r}"))
    except Exception as e:
        print(f"step {i} {label}: {type(e).__name__}: {e}")

try:
    for i in range(len(configs)):
        create(i)
${steps}
    for i in range(len(configs)):
        step("end", f"state of c{i}", lambda: c(i).get(include=["documents", "metadatas", "embeddings"]))
    print(${JSON.stringify(`expected at step ${ctx.step}: ${ctx.expected}`)})
finally:
    for n in names:
        try:
            client.delete_collection(n)
        except Exception:
            pass
`;
}
