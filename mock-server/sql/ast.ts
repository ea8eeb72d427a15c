// The statement shapes the mock understands. Anything else is a 1064 naming the statement.

export interface QualifiedName {
  readonly db?: string;
  readonly name: string;
}

export type Literal =
  | { readonly t: "null" }
  | { readonly t: "string"; readonly v: string }
  | { readonly t: "hex"; readonly v: Buffer }
  | { readonly t: "number"; readonly v: string }
  | { readonly t: "bool"; readonly v: boolean };

export type Expr =
  | { readonly k: "lit"; readonly lit: Literal }
  /** A literal of the statement text, by position: cached statements are re-bound to new literals. */
  | { readonly k: "param"; readonly slot: number }
  | { readonly k: "col"; readonly name: string; readonly table?: string }
  | { readonly k: "var"; readonly name: string }
  | { readonly k: "call"; readonly fn: string; readonly args: readonly Expr[]; readonly star: boolean }
  | { readonly k: "cast"; readonly expr: Expr; readonly to: string }
  | { readonly k: "bin"; readonly op: string; readonly l: Expr; readonly r: Expr }
  | { readonly k: "not"; readonly e: Expr }
  | { readonly k: "neg"; readonly e: Expr }
  | { readonly k: "in"; readonly e: Expr; readonly list: readonly Expr[]; readonly not: boolean }
  | { readonly k: "isnull"; readonly e: Expr; readonly not: boolean }
  | { readonly k: "like"; readonly e: Expr; readonly pattern: Expr; readonly not: boolean }
  /** MATCH(columns) AGAINST (query [IN NATURAL LANGUAGE MODE | IN BOOLEAN MODE | WITH QUERY EXPANSION]). */
  | { readonly k: "match"; readonly columns: readonly string[]; readonly query: Expr; readonly mode: "natural" | "boolean" | "expansion" }
  /** `e [NOT] REGEXP pattern` (and RLIKE); `binary` for REGEXP BINARY. */
  | { readonly k: "regexp"; readonly e: Expr; readonly pattern: Expr; readonly not: boolean; readonly binary: boolean }
  | { readonly k: "keyword"; readonly word: string };

export interface ColumnType {
  readonly name: string; // upper case: VARBINARY, CHAR, VARCHAR, STRING, TEXT, JSON, VECTOR, TIMESTAMP, INT, ...
  readonly args: readonly string[];
}

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly default?: Expr;
  readonly onUpdateCurrentTimestamp: boolean;
  readonly comment?: string;
}

export interface IndexDef {
  readonly kind: "primary" | "unique" | "index" | "fulltext" | "vector";
  readonly name?: string;
  readonly columns: readonly string[];
  /** WITH(k=v, ...) of a vector index, keys upper-cased. */
  readonly with: Readonly<Record<string, string>>;
  readonly parser?: string;
  readonly parserProperties?: Readonly<Record<string, string>>;
  readonly comment?: string;
}

export interface SelectItem {
  readonly expr: Expr | "*";
  readonly alias?: string;
  /** The item's text as written, which MySQL uses as the column label when there is no alias. */
  readonly text: string;
}

export type Statement =
  | {
      readonly kind: "create_table";
      readonly table: QualifiedName;
      readonly ifNotExists: boolean;
      readonly columns: readonly ColumnDef[];
      readonly indexes: readonly IndexDef[];
      readonly options: Readonly<Record<string, string>>;
    }
  | { readonly kind: "create_index"; readonly table: QualifiedName; readonly index: IndexDef & { readonly name: string } }
  | { readonly kind: "insert"; readonly table: QualifiedName; readonly columns: readonly string[] | null; readonly rows: readonly (readonly Expr[])[] }
  | {
      readonly kind: "select";
      readonly items: readonly SelectItem[];
      readonly from?: QualifiedName;
      readonly where?: Expr;
      readonly orderBy: readonly { readonly expr: Expr; readonly desc: boolean }[];
      /** ORDER BY ... APPROXIMATE: a vector search through the column's vector index when one fits. */
      readonly approximate?: true;
      readonly limit?: number;
      readonly offset?: number;
      /** The `/*+ opt_param('hidden_column_visible', 'true') *\/` hint: the heap's hidden __pk_increment can be read. */
      readonly hiddenColumns?: boolean;
    }
  | { readonly kind: "update"; readonly table: QualifiedName; readonly sets: readonly { readonly column: string; readonly expr: Expr }[]; readonly where?: Expr }
  | { readonly kind: "delete"; readonly table: QualifiedName; readonly where?: Expr }
  | { readonly kind: "show_tables"; readonly like?: string; readonly db?: string }
  | { readonly kind: "show_create_table"; readonly table: QualifiedName }
  | { readonly kind: "show_index"; readonly table: QualifiedName; readonly where?: Expr }
  | { readonly kind: "show_databases"; readonly like?: string }
  | { readonly kind: "show_variables"; readonly like?: string; readonly where?: Expr; readonly global: boolean }
  | { readonly kind: "describe"; readonly table: QualifiedName }
  | { readonly kind: "drop_table"; readonly tables: readonly QualifiedName[]; readonly ifExists: boolean }
  | { readonly kind: "create_database"; readonly name: string; readonly ifNotExists: boolean }
  | { readonly kind: "drop_database"; readonly name: string; readonly ifExists: boolean }
  | { readonly kind: "use"; readonly name: string }
  | { readonly kind: "set"; readonly assignments: readonly SetAssignment[] }
  | { readonly kind: "transaction"; readonly word: "BEGIN" | "COMMIT" | "ROLLBACK" | "START" }
  | { readonly kind: "fork_table"; readonly source: QualifiedName; readonly target: QualifiedName }
  | { readonly kind: "fork_database"; readonly source: string; readonly target: string }
  /** CALL [package.]procedure[(args)]. */
  | { readonly kind: "call"; readonly name: QualifiedName; readonly args: readonly Expr[] };

/**
 * One assignment of SET: a user variable (@x), a system variable of the session or of the server
 * (GLOBAL, @@global.x), or NAMES. `expr` undefined: DEFAULT.
 */
export interface SetAssignment {
  readonly scope: "user" | "session" | "global" | "names";
  /** Lower case, without @ or @@ and scope. */
  readonly name: string;
  readonly expr?: Expr;
}

/** The statement of one kind: `StatementOf<"insert">`. */
export type StatementOf<K extends Statement["kind"]> = Extract<Statement, { readonly kind: K }>;
