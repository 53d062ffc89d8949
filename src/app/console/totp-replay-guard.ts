/**
 * Remembers the last TOTP time step each operator used, so a code seen once (shoulder-surfed, phished) cannot
 * be replayed within its window. In memory: after a restart the window is at most one period wide anyway.
 */
export class TotpReplayGuard {
  private readonly last = new Map<string, number>();

  /** true (and remembered) when `timeStep` is newer than the last one accepted for this operator */
  accept(operatorId: string, timeStep: number): boolean {
    const previous = this.last.get(operatorId);
    if (previous !== undefined && timeStep <= previous) return false;
    this.last.set(operatorId, timeStep);
    return true;
  }
}
