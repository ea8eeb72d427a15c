// `npm run draft-overrides -- <profile-id> [vector ids...]`: for every vector whose expectation
// under the profile's model differs from the spec's and from the profile file, prints the
// override the model implies (as JSON lines) — a draft for a person to check against a real run
// and to give a `why` before it goes into spec/profiles/<client>.json.
import { encode } from "../../spec/codec.ts";
import { loadVectors } from "../../spec/load.ts";
import { profileById, SPEC_PROFILE } from "../../spec/profiles.ts";
import { ModelDriver } from "../drivers/model-driver.ts";
import { expectationOf } from "../runner/compare.ts";
import { judgeCase, traceCase } from "../runner/run-vector.ts";

const [profileId, ...only] = process.argv.slice(2);
if (!profileId) {
  console.error("usage: npm run draft-overrides -- <profile-id> [vector ids...]");
  process.exit(2);
}
const profile = profileById(profileId);
let drafts = 0;
for (const c of loadVectors()) {
  if (only.length > 0 && !only.includes(c.id)) continue;
  const trace = await traceCase(new ModelDriver(profile), c, "draft");
  const judged = judgeCase(c, trace, profile, SPEC_PROFILE);
  if (judged.verdict === "pass" || judged.verdict === "known") continue;
  drafts++;
  const expect = trace.steps.flatMap((s): unknown[] => (s.observed ? [expectationOf(s.observed, s.op === "get" ? "records" : s.op === "count" || s.op === "query" ? s.op : "write")] : []));
  const final = trace.final;
  const override = { why: "TODO", expect: encode(expect), ...(final && !final.ok ? { finalError: final.error.class } : final ? { final: encode(final.value) } : {}) };
  console.log(JSON.stringify({ [c.id]: override }));
  console.error(`# ${c.id}: ${trace.steps.map((s) => (s.observed && !s.observed.ok ? s.observed.error.message : "ok")).join(" | ")}`);
}
console.error(`${drafts} draft override(s) for ${profile.id}`);
