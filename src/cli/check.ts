/**
 * `callgate check PHONE`: the gate's decision for one call, with its reasons, their citations and
 * the next allowed time. The decision is stored as a receipt, as every `canCall` is.
 */
import { Option, type Command } from "commander";
import type { CallDecision, CallRequest } from "../index.js";
import { LINE_TYPES, METHODS, PURPOSES } from "../rules/types.js";
import { localIso } from "../time/windows.js";
import { ExitCodes, type ExitCode } from "./_errors.js";
import { say, sayJson } from "./_io.js";
import { requireInstant, withWorkspace, type GlobalOptions } from "./_workspace.js";
import { tryParseInstant } from "../time/instant.js";

interface CheckOptions {
  at?: string;
  method?: string;
  purpose?: string;
  lineType?: string;
  state?: string;
  zip?: string;
  timeZone?: string;
  business?: boolean;
  campaign?: string;
  json?: boolean;
}

/** Adds `check` to the program. */
export function registerCheck(program: Command, finish: (code: ExitCode) => void): void {
  program
    .command("check")
    .summary("may this number be called, then, this way?")
    .description("The decision for one call: allowed or denied, each reason with its rule and citation, and the next allowed time when only the clock is in the way. The decision is stored as a receipt.")
    .argument("<phone>", "the number, in any common US format")
    .option("--at <iso>", "instant of the call (ISO-8601; a bare date or a time without offset is New York time) (default: now)")
    .addOption(new Option("--method <method>", "how the call is made").choices(METHODS).default("live"))
    .addOption(new Option("--purpose <purpose>", "why the call is made").choices(PURPOSES).default("telemarketing"))
    .addOption(new Option("--line-type <type>", "the line called (unknown is treated as wireless)").choices(LINE_TYPES).default("unknown"))
    .option("--state <code>", "the consumer's state (USPS code, e.g. MA)")
    .option("--zip <code>", "the consumer's ZIP code")
    .option("--time-zone <zone>", "the consumer's IANA time zone, when known")
    .option("--business", "the number is a business line (outside the do-not-call lists)")
    .option("--campaign <id>", "campaign id (campaign-scoped consents)")
    .option("--json", "print the decision as JSON")
    .addHelpText("after", "\nExit code: 0 allowed, 1 denied, 2 usage or input error, 3 storage or registry error.")
    .action(async (phone: string, options: CheckOptions, command: Command) => {
      finish(await check(phone, options, command.optsWithGlobals<GlobalOptions>()));
    });
}

async function check(phone: string, options: CheckOptions, globals: GlobalOptions): Promise<ExitCode> {
  if (options.at !== undefined) requireInstant(options.at, "--at", tryParseInstant);
  const request: CallRequest = {
    phone,
    method: options.method as NonNullable<CallRequest["method"]>,
    purpose: options.purpose as NonNullable<CallRequest["purpose"]>,
    lineType: options.lineType as NonNullable<CallRequest["lineType"]>,
  };
  if (options.at !== undefined) request.at = options.at;
  if (options.campaign !== undefined) request.campaignId = options.campaign;
  const consumer: NonNullable<CallRequest["consumer"]> = {};
  if (options.state !== undefined) consumer.state = options.state;
  if (options.zip !== undefined) consumer.postalCode = options.zip;
  if (options.timeZone !== undefined) consumer.timeZone = options.timeZone;
  if (options.business === true) consumer.isBusiness = true;
  if (Object.keys(consumer).length > 0) request.consumer = consumer;

  const decision = await withWorkspace(globals, { create: true, registries: true }, (ws) => ws.gate.canCall(request));
  if (options.json === true) sayJson(decision);
  else say(describeDecision(phone, decision));
  return decision.allowed ? ExitCodes.OK : ExitCodes.FINDINGS;
}

/** The decision as people read it. */
export function describeDecision(input: string, d: CallDecision): string {
  const lines: string[] = [];
  const number = d.phone === input ? d.phone : `${input} (${d.phone})`;
  lines.push(`${d.allowed ? "ALLOWED" : "DENIED"}  ${number}`);
  lines.push(`  call at   ${d.at.toISOString()}${localTimes(d)}`);
  if (d.reasons.length > 0) {
    lines.push("  reasons");
    for (const r of d.reasons) {
      lines.push(`    ${r.code}  ${r.rule}`);
      lines.push(`      ${r.message}`);
      lines.push(`      ${r.citation}`);
    }
  }
  if (d.exemptions.length > 0) {
    lines.push("  exemptions");
    for (const e of d.exemptions) lines.push(`    ${e.rule}  ${e.basis}  (${e.citation})`);
  }
  if (d.nextAllowedAt !== undefined) lines.push(`  next allowed  ${d.nextAllowedAt.toISOString()}${localTimes(d, d.nextAllowedAt)}`);
  else if (!d.allowed) lines.push("  next allowed  — (waiting alone does not make this call allowed)");
  if (d.registries.length > 0) lines.push(`  registries  ${d.registries.map((r) => `${r.id} (${r.source}, ${r.edition})`).join(", ")}`);
  lines.push(`  decision  ${d.id}  rules ${d.rulesVersion}  jurisdictions ${d.jurisdictions.join(", ")}`);
  return lines.join("\n");
}

function localTimes(d: CallDecision, at: Date = d.at): string {
  if (d.timeZones.length === 0) return "";
  const shown = d.timeZones.map((zone) => `${localIso(zone, at.getTime()).slice(11, 16)} ${zone}`);
  return `  (consumer-local: ${shown.join(", ")})`;
}
