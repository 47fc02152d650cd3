export type * from "./types.js";
export { RECORD_KINDS } from "./types.js";
