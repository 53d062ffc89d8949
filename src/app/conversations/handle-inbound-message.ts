import { LRUCache } from "lru-cache";
import { AppError, isAppError, userMessageKeyOf } from "../../core/app-error.ts";
import type { Clock } from "../../core/clock.ts";
import type { ChannelKind, InboundMessage, OutboundMessage } from "../../core/messages.ts";
import { resume, start } from "../../flows/engine/engine.ts";
import type { EngineEnv, EngineEvent, EngineInput, Session, Sprint } from "../../flows/engine/types.ts";
import type { FlowSet } from "../../flows/schema.ts";
import type { Translator } from "../../i18n/i18n.ts";
import type { ActionContext, ActionRunner } from "../actions/action-runner.ts";
import type { OutboxHandover } from "../outbox/outbox-dispatcher.ts";
import type { Identity, OutboxClaim, OutboxEntry, Repos, Store } from "../ports.ts";
import { renderEvents } from "../render-events.ts";
import type { IntakeBudget } from "./intake-budget.ts";
import { wipeConversation } from "./wipe-conversation.ts";

export interface HandleInboundDeps {
  store: Store;
  flows: FlowSet;
  translator: Translator;
  identity: Identity;
  clock: Clock;
  locks: { run<T>(key: string, work: () => Promise<T>): Promise<T> };
  actions: ActionRunner;
  /** per-conversation flood control (optional: tests drive the use case without it) */
  gate?: { pass(conversationId: string): Promise<void> };
  /** global / per-client budgets of new conversations and reports (optional, like the gate) */
  budget?: Pick<IntakeBudget, "admitConversation" | "pace">;
  /**
   * push channels: sends the replies of a "borrar" turn without storing them (the wipe leaves no outbox row
   * and no chat address to deliver from)
   */
  deliverUnstored?: (channel: ChannelKind, address: string, messages: OutboundMessage[], conversationId: string) => Promise<void>;
  /**
   * push channels: the claim a turn stores its replies with, so the channel sends them at once without
   * reading them back (undefined: stored unclaimed, for the outbox to claim and send)
   */
  outboxClaim?: (channel: ChannelKind) => OutboxClaim | undefined;
  settings: {
    waitTimeoutMs: number;
    defaultLocale: string;
    /** channels whose replies are queued in the outbox and pushed by a sender (Telegram, WhatsApp) */
    outboxChannels: ReadonlySet<ChannelKind>;
  };
}

export interface HandleInboundResult {
  conversationId: string;
  /** the replies to this inbound, in order (already queued in the outbox for push channels) */
  messages: OutboundMessage[];
  /** true when this inbound id was seen before: nothing was changed, `messages` are the recorded replies */
  duplicate: boolean;
  /** true when the turn wiped the conversation ("borrar"): nothing of it is stored, not even these replies */
  wiped?: boolean;
  /** push channels: the replies as stored, claimed for this instance, ready for `flushConversation` */
  handover?: OutboxHandover;
}

const MAX_ATTEMPTS = 3;

/**
 * The failure reply must come in the person's language even when the database is down: the language of
 * recent conversations (by pseudonym, never the chat id) is kept in memory, and a failed turn's error
 * carries it to the channel that answers.
 */
const recentLocales = new LRUCache<string, string>({ max: 10_000 });
const failureLocales = new WeakMap<object, string>();

interface TurnLocale {
  current: string;
  forget?: boolean;
}

/**
 * The core use case: one inbound message → engine turn(s) → actions → stored state → replies.
 *
 * Guarantees: one inbound at a time per conversation (lock), all effects of a turn in one transaction (the
 * dedupe record, the session, a report, the outbox), and a repeated inbound id has no second effect.
 * Busy databases and concurrent writers are retried; an unrecoverable failure throws an AppError whose
 * code maps to a "try again, or call 105 / Línea 100" reply (see `failureReply`).
 */
