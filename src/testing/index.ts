/**
 * `callgate/testing`: the storage-adapter conformance kit that partners run against their own
 * adapters (and that callgate's three adapters pass), clocks that tests drive by hand, and
 * fixture builders for call-gating tests.
 * @packageDocumentation
 */
export {
  CHECK_SUMMARIES,
  CONFORMANCE_CHECKS,
  runStorageConformance,
  type ConformanceCheck,
  type ConformanceDescribeFunction,
  type ConformanceTestFunction,
  type StorageConformanceOptions,
} from "./conformance.js";
export { fixedClock, manualClock, type Clock, type ClockStep, type ManualClock } from "./clocks.js";
export { callFacts, quarterStart, testGate, testSeller, type FactInput, type TestGateOptions } from "./fixtures.js";
