import { describe, expect, it } from "vitest";
import { addCaseNote } from "../../../src/app/console/add-case-note.ts";
import { assignCase } from "../../../src/app/console/assign-case.ts";
import { authenticateSession } from "../../../src/app/console/authenticate-session.ts";
import { caseReference } from "../../../src/app/console/case-reference.ts";
import { canTransition, STATUSES, TRANSITIONS } from "../../../src/app/console/case-workflow.ts";
import { changeCaseStatus } from "../../../src/app/console/change-case-status.ts";
import { computeStats } from "../../../src/app/console/compute-stats.ts";
import { createOperator } from "../../../src/app/console/create-operator.ts";
import { disableOperator } from "../../../src/app/console/disable-operator.ts";
import { resetOperatorPassword } from "../../../src/app/console/reset-operator-password.ts";
import { exportReports } from "../../../src/app/console/export-reports.ts";
import { getReferralSheet } from "../../../src/app/console/get-referral-sheet.ts";
import { listQueue } from "../../../src/app/console/list-queue.ts";
import { logIn } from "../../../src/app/console/log-in.ts";
import { messageReporter, teamMessageText } from "../../../src/app/console/message-reporter.ts";
import { type Actor, DEFAULT_CONSOLE_SETTINGS, type Role } from "../../../src/app/console/ports.ts";
import { TotpReplayGuard } from "../../../src/app/console/totp-replay-guard.ts";
import { viewCase } from "../../../src/app/console/view-case.ts";
import type { NewReport, Urgency } from "../../../src/app/ports.ts";
import { createCredentials } from "../../../src/console/credentials.ts";
import { fixedClock } from "../../../src/core/clock.ts";
import { createTranslator, LOCALES } from "../../../src/i18n/i18n.ts";
import { MemoryConsoleStore } from "../../../src/storage/memory-console-store.ts";
import { MemoryStore } from "../../../src/storage/memory-store.ts";

const credentials = createCredentials();
const translator = createTranslator();

function setup() {
  const clock = fixedClock("2026-11-24T15:00:00Z");
  const store = new MemoryConsoleStore(new MemoryStore(() => clock.now()));
  let n = 0;
  const deps = {
    store,
    credentials,
    clock,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    translator,
    settings: { ...DEFAULT_CONSOLE_SETTINGS },
    totpReplay: new TotpReplayGuard(),
  };
  const account = async (email: string, role: Role): Promise<Actor & { password: string }> => {
    const { operator, oneTimePassword } = await createOperator(deps, { email, role, actor: "test" });
    return { id: operator.id, email: operator.email, role, password: oneTimePassword };
  };
  const report = async (over: Partial<NewReport> = {}) =>
    store.reports.create({
      id: deps.newId(),
      codeHash: `code-hash-${n}`,
      codeTail: String(n).padStart(4, "0"),
      sourceKey: `src-${n}`,
      channel: "webchat",
      locale: "es",
      flowId: "report",
      flowRevision: 1,
      kind: "job_offer",
      body: { description: "Ofrecen trabajo en Mazuko", place: { latitude: -12.59, longitude: -69.19 } },
      urgency: "high",
      categories: ["deceptive_recruitment"],
      minor: false,
      referrals: ["1818"],
      reasons: [{ key: "triage.reason.travel_paid" }],
      departmentCode: "170000",
      provinceCode: "170100",
      districtCode: "170102",
      reporterLink: "conv-link-secret",
      createdAt: clock.now(),
      ...over,
    });
  return { deps, store, clock, account, report };
}

