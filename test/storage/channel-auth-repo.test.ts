import { initAuthCreds } from "@whiskeysockets/baileys";
import { afterEach, describe, expect, it } from "vitest";
import { useDatabaseAuthState } from "../../src/bots/whatsapp/database-auth-state.ts";
import { providers, type TempDatabase, tempStore } from "../helpers/temp-database.ts";

describe.each(providers())("WhatsApp auth state in the database (%s)", (kind) => {
  let t: TempDatabase;
  afterEach(async () => {
    await t.cleanup();
  });

  it("should round-trip creds and signal keys (Buffers included), delete keys set to null, and clear", async () => {
    t = await tempStore(kind);
    const first = await useDatabaseAuthState(t.store.channelAuth);
    first.state.creds.registered = true;
    await first.saveCreds();
    await first.state.keys.set({
      "pre-key": { "7": { public: Buffer.from("pub-7"), private: Buffer.from("priv-7") }, "8": { public: Buffer.from("p8"), private: Buffer.from("q8") } },
      session: { "51987654321.0": Buffer.from("session-bytes") },
      "app-state-sync-key": { AAAA: { keyData: Buffer.from("kd"), timestamp: 5 } },
    });
    await first.state.keys.set({ "pre-key": { "8": null } });

    const again = await useDatabaseAuthState(t.store.channelAuth);
    expect(again.state.creds.registered).toBe(true);
    expect(Buffer.from(again.state.creds.noiseKey.private)).toEqual(Buffer.from(first.state.creds.noiseKey.private));
    const preKeys = await again.state.keys.get("pre-key", ["7", "8"]);
    expect(Buffer.from(preKeys["7"]!.private).toString()).toBe("priv-7");
    expect(preKeys["8"]).toBeUndefined();
    const sessions = await again.state.keys.get("session", ["51987654321.0"]);
    expect(Buffer.from(sessions["51987654321.0"]!).toString()).toBe("session-bytes");
    const sync = await again.state.keys.get("app-state-sync-key", ["AAAA"]);
    expect(sync.AAAA!.constructor.name).toBe("AppStateSyncKeyData"); // revived as the protobuf class Baileys expects

    // nothing readable at rest: every value is sealed, ids carry no phone number in clear for creds
    const db = (t.store as unknown as { db: { whatsAppAuth: { findMany(): Promise<{ id: string; value: string }[]> } } }).db;
    for (const row of await db.whatsAppAuth.findMany()) {
      expect(row.value).toMatch(/^v1\./);
      expect(row.value).not.toContain("priv-7");
    }
    await again.state.keys.clear!();
    expect((await t.store.channelAuth.get(["creds", "pre-key:7"])).size).toBe(0);
  });

  it("should write a keys.set all or nothing (a failure mid-write leaves the previous keys readable)", async () => {
    t = await tempStore(kind);
    const auth = await useDatabaseAuthState(t.store.channelAuth);
    await auth.state.keys.set({ session: { a: Buffer.from("old-a"), b: Buffer.from("old-b") } });
    const encrypt = t.cipher.encrypt.bind(t.cipher);
    let calls = 0;
    t.cipher.encrypt = (plain, context) => {
      if (++calls === 2) throw new Error("crash in the middle of a write");
      return encrypt(plain, context);
    };
    await expect(auth.state.keys.set({ session: { a: Buffer.from("new-a"), b: Buffer.from("new-b") } })).rejects.toThrow();
    t.cipher.encrypt = encrypt;
    const keys = await auth.state.keys.get("session", ["a", "b"]);
    expect([Buffer.from(keys.a!).toString(), Buffer.from(keys.b!).toString()]).toEqual(["old-a", "old-b"]);
  });

  it("should start with fresh creds when the stored ones cannot be read", async () => {
    t = await tempStore(kind);
    await t.store.channelAuth.set([{ id: "creds", value: "{not json" }]);
    const auth = await useDatabaseAuthState(t.store.channelAuth);
    expect(auth.state.creds.registered).toBe(false);
    expect(Object.keys(auth.state.creds).sort()).toEqual(Object.keys(initAuthCreds()).sort());
  });
});
