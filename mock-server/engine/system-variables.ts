// seekdb's system variables (measured: system-variables.json, written by
// suites/tools/system-variables.ts): what @@x reads (its type and default), what SHOW VARIABLES
// shows, which a session may SET (else seekdb's errno), and which SET reports in the session state
// (an OK packet's session tracking) even when the value does not change.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SqlError } from "../sql/errors.ts";
import { SERVER_VERSION } from "./functions.ts";
import type { SqlValue } from "./values.ts";

export interface SystemVariable {
  readonly name: string;
  /** SHOW VARIABLES' text of the default (ON/OFF for switches). */
  readonly shown: string | null;
  /** The column type SELECT @@name has: 8 BIGINT, 246 DECIMAL, 253 VARCHAR. */
  readonly type: number;
  /** SELECT @@name's text of the default. */
  readonly value: string | null;
  /** "session" when a session may SET it, else the errno seekdb answers (1229 global only, 1238 read only, 1621). */
  readonly set: "session" | number;
  /** SET reports it in the session state even when the value stays the same. */
  readonly alwaysTracked: boolean;
}

type Row = [string, string | null, number, string | null, "session" | number, number];
const file = JSON.parse(readFileSync(join(import.meta.dirname, "system-variables.json"), "utf8")) as { variables: Row[] };

/** Every variable by lower-case name, in SHOW VARIABLES order. */
export const SYSTEM_VARIABLES: ReadonlyMap<string, SystemVariable> = new Map(
  file.variables.map(([name, shown, type, value, set, tracked]) => [name, { name, shown, type, value, set: set === 1231 ? "session" : set, alwaysTracked: tracked === 1 }]),
);

/** The values that belong to this process rather than to seekdb (null in the measured table). */
export function instanceValue(name: string, port: number): string | null {
  switch (name) {
    case "port":
      return String(port);
    case "timestamp":
      return (Date.now() / 1000).toFixed(6);
    case "server_uuid":
      return "00000000-0000-0000-0000-000000000000";
    case "pid_file":
      return "";
    case "version":
      return SERVER_VERSION;
    default:
      return null;
  }
}

export const unknownSystemVariable = (name: string) => new SqlError(1193, "HY000", `Unknown system variable '${name}'`);

export function systemVariable(name: string): SystemVariable {
  const v = SYSTEM_VARIABLES.get(name.toLowerCase());
  if (!v) throw unknownSystemVariable(name.toLowerCase());
  return v;
}

/** A switch shows as ON/OFF and reads as 1/0 (measured: autocommit, foreign_key_checks, ...). */
const isSwitch = (v: SystemVariable) => v.type === 8 && (v.shown === "ON" || v.shown === "OFF");

/** The value a SET stores, as SELECT @@name's text; seekdb's error for a value it cannot take. */
export function storedText(v: SystemVariable, value: SqlValue, text: string | null): string | null {
  if (value === null) return v.type === 253 ? null : (v.value ?? null);
  if (v.type !== 8) return text;
  const upper = (text ?? "").toUpperCase();
  if (isSwitch(v) && (upper === "ON" || upper === "TRUE")) return "1";
  if (isSwitch(v) && (upper === "OFF" || upper === "FALSE")) return "0";
  if (!/^-?\d+(\.\d*)?$/.test(text ?? "")) throw new SqlError(1232, "42000", `Incorrect argument type to variable '${v.name}'`);
  return String(Math.trunc(Number(text)));
}

/** How SHOW VARIABLES and the session state write a value read as `text`. */
export function shownText(v: SystemVariable, text: string | null): string | null {
  if (text !== null && isSwitch(v)) return text === "0" ? "OFF" : "ON";
  return text;
}

/** The value SELECT @@name gives for its text: BIGINT for integers, text otherwise. */
export function readValue(v: SystemVariable, text: string | null): SqlValue {
  if (text === null) return null;
  return v.type === 8 && /^-?\d+$/.test(text) ? BigInt(text) : text;
}

/** Variables SET reports together (measured, setting each to its own value). */
const REPORTED_WITH: Readonly<Record<string, readonly string[]>> = {
  character_set_database: ["collation_database", "character_set_database"],
  collation_database: ["character_set_database", "collation_database"],
  character_set_server: ["collation_server", "character_set_server"],
  collation_server: ["character_set_server", "collation_server"],
  collation_connection: ["character_set_connection"],
  tx_isolation: ["tx_isolation", "transaction_isolation"],
  transaction_isolation: ["tx_isolation", "transaction_isolation"],
  last_insert_id: ["identity"],
  tx_read_only: ["transaction_read_only"],
};

/** The variables a SET of `name` reports in the session state: its companions when always tracked, itself when it changed. */
export function reportedBy(v: SystemVariable, changed: boolean): readonly string[] {
  const out = v.alwaysTracked ? [...(REPORTED_WITH[v.name] ?? [v.name])] : [];
  if (changed && !out.includes(v.name)) out.push(v.name);
  return out;
}
