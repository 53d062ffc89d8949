import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TempDatabase, tempStore } from "../helpers/temp-database.ts";

describe("the SQLite gate (one connection, one queue)", () => {
  let t: TempDatabase;
  beforeEach(async () => {
    t = await tempStore("sqlite");
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const actions = async () => (await t.store.db.auditLog.findMany({ orderBy: { action: "asc" } })).map((a) => a.action);

  it("should run a transaction's own top-level calls inside it instead of waiting for itself", async () => {
    await t.store.transaction(async (tx) => {
      await tx.audit.record({ actor: "test", action: "outer" });
      await t.store.audit.record({ actor: "test", action: "nested" });
    });
    expect(await actions()).toEqual(["nested", "outer"]);
  });

  it("should keep Prisma's own transactions whole next to the store's calls", async () => {
    const seen: string[][] = [];
    const look = async () => {
      await new Promise((r) => setTimeout(r, 10));
      seen.push((await t.store.db.auditLog.findMany()).map((a) => a.action).sort());
    };
    await Promise.all([
      t.store.db.$transaction(async (tx) => {
        await tx.auditLog.create({ data: { id: "p1", actor: "prisma", action: "p1" } });
        await new Promise((r) => setTimeout(r, 50)); // the others arrive meanwhile
        await tx.auditLog.create({ data: { id: "p2", actor: "prisma", action: "p2" } });
      }),
      look(),
      t.store.audit.record({ actor: "test", action: "s1" }),
      t.store.db
        .$transaction(async (tx) => {
          await tx.auditLog.create({ data: { id: "p3", actor: "prisma", action: "p3" } });
          await new Promise((r) => setTimeout(r, 50));
          throw new Error("rolled back");
        })
        .catch(() => undefined),
      look(),
      look(),
    ]);
    // never half a transaction, never a row that was rolled back
    for (const actions of seen) {
      expect(actions).not.toContain("p3");
      expect(actions.includes("p1")).toBe(actions.includes("p2"));
    }
    expect(await actions()).toEqual(["p1", "p2", "s1"]);
  });
});
