import { describe, it } from "vitest";
import { memoryStorage } from "../../src/adapters/memory.js";
import { runStorageConformance } from "../../src/testing/conformance.js";

runStorageConformance({ test: it, describe, name: "memoryStorage conformance", createStorage: () => memoryStorage() });
