import type { ActionName } from "./app/actions/action-names.ts";
import { type ActionRunner, createActionRunner } from "./app/actions/action-runner.ts";
import { addFollowUp } from "./app/actions/add-follow-up.ts";
import { assessRisk, type RiskAssessor } from "./app/actions/assess-risk.ts";
import { findServices } from "./app/actions/find-services.ts";
import { lookupCase } from "./app/actions/lookup-case.ts";
import { resolvePlace } from "./app/actions/resolve-place.ts";
import { submitReport } from "./app/actions/submit-report.ts";
import { KeyedMutex } from "./app/conversation-lock.ts";
import {
  type HandleInboundResult,
  handleInboundMessage,
} from "./app/conversations/handle-inbound-message.ts";
import { FloodGate, type FloodGateOptions } from "./app/conversations/flood-gate.ts";
import { sendReminders } from "./app/conversations/send-reminders.ts";
import { createIdentity } from "./app/identity.ts";
import { purgeExpiredData } from "./app/retention/purge-expired-data.ts";
import { OutboxDispatcher } from "./app/outbox/outbox-dispatcher.ts";
import type { Identity, Report, Store } from "./app/ports.ts";
import { CodeLookupThrottle } from "./app/reports/code-lookup-throttle.ts";
import type { Config } from "./config/config.ts";
import { loadSecrets } from "./config/secrets.ts";
import type { Clock } from "./core/clock.ts";
import { systemClock } from "./core/clock.ts";
import { FieldCipher } from "./core/crypto.ts";
import type { Logger } from "./core/logger.ts";
import type { ChannelKind, InboundMessage } from "./core/messages.ts";
import type { Directory } from "./directory/index.ts";
import { loadDirectory } from "./directory/load-directory.ts";
import { createJsonFileStore, storePathFromEnv } from "./directory/load-json-store.ts";
import { loadFlowSet } from "./flows/load-flows.ts";
import type { FlowSet } from "./flows/schema.ts";
import { checkFlowSet } from "./flows/validate-flow.ts";
import { createTranslator, type Translator } from "./i18n/i18n.ts";
import { migrate } from "./storage/migrate.ts";
import { openDatabase } from "./storage/open-database.ts";
import { createPrismaDirectoryStore } from "./storage/prisma-directory-store.ts";
import { PrismaStore } from "./storage/prisma-store.ts";
import { assess } from "./triage/index.ts";

/** Everything the adapters (HTTP, chats, bots, CLIs) need, built once from the configuration. */
export interface Service {
  config: Config;
  store: Store;
  flows: FlowSet;
  translator: Translator;
  directory: Directory;
  identity: Identity;
  clock: Clock;
  logger: Logger;
  handleInbound(inbound: InboundMessage): Promise<HandleInboundResult>;
  /** listeners told about new reports (live console queue, operator alerts) */
  onReportCreated: Set<(report: Report) => void>;
  /** per-conversation ordering (inbound turns and outbound sends) */
  locks: KeyedMutex;
  /** delivers queued messages; channels register their sender */
  outbox: OutboxDispatcher;
  /** starts the periodic jobs (outbox sweep, reminders, retention purge); returns a stop function */
  startBackgroundJobs(): () => Promise<void>;
  /** one pass of each periodic job (tests, CLIs) */
  runJobsOnce(): Promise<void>;
  close(): Promise<void>;
}

export interface ComposeOptions {
  logger: Logger;
  clock?: Clock;
  /** an already-open store (tests); otherwise the database in config.DATABASE_URL is migrated and opened */
  store?: Store;
  /** channels whose replies go through the outbox (the push channels that are enabled) */
  outboxChannels?: ChannelKind[];
  /** per-conversation flood control (defaults suit people typing; load tests raise them) */
  floodGate?: FloodGateOptions;
}

