export { createCallgate } from "./create.js";
export type {
  Callgate,
  CallgateOptions,
  Clock,
  ConsentInput,
  ConsentRecord,
  InteractionInput,
  InteractionRecord,
  RelationshipInput,
  RelationshipRecord,
} from "./create.js";
export type { PurgeReport } from "./purge.js";
export type { ScrubLead, ScrubOptions, ScrubResult, ScrubRun, ScrubSummary } from "./scrub.js";
