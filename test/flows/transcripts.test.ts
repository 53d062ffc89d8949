import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageReporter } from "../../src/app/console/message-reporter.ts";
import { deliverPendingToWebchat } from "../../src/app/outbox/deliver-pending-to-webchat.ts";
import { MAX_MESSAGE_CHARS } from "../../src/app/render-events.ts";
import { createConsoleDeps } from "../../src/console/console-deps.ts";
import { fixedClock } from "../../src/core/clock.ts";
import type { InboundContent, OutboundMessage } from "../../src/core/messages.ts";
import { loadFlowSet } from "../../src/flows/load-flows.ts";
import { MemoryConsoleStore } from "../../src/storage/memory-console-store.ts";
import { MemoryStore } from "../../src/storage/memory-store.ts";
import { startTestService, type TestService } from "../helpers/test-service.ts";

type Send =
  | { text: string }
  | { press: string }
  | { location: { latitude: number; longitude: number } }
  | { photo: true }
  /** the team writes to the reporter from the console (the case this chat filed last) */
  | { team: string };
interface Step {
  send: Send;
  /** substrings the step's replies must contain, together; "<CASE_CODE>" matches any case code */
  expect: string[];
  /** substrings none of the replies may contain */
  expectNot?: string[];
}
interface Transcript {
  description: string;
  steps: Step[];
}

const DIR = join(import.meta.dirname, "transcripts");
const CASE_CODE = /[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/;
const EXAMPLE_CODE = "K7QM-3XDP-9RTA-WB2F";
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
const operator = { id: "op-transcripts", email: "op@example.org", role: "operator" as const };

/**
 * Flow transcripts as fixtures: each file is a conversation (inputs and what the replies must say), run
 * through the real service with a fixed clock. Files are named `<flow>.<locale>.<path>.json`. After every
 * step the stored session must survive a JSON round trip unchanged, and every reply fits in 400 characters.
 * "<CASE_CODE>" in a typed text is the code the conversation received last.
 */
describe("flow transcripts", () => {
  let t: TestService;
  let store: MemoryStore;
  beforeAll(async () => {
    store = new MemoryStore(() => new Date("2026-01-05T10:00:00Z"));
    t = await startTestService({}, { store, clock: fixedClock("2026-01-05T10:00:00Z") });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("should have a transcript of every flow in Spanish, English and Quechua", () => {
    const missing = Object.keys(loadFlowSet().flows).flatMap((flow) =>
      ["es", "en", "qu"].filter((l) => !FILES.some((f) => f.startsWith(`${flow}.${l}.`))).map((l) => `${flow}.${l}`),
    );
    expect(missing).toEqual([]);
  });

  for (const file of FILES) {
    const transcript = JSON.parse(readFileSync(join(DIR, file), "utf8")) as Transcript;
    it(`${file}: ${transcript.description}`, async () => {
      const chatRef = `transcript-${file}`;
      const conversationId = t.service.identity.conversationId("webchat", chatRef);
      let last: OutboundMessage[] = [];
      let caseCode = "";
      for (const [i, step] of transcript.steps.entries()) {
        const at = `${file} step ${i + 1}`;
        if ("team" in step.send) {
          const report = [...store.state.reports.values()].filter((r) => r.reporterLink === conversationId).at(-1);
          if (!report) throw new Error(`${at}: this chat filed no report`);
          const deps = createConsoleDeps(t.service, { store: new MemoryConsoleStore(store) });
          await messageReporter(deps, { actor: operator, reportId: report.id, text: step.send.team });
          last = await deliverPendingToWebchat(t.service, chatRef);
        } else {
          let content: InboundContent;
          const send = step.send;
          if ("text" in send) content = { kind: "text", text: send.text.replace("<CASE_CODE>", caseCode) };
          else if ("location" in send) content = { kind: "location", ...send.location };
          else if ("photo" in send) content = { kind: "media", mediaType: "photo", ref: `photo-${file}` };
          else {
            const button = last.flatMap((m) => m.buttons ?? []).find((b) => b.label === send.press);
            if (!button) throw new Error(`${at}: no button «${send.press}» in ${JSON.stringify(last.map((m) => m.buttons?.map((b) => b.label)))}`);
            content = { kind: "choice", id: button.id };
          }
          const result = await t.service.handleInbound({ channel: "webchat", chatRef, messageId: `s${i}`, content });
          last = result.messages;
        }
        const text = last.map((m) => [m.text, ...(m.buttons ?? []).map((b) => b.label)].join("\n")).join("\n");
        // the code prompt shows an example code: only a receipt's code counts
        const received = CASE_CODE.exec(text.replaceAll(EXAMPLE_CODE, ""))?.[0];
        caseCode = received ?? caseCode;
        for (const expected of step.expect) {
          if (expected === "<CASE_CODE>") expect(text, at).toMatch(CASE_CODE);
          else expect(text, at).toContain(expected);
        }
        for (const unexpected of step.expectNot ?? []) expect(text, at).not.toContain(unexpected);
        for (const m of last) expect(m.text.length, `${at}: ${m.text}`).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
        const conversation = await store.conversations.load(conversationId);
        if (conversation?.session) expect(JSON.parse(JSON.stringify(conversation.session))).toEqual(conversation.session);
      }
    });
  }
});
