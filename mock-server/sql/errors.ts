// seekdb's errors as the mock sends them: errno, SQLSTATE and message text measured on seekdb 1.4
// (see spec/findings.md and the fidelity probes). Clients branch on errno and SQLSTATE. Every
// layer raises them (the parser its 1064s, the engine the rest, the protocol 1045), so they live
// in sql/, the bottom layer.

export class SqlError extends Error {
  constructor(
    readonly errno: number,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * seekdb's 1064 for `sql` failing at `pos`: it quotes the text from there (trailing blanks left
 * out, at most 80 bytes) and names its line (measured).
 */
export const syntaxError = (sql: string, pos: number) =>
  new SqlError(1064, "42000", `You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near '${utf8Prefix(sql.slice(pos).trimEnd(), 80)}' at line ${lineAt(sql, pos)}`);

/** The longest prefix of `s` of at most `maxBytes` UTF-8 bytes that ends on a character boundary. */
function utf8Prefix(s: string, maxBytes: number): string {
  if (s.length * 3 <= maxBytes) return s;
  const bytes = Buffer.from(s, "utf8");
  if (bytes.length <= maxBytes) return s;
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}

/**
 * The line of `pos` as seekdb counts it (measured): from the first non-blank character, one per
 * "\n" — in strings and comments too, but not inside `backquoted` names.
 */
function lineAt(sql: string, pos: number): number {
  let line = 1;
  let i = 0;
  while (i < pos && /\s/.test(sql[i]!)) i++;
  const skipTo = (end: number) => {
    for (; i < end && i < pos; i++) if (sql[i] === "\n") line++;
  };
  while (i < pos) {
    const c = sql[i]!;
    if (c === "`") {
      const end = sql.indexOf("`", i + 1);
      i = end < 0 ? pos : end + 1;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === "\\" ? 2 : 1;
      skipTo(j + 1);
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      skipTo(end < 0 ? pos : end + 2);
    } else if (c === "#" || (c === "-" && sql[i + 1] === "-")) {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? pos : end;
    } else {
      if (c === "\n") line++;
      i++;
    }
  }
  return line;
}
export const queryWasEmpty = () => new SqlError(1065, "42000", "Query was empty");
/**
 * What the mock cannot answer as seekdb would: its own errno, never a syntax error (1064) nor
 * seekdb's "not supported" (1235), so that a client cannot take it for either (mock-server/README.md
 * lists every such limit).
 */
export const MOCK_LIMIT_ERRNO = 9500;
export const mockLimit = (what: string) =>
  new SqlError(MOCK_LIMIT_ERRNO, "HY000", `seekdb mock server: cannot answer ${what} as seekdb does (a documented limit of the mock, see mock-server/README.md)`);
/** A statement the mock does not implement. */
export const unsupported = (what: string) => mockLimit(`this statement: ${what.slice(0, 120)}`);
/** Names in seekdb's messages about missing tables are lower case (lower_case_table_names = 1; measured). */
export const unknownTable = (db: string, table: string) => new SqlError(1146, "42S02", `Table '${db.toLowerCase()}.${table.toLowerCase()}' doesn't exist`);
/** DROP TABLE of tables that do not exist: every one named, `db.table`, comma-separated. */
export const unknownTablesToDrop = (names: readonly { db: string; table: string }[]) =>
  new SqlError(1051, "42S02", `Unknown table '${names.map((n) => `${n.db}.${n.table}`.toLowerCase()).join(",")}'`);
/** DESCRIBE, SHOW CREATE TABLE and SHOW INDEX of a table in a database that does not exist (measured: no name). */
export const unknownDatabaseUnnamed = () => new SqlError(1049, "42000", "Unknown database");
export const duplicateKeyName = (name: string) => new SqlError(1061, "42000", `Duplicate key name '${name}'`);
export const keyColumnMissing = (column: string) => new SqlError(1072, "42000", `Key column '${column}' doesn't exist in table`);
export const jsonColumnInKey = (column: string) => new SqlError(3152, "42000", `JSON column '${column}' cannot be used in key specification.`);
export const tableExists = (table: string) => new SqlError(1050, "42S01", `Table '${table}' already exists`);
export const unknownDatabase = (db: string) => new SqlError(1049, "42000", `Unknown database '${db}'`);
export const databaseExists = (db: string) => new SqlError(1007, "HY000", `Can't create database '${db}'; database exists`);
export const noDatabase = () => new SqlError(1046, "3D000", "No database selected");
export const unknownColumn = (column: string, where: string) => new SqlError(1054, "42S22", `Unknown column '${column}' in '${where}'`);
export const duplicateEntry = (value: string, key: string) => new SqlError(1062, "23000", `Duplicate entry '${value}' for key '${key}'`);
export const columnCannotBeNull = (column: string) => new SqlError(1048, "23000", `Column '${column}' cannot be null`);
export const dataTooLong = (column: string, row: number) => new SqlError(1406, "22001", `Data too long for column '${column}' at row ${row}`);
export const inconsistentDimension = (expected: number, got: number) =>
  new SqlError(7600, "22000", `inconsistent dimension: expected ${expected} got ${got}`);
export const invalidArgument = () => new SqlError(1210, "HY000", "Invalid argument");
/** A value beyond float32 in a query vector, or a distance whose double sum overflows (seekdb's wording for both, measured). */
export const numericOverflow = () => new SqlError(1264, "22003", "Result value was out of range when casting varchar to number");
export const invalidJson = () => new SqlError(3140, "22032", "Invalid JSON text.");
/** JSON text given to a function (CAST(.. AS JSON), JSON_EXTRACT) that it cannot read. */
export const invalidJsonArgument = () => new SqlError(3141, "22032", "Invalid JSON text in argument.");
export const jsonTooDeep = () => new SqlError(3157, "22032", "The JSON document exceeds the maximum depth.");
export const columnCountMismatch = (row: number) => new SqlError(1136, "21S01", `Column count doesn't match value count at row ${row}`);
/** seekdb 1.4 (measured): SQLSTATE 42000, not MySQL's 28000, the user as the client sent it (tenant included) and the client's address masked. */
export const accessDenied = (user: string, usingPassword: boolean) =>
  new SqlError(1045, "42000", `Access denied for user '${user}'@'xxx.xxx.xxx.xxx' (using password: ${usingPassword ? "YES" : "NO"})`);
export const accessDeniedToDatabase = (user: string, db: string) => new SqlError(1044, "42000", `Access denied for user '${user}'@'%' to database '${db}'`);
export const fieldWithoutDefault = (column: string) => new SqlError(1364, "HY000", `Field '${column}' doesn't have a default value`);
