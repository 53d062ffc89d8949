import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cacheStatements } from "../../src/storage/sqlite-statement-cache.ts";
import { tempStore } from "../helpers/temp-database.ts";

/** Driven the way Prisma's better-sqlite3 adapter drives its connection: `prepare(sql).bind(args)`, then run / raw().all(). */
describe("the SQLite statement cache", () => {
  let dir: string;
  let db: Database.Database;
  let prepared: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "trata-bot-stmt-"));
    db = new Database(join(dir, "x.db"));
    db.defaultSafeIntegers(true);
    db.exec('CREATE TABLE "T" ("id" TEXT PRIMARY KEY, "n" INTEGER)');
    prepared = [];
    const original = db.prepare.bind(db);
    db.prepare = ((source: string) => {
      prepared.push(source);
      return original(source);
    }) as typeof db.prepare;
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = 'INSERT INTO "T" ("id", "n") VALUES (?, ?)';
  const select = 'SELECT "id", "n" FROM "T" WHERE "id" = ?';

  it("should prepare each SQL text once and still execute every call with its own arguments", () => {
    cacheStatements(db);
    expect(db.prepare(insert).bind(["a", 1]).run().changes).toBe(1);
    expect(db.prepare(insert).bind(["b", 2]).run().changes).toBe(1);
    const read = (id: string) => {
      const statement = db.prepare(select).bind([id]);
      expect(statement.reader).toBe(true);
      expect(statement.columns().map((c) => c.name)).toEqual(["id", "n"]);
      return statement.raw().all();
    };
    expect(read("a")).toEqual([["a", 1n]]);
    expect(read("b")).toEqual([["b", 2n]]);
    expect(read("c")).toEqual([]);
    expect(prepared).toEqual([insert, select]);
  });

  it("should not carry one call's raw mode over to the next", () => {
    cacheStatements(db);
    db.prepare(insert).bind(["a", 1]).run();
    expect(db.prepare(select).bind(["a"]).raw().all()).toEqual([["a", 1n]]);
    expect(db.prepare(select).bind(["a"]).all()).toEqual([{ id: "a", n: 1n }]);
  });

  it("should keep failing statements usable (a unique conflict, then a good row)", () => {
    cacheStatements(db);
    db.prepare(insert).bind(["a", 1]).run();
    expect(() => db.prepare(insert).bind(["a", 2]).run()).toThrow(/UNIQUE constraint failed/);
    expect(db.prepare(insert).bind(["b", 2]).run().changes).toBe(1);
    expect(prepared).toEqual([insert]);
  });

  it("should keep only the most recently used statements", () => {
    cacheStatements(db, 2);
    const texts = ["SELECT 1", "SELECT 2", "SELECT 1", "SELECT 3", "SELECT 1", "SELECT 2"];
    for (const text of texts) db.prepare(text).bind([]).raw().all();
    // SELECT 2 was evicted by SELECT 3 (SELECT 1 had been used since), so it is prepared again
    expect(prepared).toEqual(["SELECT 1", "SELECT 2", "SELECT 3", "SELECT 2"]);
  });

  it("should leave better-sqlite3's own helpers working", () => {
    cacheStatements(db);
    expect(db.pragma("journal_mode", { simple: true })).toBe("delete");
    db.transaction(() => db.prepare(insert).bind(["a", 1]).run())();
    expect(db.prepare('SELECT count(*) AS n FROM "T"').bind([]).get()).toEqual({ n: 1n });
  });

  it("should be in place on the connections the store opens", async () => {
    const spy = vi.spyOn(Database.prototype, "prepare");
    const t = await tempStore("sqlite");
    try {
      for (const id of ["a", "b", "a"]) await t.store.conversations.load(id);
      const loads = spy.mock.calls.filter(([source]) => String(source).includes('FROM "Conversation" WHERE "id"'));
      expect(loads).toHaveLength(1);
    } finally {
      spy.mockRestore();
      await t.cleanup();
    }
  });
});
