// The pyseekdb@1.4.0.post1 profile, kept beside spec/model/profiles.ts rather than in it while
// profiles move to spec/profiles/<sdk>.json: the executor, the read transform and the divergences
// (pyseekdb-divergences.json); the vectors' expectations for it are pyseekdb-overrides.json.
import divergences from "./pyseekdb-divergences.json" with { type: "json" };
import { pyseekdbRead, pyseekdbWrite } from "./pyseekdb-executor.ts";
import type { Divergence, Profile } from "./profiles.ts";

export const PYSEEKDB_PROFILE_ID = "pyseekdb@1.4.0.post1";

export const PYSEEKDB_1_4_0_POST1: Profile = {
  id: PYSEEKDB_PROFILE_ID,
  title: "pyseekdb (PyPI) 1.4.0.post1, server mode, read from pyseekdb/client/client_base.py",
  sdk: { name: "pyseekdb", version: "1.4.0.post1" },
  write: pyseekdbWrite,
  read: pyseekdbRead,
  divergences: divergences as readonly Divergence[],
  brokenLaws: [],
};

import overrides from "./pyseekdb-overrides.json" with { type: "json" };
import type { ProfileOverride, VectorCase } from "../load.ts";
import { decode } from "../codec.ts";

/** What Python cannot hold (the harness's handshake says the same; suites/vectors/pyseekdb.test.ts checks). */
export const PYSEEKDB_CAPABILITIES = {
  values: { undefined: false, holes: false, nan: true, infinity: true, negativeZero: true, dollarKeys: true },
  embeddingFunctions: ["length", "failing", "short", "long", "wrong_dimension"],
  noEmbeddingFunction: true,
} as const;

/** The override each vector would carry for this profile (`profiles["pyseekdb@1.4.0.post1"]`). */
export const PYSEEKDB_OVERRIDES: Readonly<Record<string, ProfileOverride>> = Object.fromEntries(
  Object.entries(overrides as Record<string, unknown>).map(([id, o]) => [id, decode(o) as ProfileOverride]),
);

/** The vector with this profile's override in place, as if it were written in the vector file. */
export function withPyseekdbOverride(c: VectorCase): VectorCase {
  const o = PYSEEKDB_OVERRIDES[c.id];
  return o ? { ...c, profiles: { ...c.profiles, [PYSEEKDB_PROFILE_ID]: o } } : c;
}
