import type { ConsoleDeps, ConsoleRepos, ConsoleSession } from "./ports.ts";

/** A new session's cookie token (never stored) and its CSRF token. */
export interface OpenedSession {
  token: string;
  csrfToken: string;
}

/** The earlier of the idle deadline (from `lastSeenAt`) and the absolute one (from `createdAt`). */
export function sessionDeadline(deps: Pick<ConsoleDeps, "settings">, createdAt: Date, lastSeenAt: Date): Date {
  return new Date(
    Math.min(
      lastSeenAt.getTime() + deps.settings.idleTimeoutMs,
      createdAt.getTime() + deps.settings.absoluteTimeoutMs,
    ),
  );
}

/** Creates a session with fresh random tokens; only the token's SHA-256 is stored. */
export async function openSession(
  tx: ConsoleRepos,
  deps: Pick<ConsoleDeps, "credentials" | "settings">,
  operatorId: string,
  now: Date,
): Promise<OpenedSession> {
  const token = deps.credentials.newToken();
  const csrfToken = deps.credentials.newToken();
  const session: ConsoleSession = {
    id: deps.credentials.digest(token),
    operatorId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: sessionDeadline(deps, now, now),
  };
  await tx.sessions.create(session);
  return { token, csrfToken };
}
