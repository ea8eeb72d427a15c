// fast-check settings shared by every property suite: a fixed seed unless FC_SEED says otherwise
// (FC_SEED=random for exploration), and FC_RUNS runs per property (200 by default, as in CI).
function parseSeed(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 20261124;
  if (raw === "random") return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`FC_SEED must be an integer or "random", got '${raw}'`);
  return n;
}
function parseRuns(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 200;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`FC_RUNS must be a positive integer, got '${raw}'`);
  return n;
}

export const FC_SEED = parseSeed(process.env.FC_SEED);
export const FC_RUNS = parseRuns(process.env.FC_RUNS);

/** How to replay one failure from the command line. */
export function replayHint(seed: number, path: string | undefined, testName: string): string {
  return `replay: FC_SEED=${seed} npx vitest run -t "${testName}"${path ? `   (fast-check path ${path})` : ""}`;
}
