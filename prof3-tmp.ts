import { Engine } from "./mock-server/engine/executor.ts";
const e = new Engine();
const s = { db: "test", variables: new Map(), user: "root", foundRows: true };
e.execute("CREATE TABLE `c$v2$abc` (_id VARBINARY(512) PRIMARY KEY NOT NULL, document STRING, embedding VECTOR(3), metadata JSON) ORGANIZATION = HEAP", s);
const N = 100000;
let best = Infinity, id = 0;
for (let round = 0; round < 7; round++) {
  const sel: string[] = [], ins: string[] = [];
  for (let i = 0; i < N; i++, id++) {
    sel.push(`SELECT _id, document, metadata, embedding FROM \`c$v2$abc\` WHERE (_id = CAST('id${id}' AS BINARY))`);
    ins.push(`INSERT INTO \`c$v2$abc\` (_id, document, metadata, embedding) VALUES (CAST('id${id}' AS BINARY), 'doc', '{\\"i\\":${id}}', '[1,2,3]')`);
  }
  const t0 = performance.now();
  for (let i = 0; i < N; i++) { e.execute(sel[i]!, s); e.execute(ins[i]!, s); }
  best = Math.min(best, (performance.now() - t0) / N * 1000);
}
console.log("best µs per pair", best.toFixed(2));
