// Profiles: the spec, and one file per client (spec/profiles/<client>.json) stating clause by
// clause where a range of that client's versions differs, with the vector overrides that show it.
// This is the one place a divergence is written; the executor that replays the client's algorithm
// is named by the file and lives in spec/model/executors.ts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { decode } from "./codec.ts";
import { SPEC_DIR, SpecDataError, type ExpectedRecord, type Expectation, type VectorCase } from "./load.ts";
import { EXECUTORS, SPEC_EXECUTOR, type Executor, type ReadResult } from "./model/executors.ts";
import type { ErrorClass, QueryRanking, StoredRecord, WriteFn } from "./model/types.ts";
import { compareVersions, inRange, type VersionRange } from "./versions.ts";

export const PROFILES_DIR = join(SPEC_DIR, "profiles");

export interface Divergence {
  readonly clause: string;
  /** What the client does instead of the clause, in one sentence. */
  readonly actual: string;
  /** Vector ids whose expectation for this profile differs from the spec's because of it. */
  readonly repro: readonly string[];
  /** Property laws this divergence breaks. */
  readonly laws?: readonly string[];
  readonly wire?: string;
  /** A divergence of the read path: expected records pass through the client's read (no overrides). */
  readonly readPath?: boolean;
  /** Fuzz invariants (suites/fuzz/invariants.ts) this divergence breaks. */
  readonly invariants?: readonly string[];
  /** The run against a real seekdb that confirmed it. */
  readonly confirmed: { readonly sdk: string; readonly server: string; readonly date: string };
}

export interface ProfileOverride {
  readonly why: string;
  readonly expect?: readonly Expectation[];
  readonly final?: readonly ExpectedRecord[];
  /** The final read fails with this class instead of returning records. */
  readonly finalError?: ErrorClass;
}

export interface Profile {
  readonly id: string;
  readonly title: string;
  /** The client this profile describes ("seekdb-js", "pyseekdb"); null for the spec itself. */
  readonly client: string | null;
  readonly package?: { readonly registry: "npm" | "pypi"; readonly name: string };
  readonly versions?: VersionRange;
  /** The client's language has no undefined distinct from null (Python). */
  readonly undefinedIsNull?: boolean;
  /** The file it was read from, for messages ("delete this line"). */
  readonly file?: string;
  readonly write: WriteFn;
  readonly read: (records: readonly StoredRecord[]) => ReadResult;
  readonly keys: Executor["keys"];
  readonly query: Executor["query"];
  readonly divergences: readonly Divergence[];
  readonly overrides: Readonly<Record<string, ProfileOverride>>;
  /** Laws this profile breaks, each with the divergence responsible. */
  readonly brokenLaws: readonly { readonly law: string; readonly clause: string }[];
  /** Fuzz invariants this profile breaks, each with the divergence responsible. */
  readonly brokenInvariants: readonly { readonly invariant: string; readonly clause: string }[];
}

export const SPEC_PROFILE: Profile = {
  id: "spec",
  title: "The clauses as written",
  client: null,
  ...SPEC_EXECUTOR,
  divergences: [],
  overrides: {},
  brokenLaws: [],
  brokenInvariants: [],
};

function decodeRecord(r: Record<string, unknown>): ExpectedRecord {
  return {
    id: decode(r.id) as string,
    document: (r.document ?? null) as string | null,
    embedding: (r.embedding === undefined ? null : decode(r.embedding)) as number[] | null,
    metadata: (r.metadata === undefined ? null : decode(r.metadata)) as ExpectedRecord["metadata"],
  };
}

function decodeExpect(e: Record<string, unknown>): Expectation {
  if ("records" in e) return { records: (e.records as Record<string, unknown>[]).map(decodeRecord) };
  if ("query" in e) return { ...e, query: decode(e.query) } as Expectation;
  return e as Expectation;
}

let validateProfile: ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null } | undefined;

function compileSchema() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  for (const f of ["vectors.schema.json", "profile.schema.json"]) ajv.addSchema(JSON.parse(readFileSync(join(SPEC_DIR, "schema", f), "utf8")));
  return ajv.getSchema("https://seekdb-referee/spec/schema/profile.schema.json")!;
}

