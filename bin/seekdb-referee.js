#!/usr/bin/env node
// `npx seekdb-referee`: the referee's command line (suites/cli.ts) through tsx's loader. Everything
// it reads (spec/, the mock, the harnesses, reports/) is found relative to this package, so it runs
// from an SDK repository's own directory: npx seekdb-referee --sdk seekdb-js=. --target mock
import { register } from "tsx/esm/api";

process.env.SEEKDB_REFEREE_BIN = "1";
register();
await import("../suites/cli.ts");
