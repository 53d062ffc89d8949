import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runOperatorCommand } from "../../src/cli/operator-command.ts";
import { migrate } from "../../src/storage/migrate.ts";
import { openDatabase } from "../../src/storage/open-database.ts";

/** `npm run operator` in-process (the browser test runs the real entry point as a child process). */
describe("npm run operator", () => {
  const dir = mkdtempSync(join(tmpdir(), "trata-bot-cli-"));
  const env = { DATA_DIR: dir, DATABASE_URL: `file:${join(dir, "db.sqlite")}`, LOG_LEVEL: "silent" };
  const cli = async (...args: string[]) => {
    const lines = { out: [] as string[], err: [] as string[] };
    const code = await runOperatorCommand(args, env, { log: (l) => lines.out.push(l), error: (l) => lines.err.push(l) });
    return { code, stdout: lines.out.join("\n"), stderr: lines.err.join("\n") };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("should refuse bad arguments with the usage", async () => {
    for (const args of [
      ["create", "--email", "x@example.org", "--role", "root"],
      ["create", "--email", "not-an-email", "--role", "admin"],
      ["create", "--email"],
      ["frobnicate"],
      [],
    ]) {
      const res = await cli(...args);
      expect(res.code, args.join(" ")).toBe(2);
      expect(res.stderr).toContain("npm run operator -- create");
    }
  });

  it("should create an account with a one-time password, refuse a duplicate, reset and disable it", async () => {
    const created = await cli("create", "--email", "Lucia@Example.org", "--role", "admin");
    expect(created.code, created.stderr).toBe(0);
    const password = /one-time password: ([A-Za-z0-9]{20})$/m.exec(created.stdout)?.[1];
    expect(password).toBeDefined();
    const duplicate = await cli("create", "--email", "lucia@example.org", "--role", "viewer");
    expect([duplicate.code, duplicate.stderr]).toEqual([1, "an account with this email already exists"]);
    const reset = await cli("reset", "--email", "lucia@example.org", "--totp");
    const second = /one-time password: ([A-Za-z0-9]{20})$/m.exec(reset.stdout)?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(password);
    expect((await cli("disable", "--email", "lucia@example.org")).code).toBe(0);
    expect((await cli("disable", "--email", "nobody@example.org")).code).toBe(1);
    expect((await cli("list")).stdout).toBe("lucia@example.org\tadmin\tdisabled,must-change-password");

    await migrate(env.DATABASE_URL);
    const { db } = await openDatabase(env.DATABASE_URL);
    try {
      const row = await db.operator.findUnique({ where: { email: "lucia@example.org" } });
      expect(row).toMatchObject({ role: "admin", mustChangePassword: true });
      expect(row!.disabledAt).toBeInstanceOf(Date);
      expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
      const audit = await db.auditLog.findMany({ where: { actor: "cli" }, orderBy: { at: "asc" } });
      expect(audit.map((a) => a.action)).toEqual(["operator.created", "operator.password_reset", "operator.disabled"]);
    } finally {
      await db.$disconnect();
    }
  });

  it("should accept short but valid addresses such as a@b.c and refuse ones with spaces or no domain", async () => {
    expect((await cli("create", "--email", "a@b.c", "--role", "viewer")).code).toBe(0);
    for (const bad of ["a b@c.d", "a@b", "@b.c", "a@.c"]) expect((await cli("create", "--email", bad, "--role", "viewer")).code, bad).toBe(2);
  });

  it("should keep a disabled account disabled on reset unless --enable is given", async () => {
    await cli("create", "--email", "pedro@example.org", "--role", "operator");
    await cli("disable", "--email", "pedro@example.org");
    const reset = await cli("reset", "--email", "pedro@example.org");
    expect(reset.stdout).toContain("still disabled");
    expect((await cli("list")).stdout).toContain("pedro@example.org\toperator\tdisabled");
    const enabled = await cli("reset", "--email", "pedro@example.org", "--enable");
    expect(enabled.stdout).toContain("enabled");
    expect((await cli("list")).stdout).toContain("pedro@example.org\toperator\tactive");
  });
});
