import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FieldCipher } from "../../src/core/crypto.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { PrismaStore } from "../../src/storage/prisma-store.ts";
import { ENCRYPTED_COLUMNS, rotateDataKey } from "../../src/storage/rotate-data-key.ts";
import { providers, tempStore } from "../helpers/temp-database.ts";

describe.each(providers())("data key rotation on %s", (kind) => {
  it("should re-encrypt every sealed value under the new key, resumably", async () => {
    const t = await tempStore(kind);
    try {
      const store = t.store;
      for (let i = 0; i < 5; i++) {
        await store.chatAddresses.upsert(`conv-${i}`, "telegram", `chat-${i}`);
        await store.inbound.record(`k${i}`, `conv-${i}`, [{ text: `respuesta ${i}` }]);
      }
      await store.inbox.put("telegram", [1, 2, 3].map((n) => ({ key: `telegram:${n}`, payload: `{"update_id":${n}}` })));
      const k1 = (t.cipher as unknown as { keys: Map<string, Buffer> }).keys.get("k1")!;
      const rotated = new FieldCipher("k2", { k1, k2: randomBytes(32) });
      const first = await rotateDataKey(store.db, kind, rotated, silentLogger, ENCRYPTED_COLUMNS, 2);
      expect(first.find((r) => r.table === "ChatAddress")?.reencrypted).toBe(5);
      expect(first.find((r) => r.table === "ProcessedInbound")?.reencrypted).toBe(5);
      expect(first.find((r) => r.table === "InboxUpdate")?.reencrypted).toBe(3);
      const again = await rotateDataKey(store.db, kind, rotated, silentLogger);
      expect(again.every((r) => r.reencrypted === 0)).toBe(true);
      // readable with only the new key
      const onlyNew = new FieldCipher("k2", { k2: (rotated as unknown as { keys: Map<string, Buffer> }).keys.get("k2")! });
      const reader = new PrismaStore(store.db, onlyNew, () => "x", kind);
      expect(await reader.chatAddresses.get("conv-3")).toEqual({ channel: "telegram", address: "chat-3" });
      expect(await reader.inbound.find("k4")).toEqual({ response: [{ text: "respuesta 4" }] });
      expect((await reader.inbox.list("telegram", 10)).map((i) => i.payload)).toEqual(['{"update_id":1}', '{"update_id":2}', '{"update_id":3}']);
    } finally {
      await t.cleanup();
    }
  });
});
