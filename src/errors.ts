/**
 * The one error catalog of callgate. Every thrown error is a {@link CallgateError} carrying one of
 * these stable codes; data goes in `details`, never in the code (style.md, habit 7).
 */
export const ErrorCodes = {
  /** The input (a request, a record, an option) is malformed; `details.issues` names each field. */
  INVALID_INPUT: "INVALID_INPUT",
  /** The configuration given to `createCallgate` or an adapter is unusable. */
  INVALID_CONFIG: "INVALID_CONFIG",
  /** The storage adapter failed; `cause` holds the driver's error. */
  STORAGE_FAILURE: "STORAGE_FAILURE",
  /** An append used an id that is already stored: records are append-only. */
  DUPLICATE_RECORD: "DUPLICATE_RECORD",
  /** A record or the hash chain does not verify. */
  INTEGRITY_VIOLATION: "INTEGRITY_VIOLATION",
  /** A record that an operation refers to does not exist. */
  NOT_FOUND: "NOT_FOUND",
  /** A registry file could not be read within the allowed share of bad lines. */
  REGISTRY_LOAD_FAILED: "REGISTRY_LOAD_FAILED",
} as const;

/** A stable, UPPER_SNAKE error code. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** One problem with one field of an input. */
export interface InputIssue {
  /** Dotted path of the field, e.g. `consumer.state`; empty for the input as a whole. */
  path: string;
  /** Why the value was refused. */
  message: string;
}

/** The error callgate throws. `code` is stable; `message` is for people; `details` is data. */
export class CallgateError extends Error {
  /** Always `"CallgateError"`: tells callgate's errors apart in logs and across realms. */
  override readonly name = "CallgateError" as const;
  /** The stable code: branch on this, not on the message. */
  readonly code: ErrorCode;
  /** Data about the error, e.g. `issues` (the fields of an `INVALID_INPUT`) or the record `id`. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }
}

/** Builds the `INVALID_INPUT` error for a list of field issues, naming every field in the message. */
export function invalidInput(what: string, issues: readonly InputIssue[]): CallgateError {
  const list = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  return new CallgateError(ErrorCodes.INVALID_INPUT, `Invalid ${what}: ${list}`, {
    details: { issues: issues.map((i) => ({ ...i })) },
  });
}

/** True when `value` is a {@link CallgateError}, optionally with the given code. */
export function isCallgateError(value: unknown, code?: ErrorCode): value is CallgateError {
  return value instanceof CallgateError && (code === undefined || value.code === code);
}
