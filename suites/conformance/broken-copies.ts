// Broken copies of seekdb-js, made at test time by patching a copy of the installed package: each
// misbehaves in one way. Some misbehave only on inputs the spec's vectors never hold (more than
// three ids in a call, documents past 1000 characters, integers beyond 2^53, subnormal floats), so
// only generated sequences can catch them; the others are controls the vectors catch too.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";

export interface BrokenCopy {
  readonly name: string;
  /** What it does wrong, in one sentence. */
  readonly fault: string;
  /** Whether the fixed vectors hold an input that shows it. */
  readonly vectorsCatch: boolean;
  /** The clauses a caught divergence must name (at least one of them). */
  readonly clauses: readonly string[];
  /** [text to find exactly once in dist/index.mjs, replacement]. */
  readonly patch: readonly [string, string];
}

export const BROKEN_COPIES: readonly BrokenCopy[] = [
  {
    name: "skips-ids-past-the-fourth",
    fault: "upsert writes only the first four ids of a call and acknowledges the rest",
    vectorsCatch: false,
    clauses: ["UPSERT-WRITE-001", "UPSERT-WRITE-002", "UPSERT-WRITE-003", "UPSERT-WRITE-004", "UPSERT-WRITE-005", "UPSERT-WRITE-006", "UPSERT-BATCH-001"],
    patch: ["for (let i = 0; i < idsArray.length; i++) {\n      const id = idsArray[i];\n      const existing = await this.get({", "for (let i = 0; i < Math.min(idsArray.length, 4); i++) {\n      const id = idsArray[i];\n      const existing = await this.get({"],
  },
  {
    name: "truncates-long-documents",
    fault: "upsert cuts documents longer than 1000 characters to 1000",
    vectorsCatch: false,
    clauses: ["UPSERT-VAL-005", "UPSERT-WRITE-004", "UPSERT-EMBED-001", "UPSERT-EMBED-002"],
    patch: [
      "async upsert(options) {\n    let { ids, embeddings, metadatas, documents } = options;",
      "async upsert(options) {\n    let { ids, embeddings, metadatas, documents } = options;\n    const cut = (d) => (typeof d === \"string\" && d.length > 1000 ? d.slice(0, 1000) : d);\n    documents = Array.isArray(documents) ? documents.map(cut) : cut(documents);",
    ],
  },
  {
    name: "big-integers-as-strings",
    fault: "metadata integers beyond 2^53 are written as strings",
    vectorsCatch: false,
    clauses: ["UPSERT-VAL-004", "UPSERT-VAL-002", "UPSERT-WRITE-005"],
    patch: ["function serializeMetadata(metadata) {\n  return JSON.stringify(metadata);", "function serializeMetadata(metadata) {\n  return JSON.stringify(metadata, (_k, v) => (typeof v === \"number\" && Number.isInteger(v) && Math.abs(v) > 2 ** 53 ? String(v) : v));"],
  },
  {
    name: "flushes-subnormal-floats",
    fault: "vector elements smaller than 1e-30 in magnitude are sent as 0",
    vectorsCatch: false,
    clauses: ["UPSERT-VAL-003", "UPSERT-WRITE-006"],
    patch: ["  return JSON.stringify(vector);\n}", "  return JSON.stringify(vector.map((v) => (Math.abs(v) < 1e-30 ? 0 : v)));\n}"],
  },
  {
    name: "ignores-metadata-on-update",
    fault: "upsert of a stored id drops the metadata it was given",
    vectorsCatch: true,
    clauses: ["UPSERT-WRITE-005", "UPSERT-VAL-004", "UPSERT-VAL-002"],
    patch: ["        if (meta !== void 0) {\n          updates.metadata = meta;\n        }", ""],
  },
  {
    name: "trims-ids",
    fault: "upsert trims whitespace at the end of ids",
    vectorsCatch: true,
    clauses: ["UPSERT-VAL-006", "UPSERT-WRITE-001", "UPSERT-WRITE-002"],
    patch: ["const id = idsArray[i];\n      const existing = await this.get({", "const id = typeof idsArray[i] === \"string\" ? idsArray[i].trimEnd() : idsArray[i];\n      const existing = await this.get({"],
  },
];

