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
