// The package as an SDK repository gets it (npm pack: only the files package.json lists), run
// through its bin from another working directory against the mock: the spec, the mock and the
// report writers are found relative to the package, and the reports go where --reports says.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { PROJECT_ROOT } from "./targets/real.ts";

it("npm pack, then npx seekdb-referee --sdk seekdb-js=<dir> --target mock from an SDK's directory", () => {
  const work = mkdtempSync(join(tmpdir(), "referee-pack-"));
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: PROJECT_ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
  execFileSync("tar", ["xzf", join(work, tarball), "-C", work]);
  const pkg = join(work, "package");
  expect(existsSync(join(pkg, "bin", "seekdb-referee.js"))).toBe(true);
  expect(existsSync(join(pkg, "reports", "out"))).toBe(false);
  // The dependencies as npm would install them (offline here: this project's node_modules).
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(pkg, "node_modules"), "dir");
  const sdkRepo = join(work, "my-sdk");
  mkdirSync(sdkRepo);
  const r = spawnSync(
    process.execPath,
    [join(pkg, "bin", "seekdb-referee.js"), "--sdk", `seekdb-js=${join(PROJECT_ROOT, "node_modules", "seekdb")}`, "--target", "mock", "--vector", "write-insert-new-id-all-fields", "--runs", "3", "--law-runs", "0", "--reports", "referee-reports", "--failures", "referee-failures"],
    { cwd: sdkRepo, encoding: "utf8", timeout: 180_000, env: { ...process.env, FC_SEED: "", FC_RUNS: "" } },
  );
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  expect(r.stdout).toContain("no unexpected divergence");
  const runs = readdirSync(join(sdkRepo, "referee-reports")).filter((d) => d !== "latest");
  expect(runs).toHaveLength(1);
  const results = JSON.parse(readFileSync(join(sdkRepo, "referee-reports", "latest", "results.json"), "utf8"));
  expect(results.cases.map((c: { caseId: string }) => c.caseId)).toEqual(["write-insert-new-id-all-fields"]);
  expect(results.summary.command).toBe("npx seekdb-referee");
  expect(readFileSync(join(sdkRepo, "referee-reports", "latest", "index.html"), "utf8")).toContain("npx seekdb-referee --vector write-insert-new-id-all-fields --target mock");
  expect(readdirSync(sdkRepo).sort()).toEqual(["referee-reports"]);
}, 240_000);
