import { defineConfig } from "tsup";

// One build, every public entry of the API contract (../shared/spec/api.md), ESM + CJS + .d.ts.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    "adapters/memory": "src/adapters/memory.ts",
    "adapters/sqlite": "src/adapters/sqlite.ts",
    "adapters/postgres": "src/adapters/postgres.ts",
    "testing/index": "src/testing/index.ts",
    "cli/index": "src/cli/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: true,
  treeshake: true,
});
