import { randomBytes, randomUUID } from "node:crypto";
import { caseCodeFromBytes } from "../core/case-code.ts";
import { pseudonym } from "../core/crypto.ts";
import type { Identity } from "./ports.ts";

/** Keyed pseudonyms for chats, inbound ids and case codes; CSPRNG ids and case codes. */
export function createIdentity(pseudonymKey: Buffer): Identity {
  return {
    conversationId: (channel, chatRef) => pseudonym(pseudonymKey, "conversation", channel, chatRef),
    inboundKey: (channel, chatRef, messageId) =>
      pseudonym(pseudonymKey, "inbound", channel, chatRef, messageId),
    newId: () => randomUUID(),
    newCaseCode: () => caseCodeFromBytes(randomBytes(10)),
    caseCodeHash: (code) => pseudonym(pseudonymKey, "case", code),
  };
}
