/**
 * An HTTP route gating a click-to-call endpoint (express 5). The CRM's "call" button posts the
 * number; the route asks the gate and answers 200 with the decision id to dial under, 403 with the
 * coded, cited reasons (and when to retry) when the call is not allowed, or 400 when the request
 * itself is malformed. The example starts the app on an ephemeral 127.0.0.1 port, makes its own
 * requests with fetch, prints what it got, and closes.
 *
 * Run: npx tsx examples/http-route/main.ts
 *
 * In your project: `import { createCallgate, createRegistry, isCallgateError } from "callgate"`.
 */
import { strict as assert } from "node:assert";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import { createCallgate, createRegistry, isCallgateError, type Callgate } from "../../src/index.js";
import { memoryStorage } from "../../src/adapters/memory.js";

/** The click-to-call route: POST /click-to-call { phone, campaignId? }. */
function clickToCallApp(gate: Callgate): express.Express {
  const app = express();
  app.use(express.json({ limit: "10kb" }));

  app.post("/click-to-call", async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { phone?: unknown; campaignId?: unknown };
    // canCall validates the request itself (a malformed one throws INVALID_INPUT, handled below).
    const decision = await gate.canCall({
      phone: body.phone as string,
      method: "live", // a person clicked: not autodialed
      ...(typeof body.campaignId === "string" ? { campaignId: body.campaignId } : {}),
    });
    if (decision.allowed) {
      // The dialer places the call and later posts its call detail record with this decisionId.
      res.status(200).json({ dial: true, phone: decision.phone, decisionId: decision.id });
      return;
    }
    res.status(403).json({
      dial: false,
      phone: decision.phone,
      decisionId: decision.id,
      reasons: decision.reasons,
      ...(decision.nextAllowedAt === undefined ? {} : { retryAt: decision.nextAllowedAt.toISOString() }),
    });
  });

  // Express 5 forwards a rejected promise from a handler here.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (isCallgateError(error, "INVALID_INPUT")) {
      res.status(400).json({ error: error.code, message: error.message, issues: error.details["issues"] });
      return;
    }
    // Anything else (a storage failure while recording, a bug): no call, and say so.
    res.status(500).json({ error: isCallgateError(error) ? error.code : "INTERNAL", message: "the call gate failed: do not dial" });
  });
  return app;
}

// A fixed clock keeps the printed decisions repeatable: Monday 30 November 2026, 20:30 in New
// York (past the Massachusetts window, inside the federal one for New York numbers).
const gate = createCallgate({
  seller: { id: "acme-solar", name: "Acme Solar LLC", callerId: "+16175550100" },
  storage: memoryStorage(),
  registries: [
    createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["+12125550142"] }),
    createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: [] }),
  ],
  clock: { now: () => new Date("2026-12-01T01:30:00Z") },
});

const server = clickToCallApp(gate).listen(0, "127.0.0.1");
await new Promise<void>((resolve, reject) => {
  server.once("listening", resolve);
  server.once("error", reject);
});
const { port } = server.address() as AddressInfo;
const base = `http://127.0.0.1:${port}`;
console.log(`click-to-call app listening on ${base}`);

async function click(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}/click-to-call`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  console.log(`POST /click-to-call ${JSON.stringify(body)} -> ${res.status} ${JSON.stringify(json)}`);
  return { status: res.status, json };
}

try {
  const allowed = await click({ phone: "(212) 555-0187" });
  assert.equal(allowed.status, 200);

  const listed = await click({ phone: "(212) 555-0142" });
  assert.equal(listed.status, 403);
  assert.deepEqual((listed.json["reasons"] as { code: string }[]).map((r) => r.code), ["NATIONAL_DNC"]);

  const late = await click({ phone: "(617) 555-0142" });
  assert.equal(late.status, 403);
  assert.equal(late.json["retryAt"], "2026-12-01T13:00:00.000Z"); // 08:00 in Boston

  const malformed = await click({ phone: 6175550142 });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.json["error"], "INVALID_INPUT");
} finally {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  console.log("closed");
}
