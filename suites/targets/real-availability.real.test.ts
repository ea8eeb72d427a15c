// Whether the real tests ran: passes with a real seekdb, is skipped with the reason when none was
// asked for, and fails with the reason when one was (SEEKDB_REAL=required, a SEEKDB_HOST that does
// not answer, a SEEKDB_REAL that is none of auto/off/required): the same words npm start prints.
import { inject, it } from "vitest";

it("a real seekdb is there when one was asked for", (ctx) => {
  const real = inject("realSeekdb");
  if (real.available) return;
  if (real.required) throw new Error(`no real seekdb: ${real.reason}`);
  ctx.skip(`no real seekdb: ${real.reason}`);
});
