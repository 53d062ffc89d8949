import type { Express } from "express";
import request from "supertest";

export type Msg = { text: string; buttons?: { id: string; label: string }[] };
export const CODE_PATTERN = /[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}/;

/** A web chat client over the JSON API: every message carries an id (so dedupe records are written). */
export function webchatClient(app: Express, chatId: string, headers: Record<string, string> = {}) {
  let n = 0;
  let last: Msg[] = [];
  const post = async (body: object) => {
    const res = await request(app).post(`/api/webchat/${chatId}/messages`).set(headers).send({ ...body, messageId: `m${++n}` });
    last = (res.body.messages ?? []) as Msg[];
    return res;
  };
  const buttonId = (label: string) => last.flatMap((m) => m.buttons ?? []).find((b) => b.label === label)?.id;
  return {
    post,
    say: (text: string) => post({ text }),
    press(label: string) {
      const id = buttonId(label);
      if (!id) throw new Error(`no button ${label}: ${JSON.stringify(last).slice(0, 300)}`);
      return post({ choice: id });
    },
    has: (label: string) => buttonId(label) !== undefined,
    last: () => last,
    /** from "hola" (or just after it) to the receipt; returns the receipt code */
    async fileReport(description: string, options: { kind?: string; saidHello?: boolean } = {}) {
      const kind = options.kind ?? "Oferta sospechosa";
      if (!options.saidHello) await this.say("hola");
      await this.press("Español");
      await this.press("Reportar algo");
      await this.press(kind);
      await this.say(description);
      if (this.has("Seguir el reporte")) await this.press("Seguir el reporte");
      await post({ location: { latitude: -12.593, longitude: -69.189 } });
      for (let i = 0; i < 10 && !last.some((m) => CODE_PATTERN.test(m.text)); i++) {
        const label = ["Enviar", "Esta semana", "No", "Saltar"].find((l) => this.has(l));
        if (!label) throw new Error(`stuck at: ${last.at(-1)?.text}`);
        await this.press(label);
      }
      const receipt = last.find((m) => CODE_PATTERN.test(m.text));
      if (!receipt) throw new Error(`no receipt: ${JSON.stringify(last).slice(0, 300)}`);
      return CODE_PATTERN.exec(receipt.text)![0];
    },
  };
}
