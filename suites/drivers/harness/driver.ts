// A client in another process, driven over the harness protocol (spec/harness-protocol.md). The
// runner owns the clock: every request has a timeout, and a harness that exits, hangs, answers out
// of order or prints something that is not protocol turns the call into a `crash` observation
// carrying its stderr tail. The driver is then dead and later calls fail fast with that error.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { CodecError, decode, encode, type Json } from "../../../spec/codec.ts";
import type { VectorCase } from "../../../spec/load.ts";
import type { ClassifiedError, QueryArgs, QueryHit, WriteArgs } from "../../../spec/model/types.ts";
import { applicability, type Applicability } from "./applicability.ts";
import type { CollectionSpec, Driver, Observation, ObservedRecord, QueryResult, SeedRecord } from "../driver.ts";
import type { ServerAddress } from "../driver.ts";
import { PROTOCOL_VERSION, schemaErrors, validateHelloOk, validateResponse, type HarnessCapabilities, type HarnessResponse, type HelloOk } from "./protocol.ts";

export interface HarnessCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface HarnessOptions {
  /** Where the calls go: "real", "mock", ... */
  readonly target: string;
  readonly address: ServerAddress;
  /** Per request (default 30 s). */
  readonly timeoutMs?: number;
  /** For the handshake, which includes the harness's start-up (default 60 s). */
  readonly helloTimeoutMs?: number;
}

const STDERR_TAIL = 4000;

/** A failure of the harness itself, not of the client under test. */
export class HarnessFailure extends Error {
  override name = "HarnessFailure";
}

interface Pending {
  readonly seq: number | "hello";
  readonly resolve: (r: unknown) => void;
  readonly reject: (e: HarnessFailure) => void;
  readonly timer: NodeJS.Timeout;
}

/** One harness process and its line protocol: requests one at a time, each with a timeout. */
class HarnessProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private stderrTail = "";
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextSeq = 1;
  /** Set once: the first failure; every later request gets it. */
  dead: HarnessFailure | undefined;
  readonly exited: Promise<void>;

  constructor(
    readonly cmd: HarnessCommand,
    private readonly timeoutMs: number,
  ) {
    this.child = spawn(cmd.command, [...cmd.args], { cwd: cmd.cwd, env: cmd.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    this.exited = new Promise((resolve) => this.child.once("close", () => resolve()));
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-STDERR_TAIL);
    });
    this.child.stdin.on("error", () => undefined); // EPIPE after the harness died: the exit handler reports it
    this.child.once("error", (e) => this.die(`could not start ${cmd.command}: ${e.message}`));
    this.child.once("exit", (code, signal) => this.die(`harness exited (${signal ?? `code ${code}`})`));
    createInterface({ input: this.child.stdout }).on("line", (line) => this.onLine(line));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private failure(why: string): HarnessFailure {
    const tail = this.stderrTail.trim();
    return new HarnessFailure(`${why}${tail ? `; harness stderr (tail): ${tail.slice(-1500)}` : "; harness stderr empty"}`);
  }

  /** Set once the harness is dying: resolves when `dead` holds the failure with the whole stderr tail. */
  settled: Promise<void> | undefined;

  /**
   * Marks the harness dead (first reason wins), stops the process and fails the pending request —
   * once its pipes have closed (or after half a second): stdout and stderr are separate pipes, so
   * what the harness wrote to stderr before the bad line may arrive after it.
   */
  die(why: string): Promise<void> {
    if (this.settled) return this.settled;
    const p = this.pending;
    this.pending = undefined;
    if (p) clearTimeout(p.timer);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    let timer: NodeJS.Timeout | undefined;
    this.settled = Promise.race([this.exited, new Promise<void>((r) => (timer = setTimeout(r, 500)))]).then(() => {
      clearTimeout(timer);
      this.dead ??= this.failure(why);
      p?.reject(this.dead);
    });
    return this.settled;
  }

  private onLine(line: string): void {
    if (this.settled) return;
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      return void this.die(`harness printed a line that is not JSON: ${JSON.stringify(line.slice(0, 300))}`);
    }
    const p = this.pending;
    if (!p) return void this.die(`harness sent a line nobody asked for: ${line.slice(0, 300)}`);
    if (p.seq === "hello") {
      if (!validateHelloOk(msg)) {
        const refused = (msg as { protocolError?: unknown })?.protocolError;
        return void this.die(typeof refused === "string" ? `harness refused the handshake: ${refused}` : `bad handshake answer (${schemaErrors(validateHelloOk)}): ${line.slice(0, 300)}`);
      }
    } else {
      if (!validateResponse(msg)) return void this.die(`harness answered with a line that is not protocol (${schemaErrors(validateResponse)}): ${line.slice(0, 300)}`);
      const seq = (msg as { seq: number | null }).seq;
      // A protocolError may carry seq null (the harness could not read it); anything else must echo ours.
      if (seq !== p.seq && !(seq === null && "protocolError" in (msg as object))) {
        return void this.die(`harness answered seq ${seq} while seq ${p.seq} was waiting (out of order)`);
      }
    }
    this.pending = undefined;
    clearTimeout(p.timer);
    p.resolve(msg);
  }

  /** Sends one request when the previous one is answered; rejects with HarnessFailure. */
  request(body: Record<string, Json>, timeoutMs = this.timeoutMs): Promise<unknown> {
    const run = () =>
      new Promise<unknown>((resolve, reject) => {
        if (this.settled) return void this.settled.then(() => reject(this.dead));
        const isHello = body.cmd === "hello";
        const seq = isHello ? "hello" : this.nextSeq++;
        const line = JSON.stringify(isHello ? body : { seq, ...body });
        const timer = setTimeout(() => this.die(`no answer to ${String(body.cmd)} (seq ${seq}) within ${timeoutMs} ms`), timeoutMs);
        this.pending = { seq, resolve, reject, timer };
        this.child.stdin.write(`${line}\n`);
      });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Ends stdin (the harness closes its client and exits), waits up to graceMs, then kills. */
  async close(graceMs: number): Promise<void> {
    this.child.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([this.exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs)))]);
    clearTimeout(timer);
    if (timedOut) {
      this.child.kill("SIGKILL");
      await this.exited;
    }
    if (!this.dead) this.dead = new HarnessFailure("driver closed");
    this.settled ??= Promise.resolve();
  }
}

