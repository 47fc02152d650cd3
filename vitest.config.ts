import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "examples/custom-adapter/*.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
