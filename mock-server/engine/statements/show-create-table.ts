// SHOW CREATE TABLE t: seekdb's text for the tables the SDKs create, defaults of the vector and
// full-text indexes filled in as seekdb fills them (measured).
import type { IndexDef, StatementOf } from "../../sql/ast.ts";
import type { Index, Table } from "../catalog.ts";
import { defaultClause, quoteText } from "../columns.ts";
import type { StatementContext } from "../context.ts";
import { rows, virtualColumn, type ExecResult } from "../result.ts";
import { LONGTEXT_WIRE, textWire } from "../wire-types.ts";

export function showCreateTable(stmt: StatementOf<"show_create_table">, { catalog, session }: StatementContext): ExecResult {
  const t = catalog.describedTable(stmt.table, session.db);
  return rows([virtualColumn("Table", textWire(1024)), virtualColumn("Create Table", LONGTEXT_WIRE)], [[t.name, createTableText(t)]]);
}

function createTableText(t: Table): string {
  const lines = t.columns.map(
    (c) =>
      `  \`${c.name}\` ${c.typeText}${c.notNull ? " NOT NULL" : c.typeText === "timestamp" ? " NULL" : ""}${c.default ? ` ${defaultClause(c)}` : c.notNull ? "" : " DEFAULT NULL"}${c.onUpdateNow ? " ON UPDATE CURRENT_TIMESTAMP" : ""}${c.comment !== undefined ? ` COMMENT ${quoteText(c.comment)}` : ""}`,
  );
  // A vector index on a HEAP table is created with SYNC_MODE=ASYNC and LOB_INROW_THRESHOLD (measured).
  const heapWithVectors = t.heapOrganized && t.vectorIndexed.size > 0;
  // The primary key first, then unique keys, then the others, each group in the order made (measured).
  const rank = (ix: Index) => (ix.kind === "primary" ? 0 : ix.kind === "unique" ? 1 : 2);
  for (const ix of [...t.indexes].sort((a, b) => rank(a) - rank(b))) {
    const cols = ix.columns.map((c) => `\`${c}\``).join(", ");
    const comment = ix.def.comment !== undefined ? ` COMMENT ${quoteText(ix.def.comment)}` : "";
    if (ix.kind === "primary") lines.push(`  PRIMARY KEY (${cols})`);
    else if (ix.kind === "unique") lines.push(`  UNIQUE KEY \`${ix.name}\` (${cols}) BLOCK_SIZE 16384 LOCAL${comment}`);
    else if (ix.kind === "fulltext") lines.push(`  FULLTEXT KEY \`${ix.name}\` (${cols}) WITH PARSER ${fulltextOptions(ix.def)} BLOCK_SIZE 16384${comment}`);
    else if (ix.kind === "vector") lines.push(`  VECTOR KEY \`${ix.name}\` (${cols}) WITH (${vectorOptions(ix.def, heapWithVectors)}) BLOCK_SIZE 16384${comment}`);
    else lines.push(`  KEY \`${ix.name}\` (${cols}) BLOCK_SIZE 16384 LOCAL${comment}`);
  }
  const org = t.heapOrganized ? "HEAP" : "INDEX";
  const lob = heapWithVectors ? " LOB_INROW_THRESHOLD=78643" : "";
  const comment = t.options.COMMENT !== undefined ? ` COMMENT = ${quoteText(t.options.COMMENT)}` : "";
  return `CREATE TABLE \`${t.name}\` (\n${lines.join(",\n")}\n) ORGANIZATION ${org} DEFAULT CHARSET = utf8mb4 ROW_FORMAT = DYNAMIC COMPRESSION = 'zstd_1.3.8' BLOCK_SIZE = 16384 TABLET_SIZE = 134217728 PCTFREE = 0${lob}${comment}`;
}

/** The vector index options seekdb prints, with its defaults filled in (measured). */
function vectorOptions(def: IndexDef, withSyncMode: boolean): string {
  const given = def.with;
  const defaults: [string, string][] = [["DISTANCE", "L2"], ["TYPE", "HNSW"], ["LIB", "VSAG"], ["M", "16"], ["EF_CONSTRUCTION", "200"], ["EF_SEARCH", "64"], ...(withSyncMode ? ([["SYNC_MODE", "ASYNC"]] as [string, string][]) : [])];
  const keys = [...defaults.map(([k]) => k), ...Object.keys(given).filter((k) => !defaults.some(([d]) => d === k))];
  return keys.map((k) => `${k}=${(given[k] ?? defaults.find(([d]) => d === k)![1]).toUpperCase()}`).join(", ");
}

/** Each full-text parser's properties and their defaults, in the order seekdb prints them (measured). */
const PARSER_DEFAULTS: Readonly<Record<string, readonly [string, string][]>> = {
  ik: [["ik_mode", '"smart"']],
  space: [["min_token_size", "3"], ["max_token_size", "84"]],
  beng: [["min_token_size", "3"], ["max_token_size", "84"]],
  ngram: [["ngram_token_size", "2"]],
  ngram2: [["min_ngram_size", "2"], ["max_ngram_size", "3"]],
};

/** The full-text parser and its properties as seekdb prints them: defaults filled in, ik's mode quoted. */
function fulltextOptions(def: IndexDef): string {
  const parser = (def.parser ?? "space").toLowerCase();
  const given = def.parserProperties ?? {};
  const props = (PARSER_DEFAULTS[parser] ?? []).map(([k, v]) => {
    const value = given[k.toUpperCase()];
    return `${k}=${value === undefined ? v : parser === "ik" ? `"${value}"` : value}`;
  });
  return props.length ? `${parser} PARSER_PROPERTIES=(${props.join(",")})` : parser;
}
