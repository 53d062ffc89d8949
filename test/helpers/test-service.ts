import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Express } from "express";
import { createHttpApp } from "../../src/api/http-server.ts";
import { webchatRouter } from "../../src/bots/webchat/webchat-router.ts";
import { type ComposeOptions, composeService, type Service } from "../../src/compose.ts";
import { parseConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/core/logger.ts";

export interface TestService {
  service: Service;
  app: Express;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** The real service on a fresh SQLite file in a temp folder, with the web chat mounted. */
export async function startTestService(
  env: Record<string, string> = {},
  options: Partial<ComposeOptions> = {},
): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), "trata-bot-svc-"));
  const config = parseConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${join(dataDir, "db.sqlite")}`,
    // scripted clients all come from 127.0.0.1: the per-address limit is tested on its own
    WEBCHAT_REQUESTS_PER_MINUTE: "1000000",
    ...env,
  });
  // scripted conversations send faster than people: a lenient flood gate keeps the tests quick
  const floodGate = { burst: 1_000, refillMs: 1, maxQueued: 1_000 };
  // ...and open many chats: the abuse budgets are tested on their own (test/security/webchat-abuse.test.ts)
  const intakeBudget = { newConversationsPerMinute: 1_000_000, newConversationsPerClient: 1_000_000, reportsPerHour: 1_000_000 };
  const service = await composeService(config, { logger: silentLogger, floodGate, intakeBudget, ...options });
  const app = createHttpApp({
    logger: silentLogger,
    ping: () => service.store.ping(),
    routers: [webchatRouter(service)],
  });
  return {
    service,
    app,
    dataDir,
    async cleanup() {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
