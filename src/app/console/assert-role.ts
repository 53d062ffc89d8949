import { AppError } from "../../core/app-error.ts";
import { type Actor, ROLE_RANK, type Role } from "./ports.ts";

/**
 * Guard: the actor's role is at least `minimum` (viewer < operator < admin).
 * @throws AppError FORBIDDEN otherwise.
 */
export function assertRole(actor: Actor, minimum: Role): void {
  if (ROLE_RANK[actor.role] < ROLE_RANK[minimum]) {
    throw new AppError("FORBIDDEN", "role not allowed", { role: actor.role, needs: minimum });
  }
}

/** True when the actor's role is at least `minimum`. */
export function hasRole(actor: Actor, minimum: Role): boolean {
  return ROLE_RANK[actor.role] >= ROLE_RANK[minimum];
}
