// Module resolution hooks (node:module register) for an SDK loaded from a directory with
// `--sdk seekdb-js=<dir>`: a bare import (mysql2, ...) that cannot be resolved from inside that
// directory is resolved from this project instead, so a built package without its own
// node_modules (an unpacked tarball, a patched copy) still runs. Everything else is untouched.
let roots = [];
let fallbackParent = "";

export function initialize(data) {
  roots = data.roots;
  fallbackParent = data.fallbackParent;
}

const isBare = (s) => !s.startsWith(".") && !s.startsWith("/") && !/^[a-z][a-z0-9+.-]*:/i.test(s);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const parent = context.parentURL ?? "";
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || !isBare(specifier) || !roots.some((r) => parent.startsWith(r))) throw error;
    return nextResolve(specifier, { ...context, parentURL: fallbackParent });
  }
}
