import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createOperator } from "../../src/app/console/create-operator.ts";
import { viewCase } from "../../src/app/console/view-case.ts";
import { runKeysCommand } from "../../src/cli/keys-command.ts";
import { composeService } from "../../src/compose.ts";
import { parseConfig } from "../../src/config/config.ts";
import { cipherFrom, loadSecrets } from "../../src/config/secrets.ts";
import { createConsoleDeps } from "../../src/console/console-deps.ts";
import { dataKeyId, FieldCipher } from "../../src/core/crypto.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { migrate } from "../../src/storage/migrate.ts";
import { openDatabase } from "../../src/storage/open-database.ts";
import { PrismaStore } from "../../src/storage/prisma-store.ts";
import { ENCRYPTED_COLUMNS } from "../../src/storage/rotate-data-key.ts";
import { ServiceLeases } from "../../src/storage/service-lease.ts";
import { startTestService } from "../helpers/test-service.ts";
import { webchatClient } from "../helpers/webchat-report.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "trata-bot-keys-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, env: { DATA_DIR: dir, DATABASE_URL: `file:${join(dir, "db.sqlite")}`, LOG_LEVEL: "silent" } };
}

function quiet() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, out: { log: (l: string) => lines.out.push(l), error: (l: string) => lines.err.push(l) } };
}

const turn = (service: Awaited<ReturnType<typeof composeService>>, chatRef: string, text: string, id: string) =>
  service.handleInbound({ channel: "webchat", chatRef, messageId: id, content: { kind: "text", text } });

describe("key rotation against a running service", () => {
  it("should refuse while the service runs, rotate once it is stopped, and let it start again on the new key", async () => {
    const { dir, env } = tempDir();
    const config = parseConfig(env);
    const service = await composeService(config, { logger: silentLogger });
    cleanups.push(() => service.close());
    // a conversation in the middle of a report, and an account to open cases with
    for (const [i, text] of ["hola", "1", "2", "1"].entries()) await turn(service, "rotation-chat-1", text, `a${i}`);
    const fileBefore = readFileSync(join(dir, "secrets.json"), "utf8");

    const refused = quiet();
    expect(await runKeysCommand(["rotate"], env, refused.out)).toBe(2);
    expect(refused.lines.err.join("\n")).toContain("the service is running");
    expect(readFileSync(join(dir, "secrets.json"), "utf8")).toBe(fileBefore);
    // nothing broke: the conversation goes on where it was
    const next = await turn(service, "rotation-chat-1", "Ofrecen trabajo en la mina con pasaje pagado", "a9");
    expect(next.messages.map((m) => m.text).join("\n")).not.toMatch(/reiniciar|empezamos de nuevo/);

    await service.close();
    cleanups.pop();
    const rotated = quiet();
    expect(await runKeysCommand(["rotate"], env, rotated.out)).toBe(0);
    const newKeyId = /new data key: (\S+)/.exec(rotated.lines.out.join("\n"))![1]!;
    expect(JSON.parse(readFileSync(join(dir, "secrets.json"), "utf8")).currentDataKeyId).toBe(newKeyId);
    expect(rotated.lines.out.join("\n")).toMatch(/Conversation: 1 re-encrypted/);

    // started again: the conversation is readable (sealed with the new key) and goes on
    const again = await composeService(config, { logger: silentLogger });
    cleanups.push(() => again.close());
    const state = await (again.store as PrismaStore).db.conversation.findFirstOrThrow();
    expect(state.state.split(".")[1]).toBe(newKeyId);
    const resumed = await turn(again, "rotation-chat-1", "menu", "b1");
    expect(resumed.messages.map((m) => m.text).join("\n")).not.toMatch(/reiniciar/);
  });

  it("should keep a service from starting while a rotation holds its lease", async () => {
    const { env } = tempDir();
    await migrate(env.DATABASE_URL);
    const { db } = await openDatabase(env.DATABASE_URL);
    cleanups.push(() => db.$disconnect());
    const lease = await new ServiceLeases(db).holdForRotation();
    await expect(composeService(parseConfig(env), { logger: silentLogger })).rejects.toThrow(/rotation is running/);
    await lease.release();
    const service = await composeService(parseConfig(env), { logger: silentLogger });
    cleanups.push(() => service.close());
    expect(await new ServiceLeases(db).liveServices()).toBe(1);
  });

  it("should open a case filed before the rotation (its page used to fail) and every sealed column after it", async () => {
    const t = await startTestService();
    cleanups.push(() => rmSync(t.dataDir, { recursive: true, force: true }));
    await webchatClient(t.app, "rotation-chat-2").fileReport("Ofrecen trabajo en la mina con pasaje pagado");
    await t.service.close();
    const env = { DATA_DIR: t.dataDir, DATABASE_URL: t.service.config.DATABASE_URL, LOG_LEVEL: "silent" };
    expect(await runKeysCommand(["rotate"], env, quiet().out)).toBe(0);

    const service = await composeService(parseConfig(env), { logger: silentLogger });
    cleanups.push(() => service.close());
    const deps = createConsoleDeps(service);
    const { operator } = await createOperator(deps, { email: "op@example.org", role: "operator", actor: "test" });
    const report = await (service.store as PrismaStore).db.report.findFirstOrThrow();
    const view = await viewCase(deps, { actor: { id: operator.id, email: operator.email, role: "operator" }, reportId: report.id });
    expect(view.facts.description).toBe("Ofrecen trabajo en la mina con pasaje pagado");
    const current = JSON.parse(readFileSync(join(t.dataDir, "secrets.json"), "utf8")).currentDataKeyId as string;
    for (const { table, column } of ENCRYPTED_COLUMNS) {
      const rows = await (service.store as PrismaStore).db.$queryRawUnsafe<{ v: string | null }[]>(`SELECT "${column}" AS v FROM "${table}"`);
      for (const { v } of rows) if (v) expect(v.split(".")[1], `${table}.${column}`).toBe(current);
    }
  });
});

