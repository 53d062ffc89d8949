import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { composeService } from "../../src/compose.ts";
import { parseConfig } from "../../src/config/config.ts";
import { cipherFrom, loadSecrets } from "../../src/config/secrets.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { MIGRATIONS_ROOT, migrate } from "../../src/storage/migrate.ts";
import type { PrismaStore } from "../../src/storage/prisma-store.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("upgrading a database that stored case codes in clear", () => {
  it("should keep every report and its timeline, hash the codes at start-up, keep them working, and leave none in the files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trata-bot-upgrade-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // the database as the first release left it: only the first migration
    const firstOnly = join(dir, "migrations");
    cpSync(join(MIGRATIONS_ROOT, "sqlite", "20261124000000_init"), join(firstOnly, "sqlite", "20261124000000_init"), { recursive: true });
    const url = `file:${join(dir, "db.sqlite")}`;
    await migrate(url, firstOnly);
    const code = "K7QM-3XDP-9RTA-WB2F";
    const cipher = cipherFrom(loadSecrets({ DATA_DIR: dir }));
    const body = cipher.encryptJson({ description: "ofrecen trabajo" }, "report.body");
    const old = new Database(join(dir, "db.sqlite"));
    old.prepare(
      `INSERT INTO Report (id, caseCode, sourceKey, channel, locale, flowId, flowRevision, kind, body, urgency, urgencyRank, categories, minor, referrals, reasons, updatedAt)
       VALUES ('r1', ?, 's1', 'webchat', 'es', 'report', 1, 'job_offer', ?, 'high', 2, '[]', 0, '[]', '[]', CURRENT_TIMESTAMP)`,
    ).run(code, body);
    old.prepare("INSERT INTO FollowUp (id, reportId, kind, body) VALUES ('f1', 'r1', 'note', 'v1.y')").run();
    old.prepare("INSERT INTO Operator (id, email, role, passwordHash, updatedAt) VALUES ('o1', 'ana@example.org', 'admin', 'h', CURRENT_TIMESTAMP)").run();
    old.close();

    const service = await composeService(parseConfig({ DATA_DIR: dir, DATABASE_URL: url }), { logger: silentLogger });
    cleanups.push(() => service.close());
    const db = (service.store as PrismaStore).db;
    expect(await db.report.findUniqueOrThrow({ where: { id: "r1" } })).toMatchObject({ codeHash: service.identity.caseCodeHash(code), codeTail: "WB2F" });
    expect(await db.followUp.count({ where: { reportId: "r1" } })).toBe(1); // the redefined table kept its timeline
    expect(await db.operator.count()).toBe(1);
    expect((await service.store.reports.findByCodeHash(service.identity.caseCodeHash(code)))?.id).toBe("r1");
    for (const file of [join(dir, "db.sqlite"), join(dir, "db.sqlite-wal")]) {
      const raw = readFileSync(file).toString("latin1");
      expect(raw.includes(code) || raw.includes(code.replace(/-/g, "")), file).toBe(false);
    }
    // a second start is a no-op
    await service.close();
    cleanups.pop();
    const again = await composeService(parseConfig({ DATA_DIR: dir, DATABASE_URL: url }), { logger: silentLogger });
    cleanups.push(() => again.close());
    expect((await again.store.reports.listPlainCodes(10)).length).toBe(0);
  });
});
