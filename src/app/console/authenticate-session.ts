import type { Actor, ConsoleDeps } from "./ports.ts";
import { mustEnrollTotp } from "./log-in.ts";
import { sessionDeadline } from "./session-tokens.ts";

export interface AuthenticateSessionOptions {
  token: string;
  /**
   * true for a person's request (extends the idle deadline); false for background traffic (the live queue's
   * event stream and refreshes), which must not keep an unattended console signed in
   */
  activity: boolean;
}

export interface AuthenticatedSession {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
  mustChangePassword: boolean;
  mustEnrollTotp: boolean;
  totpEnrolled: boolean;
}

/**
 * Resolves a session cookie: unknown, idle for 30 min, older than 12 h, or of a disabled account → undefined
 * (and the expired row is deleted).
 */
export async function authenticateSession(
  deps: ConsoleDeps,
  options: AuthenticateSessionOptions,
): Promise<AuthenticatedSession | undefined> {
  if (!options.token) return undefined;
  const id = deps.credentials.digest(options.token);
  const session = await deps.store.sessions.find(id);
  if (!session) return undefined;
  const now = deps.clock.now();
  if (now >= sessionDeadline(deps, session.createdAt, session.lastSeenAt)) {
    await deps.store.sessions.delete(id);
    return undefined;
  }
  const operator = await deps.store.operators.findById(session.operatorId);
  if (!operator || operator.disabledAt) {
    await deps.store.sessions.delete(id);
    return undefined;
  }
  if (options.activity) await deps.store.sessions.touch(id, now, sessionDeadline(deps, session.createdAt, now));
  return {
    actor: { id: operator.id, email: operator.email, role: operator.role },
    sessionId: id,
    csrfToken: session.csrfToken,
    mustChangePassword: operator.mustChangePassword,
    mustEnrollTotp: mustEnrollTotp(deps, operator),
    totpEnrolled: !!operator.totpSecret,
  };
}