export function loadProfileFile(path: string): Profile {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new SpecDataError(`${path}: ${(e as Error).message}`);
  }
  validateProfile ??= compileSchema();
  if (!validateProfile(data)) {
    throw new SpecDataError(`${path}: ${(validateProfile.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`).join("; ")}`);
  }
  const executor = EXECUTORS[data.executor as string];
  if (!executor) throw new SpecDataError(`${path}: unknown executor '${String(data.executor)}'; known: ${Object.keys(EXECUTORS).join(", ")}`);
  const divergences = data.divergences as Divergence[];
  const overrides: Record<string, ProfileOverride> = {};
  for (const [id, o] of Object.entries(data.overrides as Record<string, Record<string, unknown>>)) {
    overrides[id] = {
      why: o.why as string,
      ...(o.expect ? { expect: (o.expect as Record<string, unknown>[]).map(decodeExpect) } : {}),
      ...(o.final ? { final: (o.final as Record<string, unknown>[]).map(decodeRecord) } : {}),
      ...(o.finalError ? { finalError: o.finalError as ErrorClass } : {}),
    };
  }
  const seen = new Set<string>();
  for (const d of divergences) {
    if (seen.has(d.clause)) throw new SpecDataError(`${path}: clause ${d.clause} is listed twice`);
    seen.add(d.clause);
  }
  return {
    id: data.id as string,
    title: data.title as string,
    client: data.client as string,
    package: data.package as Profile["package"] & object,
    versions: data.versions as VersionRange,
    ...(data.undefinedIsNull === true ? { undefinedIsNull: true } : {}),
    file: path,
    ...executor,
    divergences,
    overrides,
    brokenLaws: divergences.flatMap((d) => (d.laws ?? []).map((law) => ({ law, clause: d.clause }))),
    brokenInvariants: divergences.flatMap((d) => (d.invariants ?? []).map((invariant) => ({ invariant, clause: d.clause }))),
  };
}

export function loadProfiles(dir = PROFILES_DIR): Profile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  const profiles = [SPEC_PROFILE, ...files.map((f) => loadProfileFile(join(dir, f)))];
  const ids = new Set<string>();
  for (const p of profiles) {
    if (ids.has(p.id)) throw new SpecDataError(`profile id '${p.id}' appears twice in ${dir}`);
    ids.add(p.id);
  }
  return profiles;
}

export const PROFILES: readonly Profile[] = loadProfiles();

export function profileById(id: string): Profile {
  const p = PROFILES.find((x) => x.id === id);
  if (!p) throw new Error(`unknown profile '${id}'; known: ${PROFILES.map((x) => x.id).join(", ")}`);
  return p;
}

export interface ProfileChoice {
  readonly profile: Profile;
  /** Set when no profile names this version: which profile judges it instead, and why. */
  readonly note?: string;
}

/**
 * The profile that judges `client` at `version`: the one whose range holds it, else the nearest —
 * the newest profile older than the version (a new release is judged by the last known one), or
 * the oldest profile when the version predates them all. Throws when the client has no profile.
 */
export function profileFor(client: string, version: string, profiles: readonly Profile[] = PROFILES): ProfileChoice {
  const mine = profiles.filter((p) => p.client === client && p.versions);
  if (mine.length === 0) throw new Error(`no profile for client '${client}' in spec/profiles/; known clients: ${[...new Set(profiles.flatMap((p) => (p.client ? [p.client] : [])))].join(", ")}`);
  const exact = mine.find((p) => inRange(version, p.versions!));
  if (exact) return { profile: exact };
  const sorted = [...mine].sort((a, b) => compareVersions(a.versions!.from, b.versions!.from));
  const older = sorted.filter((p) => compareVersions(p.versions!.below, version) <= 0);
  const nearest = older.length > 0 ? older[older.length - 1]! : sorted[0]!;
  return {
    profile: nearest,
    note: `${client} ${version} is not named by any profile; judged by the nearest, ${nearest.id} (${nearest.versions!.from} ≤ v < ${nearest.versions!.below})`,
  };
}

/** The read-path divergence of a profile, if it has one (see Divergence.readPath). */
export const readPathOf = (p: Profile): Divergence | undefined => p.divergences.find((d) => d.readPath);

/** Expected records as this client reads them back (only for profiles with a read-path divergence). */
function readBack(profile: Profile, records: readonly ExpectedRecord[]): readonly ExpectedRecord[] {
  const r = profile.read(records.map((x) => ({ ...x })));
  return r.ok ? r.records : records;
}

/** Expected query hits as this client reads their documents and metadata back (a read-path divergence). */
function readBackRanking(profile: Profile, ranking: QueryRanking): QueryRanking {
  const ranked = ranking.ranked.map((h) => {
    if (!("metadata" in h) && !("document" in h)) return h;
    const [r] = readBack(profile, [{ id: h.id, document: h.document ?? null, embedding: null, metadata: h.metadata ?? null }]);
    return { ...h, ...("document" in h ? { document: r!.document } : {}), ...("metadata" in h ? { metadata: r!.metadata } : {}) };
  });
  return { ...ranking, ranked };
}

function readBackExpectation(profile: Profile, e: Expectation): Expectation {
  if ("records" in e) return { records: readBack(profile, e.records) };
  if ("query" in e) return { ...e, query: e.query.map((r) => readBackRanking(profile, r)) };
  return e;
}

/**
 * The expectations of a case for one profile: the spec's, with that profile's override applied —
 * or, with no override, the spec's records read back through the profile's read path when it
 * has a read-path divergence.
 */
export function expectationsFor(
  c: VectorCase,
  profile: Profile,
): { expects: Expectation[]; final?: readonly ExpectedRecord[]; finalError?: ErrorClass } {
  const o = profile.overrides[c.id];
  const base = c.steps.flatMap((s) => ("expect" in s ? [s.expect] : []));
  if (o?.expect && o.expect.length !== base.length) {
    throw new SpecDataError(`${profile.file ?? profile.id}: override of '${c.id}' has ${o.expect.length} expectations for ${base.length} steps`);
  }
  const readPath = !o && readPathOf(profile) !== undefined;
  const expects = o?.expect ? [...o.expect] : readPath ? base.map((e) => readBackExpectation(profile, e)) : base;
  if (o?.finalError) return { expects, finalError: o.finalError };
  const final = o?.final ?? (c.final && readPath ? readBack(profile, c.final) : c.final);
  return { expects, ...(final ? { final } : {}) };
}
