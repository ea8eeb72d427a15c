// Runs the fidelity probes on one server and returns each outcome in a comparable form.
import mysql from "mysql2/promise";
import type { ServerAddress } from "../drivers/driver.ts";
import { PROBES, type Probe } from "./probes.ts";

export type ProbeOutcome =
  | { readonly kind: "rows"; readonly columns: readonly string[]; readonly rows: readonly (readonly (string | null)[])[] }
  | {
      readonly kind: "ok";
      readonly affectedRows: number;
      readonly info: string;
      /** The OK packet's status flags and warning count, and the session state it reports (mysql2 tracks it). */
      readonly status: number;
      readonly warnings: number;
      readonly state?: unknown;
    }
  | { readonly kind: "error"; readonly errno: number; readonly sqlState: string; readonly message: string }
  | { readonly kind: "setup-failed"; readonly statement: string; readonly error: string };

interface FieldLike {
  name: string;
  columnType: number;
  characterSet: number;
}

/** Values as the server sent them: the raw bytes as UTF-8 text (no driver-side parsing). */
const raw = (field: { buffer(): Buffer | null }) => {
  const b = field.buffer();
  return b === null ? null : b.toString("utf8");
};

export async function runProbes(address: ServerAddress, prefix: string, probes: readonly Probe[] = PROBES): Promise<Map<string, ProbeOutcome>> {
  const c = await mysql.createConnection({ ...address, typeCast: raw as never });
  const out = new Map<string, ProbeOutcome>();
  try {
    for (const [n, probe] of probes.entries()) {
      const t = `${prefix}_${n}`;
      const t2 = `${prefix}_${n}b`;
      // databases: {d} and {d2}, dropped after the probe like its tables
      const d = `${prefix}_${n}d`;
      const d2 = `${prefix}_${n}e`;
      const bind = (sql: string) => sql.replaceAll("{t2}", t2).replaceAll("{t}", t).replaceAll("{T}", t.toUpperCase()).replaceAll("{d2}", d2).replaceAll("{d}", d).replaceAll("{D}", d.toUpperCase());
      try {
        let failed: ProbeOutcome | undefined;
        for (const s of probe.setup ?? []) {
          try {
            await c.query(bind(s));
          } catch (e) {
            // A setup step that fails on purpose (error-batch-atomic) is part of the probe.
            if (!probe.id.startsWith("error-")) failed = { kind: "setup-failed", statement: s.slice(0, 120), error: String((e as Error).message) };
          }
        }
        out.set(probe.id, failed ?? (await outcome(c, bind(probe.sql), probe, t)));
      } finally {
        await c.query(`DROP TABLE IF EXISTS \`${t}\`, \`${t2}\``).catch(() => undefined);
        if ([probe.sql, ...(probe.setup ?? [])].some((s) => s.includes("{d"))) {
          for (const db of [d, d2]) await c.query(`DROP DATABASE IF EXISTS \`${db}\``).catch(() => undefined);
          await c.query("USE test").catch(() => undefined);
        }
      }
    }
  } finally {
    await c.end();
  }
  return out;
}

async function outcome(c: mysql.Connection, sql: string, probe: Probe, table: string): Promise<ProbeOutcome> {
  try {
    const [result, fields] = await c.query(sql);
    if (!Array.isArray(result)) {
      const r = result as { affectedRows: number; info: string; serverStatus: number; warningStatus: number; stateChanges?: unknown };
      const state = r.stateChanges && probe.maskSchema ? { ...(r.stateChanges as object), schema: "<not compared>" } : r.stateChanges;
      return { kind: "ok", affectedRows: r.affectedRows, info: r.info ?? "", status: r.serverStatus, warnings: r.warningStatus, ...(state ? { state } : {}) };
    }
    const fs = (fields ?? []) as unknown as FieldLike[];
    const rows = (result as unknown as Record<string, string | null>[]).map((row) =>
      fs.map((f) => {
        const v = row[f.name] ?? null;
        const mask = probe.mask?.[f.name];
        return mask !== undefined && v !== null ? mask : v === null ? null : unbind(v, table);
      }),
    );
    return { kind: "rows", columns: fs.map((f) => `${f.name} type=${f.columnType} charset=${f.characterSet}`), rows };
  } catch (e) {
    const err = e as { errno?: number; sqlState?: string; message: string };
    if (typeof err.errno !== "number") throw e;
    return { kind: "error", errno: err.errno, sqlState: err.sqlState ?? "", message: unbind(err.message, table) };
  }
}

/** A value or message with the probe's run-specific names written back as {t}, {T} and {d}. */
const unbind = (v: string, table: string) => v.replaceAll(`${table}d`, "{d}").replaceAll(`${table}e`, "{d2}").replaceAll(table, "{t}").replaceAll(table.toUpperCase(), "{T}");

export interface ProbeDifference {
  readonly probe: string;
  readonly mock: ProbeOutcome | undefined;
  readonly real: ProbeOutcome | undefined;
}

export function diffOutcomes(mock: Map<string, ProbeOutcome>, real: Map<string, ProbeOutcome>): ProbeDifference[] {
  const ids = [...new Set([...mock.keys(), ...real.keys()])];
  return ids
    .filter((id) => JSON.stringify(mock.get(id)) !== JSON.stringify(real.get(id)))
    .map((id) => ({ probe: id, mock: mock.get(id), real: real.get(id) }));
}
