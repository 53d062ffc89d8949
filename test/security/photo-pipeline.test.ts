import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createActionRunner } from "../../src/app/actions/action-runner.ts";
import { submitReport } from "../../src/app/actions/submit-report.ts";
import { wipeConversation } from "../../src/app/conversations/wipe-conversation.ts";
import { acceptPhoto, MAX_PHOTO_BYTES } from "../../src/app/media/accept-photo.ts";
import { createIdentity } from "../../src/app/identity.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { createSharpPhotoProcessor } from "../../src/media/sharp-photo-processor.ts";
import { MemoryStore } from "../../src/storage/memory-store.ts";
import type { PrismaStore } from "../../src/storage/prisma-store.ts";
import { createWhatsAppChannel } from "../../src/bots/whatsapp/whatsapp-channel.ts";
import { type ConsoleTestService, logInAgent, startConsoleService } from "../console/console-helpers.ts";
import { FakeSocketFactory, waMessage, waText } from "../fakes/fake-baileys-socket.ts";
import { startTestService } from "../helpers/test-service.ts";
import { emptyDirectory, fakeAssessor } from "../helpers/fake-domain.ts";
import { EXIF_CANARY, metadataOf, photoWithExif } from "../helpers/photos.ts";
import { cellsContaining } from "../helpers/scan-tables.ts";
import { startTelegramHarness, type TelegramHarness } from "../helpers/telegram-harness.ts";
import { webchatClient } from "../helpers/webchat-report.ts";

const processor = createSharpPhotoProcessor();
const canaries = [EXIF_CANARY.description, EXIF_CANARY.make];

describe("photo pipeline", () => {
  it("should re-encode a photo with no EXIF (GPS, phone, description), XMP, IPTC or ICC, its orientation applied", async () => {
    const original = await photoWithExif(64, 48);
    const before = await metadataOf(original);
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);
    const clean = await processor.clean(original);
    expect(clean).toBeDefined();
    const after = await metadataOf(clean!.data);
    expect(after).toMatchObject({ exif: undefined, xmp: undefined, icc: undefined, iptc: undefined, format: "jpeg" });
    expect([after.width, after.height]).toEqual([48, 64]); // turned upright, then the tag dropped
    for (const canary of canaries) expect(clean!.data.toString("latin1")).not.toContain(canary);
  });

  it("should refuse what is not an accepted image, and anything over the size limit before reading it", async () => {
    const store = new MemoryStore();
    const deps = { store, processor, identity: createIdentity(Buffer.alloc(32, 1)), clock: fixedClock("2026-12-01T12:00:00Z") };
    expect(await acceptPhoto(deps, Buffer.from("GIF89a not really"))).toEqual({ ok: false, reason: "not_an_image" });
    expect(await acceptPhoto(deps, Buffer.from("%PDF-1.7 a document"))).toEqual({ ok: false, reason: "not_an_image" });
    expect(await acceptPhoto(deps, Buffer.alloc(MAX_PHOTO_BYTES + 1))).toEqual({ ok: false, reason: "too_large" });
    expect(store.state.media.size).toBe(0);
    const ok = await acceptPhoto(deps, await photoWithExif());
    expect(ok).toEqual({ ok: true, ref: expect.stringMatching(/^media:/) });
  });

  it("should attach the photos a report's answers refer to when it is submitted", async () => {
    const store = new MemoryStore();
    const identity = createIdentity(Buffer.alloc(32, 2));
    const clock = fixedClock("2026-12-01T12:00:00Z");
    const accepted = await acceptPhoto({ store, processor, identity, clock }, await photoWithExif());
    const ref = accepted.ok ? accepted.ref : "";
    const runner = createActionRunner({ submit_report: submitReport({ assessor: fakeAssessor, directory: emptyDirectory, identity }) });
    await store.transaction((tx) =>
      runner.run("submit_report", { kind: "job_offer", description: "ofrecen trabajo", media: { mediaType: "photo", ref } }, {
        tx,
        now: clock.now(),
        conversationId: "conv-1",
        channel: "telegram",
        sourceKey: "src-1",
        locale: () => "es",
        flow: () => ({ id: "report", revision: 1 }),
        afterCommit: () => undefined,
      }),
    );
    const report = [...store.state.reports.values()][0]!;
    expect([...store.state.media.values()].map((m) => m.reportId)).toEqual([report.id]);
  });
});

describe("photos and borrar", () => {
  it("should delete the photos of an unfinished report with the conversation, and keep those a report took", async () => {
    const store = new MemoryStore();
    const identity = createIdentity(Buffer.alloc(32, 3));
    const clock = fixedClock("2026-12-01T12:00:00Z");
    const deps = { store, processor, identity, clock };
    const pending = await acceptPhoto(deps, await photoWithExif());
    const submitted = await acceptPhoto(deps, await photoWithExif());
    const idOf = (a: typeof pending) => (a.ok ? a.ref.slice("media:".length) : "");
    await store.media.attach([idOf(submitted)], "report-1");
    await store.conversations.save({
      id: "conv-1",
      channel: "webchat",
      locale: "es",
      session: { v: 1, flowId: "report", revision: 1, nodeId: "photo", status: "waiting", locale: "es", vars: { photo: { mediaType: "photo", ref: pending.ok ? pending.ref : "" }, old: submitted.ok ? submitted.ref : "" } },
      expectedVersion: undefined,
      lastInboundAt: clock.now(),
      waitExpiresAt: undefined,
    });
    await store.transaction((tx) => wipeConversation(tx, "conv-1"));
    expect([...store.state.media.keys()]).toEqual([idOf(submitted)]);
  });
});