export async function handleInboundMessage(
  deps: HandleInboundDeps,
  inbound: InboundMessage,
): Promise<HandleInboundResult> {
  const conversationId = deps.identity.conversationId(inbound.channel, inbound.chatRef);
  const inboundKey =
    inbound.messageId !== undefined
      ? deps.identity.inboundKey(inbound.channel, inbound.chatRef, inbound.messageId)
      : undefined;

  const locale: TurnLocale = { current: recentLocales.get(conversationId) ?? localeFrom(inbound, deps.settings.defaultLocale) };
  try {
    await deps.gate?.pass(conversationId);
    await deps.budget?.pace(inbound.channel, deps.clock.now());
    return await deps.locks.run(conversationId, async () => {
      for (let attempt = 1; ; attempt++) {
        const committed: (() => void)[] = [];
        try {
          const result = await deps.store.transaction(
            (tx) => processTurn(deps, tx, inbound, conversationId, inboundKey, committed, locale),
            { lockKey: conversationId },
          );
          for (const callback of committed) callback();
          if (locale.forget) recentLocales.delete(conversationId); // "borrar" forgets the language too
          else if (!result.duplicate) recentLocales.set(conversationId, locale.current);
          if (result.wiped && deps.deliverUnstored && deps.settings.outboxChannels.has(inbound.channel)) {
            await deps.deliverUnstored(inbound.channel, inbound.chatRef, result.messages, conversationId);
          }
          return result;
        } catch (error) {
          const retriable =
            isAppError(error) && (error.code === "STORAGE_UNAVAILABLE" || error.code === "CONFLICT");
          if (!retriable || attempt >= MAX_ATTEMPTS) throw AppError.from(error);
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
        }
      }
    });
  } catch (error) {
    const appError = AppError.from(error);
    failureLocales.set(appError, locale.current);
    throw appError;
  }
}

