import { type ConsoleDeps, type ConsoleSettings, type ConsoleStore, type Credentials, DEFAULT_CONSOLE_SETTINGS } from "../app/console/ports.ts";
import { TotpReplayGuard } from "../app/console/totp-replay-guard.ts";
import type { Service } from "../compose.ts";
import { createPrismaConsoleStore } from "../storage/prisma-console-repo.ts";
import { createCredentials } from "./credentials.ts";

export interface ConsoleDepsOptions {
  /** the console's storage; default: built on the service's database store */
  store?: ConsoleStore;
  credentials?: Credentials;
  settings?: Partial<ConsoleSettings>;
}

/** The console use cases' dependencies, from the service (its database, clock, ids, translator, config). */
export function createConsoleDeps(
  service: Service,
  options: ConsoleDepsOptions = {},
): ConsoleDeps & { totpReplay: TotpReplayGuard } {
  return {
    store: options.store ?? createPrismaConsoleStore(service.store),
    credentials: options.credentials ?? createCredentials(),
    clock: service.clock,
    newId: service.identity.newId,
    translator: service.translator,
    settings: {
      ...DEFAULT_CONSOLE_SETTINGS,
      requireTotpForAdmins: service.config.CONSOLE_REQUIRE_TOTP,
      ...options.settings,
    },
    totpReplay: new TotpReplayGuard(),
  };
}
