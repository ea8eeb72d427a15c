// Loads and validates the spec's data files (clauses, vectors) and decodes the vectors' markers.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { CodecError, decode } from "./codec.ts";
import type { EmbeddingFunctionName, ProviderFault } from "./embedding-functions.ts";
import type { CollectionConfig, ErrorClass, JsonValue, QueryArgs, QueryRanking, WriteArgs } from "./model/types.ts";

export const SPEC_DIR = dirname(fileURLToPath(import.meta.url));
export const VECTORS_DIR = join(SPEC_DIR, "vectors");

export interface Clause {
  readonly id: string;
  readonly group: string;
  readonly statement: string;
  readonly source: { readonly doc: string; readonly quote: string; readonly translatedFrom?: string } | { readonly undocumented: string };
  readonly error?: ErrorClass;
  readonly retired?: boolean;
  /** A clause no sequential vector can express names the test that covers it. */
  readonly coveredBy?: string;
}

export interface ExpectedRecord {
  readonly id: string;
  readonly document: string | null;
  readonly embedding: readonly number[] | null;
  readonly metadata: JsonValue | null;
}

export type Expectation =
  | { readonly ok: true; readonly embeddingCalls?: readonly (readonly unknown[])[] }
  | { readonly error: ErrorClass; readonly errno?: number; readonly embeddingCalls?: readonly (readonly unknown[])[] }
  | { readonly records: readonly ExpectedRecord[] }
  | { readonly count: number }
  /** One ranking per query vector; the embedding function's calls when texts were embedded. */
  | { readonly query: readonly QueryRanking[]; readonly embeddingCalls?: readonly (readonly unknown[])[] };

export type Step =
  | { readonly op: "upsert" | "add" | "update"; readonly args: WriteArgs; readonly expect: Expectation }
  | { readonly op: "delete"; readonly args: { readonly ids: readonly string[] }; readonly expect: Expectation }
  | { readonly op: "get"; readonly args?: { readonly ids?: readonly string[] }; readonly expect: Expectation }
  | { readonly op: "count"; readonly expect: Expectation }
  /** refresh_index() on the collection, then query (UPSERT-ATOM-005). */
  | { readonly op: "query"; readonly args: QueryArgs; readonly expect: Expectation }
  | { readonly op: "drop" }
  /** The "http" embedding provider answers its next requests with these faults. */
  | { readonly op: "fault"; readonly faults: readonly ProviderFault[] };

export interface SeedRecordSpec {
  readonly id: string;
  readonly document: string | null;
  readonly embedding: readonly number[];
  readonly metadata: JsonValue | null;
}

export interface VectorCase {
  readonly file: string;
  readonly id: string;
  readonly description: string;
  readonly clauses: readonly string[];
  readonly collection: CollectionConfig;
  readonly initial: readonly SeedRecordSpec[];
  readonly steps: readonly Step[];
  readonly final?: readonly ExpectedRecord[];
}

export const DEFAULT_COLLECTION: CollectionConfig = { dimension: 3, embeddingFunction: "length" satisfies EmbeddingFunctionName };

export class SpecDataError extends Error {}

const ajv = new Ajv({ allErrors: true, strict: true });
function compile(name: string): ValidateFunction {
  return ajv.compile(JSON.parse(readFileSync(join(SPEC_DIR, "schema", name), "utf8")));
}
let vectorsSchema: ValidateFunction | undefined;
let clausesSchema: ValidateFunction | undefined;

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new SpecDataError(`${path}: ${(e as Error).message}`);
  }
}

function schemaErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`).join("; ");
}

/** Decodes the marker codec (spec/codec.ts), naming the file on a malformed marker. */
function decodeMarkers(v: unknown, where: string): unknown {
  if (v === undefined) return undefined;
  try {
    return decode(v);
  } catch (e) {
    if (e instanceof CodecError) throw new SpecDataError(`${where}: ${e.message}`);
    throw e;
  }
}

function decodeRecord(r: Record<string, unknown>, where: string): ExpectedRecord {
  return {
    id: decodeMarkers(r.id, `${where}/id`) as string,
    document: (r.document ?? null) as string | null,
    embedding: (r.embedding ?? null) as number[] | null,
    metadata: (decodeMarkers(r.metadata, `${where}/metadata`) ?? null) as JsonValue | null,
  };
}

function decodeExpect(e: Record<string, unknown>, where: string): Expectation {
  if ("records" in e) return { records: (e.records as Record<string, unknown>[]).map((r, i) => decodeRecord(r, `${where}/records/${i}`)) };
  if ("query" in e) return { ...e, query: decodeMarkers(e.query, `${where}/query`) } as Expectation;
  return e as Expectation;
}

function decodeStep(s: Record<string, unknown>, where: string): Step {
  const args = s.args === undefined ? undefined : decodeMarkers(s.args, `${where}/args`);
  const expect = s.expect === undefined ? undefined : decodeExpect(s.expect as Record<string, unknown>, `${where}/expect`);
  return { ...s, ...(args === undefined ? {} : { args }), ...(expect === undefined ? {} : { expect }) } as Step;
}

export function loadClauses(): Clause[] {
  clausesSchema ??= compile("clauses.schema.json");
  const path = join(SPEC_DIR, "clauses.json");
  const data = readJson(path);
  if (!clausesSchema(data)) throw new SpecDataError(`${path}: ${schemaErrors(clausesSchema)}`);
  const clauses = (data as { clauses: Clause[]; docs: Record<string, string> }).clauses;
  const docs = (data as { docs: Record<string, string> }).docs;
  const seen = new Set<string>();
  for (const c of clauses) {
    if (seen.has(c.id)) throw new SpecDataError(`${path}: clause ${c.id} appears twice`);
    seen.add(c.id);
    if ("doc" in c.source && !(c.source.doc in docs)) throw new SpecDataError(`${path}: clause ${c.id} cites unknown doc '${c.source.doc}'`);
  }
  return clauses;
}

export function loadVectors(dir = VECTORS_DIR): VectorCase[] {
  vectorsSchema ??= compile("vectors.schema.json");
  const cases: VectorCase[] = [];
  const seen = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const path = join(dir, file);
    const data = readJson(path);
    if (!vectorsSchema(data)) throw new SpecDataError(`${path}: ${schemaErrors(vectorsSchema)}`);
    for (const [n, raw] of (data as { cases: Record<string, unknown>[] }).cases.entries()) {
      const id = raw.id as string;
      if (seen.has(id)) throw new SpecDataError(`${path}: case '${id}' also in ${seen.get(id)}`);
      seen.set(id, file);
      try {
        cases.push(decodeCase(file, raw));
      } catch (e) {
        // A malformed marker: the file, the case's JSON pointer and the pointer inside the value.
        if (e instanceof SpecDataError) throw new SpecDataError(`${path}: /cases/${n} ('${id}')${e.message}`);
        throw e;
      }
    }
  }
  return cases;
}

function decodeCase(file: string, raw: Record<string, unknown>): VectorCase {
  return {
    file,
    id: raw.id as string,
    description: raw.description as string,
    clauses: raw.clauses as string[],
    collection: (raw.collection as CollectionConfig | undefined) ?? DEFAULT_COLLECTION,
    initial: ((raw.initial ?? []) as Record<string, unknown>[]).map((r, i) => ({
      id: decodeMarkers(r.id, `/initial/${i}/id`) as string,
      document: (r.document ?? null) as string | null,
      embedding: r.embedding as number[],
      metadata: (r.metadata ?? null) as JsonValue | null,
    })),
    steps: (raw.steps as Record<string, unknown>[]).map((s, i) => decodeStep(s, `/steps/${i}`)),
    ...(raw.final ? { final: (raw.final as Record<string, unknown>[]).map((r, i) => decodeRecord(r, `/final/${i}`)) } : {}),
  };
}