/** The installed seekdb package's directory (the one whose package.json names "seekdb"). */
export function installedSeekdbDir(): string {
  let d = dirname(createRequire(import.meta.url).resolve("seekdb"));
  while (!(existsSync(join(d, "package.json")) && JSON.parse(readFileSync(join(d, "package.json"), "utf8")).name === "seekdb")) {
    if (dirname(d) === d) throw new Error("cannot find the installed seekdb package");
    d = dirname(d);
  }
  return d;
}

/** Copies the installed package (without node_modules) to a temporary directory and applies the patch. */
export function makeBrokenCopy(copy: BrokenCopy): string {
  const dir = join(mkdtempSync(join(tmpdir(), `seekdb-${copy.name}-`)), "seekdb");
  const root = installedSeekdbDir();
  // Leave out the package's own node_modules (the package itself lives in one).
  cpSync(root, dir, { recursive: true, filter: (src) => !relative(root, src).split(sep).includes("node_modules") });
  const file = join(dir, "dist", "index.mjs");
  const source = readFileSync(file, "utf8");
  const [find, replace] = copy.patch;
  const at = source.indexOf(find);
  if (at < 0 || source.indexOf(find, at + 1) >= 0) throw new Error(`${copy.name}: the patch target is not in dist/index.mjs exactly once (did seekdb change?)`);
  writeFileSync(file, source.slice(0, at) + replace + source.slice(at + find.length));
  return dir;
}

/** A broken copy of pyseekdb: the installed package copied out of .venv and patched in one place. */
export const PYSEEKDB_BROKEN_COPY = {
  name: "pyseekdb-ignores-metadata-on-update",
  fault: "pyseekdb's upsert of a stored id drops the metadata it was given",
  clauses: ["UPSERT-WRITE-005", "UPSERT-VAL-004", "UPSERT-VAL-002"],
  file: join("client", "client_base.py"),
  patch: [
    '                if meta_val is not None:\n                    meta_json = json.dumps(final_metadata, ensure_ascii=False) if final_metadata else "{}"',
    '                if False:\n                    meta_json = json.dumps(final_metadata, ensure_ascii=False) if final_metadata else "{}"',
  ],
} as const;

/** The installed pyseekdb package directory in the project's .venv, if there is one. */
export function installedPyseekdbDir(root: string): string | undefined {
  const lib = join(root, ".venv", "lib");
  if (!existsSync(lib)) return undefined;
  for (const py of readdirSync(lib)) {
    const dir = join(lib, py, "site-packages", "pyseekdb");
    if (existsSync(join(dir, "__init__.py"))) return dir;
  }
  return undefined;
}

/** Copies pyseekdb into <tmp>/pyseekdb, patches it, returns <tmp> (what --sdk pyseekdb=<dir> takes). */
export function makePyseekdbBrokenCopy(root: string): string {
  const from = installedPyseekdbDir(root);
  if (!from) throw new Error("no pyseekdb in .venv (scripts/seekdb-venv installs it)");
  const parent = mkdtempSync(join(tmpdir(), "pyseekdb-broken-"));
  cpSync(from, join(parent, "pyseekdb"), { recursive: true, filter: (src) => !src.endsWith("__pycache__") });
  const file = join(parent, "pyseekdb", PYSEEKDB_BROKEN_COPY.file);
  const source = readFileSync(file, "utf8");
  const [find, replace] = PYSEEKDB_BROKEN_COPY.patch;
  const at = source.indexOf(find);
  if (at < 0 || source.indexOf(find, at + 1) >= 0) throw new Error(`${PYSEEKDB_BROKEN_COPY.name}: the patch target is not in ${PYSEEKDB_BROKEN_COPY.file} exactly once (did pyseekdb change?)`);
  writeFileSync(file, source.slice(0, at) + replace + source.slice(at + find.length));
  return parent;
}