describe("DATA_KEY rotation through the environment", () => {
  const hex = () => randomBytes(32).toString("hex");

  it("should name keys by fingerprint, read old values with DATA_KEYS_PREVIOUS, and re-encrypt them with resume", async () => {
    const { dir, env } = tempDir();
    const [pseudonym, a, b] = [hex(), hex(), hex()];
    const withKeys = (keys: Record<string, string>) => loadSecrets({ DATA_DIR: dir, PSEUDONYM_KEY: pseudonym, ...keys });
    await migrate(env.DATABASE_URL);
    const { db } = await openDatabase(env.DATABASE_URL);
    cleanups.push(() => db.$disconnect());

    const onA = withKeys({ DATA_KEY: a });
    expect(onA.currentDataKeyId).toBe(dataKeyId(Buffer.from(a, "hex")));
    const storeA = new PrismaStore(db, cipherFrom(onA), () => "id");
    await storeA.chatAddresses.upsert("conv-1", "telegram", "chat-1");
    await storeA.inbound.record("k1", "conv-1", [{ text: "respuesta" }]);
    // a value an older version sealed under the shared id "env" (then DATA_KEY was A)
    const legacy = new FieldCipher("env", { env: Buffer.from(a, "hex") }).encrypt("chat-2", "chat_address.address");
    await db.chatAddress.create({ data: { conversationId: "conv-2", channel: "telegram", address: legacy } });

    const onB = withKeys({ DATA_KEY: b });
    expect(onB.currentDataKeyId).not.toBe(onA.currentDataKeyId);
    expect(await new PrismaStore(db, cipherFrom(onB), () => "id").chatAddresses.get("conv-1")).toBeUndefined();

    const envB = { ...env, PSEUDONYM_KEY: pseudonym, DATA_KEY: b, DATA_KEYS_PREVIOUS: a };
    const both = withKeys({ DATA_KEY: b, DATA_KEYS_PREVIOUS: a });
    const storeBoth = new PrismaStore(db, cipherFrom(both), () => "id");
    expect(await storeBoth.chatAddresses.get("conv-1")).toEqual({ channel: "telegram", address: "chat-1" });
    expect(await storeBoth.chatAddresses.get("conv-2")).toEqual({ channel: "telegram", address: "chat-2" });

    const run = quiet();
    expect(await runKeysCommand(["rotate"], envB, run.out)).toBe(2); // rotate is for the file; env keys resume
    expect(await runKeysCommand(["resume"], envB, run.out)).toBe(0);
    const onlyB = new PrismaStore(db, cipherFrom(onB), () => "id");
    expect(await onlyB.chatAddresses.get("conv-1")).toEqual({ channel: "telegram", address: "chat-1" });
    expect(await onlyB.chatAddresses.get("conv-2")).toEqual({ channel: "telegram", address: "chat-2" });
    expect(await onlyB.inbound.find("k1")).toEqual({ response: [{ text: "respuesta" }] });
  });
});