async function processTurn(
  deps: HandleInboundDeps,
  tx: Repos,
  inbound: InboundMessage,
  conversationId: string,
  inboundKey: string | undefined,
  committed: (() => void)[],
  locale: TurnLocale,
): Promise<HandleInboundResult> {
  // the dedupe record, the conversation and whether replies are still waiting to go out, in one read
  const { prior, record: existing, outboxPending } = await tx.conversations.loadForInbound(conversationId, inboundKey);
  if (prior) return { conversationId, messages: prior.response, duplicate: true };
  const now = deps.clock.now();
  const startLocale =
    existing?.session?.locale ?? existing?.locale ?? localeFrom(inbound, deps.settings.defaultLocale);
  locale.current = startLocale;
  const env: EngineEnv = {
    now,
    waitTimeoutMs: deps.settings.waitTimeoutMs,
    labelOf: (key, locale) => deps.translator.t(locale, key),
  };
  const input = toEngineInput(inbound);
  let sprint: Sprint = existing
    ? // An unreadable stored session is passed as an invalid one: the engine resets to the menu with an apology.
      resume(deps.flows, existing.session ?? ({ v: 0 } as unknown as Session), input, env)
    : start(deps.flows, startLocale, input, env);
  const events: EngineEvent[] = [...sprint.events];

  const sourceKey = inboundKey ?? `local:${deps.identity.newId()}`;
  const context: ActionContext = {
    tx,
    now,
    conversationId,
    channel: inbound.channel,
    sourceKey,
    clientKey: inbound.clientKey,
    locale: () => sprint.session.locale,
    flow: () => ({ id: sprint.session.flowId, revision: sprint.session.revision }),
    afterCommit: (callback) => committed.push(callback),
  };
  // Actions hand control back to the app; each result resumes the engine (bounded by the engine's step cap).
  for (let i = 0; i < 20 && isWaitingForAction(sprint.session); i++) {
    const request = [...sprint.events].reverse().find((e) => e.type === "action_requested");
    const result = request ? await deps.actions.run(request.action, request.params, context) : undefined;
    const actionInput: EngineInput =
      result === undefined ? { kind: "action_result", ok: false, error: "no action" } : result;
    sprint = resume(deps.flows, sprint.session, actionInput, env);
    events.push(...sprint.events);
  }

  const messages = renderEvents(events, startLocale, deps.translator);
  locale.current = sprint.session.locale;
  if (events.some((e) => e.type === "conversation_wiped")) {
    // Nothing of this turn is stored either: no dedupe record, no outbox row (a retried "borrar" just wipes
    // again, harmlessly); push channels get the replies through `deliverUnstored`.
    await wipeConversation(tx, conversationId);
    locale.forget = true;
    return { conversationId, messages, duplicate: false, wiped: true };
  }

  if (!existing) deps.budget?.admitConversation(inbound.channel, inbound.clientKey, now);
  const session = sprint.session;
  await tx.conversations.save({
    id: conversationId,
    channel: inbound.channel,
    locale: session.locale,
    session,
    expectedVersion: existing?.version,
    lastInboundAt: now,
    waitExpiresAt:
      session.status === "waiting" && session.wait ? new Date(session.wait.expiresAt) : undefined,
  });
  // The id is derived from the address, so the address never changes: store it once, when the
  // conversation starts (after "borrar" or expiry both are gone and come back together).
  if (!existing) await tx.chatAddresses.upsert(conversationId, inbound.channel, inbound.chatRef);

  let handover: OutboxHandover | undefined;
  if (deps.settings.outboxChannels.has(inbound.channel)) {
    const entries: OutboxEntry[] = messages.map((message, seq) => ({
      id: deps.identity.newId(),
      conversationId,
      channel: inbound.channel,
      message,
      sourceKey,
      seq,
      createdAt: now,
    }));
    const claim = deps.outboxClaim?.(inbound.channel);
    if (claim) {
      // pending as read at the turn's start: on SQLite nothing else runs in between; on PostgreSQL only an
      // operator's message could be queued meanwhile, as it could between any check and the commit
      const claimed = await tx.outbox.enqueueClaimed(entries, claim, outboxPending);
      if (claimed) handover = { entries: claimed, address: inbound.chatRef };
    } else {
      await tx.outbox.enqueue(entries);
    }
  }
  if (inboundKey) await tx.inbound.record(inboundKey, conversationId, messages);
  return { conversationId, messages, duplicate: false, ...(handover ? { handover } : {}) };
}

function isWaitingForAction(session: Session): boolean {
  return session.status === "waiting" && session.wait?.kind === "action";
}

function localeFrom(inbound: InboundMessage, fallback: string): string {
  const hint = inbound.languageHint?.slice(0, 2).toLowerCase();
  return hint === "en" || hint === "qu" || hint === "es" ? hint : fallback;
}

export function toEngineInput(inbound: InboundMessage): EngineInput {
  const c = inbound.content;
  switch (c.kind) {
    case "text":
      return { kind: "text", text: c.text };
    case "choice":
      return { kind: "choice", id: c.id };
    case "location":
      return { kind: "location", latitude: c.latitude, longitude: c.longitude };
    case "media":
      return { kind: "media", mediaType: c.mediaType, ref: c.ref };
    case "unsupported":
      return { kind: "unsupported", what: c.what };
  }
}

/**
 * The reply when a turn could not be completed: never silence, always a way to get help now. It comes in the
 * conversation's language when the error came from `handleInboundMessage`; else in `fallbackLocale`.
 */
export function failureReply(error: unknown, fallbackLocale: string, translator: Translator): OutboundMessage {
  const code = isAppError(error) ? error.code : "INTERNAL";
  const locale = (typeof error === "object" && error !== null && failureLocales.get(error)) || fallbackLocale;
  const specific = isAppError(error) ? error.details?.messageKey : undefined;
  return { text: translator.t(locale, typeof specific === "string" ? specific : userMessageKeyOf[code]), locale };
}
