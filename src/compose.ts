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
import { DEFAULT_INTAKE_BUDGET, IntakeBudget, type IntakeBudgetOptions } from "./app/conversations/intake-budget.ts";
import { type AcceptedPhoto, acceptPhoto, type PhotoProcessor } from "./app/media/accept-photo.ts";
import { sendReminders } from "./app/conversations/send-reminders.ts";
import { createIdentity } from "./app/identity.ts";
import { purgeExpiredData } from "./app/retention/purge-expired-data.ts";
import { OutboxDispatcher } from "./app/outbox/outbox-dispatcher.ts";
import type { Identity, Report, Store } from "./app/ports.ts";
import { CodeLookupThrottle, type CodeLookupLimits, DEFAULT_CODE_LOOKUP_LIMITS } from "./app/reports/code-lookup-throttle.ts";
import { hashStoredCaseCodes } from "./app/reports/hash-stored-case-codes.ts";
import type { Config } from "./config/config.ts";
import { cipherFrom, loadSecrets } from "./config/secrets.ts";
import type { Clock } from "./core/clock.ts";
import { systemClock } from "./core/clock.ts";
import type { Logger } from "./core/logger.ts";
import type { ChannelKind, InboundMessage, OutboundMessage } from "./core/messages.ts";
import type { Directory } from "./directory/index.ts";
import { loadDirectory } from "./directory/load-directory.ts";
import { createJsonFileStore, storePathFromEnv } from "./directory/load-json-store.ts";
import { loadFlowSet } from "./flows/load-flows.ts";
import type { FlowSet } from "./flows/schema.ts";
import { checkFlowSet } from "./flows/validate-flow.ts";
import { createTranslator, type Translator } from "./i18n/i18n.ts";
import { createSharpPhotoProcessor } from "./media/sharp-photo-processor.ts";
import { migrate } from "./storage/migrate.ts";
import { openDatabase } from "./storage/open-database.ts";
import { createPrismaDirectoryStore } from "./storage/prisma-directory-store.ts";
import { PrismaStore } from "./storage/prisma-store.ts";
import { type HeldLease, ServiceLeases } from "./storage/service-lease.ts";
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
  /**
   * The media pipeline: a channel hands over the bytes of a photo; they come back as a `media:<id>` reference
   * (stored re-encoded without metadata, encrypted) or a refusal (too large, not an image)
   */
  acceptPhoto(bytes: Buffer): Promise<AcceptedPhoto>;
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
  /** global and per-client budgets of new conversations and reports (web chat) */
  intakeBudget?: Partial<IntakeBudgetOptions>;
  /** case-code lookup throttling */
  codeLookupLimits?: Partial<CodeLookupLimits>;
  /** re-encodes photos without metadata (default: sharp) */
  photoProcessor?: PhotoProcessor;
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
  let lease: HeldLease | undefined;
  // services imported with `npm run directory -- import FILE.csv` (e.g. MIMP's CEM list) join the shipped ones
  const imported = process.env.DIRECTORY_STORE_PATH ? await createJsonFileStore(storePathFromEnv()).listServices() : [];
  if (!store) {
    const applied = await migrate(config.DATABASE_URL);
    if (applied.length) logger.info({ migrations: applied }, "database migrated");
    const { db, kind } = await openDatabase(config.DATABASE_URL);
    try {
      // while this service runs, `npm run keys -- rotate` refuses (and a running rotation stops us here)
      lease = await new ServiceLeases(db).holdForService();
    } catch (error) {
      await db.$disconnect();
      throw error;
    }
    store = new PrismaStore(db, cipherFrom(secrets), identity.newId, kind);
    imported.push(...(await createPrismaDirectoryStore(db).listServices()));
  }
  const directory = loadDirectory(imported);
  // receipts an older version stored in clear become keyed hashes (idempotent; a no-op once done)
  const hashed = await hashStoredCaseCodes(store, identity);
  if (hashed) {
    logger.info({ hashed }, "stored case codes replaced by their keyed hash");
    await store.retention.compact(); // rewrite the file so no page keeps an old code
  }

  const onReportCreated = new Set<(report: Report) => void>();
  const budget = new IntakeBudget({
    ...DEFAULT_INTAKE_BUDGET,
    newConversationsPerMinute: config.WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE,
    newConversationsPerClient: config.WEBCHAT_NEW_CONVERSATIONS_PER_CLIENT,
    reportsPerHour: config.WEBCHAT_REPORTS_PER_HOUR,
    ...options.intakeBudget,
  });
  onReportCreated.add((report) => budget.reportFiled(report.channel, clock.now()));
  const actions = buildActions({
    translator,
    directory,
    identity,
    onReportCreated,
    logger,
    codeLookupLimits: { ...DEFAULT_CODE_LOOKUP_LIMITS, ...options.codeLookupLimits },
  });
  const problems = checkFlowSet(flows, { hasKey: (k) => translator.has(k), actions: actions.names });
  if (problems.length) throw new Error(`flow definitions are broken:\n  ${problems.join("\n  ")}`);

  const openStore = store;
  const locks = new KeyedMutex();
  const outbox = new OutboxDispatcher({ store: openStore, clock, logger, locks, leaseMs: config.OUTBOX_LEASE_SECONDS * 1000 });
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
  const photos = { store: openStore, processor: options.photoProcessor ?? createSharpPhotoProcessor(), identity, clock };
  const deps = {
    store: openStore,
    gate: new FloodGate(options.floodGate),
    budget,
    deliverUnstored: (channel: ChannelKind, address: string, messages: OutboundMessage[], conversationId: string) =>
      outbox.sendUnstored(channel, address, messages, conversationId),
    outboxClaim: (channel: ChannelKind) => outbox.claimFor(channel),
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
    acceptPhoto: (bytes) => acceptPhoto(photos, bytes),
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
      await lease?.release();
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
  codeLookupLimits: CodeLookupLimits;
}): ActionRunner & { names: string[] } {
  const assessor: RiskAssessor = { assess };
  const throttle = new CodeLookupThrottle(deps.codeLookupLimits);
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
    lookup_case: lookupCase(throttle, deps.identity),
    add_follow_up: addFollowUp(deps.identity),
  } satisfies Record<ActionName, unknown>;
  return createActionRunner(handlers);
}