describe("photos through Telegram", () => {
  let h: TelegramHarness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it("should download a photo with getFile, keep it only re-encoded and encrypted, never its file_id, and purge it when no report takes it", async () => {
    const clock = fixedClock(new Date());
    h = await startTelegramHarness({}, { clock });
    const chat = 5554001;
    await h.step(chat, () => h.api.pushText(chat, "/start"));
    const original = await photoWithExif();
    await h.step(chat, () => h.api.pushPhotoFile(chat, "AgACAgEAAxkBAAIBcanaryFileId", original));
    expect(h.api.downloads).toEqual(["photos/AgACAgEAAxkBAAIBcanaryFileId"]);
    const db = (h.service.store as PrismaStore).db;
    const rows = await db.reportMedia.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reportId: null, mimeType: "image/jpeg", data: expect.stringMatching(/^v1\./) });
    const bytes = (h.service.store as PrismaStore).cipher.decryptBytes(rows[0]!.data, `report_media.data:${rows[0]!.id}`);
    expect((await metadataOf(bytes)).exif).toBeUndefined();
    expect(await cellsContaining(db, ["AgACAgEAAxkBAAIBcanaryFileId", ...canaries])).toEqual([]);

    // never attached to a report: gone after the session retention period
    clock.advance(25 * 3_600_000);
    await h.service.runJobsOnce();
    expect(await db.reportMedia.count()).toBe(0);
  });
});

describe("photos through WhatsApp", () => {
  it("should download an image (also one sent as a document) with Baileys' media download and keep only the clean copy", async () => {
    const t = await startTestService({ WHATSAPP_ENABLED: "1", WHATSAPP_SEND_INTERVAL_MS: "0" });
    const factory = new FakeSocketFactory();
    const original = await photoWithExif();
    const downloaded: string[] = [];
    const channel = createWhatsAppChannel(t.service, t.service.config, {
      socketFactory: factory.create,
      print: () => undefined,
      downloadMedia: async (message) => {
        downloaded.push(message.key.id ?? "");
        return original;
      },
    });
    try {
      await channel.start();
      factory.last.open();
      const jid = "51987654321@s.whatsapp.net";
      const sentTo = () => factory.sockets.flatMap((x) => x.sent).filter((m) => m.jid === jid).length;
      const until = async (n: number) => {
        for (let i = 0; i < 200 && sentTo() < n; i++) await new Promise((r) => setTimeout(r, 20));
      };
      factory.last.deliver([waText(jid, "hola")]);
      await until(1);
      const before = sentTo();
      factory.last.deliver([waMessage(jid, { imageMessage: { mimetype: "image/jpeg", fileLength: original.length } }, { id: "WA-PHOTO-1" })]);
      factory.last.deliver([waMessage(jid, { documentMessage: { mimetype: "image/jpeg", fileName: "IMG_2211.jpg", fileLength: original.length } }, { id: "WA-DOC-1" })]);
      factory.last.deliver([waMessage(jid, { documentMessage: { mimetype: "application/pdf", fileName: "contrato.pdf" } }, { id: "WA-PDF-1" })]);
      await until(before + 3);
      expect(downloaded.sort()).toEqual(["WA-DOC-1", "WA-PHOTO-1"]);
      const db = (t.service.store as PrismaStore).db;
      expect(await db.reportMedia.count()).toBe(2);
      expect(await cellsContaining(db, ["WA-PHOTO-1", "WA-DOC-1", "IMG_2211", ...canaries])).toEqual([]);
    } finally {
      await channel.stop();
      await t.cleanup();
    }
  });
});

describe("photos in the console", () => {
  let t: ConsoleTestService;
  afterEach(async () => {
    await t?.cleanup();
  });

  it("should show a case's photos to operators and admins only, audited, never cached", async () => {
    t = await startConsoleService();
    await webchatClient(t.app, "photo-reporter-01").fileReport("Ofrecen trabajo en un bar de Mazuko con pasaje pagado");
    const db = (t.service.store as PrismaStore).db;
    const report = await db.report.findFirstOrThrow();
    const accepted = await t.service.acceptPhoto(await photoWithExif());
    const photoId = accepted.ok ? accepted.ref.slice("media:".length) : "";
    await t.service.store.transaction((tx) => tx.media.attach([photoId], report.id));

    const op = await logInAgent(t.app, "op@example.org", await t.createAccount("op@example.org", "operator"), "una clave larga y secreta");
    const viewer = await logInAgent(t.app, "viewer@example.org", await t.createAccount("viewer@example.org", "viewer"), "una clave larga y secreta");
    const page = await op.agent.get(`/console/cases/${report.id}`);
    expect(page.text).toContain(`/console/cases/${report.id}/photos/${photoId}`);
    const photo = await op.agent.get(`/console/cases/${report.id}/photos/${photoId}`).buffer(true);
    expect(photo.status).toBe(200);
    expect(photo.headers["content-type"]).toBe("image/jpeg");
    expect(photo.headers["cache-control"]).toBe("no-store");
    expect(photo.headers["x-content-type-options"]).toBe("nosniff");
    expect((await metadataOf(photo.body as Buffer)).exif).toBeUndefined();
    expect(await db.auditLog.count({ where: { action: "case.media_viewed", subject: report.id } })).toBe(1);

    expect((await viewer.agent.get(`/console/cases/${report.id}/photos/${photoId}`)).status).toBe(403);
    expect((await request(t.app).get(`/console/cases/${report.id}/photos/${photoId}`)).status).toBe(303);
    // a photo is only reachable through its own case
    const other = await op.agent.get(`/console/cases/00000000-0000-0000-0000-000000000000/photos/${photoId}`);
    expect(other.status).toBe(404);
  });
});
