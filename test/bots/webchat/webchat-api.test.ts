import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../helpers/test-service.ts";

type Msg = { text: string; buttons?: { id: string; label: string }[] };

describe("web chat JSON API", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const post = (id: string, body: unknown) =>
    request(t.app)
      .post(`/api/webchat/${id}/messages`)
      .send(body as object);
  const button = (messages: Msg[], label: string) => {
    const b = messages.flatMap((m) => m.buttons ?? []).find((x) => x.label === label);
    if (!b) throw new Error(`no button ${label}: ${JSON.stringify(messages)}`);
    return b.id;
  };

  it("should answer the health check once migrated", async () => {
    const res = await request(t.app).get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("should serve an accessible chat page with strict security headers", async () => {
    const res = await request(t.app).get("/chat");
    expect(res.status).toBe(200);
    expect(res.text).toContain('role="log"');
    expect(res.text).toContain('name="viewport"');
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(res.headers["x-powered-by"]).toBeUndefined();
    expect((await request(t.app).get("/chat.js")).status).toBe(200);
  });

  it("should run a whole report and answer with a case code", async () => {
    const id = "report-path-0001";
    let res = await post(id, { text: "hola" });
    expect(res.status).toBe(200);
    res = await post(id, { choice: button(res.body.messages, "Español") });
    res = await post(id, { choice: button(res.body.messages, "Reportar algo") });
    res = await post(id, { choice: button(res.body.messages, "Oferta sospechosa") });
    res = await post(id, { text: "Ofrecen trabajo de mesera en Mazuko, 3000 soles y pasaje pagado" });
    res = await post(id, { location: { latitude: -12.593, longitude: -69.189 } });
    res = await post(id, { choice: button(res.body.messages, "Esta semana") });
    res = await post(id, { choice: button(res.body.messages, "No") });
    res = await post(id, { choice: button(res.body.messages, "Saltar") });
    const review = res.body.messages.at(-1).text as string;
    expect(review).toContain("Mazuko, 3000 soles");
    res = await post(id, { choice: button(res.body.messages, "Enviar") });
    const text = (res.body.messages as Msg[]).map((m) => m.text).join("\n");
    expect(text).toMatch(
      /[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/,
    );
    expect(text).toContain("1818");
  });

  it("should reject bad input with a clear JSON error and store nothing", async () => {
    const id = "bad-input-00001";
    const cases: [unknown, number, RegExp][] = [
      [{}, 400, /exactly one/],
      [{ text: "a", choice: "b" }, 400, /exactly one/],
      [{ text: "x".repeat(4001) }, 400, /4,000/],
      [{ text: "hola", extra: 1 }, 400, /extra|Unrecognized/i],
      [{ location: { latitude: 200, longitude: 0 } }, 400, /latitude/],
      [{ text: 5 }, 400, /text/],
    ];
    for (const [body, status, message] of cases) {
      const res = await post(id, body);
      expect(res.status, JSON.stringify(body).slice(0, 50)).toBe(status);
      expect(res.body.error.message).toMatch(message);
    }
    const notJson = await request(t.app)
      .post(`/api/webchat/${id}/messages`)
      .set("Content-Type", "application/json")
      .send('{"text": "hola"');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe("INVALID_INPUT");
    const tooBig = await post(id, { text: "x".repeat(70_000) }); // over the 64 kB body limit
    expect(tooBig.status).toBe(413);
    for (const badId of ["short", "has spaces in it", "x".repeat(65), "ñandúñandú"]) {
      expect((await post(encodeURIComponent(badId), { text: "hola" })).status).toBe(400);
    }
    // nothing was stored for the conversation that only sent bad input
    const conv = t.service.identity.conversationId("webchat", id);
    expect(await t.service.store.conversations.load(conv)).toBeUndefined();
  });

  it("should answer the same reply to a retried message id without a second effect", async () => {
    const id = "retry-path-0001";
    await post(id, { text: "hola" });
    const first = await post(id, { text: "1", messageId: "abc123" });
    const second = await post(id, { text: "1", messageId: "abc123" });
    expect(second.body).toEqual(first.body);
    const third = await post(id, { text: "menu", messageId: "abc124" });
    expect(third.body.messages[0].text).toContain("¿Qué quieres hacer?");
  });

  it("should re-ask empty, emoji-only and unknown answers, then offer help", async () => {
    const id = "reask-path-0001";
    await post(id, { text: "hola" });
    const r1 = await post(id, { text: "   " });
    expect(r1.body.messages[0].text).toMatch(/No entendí/);
    await post(id, { text: "🙂🙂" });
    const r3 = await post(id, { text: "quiero otra cosa" });
    expect(r3.body.messages[0].text).toContain("105");
    // the question again, and from now on a way out to the menu
    expect(r3.body.messages.at(-1).buttons.map((b: { label: string }) => b.label)).toEqual(["Español", "English", "Runasimi", "Menú"]);
  });

  it("should deliver operator messages queued for the web chat when the page asks", async () => {
    const id = "pending-path-0001";
    await post(id, { text: "hola" });
    const conv = t.service.identity.conversationId("webchat", id);
    await t.service.store.outbox.enqueue([
      {
        id: "op-1",
        conversationId: conv,
        channel: "webchat",
        message: { text: "Hola, somos el equipo" },
        sourceKey: "fu-1",
        seq: 0,
        createdAt: new Date(),
      },
    ]);
    const res = await request(t.app).get(`/api/webchat/${id}/messages`);
    expect(res.body.messages).toEqual([{ text: "Hola, somos el equipo" }]);
    expect((await request(t.app).get(`/api/webchat/${id}/messages`)).body.messages).toEqual([]);
  });

  it("should return JSON 404 for unknown routes", async () => {
    const res = await request(t.app).get("/nope");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
  });
});
