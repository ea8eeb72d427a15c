// The clients under test: which SDK, which build of it (installed or a directory an SDK's CI
// points at), which profile judges it, and how to connect it to a server.
import { profileFor, type Profile } from "../spec/profiles.ts";
import type { EmbeddingFunctionName } from "../spec/embedding-functions.ts";
import type { Driver, ServerAddress } from "./drivers/driver.ts";
import { SeekdbJsDriver } from "./drivers/seekdb-js/driver.ts";
import { loadSeekdbJs, SdkLoadError } from "./drivers/seekdb-js/load.ts";

export const CLIENT_NAMES = ["seekdb-js"] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];

/** `--sdk seekdb-js` (the installed package) or `--sdk seekdb-js=<dir>` (a build in a directory). */
export interface ClientSpec {
  readonly name: ClientName;
  readonly dir?: string;
}

export class ClientSpecError extends Error {}

export function parseClientSpec(text: string): ClientSpec {
  const eq = text.indexOf("=");
  const name = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? undefined : text.slice(eq + 1);
  if (!(CLIENT_NAMES as readonly string[]).includes(name)) {
    throw new ClientSpecError(`unknown client '${name}' in --sdk ${text}; known: ${CLIENT_NAMES.join(", ")}`);
  }
  if (value !== undefined && value.trim() === "") throw new ClientSpecError(`--sdk ${text}: the directory is empty`);
  return { name: name as ClientName, ...(value !== undefined ? { dir: value } : {}) };
}

export interface Client {
  readonly name: ClientName;
  readonly version: string;
  /** Where the build came from: "installed node_modules/seekdb" or the directory. */
  readonly source: string;
  /** "seekdb-js@1.4.0" */
  readonly label: string;
  readonly profile: Profile;
  /** Set when no profile names this version (judged by the nearest one). */
  readonly profileNote?: string;
  readonly embeddingFunctions: readonly EmbeddingFunctionName[];
  connect(target: string, address: ServerAddress): Driver;
}

export async function openClient(spec: ClientSpec): Promise<Client> {
  switch (spec.name) {
    case "seekdb-js": {
      let loaded;
      try {
        loaded = await loadSeekdbJs(spec.dir);
      } catch (e) {
        if (e instanceof SdkLoadError) throw new ClientSpecError(e.message);
        throw e;
      }
      const choice = profileFor("seekdb-js", loaded.version);
      return {
        name: "seekdb-js",
        version: loaded.version,
        source: loaded.source === "installed" ? `installed (${loaded.dir})` : loaded.dir,
        label: `seekdb-js@${loaded.version}`,
        profile: choice.profile,
        ...(choice.note ? { profileNote: choice.note } : {}),
        embeddingFunctions: ["length", "failing", "short", "long", "wrong_dimension", "http"],
        connect: (target, address) => new SeekdbJsDriver(target, address, loaded),
      };
    }
  }
}
