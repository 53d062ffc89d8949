import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleStore } from "../../src/app/console/ports.ts";
import type { NewReport } from "../../src/app/ports.ts";
import { createPrismaConsoleStore } from "../../src/storage/prisma-console-repo.ts";
import { providers, type TempDatabase, tempStore } from "../helpers/temp-database.ts";

describe.each(providers())("Prisma console store (%s)", (kind) => {
  let db: TempDatabase;
  let store: ConsoleStore;
  let n = 0;
  const report = (over: Partial<NewReport>): NewReport => ({
    id: `r-${++n}`,
    codeHash: `hash-${n}`,
    codeTail: String(n).padStart(4, "0"),
    sourceKey: `s-${n}`,
    channel: "webchat",
    locale: "es",
    flowId: "report",
    flowRevision: 1,
    kind: "job_offer",
    body: { description: `hechos ${n}` },
    urgency: "high",
    categories: ["deceptive_recruitment"],
    minor: false,
    referrals: [],
    reasons: [],
    departmentCode: "170000",
    provinceCode: "170100",
    districtCode: "170102",
    reporterLink: "link",
    createdAt: new Date("2026-11-01T10:00:00Z"),
    ...over,
  });

  beforeAll(async () => {
    db = await tempStore(kind);
    store = createPrismaConsoleStore(db.store);
    await store.reports.create(report({ id: "old-high", createdAt: new Date("2026-11-01T08:00:00Z") }));
    await store.reports.create(report({ id: "emergency", urgency: "emergency", categories: ["sexual_exploitation", "labor_exploitation"] }));
    await store.reports.create(report({ id: "new-high", minor: true, provinceCode: "210100", departmentCode: "210000", channel: "telegram" }));
    await store.reports.create(report({ id: "low", urgency: "low", categories: ["labor_exploitation_x"], provinceCode: undefined, departmentCode: undefined, districtCode: undefined }));
  });
  afterAll(async () => {
    await db.cleanup();
  });

  it("should list by urgency then age, with filters, and never return facts or the reporter link", async () => {
    const ids = async (f: object) => (await store.cases.list({ limit: 50, offset: 0, ...f })).map((c) => c.id);
    expect(await ids({})).toEqual(["emergency", "old-high", "new-high", "low"]);
    expect(await ids({ category: "labor_exploitation" })).toEqual(["emergency"]);
    expect(await ids({ minor: true })).toEqual(["new-high"]);
    expect(await ids({ provinceCode: "210100" })).toEqual(["new-high"]);
    expect(await ids({ channel: "telegram" })).toEqual(["new-high"]);
    expect(await ids({ urgencies: ["low", "emergency"] })).toEqual(["emergency", "low"]);
    expect(await ids({ codeHash: "hash-2" })).toEqual(["emergency"]);
    expect(await ids({ createdBefore: new Date("2026-11-01T09:00:00Z") })).toEqual(["old-high"]);
    expect(await ids({ limit: 2, offset: 1 })).toEqual(["old-high", "new-high"]);
    const [first] = await store.cases.list({ limit: 1, offset: 0 });
    expect(first).not.toHaveProperty("body");
    expect(first).not.toHaveProperty("reporterLink");
    expect(first).not.toHaveProperty("codeHash");
    expect(first!.codeTail).toBe("0002");
    expect(await store.cases.provinceCodes()).toEqual(["170100", "210100"]);
    expect((await store.cases.facts(["emergency", "low", "missing"])).get("emergency")).toEqual({ description: "hechos 2" });
  });

  it("should compare-and-set workflow updates inside transactions", async () => {
    const at = new Date("2026-11-02T00:00:00Z");
    expect(await store.cases.update("low", "in_review", { status: "closed", updatedAt: at })).toBe(false);
    await store.transaction(async (tx) => {
      expect(await tx.cases.update("low", "new", { status: "referred", referredTo: "PNP", referredAt: at, updatedAt: at })).toBe(true);
      await tx.audit.record({ actor: "op", action: "case.status_changed", subject: "low" });
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.cases.update("low", "referred", { status: "closed", outcome: "other", closedAt: at, updatedAt: at });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const low = await store.reports.findById("low");
    expect(low).toMatchObject({ status: "referred", referredTo: "PNP", closedAt: undefined });
    expect(await store.auditLog.list({ subject: "low", limit: 10, offset: 0 })).toMatchObject([{ action: "case.status_changed" }]);
  });

  it("should keep operators (TOTP encrypted) and sessions", async () => {
    const now = new Date("2026-11-24T12:00:00Z");
    const op = await store.operators.create({ id: "op-1", email: "a@example.org", role: "admin", passwordHash: "h", oneTimePasswordExpiresAt: now, createdAt: now });
    expect(op).toMatchObject({ mustChangePassword: true, totpSecret: undefined, disabledAt: undefined });
    await expect(store.operators.create({ id: "op-2", email: "a@example.org", role: "viewer", passwordHash: "h", oneTimePasswordExpiresAt: now, createdAt: now })).rejects.toMatchObject({ code: "CONFLICT" });
    await store.operators.update("op-1", { totpSecret: "JBSWY3DPEHPK3PXP", mustChangePassword: false });
    expect((await store.operators.findByEmail("a@example.org"))!.totpSecret).toBe("JBSWY3DPEHPK3PXP");
    const raw = await db.store.db.operator.findUnique({ where: { id: "op-1" } });
    expect(raw!.totpSecret).toMatch(/^v1\./);
    await store.sessions.create({ id: "s1", operatorId: "op-1", csrfToken: "c", createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 1000) });
    await store.sessions.create({ id: "s2", operatorId: "op-1", csrfToken: "c", createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 9000) });
    expect(await store.sessions.deleteExpired(new Date(now.getTime() + 5000))).toBe(1);
    await store.sessions.touch("s2", now, new Date(now.getTime() + 60_000));
    expect((await store.sessions.find("s2"))!.expiresAt).toEqual(new Date(now.getTime() + 60_000));
    await store.sessions.deleteForOperator("op-1");
    expect(await store.sessions.find("s2")).toBeUndefined();
  });
});
