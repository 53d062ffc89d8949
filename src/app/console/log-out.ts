import type { Actor, ConsoleDeps } from "./ports.ts";

/** Ends one session (the cookie's token is useless afterwards). */
export async function logOut(deps: ConsoleDeps, options: { actor: Actor; sessionId: string }): Promise<void> {
  await deps.store.transaction(async (tx) => {
    await tx.sessions.delete(options.sessionId);
    await tx.audit.record({ actor: options.actor.id, action: "console.logout", subject: options.actor.id });
  });
}
