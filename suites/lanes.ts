// The run matrix: clients × targets. A lane is one driver judged by one profile; a fuzz group is
// one client on every server target at once, beside the spec model and its profile's model.
import { PROFILES, SPEC_PROFILE, type Profile } from "../spec/profiles.ts";
import type { Client } from "./clients.ts";
import type { Driver } from "./drivers/driver.ts";
import { ModelDriver } from "./drivers/model-driver.ts";
import type { Group } from "./fuzz/run-sequence.ts";
import type { TargetSession } from "./targets/sessions.ts";

export interface Lane {
  readonly target: string;
  readonly driver: Driver;
  readonly profile: Profile;
  /** The client's label, or "model:<profile>" on the model target. */
  readonly client: string;
}

/** The profiles the model target runs: the spec's and each client's. */
const modelProfiles = (clients: readonly Client[]): Profile[] => [SPEC_PROFILE, ...PROFILES.filter((p) => clients.some((c) => c.profile.id === p.id))];

/** How many lanes lanesOf() opens on a target. */
export const laneCount = (session: TargetSession, clients: readonly Client[]): number => (session.address ? clients.length : modelProfiles(clients).length);

/** The lanes of one target: on the model, every profile the run judges by (the spec's included); on a server, each client. */
export async function lanesOf(session: TargetSession, clients: readonly Client[]): Promise<Lane[]> {
  if (!session.address) {
    return modelProfiles(clients).map((p) => {
      const driver = new ModelDriver(p);
      return { target: session.name, driver, profile: p, client: driver.client };
    });
  }
  const lanes: Lane[] = [];
  for (const c of clients) lanes.push({ target: session.name, driver: await c.connect(session.name, session.address!), profile: c.profile, client: c.label });
  return lanes;
}

/** One client on every server target the run names, with the two models beside it. */
export async function fuzzGroupOf(client: Client, sessions: readonly TargetSession[]): Promise<Group> {
  const targets: Driver[] = [];
  for (const s of sessions) if (s.address) targets.push(await client.connect(s.name, s.address));
  return { profile: client.profile, spec: new ModelDriver(SPEC_PROFILE), model: new ModelDriver(client.profile), targets };
}

export async function closeGroup(g: Group): Promise<void> {
  await Promise.all([g.spec.close(), g.model.close(), ...g.targets.map((t) => t.close().catch(() => undefined))]);
}
