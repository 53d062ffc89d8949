import type { Clock } from "../../core/clock.ts";
import { remind } from "../../flows/engine/engine.ts";
import type { FlowSet } from "../../flows/schema.ts";
import type { Translator } from "../../i18n/i18n.ts";
import type { Identity, Store } from "../ports.ts";
import { renderEvents } from "../render-events.ts";

export interface SendRemindersDeps {
  store: Store;
  flows: FlowSet;
  translator: Translator;
  identity: Identity;
  clock: Clock;
  locks: { run<T>(key: string, work: () => Promise<T>): Promise<T> };
  settings: { reminderAfterMs: number; waitTimeoutMs: number };
}

/**
 * One gentle reminder for a question left unanswered (then the wait expires on its own). The reminder is
 * queued in the outbox like any reply, so push channels send it and the web chat shows it when it polls.
 * Returns how many reminders were queued.
 */
export async function sendReminders(deps: SendRemindersDeps, limit = 100): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.store.conversations.listNeedingReminder(new Date(now.getTime() - deps.settings.reminderAfterMs), limit);
  let queued = 0;
  for (const candidate of due) {
    if (candidate.channel === "terminal") continue;
    const sent = await deps.locks.run(candidate.id, () =>
      deps.store.transaction(
        async (tx) => {
          const current = await tx.conversations.load(candidate.id);
          if (!current?.session || current.version !== candidate.version) return false;
          const sprint = remind(deps.flows, current.session, { now, waitTimeoutMs: deps.settings.waitTimeoutMs });
          const wait = current.session.wait;
          await tx.conversations.save({
            id: current.id,
            channel: current.channel,
            locale: current.locale,
            session: sprint?.session ?? current.session,
            expectedVersion: current.version,
            // keep the idle clock where it was: a reminder is not activity
            lastInboundAt: new Date(now.getTime() - deps.settings.reminderAfterMs),
            waitExpiresAt: wait ? new Date(wait.expiresAt) : undefined,
            reminderSentAt: now,
          });
          if (!sprint) return false;
          const messages = renderEvents(sprint.events, current.session.locale, deps.translator);
          await tx.outbox.enqueue(
            messages.map((message, seq) => ({
              id: deps.identity.newId(),
              conversationId: current.id,
              channel: current.channel,
              message,
              sourceKey: `reminder:${current.id}:${current.version}`,
              seq,
              createdAt: now,
            })),
          );
          return true;
        },
        { lockKey: candidate.id },
      ),
    );
    if (sent) queued++;
  }
  return queued;
}
