// mock-server/known-limitations.json, read in one place: the fidelity probes whose outcome on the
// mock is known to differ from real seekdb, and the method-parity steps that may differ.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const KNOWN_LIMITATIONS_FILE = join(import.meta.dirname, "..", "..", "mock-server", "known-limitations.json");

export interface KnownProbeLimitation {
  readonly probe: string;
  readonly reason: string;
}

export interface KnownMethodDifference {
  readonly client: string;
  readonly step: string;
  readonly probe: string;
}

interface KnownLimitations {
  readonly probes: readonly KnownProbeLimitation[];
  readonly methods?: readonly KnownMethodDifference[];
}

const read = (): KnownLimitations => JSON.parse(readFileSync(KNOWN_LIMITATIONS_FILE, "utf8")) as KnownLimitations;

export const knownProbeLimitations = (): readonly KnownProbeLimitation[] => read().probes;

/** The ids of the probes known to differ. */
export const limitedProbeIds = (): Set<string> => new Set(knownProbeLimitations().map((k) => k.probe));

export const knownMethodDifferences = (): readonly KnownMethodDifference[] => read().methods ?? [];