export async function composeService(config: Config, options: ComposeOptions): Promise<Service> {
  const logger = options.logger;
  const clock = options.clock ?? systemClock;
  const secrets = loadSecrets(config);
  if (secrets.generated) {
    logger.warn(
      { file: `${config.DATA_DIR}/secrets.json` },
      "generated new secret keys (pseudonyms, encryption) in the data folder; back this file up, losing it makes stored data unreadable",
    );
  }
  const identity = createIdentity(secrets.pseudonymKey);
  const translator = createTranslator();
  const flows = loadFlowSet();

  let store = options.store;
  // services imported with `npm run directory -- import FILE.csv` (e.g. MIMP's CEM list) join the shipped ones
  const imported = process.env.DIRECTORY_STORE_PATH ? await createJsonFileStore(storePathFromEnv()).listServices() : [];
  if (!store) {
    const applied = await migrate(config.DATABASE_URL);
    if (applied.length) logger.info({ migrations: applied }, "database migrated");
    const { db, kind } = await openDatabase(config.DATABASE_URL);
    const cipher = new FieldCipher(secrets.currentDataKeyId, secrets.dataKeys);
    store = new PrismaStore(db, cipher, identity.newId, kind);
    imported.push(...(await createPrismaDirectoryStore(db).listServices()));
  }
  const directory = loadDirectory(imported);

  const onReportCreated = new Set<(report: Report) => void>();
  const actions = buildActions({ translator, directory, identity, onReportCreated, logger });
  const problems = checkFlowSet(flows, { hasKey: (k) => translator.has(k), actions: actions.names });
  if (problems.length) throw new Error(`flow definitions are broken:\n  ${problems.join("\n  ")}`);

  const openStore = store;
  const locks = new KeyedMutex();
  const outbox = new OutboxDispatcher({ store: openStore, clock, logger, locks });
  const reminderDeps = {
    store: openStore,
    flows,
    translator,
    identity,
    clock,
    locks,
    settings: { reminderAfterMs: config.REMINDER_AFTER_MINUTES * 60_000, waitTimeoutMs: config.WAIT_TIMEOUT_MINUTES * 60_000 },
  };
  const policy = {
    sessionHours: config.RETENTION_SESSION_HOURS,
    closedReportDays: config.RETENTION_CLOSED_REPORT_DAYS,
    technicalDays: config.RETENTION_TECHNICAL_DAYS,
    auditDays: config.RETENTION_AUDIT_DAYS,
  };
  const purge = async () => {
    const result = await purgeExpiredData({ store: openStore, clock, locks }, policy);
    logger.info({ ...result }, "retention purge");
  };
  const reminders = async () => {
    const queued = await sendReminders(reminderDeps);
    if (queued) {
      logger.info({ queued }, "reminders queued");
      await outbox.flushDue();
    }
  };
  const deps = {
    store: openStore,
    gate: new FloodGate(options.floodGate),
    flows,
    translator,
    identity,
    clock,
    locks,
    actions,
    settings: {
      waitTimeoutMs: config.WAIT_TIMEOUT_MINUTES * 60_000,
      defaultLocale: config.DEFAULT_LOCALE,
      outboxChannels: new Set(options.outboxChannels ?? (["telegram", "whatsapp"] as ChannelKind[])),
    },
  };
  return {
    config,
    store: openStore,
    flows,
    translator,
    directory,
    identity,
    clock,
    logger,
    onReportCreated,
    locks,
    outbox,
    handleInbound: (inbound) => handleInboundMessage(deps, inbound),
    startBackgroundJobs() {
      outbox.start();
      const every = (ms: number, job: () => Promise<void>, name: string) =>
        setInterval(() => job().catch((error: unknown) => logger.error({ err: error, job: name }, "job failed")), ms).unref();
      const timers = [every(60_000, reminders, "reminders"), every(60 * 60_000, purge, "retention")];
      // after a restart: purge once soon, and daily give SQLite's freed pages back (secure_delete zeroes them)
      const first = setTimeout(() => void purge().catch(() => undefined), 10_000).unref();
      const compact = every(24 * 60 * 60_000, () => openStore.retention.compact(), "compact");
      return async () => {
        for (const t of [...timers, compact]) clearInterval(t);
        clearTimeout(first);
        await outbox.stop();
      };
    },
    async runJobsOnce() {
      await reminders();
      await purge();
      await outbox.flushDue();
    },
    async close() {
      await outbox.stop();
      await openStore.close();
    },
  };
}

function buildActions(deps: {
  translator: Translator;
  directory: Directory;
  identity: Identity;
  onReportCreated: Set<(report: Report) => void>;
  logger: Logger;
}): ActionRunner & { names: string[] } {
  const assessor: RiskAssessor = { assess };
  const throttle = new CodeLookupThrottle();
  const notify = (report: Report) => {
    for (const listener of deps.onReportCreated) {
      try {
        listener(report);
      } catch (error) {
        deps.logger.error({ err: error }, "report listener failed");
      }
    }
  };
  const handlers = {
    assess_risk: assessRisk(assessor),
    resolve_place: resolvePlace(deps.directory, deps.translator),
    find_services: findServices(deps.directory, deps.translator),
    submit_report: submitReport({
      assessor,
      directory: deps.directory,
      identity: deps.identity,
      onCreated: notify,
    }),
    lookup_case: lookupCase(throttle),
    add_follow_up: addFollowUp(deps.identity),
  } satisfies Record<ActionName, unknown>;
  return createActionRunner(handlers);
}
