// For a test file: the mock in a process of its own for all its tests, started before them and
// stopped (drained, exit 0 expected) after them.
import { afterAll, beforeAll, expect } from "vitest";
import { startMockProcess, type MockProcess } from "./mock-process.ts";

/** `mock()` is the process, once the file's tests run. */
export function useMockProcess(): () => MockProcess {
  let mock: MockProcess | undefined;
  beforeAll(async () => {
    mock = await startMockProcess();
  }, 60_000);
  afterAll(async () => {
    if (mock) expect(await mock.stop()).toBe(0);
  });
  return () => {
    if (!mock) throw new Error("the mock process is not started yet");
    return mock;
  };
}
