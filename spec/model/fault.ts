// How executors stop a call: a classified error thrown from deep inside a client's algorithm and
// caught at its top, with whatever the statements before it had already written.
import type { ClassifiedError } from "./types.ts";

export class Fault extends Error {
  constructor(readonly classified: ClassifiedError) {
    super(classified.message);
  }
}

export const fail = (cls: ClassifiedError["class"], message: string, errno?: number): never => {
  throw new Fault(errno === undefined ? { class: cls, message } : { class: cls, message, errno });
};

/** Thrown for an input whose effect through a client and seekdb this model does not claim to know. */
export class UnmodelledInput extends Error {}