describe("case workflow", () => {
  it("should allow new → in_review → referred → closed, duplicate/not_actionable, and reopening", () => {
    expect(canTransition("new", "in_review")).toBe(true);
    expect(canTransition("in_review", "referred")).toBe(true);
    expect(canTransition("referred", "closed")).toBe(true);
    expect(canTransition("new", "duplicate")).toBe(true);
    expect(canTransition("in_review", "not_actionable")).toBe(true);
    expect(canTransition("new", "closed")).toBe(false);
    expect(canTransition("closed", "new")).toBe(false);
    for (const s of STATUSES) expect(TRANSITIONS[s]).not.toContain(s);
    for (const s of STATUSES.filter((x) => x !== "new")) expect(TRANSITIONS[s]).not.toContain("new");
  });

  it("should validate referral and outcome details, refuse stale changes, and stamp closings", async () => {
    const { deps, store, clock, account, report } = setup();
    const op = await account("op@example.org", "operator");
    const r = await report();
    const change = (o: Partial<Parameters<typeof changeCaseStatus>[1]>) =>
      changeCaseStatus(deps, { actor: op, reportId: r.id, from: "new", to: "in_review", ...o });
    await expect(change({ to: "closed" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(change({ to: "referred" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      change({ to: "referred", referredTo: "PNP", referredAt: new Date(clock.now().getTime() + 86_400_000) }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await change({});
    await expect(change({})).rejects.toMatchObject({ code: "CONFLICT" });
    await change({ from: "in_review", to: "referred", referredTo: "FISTRAP" });
    await expect(change({ from: "referred", to: "closed" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    clock.advance(60_000);
    await change({ from: "referred", to: "closed", outcome: "authority_acting" });
    let now = (await store.reports.findById(r.id))!;
    expect(now).toMatchObject({ status: "closed", referredTo: "FISTRAP", outcome: "authority_acting" });
    expect(now.closedAt).toEqual(clock.now());
    await change({ from: "closed", to: "in_review" });
    now = (await store.reports.findById(r.id))!;
    expect(now.closedAt).toBeUndefined();
    expect(now.outcome).toBeUndefined();
    const audit = store.base.state.audit.filter((a) => a.action === "case.status_changed");
    expect(audit.map((a) => `${a.details!.from}→${a.details!.to}`)).toEqual([
      "new→in_review",
      "in_review→referred",
      "referred→closed",
      "closed→in_review",
    ]);
  });

  it("should refuse every change from a viewer and write nothing", async () => {
    const { deps, store, account, report } = setup();
    const viewer = await account("v@example.org", "viewer");
    const r = await report();
    const before = structuredClone(store.base.state);
    await expect(changeCaseStatus(deps, { actor: viewer, reportId: r.id, from: "new", to: "in_review" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(assignCase(deps, { actor: viewer, reportId: r.id, assigneeId: viewer.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(addCaseNote(deps, { actor: viewer, reportId: r.id, text: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(messageReporter(deps, { actor: viewer, reportId: r.id, text: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewCase(deps, { actor: viewer, reportId: r.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getReferralSheet(deps, { actor: viewer, reportId: r.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(exportReports(deps, { actor: viewer, filter: {}, withFacts: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(store.base.state).toEqual(before);
  });

  it("should assign only to active operators and admins", async () => {
    const { deps, store, account, report } = setup();
    const op = await account("op@example.org", "operator");
    const viewer = await account("v@example.org", "viewer");
    const gone = await account("gone@example.org", "operator");
    await disableOperator(deps, { email: gone.email, actor: "test" });
    const r = await report();
    await expect(assignCase(deps, { actor: op, reportId: r.id, assigneeId: viewer.id })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(assignCase(deps, { actor: op, reportId: r.id, assigneeId: gone.id })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await assignCase(deps, { actor: op, reportId: r.id, assigneeId: op.id });
    expect((await store.reports.findById(r.id))!.assigneeId).toBe(op.id);
    await assignCase(deps, { actor: op, reportId: r.id, assigneeId: undefined });
    expect((await store.reports.findById(r.id))!.assigneeId).toBeUndefined();
  });
});

describe("messageReporter", () => {
  it("should queue the message for the reporter's linked chat, in their language, with the timeline entry", async () => {
    const { deps, store, account, report } = setup();
    const op = await account("op@example.org", "operator");
    const r = await report({ locale: "en", reporterLink: "conv-1" });
    await store.chatAddresses.upsert("conv-1", "telegram", "123456789");
    const result = await messageReporter(deps, { actor: op, reportId: r.id, text: "  Can you tell us the name of the bar?  " });
    expect(result).toEqual({ delivery: "chat", channel: "telegram", conversationId: "conv-1" });
    const [entry] = await store.outbox.pendingFor("conv-1");
    expect(entry!.channel).toBe("telegram");
    expect(entry!.message.text).toMatch(/^💬 A message from the team about your case:\nCan you tell us the name of the bar\?\n\nTo answer/);
    const followUps = await store.reports.listFollowUps(r.id);
    expect(followUps).toMatchObject([{ kind: "operator", operatorId: op.id, body: "Can you tell us the name of the bar?" }]);
    expect(entry!.sourceKey).toBe(`follow_up:${followUps[0]!.id}`);
    expect(store.base.state.audit.at(-1)).toMatchObject({ action: "case.message_sent", details: { delivery: "chat", channel: "telegram" } });
  });

  it("should keep the message for the case code when the chat is unlinked or wiped", async () => {
    const { deps, store, account, report } = setup();
    const op = await account("op@example.org", "operator");
    const unlinked = await report({ reporterLink: undefined });
    const wiped = await report({ reporterLink: "conv-wiped" });
    for (const r of [unlinked, wiped]) {
      expect(await messageReporter(deps, { actor: op, reportId: r.id, text: "Hola" })).toEqual({ delivery: "code_only" });
      expect(await store.reports.listFollowUps(r.id)).toHaveLength(1);
    }
    expect(store.base.state.outbox.size).toBe(0);
    await expect(messageReporter(deps, { actor: op, reportId: unlinked.id, text: "   " })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(messageReporter(deps, { actor: op, reportId: unlinked.id, text: "x".repeat(2001) })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("should have a real header and reply hint in every language", () => {
    const texts = LOCALES.map((l) => teamMessageText(translator, l, "MSG"));
    expect(new Set(texts).size).toBe(LOCALES.length);
    for (const text of texts) {
      expect(text).toContain("MSG");
      expect(text).toContain("105");
    }
  });
});

describe("viewCase and the ficha", () => {
  it("should show facts and the timeline but never the reporter link or the full receipt code", async () => {
    const { deps, store, clock, account, report } = setup();
    const op = await account("op@example.org", "operator");
    const r = await report({ reporterLink: "conv-secret-link" });
    await store.chatAddresses.upsert("conv-secret-link", "webchat", "raw-web-chat-id");
    clock.advance(60_000);
    await store.reports.addFollowUp({ id: "f1", reportId: r.id, kind: "reporter", operatorId: undefined, body: "El bar se llama El Dorado", createdAt: clock.now() });
    clock.advance(60_000);
    await addCaseNote(deps, { actor: op, reportId: r.id, text: "Llamar a la UPE" });
    const view = await viewCase(deps, { actor: op, reportId: r.id });
    const json = JSON.stringify(view);
    for (const secret of ["conv-secret-link", "raw-web-chat-id", r.codeHash, r.sourceKey]) expect(json).not.toContain(secret);
    expect(view.summary.codeTail).toBe(r.codeTail);
    expect(view.reach).toEqual({ type: "chat", channel: "webchat" });
    expect(view.facts.description).toBe("Ofrecen trabajo en Mazuko");
    expect(view.timeline.map((e) => e.kind)).toEqual(["reporter", "note"]);
    expect(store.base.state.audit.at(-1)).toMatchObject({ actor: op.id, action: "case.viewed", subject: r.id });

    const sheet = await getReferralSheet(deps, { actor: op, reportId: r.id });
    const sheetJson = JSON.stringify(sheet);
    for (const secret of ["conv-secret-link", "raw-web-chat-id", r.codeHash, "Llamar a la UPE"]) expect(sheetJson).not.toContain(secret);
    expect(sheet.additions).toEqual([{ at: expect.any(Date), text: "El bar se llama El Dorado" }]);
  });

  it("should derive a stable console reference that is not the receipt code", () => {
    expect(caseReference("3f9a1c2e-0000-4000-8000-000000000001")).toBe("TB-3F9A-1C2E");
  });
});

describe("queue, stats and export", () => {
  it("should sort by urgency, then oldest first, and filter", async () => {
    const { deps, clock, account, report } = setup();
    const op = await account("op@example.org", "operator");
    const mk = async (urgency: Urgency, minutes: number, over: Partial<NewReport> = {}) => {
      const r = await report({ urgency, createdAt: new Date(clock.now().getTime() + minutes * 60_000), ...over });
      return r.id;
    };
    const oldHigh = await mk("high", 0);
    const newEmergency = await mk("emergency", 30);
    const newHigh = await mk("high", 20, { minor: true, departmentCode: "150000" });
    const low = await mk("low", -60);
    const page = await listQueue(deps, { actor: op, filter: {} });
    expect(page.cases.map((c) => c.id)).toEqual([newEmergency, oldHigh, newHigh, low]);
    expect((await listQueue(deps, { actor: op, filter: { minor: true } })).cases.map((c) => c.id)).toEqual([newHigh]);
    expect((await listQueue(deps, { actor: op, filter: { departmentCode: "150000" } })).cases.map((c) => c.id)).toEqual([newHigh]);
    await assignCase(deps, { actor: op, reportId: low, assigneeId: op.id });
    expect((await listQueue(deps, { actor: op, filter: { assignedToMe: true } })).cases.map((c) => c.id)).toEqual([low]);
    const paged = await listQueue(deps, { actor: op, filter: {}, pageSize: 3 });
    expect([paged.cases.length, paged.more]).toEqual([3, true]);
  });

  it("should count by Lima month and quarter, with quiet months as zero, for viewers too", async () => {
    const { deps, account, report } = setup();
    const viewer = await account("v@example.org", "viewer");
    await report({ createdAt: new Date("2026-01-01T03:00:00Z") }); // still 31 Dec 2025 in Lima
    await report({ createdAt: new Date("2026-03-10T12:00:00Z"), departmentCode: "210000", minor: true, urgency: "emergency" });
    const stats = await computeStats(deps, { actor: viewer });
    expect(stats.byMonth).toEqual([
      ["2025-12", 1],
      ["2026-01", 0],
      ["2026-02", 0],
      ["2026-03", 1],
    ]);
    expect(stats.byQuarter).toEqual([
      ["2025-T4", 1],
      ["2026-T1", 1],
    ]);
    expect(stats).toMatchObject({ total: 2, minors: 1, byDepartment: { "170000": 1, "210000": 1 }, byUrgency: { emergency: 1, high: 1 } });
    const ranged = await computeStats(deps, { actor: viewer, from: new Date("2026-02-01T05:00:00Z") });
    expect(ranged.total).toBe(1);
  });

  it("should export structured fields to operators and the facts only to admins", async () => {
    const { deps, store, account, report } = setup();
    const op = await account("op@example.org", "operator");
    const admin = await account("admin@example.org", "admin");
    const r = await report();
    await expect(exportReports(deps, { actor: op, filter: {}, withFacts: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const plain = await exportReports(deps, { actor: op, filter: {}, withFacts: false });
    expect(plain.rows).toHaveLength(1);
    expect(plain.rows[0]!.facts).toBeUndefined();
    expect(JSON.stringify(plain)).not.toContain(r.codeHash);
    expect(JSON.stringify(plain)).not.toContain("conv-link-secret");
    const full = await exportReports(deps, { actor: admin, filter: {}, withFacts: true });
    expect(full.rows[0]!.facts!.description).toBe("Ofrecen trabajo en Mazuko");
    expect(store.base.state.audit.filter((a) => a.action === "reports.exported").map((a) => a.details)).toEqual([
      { count: 1, withFacts: false },
      { count: 1, withFacts: true },
    ]);
  });
});

describe("accounts and sessions", () => {
  it("should reject unknown, wrong and disabled logins alike and audit them without what was typed", async () => {
    const { deps, store, account } = setup();
    const op = await account("op@example.org", "operator");
    expect(await logIn(deps, { email: "typo-secret-password@example.org", password: "x" })).toEqual({ type: "rejected" });
    expect(await logIn(deps, { email: "op@example.org", password: "wrong" })).toEqual({ type: "rejected" });
    const ok = await logIn(deps, { email: " OP@example.org ", password: op.password });
    expect(ok).toMatchObject({ type: "ok", mustChangePassword: true, mustEnrollTotp: false });
    await disableOperator(deps, { email: op.email, actor: "test" });
    expect(await logIn(deps, { email: "op@example.org", password: op.password })).toEqual({ type: "rejected" });
    const audit = JSON.stringify(store.base.state.audit);
    expect(audit).not.toContain("typo-secret-password");
    expect(store.base.state.audit.filter((a) => a.action === "console.login_failed").map((a) => a.details!.reason)).toEqual([
      "unknown_account",
      "bad_password",
      "disabled",
    ]);
    // disabling ended the session
    if (ok.type !== "ok") throw new Error("unreachable");
    expect(store.state.sessions.size).toBe(0);
    expect(await authenticateSession(deps, { token: ok.token, activity: true })).toBeUndefined();
  });

  it("should stop accepting a one-time password after its lifetime, and accept a freshly reset one", async () => {
    const { deps, store, clock, account } = setup();
    const op = await account("op@example.org", "operator");
    clock.advance(DEFAULT_CONSOLE_SETTINGS.oneTimePasswordTtlMs + 60_000);
    expect(await logIn(deps, { email: op.email, password: op.password })).toEqual({ type: "rejected" });
    expect(store.base.state.audit.at(-1)).toMatchObject({ action: "console.login_failed", details: { reason: "one_time_password_expired" } });
    const { oneTimePassword } = await resetOperatorPassword(deps, { email: op.email, actor: "test" });
    expect(await logIn(deps, { email: op.email, password: oneTimePassword })).toMatchObject({ type: "ok", mustChangePassword: true });
  });

  it("should store only the token's hash and expire sessions when idle or too old", async () => {
    const { deps, store, clock, account } = setup();
    const op = await account("op@example.org", "operator");
    const ok = await logIn(deps, { email: op.email, password: op.password });
    if (ok.type !== "ok") throw new Error("login failed");
    const [session] = [...store.state.sessions.values()];
    expect(session!.id).toBe(credentials.digest(ok.token));
    expect(session!.id).not.toBe(ok.token);
    clock.advance(29 * 60_000);
    expect(await authenticateSession(deps, { token: ok.token, activity: false })).toBeDefined();
    clock.advance(2 * 60_000); // background checks did not extend it
    expect(await authenticateSession(deps, { token: ok.token, activity: true })).toBeUndefined();
    expect(store.state.sessions.size).toBe(0);

    const again = await logIn(deps, { email: op.email, password: op.password });
    if (again.type !== "ok") throw new Error("login failed");
    for (let i = 0; i < 35; i++) {
      clock.advance(20 * 60_000);
      const alive = await authenticateSession(deps, { token: again.token, activity: true });
      expect(!!alive, `after ${(i + 1) * 20} min`).toBe((i + 1) * 20 < 12 * 60);
    }
  });
});
