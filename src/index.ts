/**
 * callgate: a Do Not Call gate for dialers (M.G.L. c.159C, 201 CMR 12.00, 16 CFR 310,
 * 47 CFR 64.1200) and the tamper-evident records that prove compliance. Re-exports only.
 * @packageDocumentation
 */
export { createCallgate } from "./gate/index.js";
export type {
  Callgate,
  CallgateOptions,
  Clock,
  ConsentInput,
  ConsentRecord,
  InteractionInput,
  InteractionRecord,
  PurgeReport,
  RelationshipInput,
  RelationshipRecord,
  ScrubLead,
  ScrubOptions,
  ScrubResult,
  ScrubRun,
  ScrubSummary,
} from "./gate/index.js";
export {
  AUDIT_RULES,
  CSV_COLUMNS,
  DEFAULT_COMPLAINT_RESPONSE_BUSINESS_DAYS,
  MASSACHUSETTS_LEGAL_HOLIDAYS,
  addBusinessDays,
  isBusinessDay,
  massachusettsHolidays,
} from "./inspection/index.js";
export type {
  AbandonmentPeriod,
  AmendmentEntry,
  AuditFinding,
  AuditRange,
  AuditReport,
  AuditRule,
  BusinessDeadline,
  ClosedRange,
  ComplaintInput,
  ComplaintQuery,
  ComplaintResolutionInput,
  ComplaintResponseInput,
  ComplaintStatus,
  ComplaintView,
  ExportFile,
  ExportManifest,
  ExportOptions,
  HolidayRule,
  InspectionMethods,
  InteractionChanges,
  InteractionView,
  LegalHold,
  LegalHoldInput,
  RecordExport,
  RecordQuery,
  RecordQueryPage,
  RecordView,
  TimeRange,
} from "./inspection/index.js";
export { evaluateCall, evaluateCallDetailed, type EvaluateOptions } from "./core/evaluate.js";
export { DEFAULT_POLICY, resolvePolicy } from "./core/policy.js";
export type {
  CallDecision,
  CallFacts,
  CallRequest,
  ConsumerInfo,
  DenyReason,
  EvaluatedCall,
  Exemption,
  ExemptionBasis,
  Policy,
  PolicyInput,
  RegistryUse,
  RuleOutcome,
  Seller,
} from "./core/types.js";
export { retentionCutoff, type RetentionOptions } from "./records/retention.js";
export { GENESIS_HASH, recordHash, sealBatch, sealRecord, purgeRuns, verifyChain } from "./records/chain.js";
export type { ChainBreak, ChainVerification } from "./records/chain.js";
export { canonicalJson } from "./records/canonical.js";
export { decisionFromRecord, type DecisionReceipt } from "./records/receipt.js";
export { DISPOSITIONS, REVOCATION_CHANNELS } from "./records/schemas.js";
export {
  createRegistry,
  loadRegistry,
  loadRegistrySnapshot,
  saveRegistrySnapshot,
  DEFAULT_BAD_LINE_THRESHOLD,
} from "./registry/index.js";
export type {
  BadLine,
  CreateRegistryOptions,
  LoadedRegistry,
  LoadRegistryOptions,
  LoadReport,
  Registry,
  RegistryInput,
  RegistryMeta,
  RegistrySource,
} from "./registry/index.js";
export { ALL_RULES, RULES_VERSION, ReasonCodes, federalRules, massachusettsRules, MA_AREA_CODES } from "./rules/index.js";
export type {
  CallingWindow,
  FederalRules,
  Jurisdiction,
  LineType,
  MassachusettsRules,
  Method,
  Purpose,
  ReasonCode,
  RuleDefinition,
  WindowParams,
} from "./rules/index.js";
export { CallgateError, ErrorCodes, isCallgateError } from "./errors.js";
export type { ErrorCode, InputIssue } from "./errors.js";
export type { InstantInput } from "./time/instant.js";
export { RECORD_KINDS } from "./storage/index.js";
export type * from "./storage/types.js";
