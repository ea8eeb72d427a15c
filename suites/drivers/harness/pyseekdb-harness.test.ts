// The pyseekdb harness's own pieces, checked against their TypeScript originals: the named
// embedding functions give identical vectors and failures for the same texts (unicode, astral,
// combining, lone surrogates, non-text), the codec round-trips every value the harness claims to
// hold and refuses the rest, and bad input gets an answer without killing the harness.
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { encode, exactKey } from "../../../spec/codec.ts";
import { EMBEDDING_FUNCTION_NAMES, runEmbeddingFunction } from "../../../spec/embedding-functions.ts";
import { PROJECT_ROOT } from "../../targets/real.ts";
import { validateResponse } from "./protocol.ts";
import { pyseekdbHarnessAvailable, pyseekdbHarnessCommand, PYSEEKDB_HARNESS } from "./pyseekdb.ts";

const available = pyseekdbHarnessAvailable();
const python = pyseekdbHarnessCommand().command;

/** Runs `code` with the harness module imported as `h`; stdin is JSON in `data`; it answers with h.send(...). */
function inHarnessModule(code: string, input: unknown): unknown {
  const prelude = `import sys, json\nsys.path.insert(0, ${JSON.stringify(PYSEEKDB_HARNESS.replace(/\/harness\.py$/, ""))})\nimport harness as h\ndata = json.loads(sys.stdin.read())\n`;
  const r = spawnSync(python, ["-c", prelude + code], { input: JSON.stringify(input), encoding: "utf8", cwd: PROJECT_ROOT, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const TEXTS: unknown[] = [
  "",
  "a",
  "héllo", // precomposed é: 5 code points
  "he\u0301llo", // e + combining acute: 6 code points
  "😀", // astral: one code point, two UTF-16 units
  "👩‍👩‍👧", // a ZWJ family: 5 code points, one grapheme
  "中文 text\n\t\u0000",
  "\ud800", // a lone surrogate: one code point in both languages
  "x".repeat(1000),
];
const NON_TEXT: unknown[] = [null, 5, 1.5, true, {}, []];

describe.skipIf(!available.ok)(`the pyseekdb harness's pieces${available.ok ? "" : ` (skipped: ${available.ok ? "" : available.reason})`}`, () => {
  it("named embedding functions: Python gives what spec/embedding-functions.ts gives", () => {
    const cases: { fn: string; texts: unknown[]; dimension: number }[] = [];
    // Every named function but "http": its provider is msw in this process, which no harness reaches.
    for (const fn of EMBEDDING_FUNCTION_NAMES.filter((f) => f !== "http")) {
      for (const dimension of [1, 3, 8]) {
        cases.push({ fn, texts: TEXTS, dimension });
        cases.push({ fn, texts: [], dimension });
        for (const bad of NON_TEXT) cases.push({ fn, texts: ["ok", bad], dimension });
      }
    }
    const python = inHarnessModule(
      `out = []
for c in data:
    try:
        out.append({"ok": True, "vectors": h.run_embedding_function(c["fn"], c["texts"], c["dimension"])})
    except h.EmbeddingFunctionFailure as e:
        out.append({"ok": False, "message": str(e)})
h.send({"results": out})`,
      cases,
    ) as { results: unknown[] };
    const typescript = cases.map((c) => runEmbeddingFunction(c.fn as never, c.texts, c.dimension));
    expect(python.results).toEqual(typescript);
  });

  it("the embedding function object records each call's texts exactly as pyseekdb passes them", () => {
    const r = inHarnessModule(
      `ef = h.RefereeEmbeddingFunction("length", 2)
ef(["a", "😀"]); ef("single")
h.send({"calls": ef.calls, "dimension": ef.dimension, "config": ef.get_config(), "name": ef.name()})`,
      null,
    );
    expect(r).toEqual({ calls: [["a", "😀"], ["single"]], dimension: 2, config: { fn: "length", dimension: 2 }, name: "referee" });
  });

  it("codec: every value the harness claims to hold round-trips decode → encode unchanged", () => {
    const values: unknown[] = [
      null, true, false, 0, -1, 2 ** 40, 1.5, -2.25, 0.1, 1e-7, 3.4e38, 1e39,
      Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0,
      "", "it's \"q\" \\ \n 😀 \u0000 \ud800", { $k: 1, $undefined: "literal", nested: { $number: "text" } },
      [1, [2, [3]], { a: [Number.NaN] }], { "": 1, "__proto__": 2 }, [],
    ];
    const encoded = values.map((v) => encode(v));
    const r = inHarnessModule(`h.send({"back": [h.encode(h.decode(v)) for v in data]})`, encoded) as { back: unknown[] };
    expect(r.back.map((b) => exactKey(b))).toEqual(encoded.map((e) => exactKey(e)));
  });

  it("codec: what the harness declared it cannot hold, and malformed markers, are refused by name", () => {
    const bad = [
      [{ $undefined: true }, /undefined at \/: this harness declared undefined unsupported/],
      [[1, { $hole: true }], /array hole at \/1/],
      [{ a: { $number: "nan" } }, /bad marker at \/a: \$number must be one of/],
      [{ $number: "NaN", x: 1 }, /expected exactly the keys \$number/],
      [{ $unknown: 1 }, /unknown marker \$unknown/],
      [{ $object: [1] }, /\$object must hold an object/],
      [{ $hole: true }, /\$hole must be inside an array/],
    ] as const;
    const r = inHarnessModule(
      `out = []
for v in data:
    try:
        h.decode(v); out.append("decoded")
    except h.BadRequest as e:
        out.append(str(e))
h.send({"errors": out})`,
      bad.map(([v]) => v),
    ) as { errors: string[] };
    bad.forEach(([, want], i) => expect(r.errors[i]).toMatch(want));
  });

  it("query: arguments reach pyseekdb under its names, and its parallel lists come back zipped into hits per query vector", () => {
    const out = inHarnessModule(
      `class Collection:
    def query(self, **kwargs):
        self.kwargs = kwargs
        return {"ids": [["a", "b"], []], "distances": [[0.5, None], []], "documents": [["da", None], []], "metadatas": [[{"k": 1}, {}], []]}
harness = h.Harness()
harness.collections["c"], harness.functions["c"] = Collection(), None
value, _ = harness.query({"collection": "c", "args": data})
h.send({"value": value, "kwargs": harness.collections["c"].kwargs})`,
      { queryEmbeddings: [1, 2, 3], nResults: 2, include: ["documents", "metadatas"] },
    );
    expect(out).toEqual({
      value: [
        [
          { id: "a", distance: 0.5, document: "da", metadata: { k: 1 } },
          { id: "b", distance: null, document: null, metadata: {} },
        ],
        [],
      ],
      kwargs: { query_embeddings: [1, 2, 3], n_results: 2, include: ["documents", "metadatas"] },
    });
  });

  it("bad lines get a protocolError and the harness keeps going; end of input exits 0", async () => {
    const child = spawn(python, [PYSEEKDB_HARNESS], { cwd: PROJECT_ROOT, stdio: ["pipe", "pipe", "pipe"] });
    const lines: unknown[] = [];
    const rl = createInterface({ input: child.stdout });
    rl.on("line", (l) => lines.push(JSON.parse(l)));
    const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    // pyseekdb connects lazily: the handshake needs no server.
    const input = [
      JSON.stringify({ protocol: 1, cmd: "hello", server: { host: "127.0.0.1", port: 9, user: "root", password: "", database: "test" } }),
      "not json",
      "[1, 2]",
      JSON.stringify({ cmd: "count", collection: "c" }),
      JSON.stringify({ seq: 1, cmd: "bogus" }),
      JSON.stringify({ seq: 2, cmd: "upsert", collection: "c", args: { ids: { $bad: 1 } } }),
      JSON.stringify({ seq: 3, cmd: "upsert", collection: "c", args: { ids: ["a"], emb: [1] } }),
      JSON.stringify({ seq: 4, cmd: "count", collection: "never-created" }),
    ];
    child.stdin.end(`${input.join("\n")}\n`);
    expect(await exit).toBe(0);
    rl.close();
    expect(lines).toHaveLength(input.length);
    expect(lines[0]).toMatchObject({ protocol: 1, ok: true, client: "pyseekdb", version: expect.stringMatching(/^1\./) });
    const errors = lines.slice(1) as { seq: number | null; protocolError: string }[];
    for (const e of errors) expect(validateResponse(e), JSON.stringify(e)).toBe(true);
    expect(errors.map((e) => e.seq)).toEqual([null, null, null, 1, 2, 3, 4]);
    expect(errors[0]!.protocolError).toMatch(/not JSON/);
    expect(errors[1]!.protocolError).toMatch(/must be a JSON object/);
    expect(errors[2]!.protocolError).toMatch(/needs seq/);
    expect(errors[3]!.protocolError).toMatch(/unknown cmd 'bogus'/);
    expect(errors[4]!.protocolError).toMatch(/unknown marker \$bad at \/ids|bad marker at \/ids/);
    expect(errors[5]!.protocolError).toMatch(/keys among ids, embeddings, documents, metadatas/);
    expect(errors[6]!.protocolError).toMatch(/not created through this harness/);
  });
});
