import { defineConfig } from "vitest/config";

// Two projects: "unit" never starts a server (model, spec, mock in-process); "real" needs a real
// seekdb (its global setup starts one from the pylibseekdb wheel, or uses SEEKDB_HOST).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["suites/**/*.test.ts", "mock-server/**/*.test.ts"], exclude: ["**/*.real.test.ts", "**/node_modules/**"] },
      },
      {
        extends: true,
        test: { name: "real", include: ["suites/**/*.real.test.ts"], globalSetup: ["suites/targets/global-setup.ts"] },
      },
    ],
  },
});
