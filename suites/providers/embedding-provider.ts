// An OpenAI-style embedding provider, in-process: msw answers POST <base>/<lane>/v1/embeddings
// for every lane of the run (each lane — a client on a target, or a model — has its own queue of
// faults, so one fault command hits every lane alike). No socket is opened: the base address is
// loopback on the discard port, so a request msw did not catch fails instead of leaving the machine.
import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { providerAnswer, type ProviderFault } from "../../spec/embedding-functions.ts";

export const PROVIDER_BASE = "http://127.0.0.1:9/referee-provider";
/** The client function's timeout; a "slow" answer comes well after it. */
export const PROVIDER_TIMEOUT_MS = 250;
const SLOW_ANSWER_MS = 4 * PROVIDER_TIMEOUT_MS;

interface Lane {
  readonly faults: ProviderFault[];
  requests: number;
}
const lanes = new Map<string, Lane>();
let server: ReturnType<typeof setupServer> | undefined;
let users = 0;

function lane(key: string): Lane {
  let l = lanes.get(key);
  if (!l) lanes.set(key, (l = { faults: [], requests: 0 }));
  return l;
}

const handler = http.post(`${PROVIDER_BASE}/:lane/v1/embeddings`, async ({ request, params }) => {
  const l = lane(String(params.lane));
  l.requests++;
  let body: { input?: unknown; dimensions?: unknown };
  try {
    body = (await request.json()) as typeof body;
  } catch {
    return HttpResponse.json({ error: { message: "request body is not JSON" } }, { status: 400 });
  }
  const texts = Array.isArray(body.input) ? body.input : [body.input];
  const dimension = Number(body.dimensions);
  if (!Number.isInteger(dimension) || dimension < 1) return HttpResponse.json({ error: { message: "dimensions must be a positive integer" } }, { status: 400 });
  // A malformed request takes no fault (as in the model, spec/embedding-functions.ts).
  const malformed = providerAnswer(texts, dimension, undefined);
  const answer = malformed.status === 400 ? malformed : providerAnswer(texts, dimension, l.faults.shift());
  switch (answer.status) {
    case 200:
      return HttpResponse.json({ object: "list", model: "referee-length", data: answer.vectors.map((embedding, index) => ({ object: "embedding", index, embedding })) });
    case 429:
      return HttpResponse.json({ error: { message: answer.message } }, { status: 429, headers: { "retry-after": "0" } });
    case "timeout":
      await delay(SLOW_ANSWER_MS);
      return HttpResponse.json({ error: { message: "too late" } }, { status: 504 });
    default:
      return HttpResponse.json({ error: { message: answer.message } }, { status: answer.status });
  }
});

/** Starts intercepting (once per process; reference-counted) and returns a release function. */
export function useEmbeddingProvider(): () => void {
  if (users++ === 0) {
    const started = setupServer(handler);
    started.listen({ onUnhandledRequest: "error" });
    server = started;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--users === 0) {
      server?.close();
      server = undefined;
    }
  };
}

export function providerUrl(laneKey: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(laneKey)) throw new Error(`bad provider lane key '${laneKey}'`);
  return `${PROVIDER_BASE}/${laneKey}`;
}

/** Queues faults for a lane's next requests. */
export function queueProviderFaults(laneKey: string, faults: readonly ProviderFault[]): void {
  lane(laneKey).faults.push(...faults);
}

/** Forgets a lane's queue (at the end of a sequence, so a fault never leaks into the next). */
export function resetProviderLane(laneKey: string): { requests: number; unusedFaults: number } {
  const l = lane(laneKey);
  const out = { requests: l.requests, unusedFaults: l.faults.length };
  lanes.delete(laneKey);
  return out;
}