const crash = (message: string): ClassifiedError => ({ class: "crash", message });

export class HarnessDriver implements Driver {
  readonly client: string;
  readonly target: string;
  readonly version: string;
  readonly capabilities: HarnessCapabilities;
  readonly embeddingFunctions: HarnessCapabilities["embeddingFunctions"];
  private closed = false;

  private constructor(
    private readonly proc: HarnessProcess,
    hello: HelloOk,
    opts: HarnessOptions,
  ) {
    this.version = hello.version;
    this.client = `${hello.client}@${hello.version}`;
    this.target = opts.target;
    this.capabilities = hello.capabilities;
    this.embeddingFunctions = hello.capabilities.embeddingFunctions;
  }

  /** Spawns the harness and shakes hands; throws HarnessFailure (with its stderr tail) when it cannot. */
  static async start(cmd: HarnessCommand, opts: HarnessOptions): Promise<HarnessDriver> {
    const proc = new HarnessProcess(cmd, opts.timeoutMs ?? 30_000);
    const a = opts.address;
    try {
      const hello = (await proc.request(
        { protocol: PROTOCOL_VERSION, cmd: "hello", server: { host: a.host, port: a.port, user: a.user, password: a.password, database: a.database } },
        opts.helloTimeoutMs ?? 60_000,
      )) as HelloOk;
      return new HarnessDriver(proc, hello, opts);
    } catch (e) {
      await proc.close(1000);
      throw e;
    }
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  applicability(c: VectorCase): Applicability {
    return applicability(c, this.capabilities);
  }

  /** The error every call gets once the harness has failed (undefined while it is alive). */
  get deadError(): HarnessFailure | undefined {
    return this.closed ? undefined : this.proc.dead;
  }

  /** One request as an observation: a dead harness or a refused request is a `crash` observation. */
  private async observe<T>(body: Record<string, Json>, convert: (value: unknown) => T = (v) => v as T): Promise<Observation<T>> {
    if (this.closed) return { ok: false, error: crash("driver closed"), embeddingCalls: [] };
    let r: HarnessResponse;
    try {
      r = (await this.proc.request(body)) as HarnessResponse;
    } catch (e) {
      return { ok: false, error: crash((e as Error).message), embeddingCalls: [] };
    }
    if ("protocolError" in r) return { ok: false, error: crash(`harness refused the request: ${r.protocolError}`), embeddingCalls: [] };
    let calls: (readonly unknown[])[];
    try {
      calls = decode(r.embeddingCalls) as unknown[][];
      if (r.ok) return { ok: true, value: convert(decode(r.value)), embeddingCalls: calls };
    } catch (e) {
      if (!(e instanceof CodecError)) throw e;
      await this.proc.die(`harness sent a malformed marker: ${e.message}`);
      return { ok: false, error: crash(this.proc.dead!.message), embeddingCalls: [] };
    }
    const { class: cls, message, errno, exception } = r.error;
    return { ok: false, error: { class: cls, message: message.startsWith(`${exception}:`) ? message : `${exception}: ${message}`, ...(errno !== undefined ? { errno } : {}) }, embeddingCalls: calls };
  }

  /** For the void operations: any failure is thrown (the runner reports the case as "error"). */
  private async must(body: Record<string, Json>): Promise<void> {
    const o = await this.observe(body);
    if (!o.ok) throw new HarnessFailure(`${String(body.cmd)} failed: ${o.error.class}${o.error.errno ? ` ${o.error.errno}` : ""}: ${o.error.message}`);
  }

  createCollection(spec: CollectionSpec): Promise<void> {
    // `distance` only when asked for: a harness that predates it creates l2 collections.
    return this.must({ cmd: "createCollection", name: spec.name, dimension: spec.dimension, embeddingFunction: spec.embeddingFunction, ...(spec.distance ? { distance: spec.distance } : {}) });
  }

  openCollection(spec: CollectionSpec): Promise<void> {
    if (!this.capabilities.commands?.includes("openCollection")) return Promise.reject(new HarnessFailure(`${this.client}'s harness has no openCollection command`));
    return this.must({ cmd: "openCollection", name: spec.name, dimension: spec.dimension, embeddingFunction: spec.embeddingFunction });
  }

  seed(collection: string, records: readonly SeedRecord[]): Promise<void> {
    return this.must({ cmd: "seed", collection, records: encode(records.map((r) => ({ id: r.id, document: r.document, embedding: r.embedding, metadata: r.metadata }))) });
  }

  /**
   * In a language without undefined, a call that returns nothing returns null (None, nil): read
   * as "returned nothing", as undefined is in JavaScript (UPSERT-WRITE-009).
   */
  private readonly nothing = (v: unknown): unknown => (v === null && !this.capabilities.values.undefined ? undefined : v);

  private write(cmd: "upsert" | "add" | "update", collection: string, args: WriteArgs): Promise<Observation<unknown>> {
    let encoded: Json;
    try {
      encoded = encode(args);
    } catch (e) {
      return Promise.resolve({ ok: false, error: crash(`cannot send these arguments: ${(e as Error).message}`), embeddingCalls: [] });
    }
    return this.observe({ cmd, collection, args: encoded }, this.nothing);
  }

  upsert(collection: string, args: WriteArgs) {
    return this.write("upsert", collection, args);
  }
  add(collection: string, args: WriteArgs) {
    return this.write("add", collection, args);
  }
  update(collection: string, args: WriteArgs) {
    return this.write("update", collection, args);
  }
  delete(collection: string, ids: readonly string[]) {
    return this.observe({ cmd: "delete", collection, ids: [...ids] }, this.nothing);
  }

  get(collection: string, ids?: readonly string[]): Promise<Observation<ObservedRecord[]>> {
    return this.observe({ cmd: "get", collection, ...(ids ? { ids: [...ids] } : {}) }, (v) => v as ObservedRecord[]);
  }

  count(collection: string): Promise<Observation<number>> {
    return this.observe({ cmd: "count", collection }, (v) => v as number);
  }

  /** Whether the harness declared a command (harnesses that predate `query` do not). */
  private offers(cmd: string): boolean {
    return this.capabilities.commands?.includes(cmd) ?? false;
  }

  query(collection: string, args: QueryArgs): Promise<Observation<QueryResult>> {
    if (!this.offers("query")) return Promise.resolve({ ok: false, error: crash(`${this.client}'s harness does not offer query (its handshake lists no such command)`), embeddingCalls: [] });
    let encoded: Json;
    try {
      encoded = encode(args);
    } catch (e) {
      return Promise.resolve({ ok: false, error: crash(`cannot send these arguments: ${(e as Error).message}`), embeddingCalls: [] });
    }
    return this.observe({ cmd: "query", collection, args: encoded }, (v) => (v as QueryHit[][]).map((hits) => ({ hits })));
  }

  refreshIndex(collection: string): Promise<Observation<unknown>> {
    if (!this.offers("refreshIndex")) return Promise.resolve({ ok: false, error: crash(`${this.client}'s harness does not offer refreshIndex`), embeddingCalls: [] });
    return this.observe({ cmd: "refreshIndex", collection }, this.nothing);
  }

  dropCollection(collection: string): Promise<void> {
    return this.must({ cmd: "dropCollection", name: collection });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.proc.close(3000);
  }
}
