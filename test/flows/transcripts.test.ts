import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.ts";
import type { InboundContent, OutboundMessage } from "../../src/core/messages.ts";
import { MemoryStore } from "../../src/storage/memory-store.ts";
import { startTestService, type TestService } from "../helpers/test-service.ts";

interface Step {
  send: { text: string } | { press: string } | { location: { latitude: number; longitude: number } };
  /** substrings every reply of the step must contain, together; "<CASE_CODE>" matches any case code */
  expect: string[];
}
interface Transcript {
  description: string;
  steps: Step[];
}

const DIR = join(import.meta.dirname, "transcripts");
const CASE_CODE = /[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/;

/**
 * Flow transcripts as fixtures: each file is a conversation (inputs and what the replies must say), run
 * through the real service with a fixed clock. After every step the stored session must survive a JSON
 * round trip unchanged.
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

  for (const file of readdirSync(DIR).filter((f) => f.endsWith(".json")).sort()) {
    const transcript = JSON.parse(readFileSync(join(DIR, file), "utf8")) as Transcript;
    it(`${file}: ${transcript.description}`, async () => {
      const chatRef = `transcript-${file}`;
      let last: OutboundMessage[] = [];
      for (const [i, step] of transcript.steps.entries()) {
        let content: InboundContent;
        if ("text" in step.send) content = { kind: "text", text: step.send.text };
        else if ("location" in step.send) content = { kind: "location", ...step.send.location };
        else {
          const label = step.send.press;
          const button = last.flatMap((m) => m.buttons ?? []).find((b) => b.label === label);
          if (!button) throw new Error(`step ${i + 1}: no button «${label}» in ${JSON.stringify(last.map((m) => m.buttons?.map((b) => b.label)))}`);
          content = { kind: "choice", id: button.id };
        }
        const result = await t.service.handleInbound({ channel: "webchat", chatRef, messageId: `s${i}`, content });
        last = result.messages;
        const text = last.map((m) => [m.text, ...(m.buttons ?? []).map((b) => b.label)].join("\n")).join("\n");
        for (const expected of step.expect) {
          if (expected === "<CASE_CODE>") expect(text, `step ${i + 1}`).toMatch(CASE_CODE);
          else expect(text, `step ${i + 1}`).toContain(expected);
        }
        const conversation = await store.conversations.load(t.service.identity.conversationId("webchat", chatRef));
        if (conversation?.session) expect(JSON.parse(JSON.stringify(conversation.session))).toEqual(conversation.session);
      }
    });
  }
});
