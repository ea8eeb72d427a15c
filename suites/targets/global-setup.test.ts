// What npm test's global setup hands the real tests when there is no real seekdb: a reason, and
// whether its absence fails the run (suites/targets/real-availability.real.test.ts then fails
// with that reason). Only settings that start no server are tried here.
import { afterEach, describe, expect, it } from "vitest";
import type { TestProject } from "vitest/node";
import { closedPort } from "./closed-port.ts";
import { setup } from "./global-setup.ts";
import type { RealSeekdb } from "./real-context.ts";

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["SEEKDB_HOST", "SEEKDB_PORT", "SEEKDB_REAL"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

async function provided(env: Record<string, string>): Promise<RealSeekdb> {
  Object.assign(process.env, { SEEKDB_HOST: "", SEEKDB_REAL: "" }, env);
  let real: RealSeekdb | undefined;
  await setup({ provide: (_key: string, value: RealSeekdb) => void (real = value) } as unknown as TestProject);
  return real!;
}


describe("npm test without a real seekdb", () => {
  it("SEEKDB_REAL=off: skipped, not required", async () => {
    expect(await provided({ SEEKDB_REAL: "off" })).toMatchObject({ available: false, required: false, reason: "SEEKDB_REAL=off" });
  });

  it("SEEKDB_REAL=bogus: required, with the sentence npm start prints", async () => {
    const real = await provided({ SEEKDB_REAL: "bogus" });
    expect(real).toMatchObject({ available: false, required: true });
    expect(real.available || real.reason).toBe("SEEKDB_REAL must be one of auto, off, required (unset: auto), got 'bogus'");
  });

  it("a SEEKDB_HOST that does not answer: required (the server was named), whatever SEEKDB_REAL says", async () => {
    const port = await closedPort();
    const real = await provided({ SEEKDB_HOST: "127.0.0.1", SEEKDB_PORT: String(port) });
    expect(real).toMatchObject({ available: false, required: true });
    expect(real.available || real.reason).toContain(`real seekdb at 127.0.0.1:${port} (SEEKDB_HOST) does not answer`);
  });
});
