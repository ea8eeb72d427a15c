// SHOW CREATE TABLE t: seekdb's text for the tables the SDKs create, defaults of the vector and
// full-text indexes filled in as seekdb fills them (measured).
import type { IndexDef, StatementOf } from "../../sql/ast.ts";
import type { Table } from "../catalog.ts";
import { defaultText } from "../columns.ts";
import type { StatementContext } from "../context.ts";
import { rows, virtualColumn, type ExecResult } from "../result.ts";
import { LONGTEXT_WIRE, textWire } from "../wire-types.ts";

export function showCreateTable(stmt: StatementOf<"show_create_table">, { catalog, session }: StatementContext): ExecResult {
  const t = catalog.table(stmt.table, session.db);
  return rows([virtualColumn("Table", textWire(1024)), virtualColumn("Create Table", LONGTEXT_WIRE)], [[t.name, createTableText(t)]]);
}

function createTableText(t: Table): string {
  const lines = t.columns.map((c) => `  \`${c.name}\` ${c.typeText}${c.notNull ? " NOT NULL" : c.kind === "timestamp" ? " NULL" : ""}${c.default ? ` DEFAULT ${defaultText(c) ?? "NULL"}` : c.notNull ? "" : " DEFAULT NULL"}${c.onUpdateNow ? " ON UPDATE CURRENT_TIMESTAMP" : ""}${c.comment !== undefined ? ` COMMENT '${c.comment.replace(/'/g, "''")}'` : ""}`);
  for (const ix of t.indexes) {
    const cols = ix.columns.map((c) => `\`${c}\``).join(", ");
    if (ix.kind === "primary") lines.push(`  PRIMARY KEY (${cols})`);
    else if (ix.kind === "unique") lines.push(`  UNIQUE KEY \`${ix.name}\` (${cols}) BLOCK_SIZE 16384 LOCAL`);
    else if (ix.kind === "fulltext") lines.push(`  FULLTEXT KEY \`${ix.name}\` (${cols}) WITH PARSER ${fulltextOptions(ix.def)} BLOCK_SIZE 16384`);
    else if (ix.kind === "vector") lines.push(`  VECTOR KEY \`${ix.name}\` (${cols}) WITH (${vectorOptions(ix.def)}) BLOCK_SIZE 16384`);
    else lines.push(`  KEY \`${ix.name}\` (${cols}) BLOCK_SIZE 16384 LOCAL`);
  }
  const org = (t.options.ORGANIZATION ?? "").toUpperCase() === "HEAP" ? " ORGANIZATION HEAP" : "";
  const comment = t.options.COMMENT !== undefined ? ` COMMENT = '${t.options.COMMENT.replace(/'/g, "''")}'` : "";
  return `CREATE TABLE \`${t.name}\` (\n${lines.join(",\n")}\n)${org} DEFAULT CHARSET = utf8mb4 ROW_FORMAT = DYNAMIC COMPRESSION = 'zstd_1.3.8' BLOCK_SIZE = 16384 TABLET_SIZE = 134217728 PCTFREE = 0 LOB_INROW_THRESHOLD=78643${comment}`;
}

/** The vector index options seekdb prints, with its defaults filled in (measured). */
function vectorOptions(def: IndexDef): string {
  const given = def.with;
  const defaults: [string, string][] = [["DISTANCE", "L2"], ["TYPE", "HNSW"], ["LIB", "VSAG"], ["M", "16"], ["EF_CONSTRUCTION", "200"], ["EF_SEARCH", "64"], ["SYNC_MODE", "ASYNC"]];
  const keys = [...defaults.map(([k]) => k), ...Object.keys(given).filter((k) => !defaults.some(([d]) => d === k))];
  return keys.map((k) => `${k}=${(given[k] ?? defaults.find(([d]) => d === k)![1]).toUpperCase()}`).join(", ");
}

/** The full-text parser and properties seekdb prints; ik defaults to ik_mode="smart" (measured). */
function fulltextOptions(def: IndexDef): string {
  const parser = def.parser ?? "space";
  const props = def.parserProperties ?? (parser.toLowerCase() === "ik" ? { IK_MODE: "smart" } : undefined);
  return props ? `${parser} PARSER_PROPERTIES=(${Object.entries(props).map(([k, v]) => `${k.toLowerCase()}="${v}"`).join(", ")})` : parser;
}
