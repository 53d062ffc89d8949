import { randomUUID } from "node:crypto";
import { guard } from "./prisma-store.ts";
import type { Db } from "./open-database.ts";

/** A lease lives this long unless renewed; a crashed holder blocks the other side for at most this long. */
export const LEASE_TTL_MS = 90_000;
const RENEW_EVERY_MS = 30_000;
const SERVICE_PREFIX = "service:";
const ROTATION_ID = "key-rotation";

export interface HeldLease {
  readonly id: string;
  release(): Promise<void>;
}

/**
 * Leases in the database that keep key rotation and running services apart. A running service encrypts with
 * the key it loaded at start-up and cannot read values sealed with a key added later, so `npm run keys --
 * rotate` must not run beside it (it used to break the case pages and reset conversations in progress).
 *
 * Both sides write their own lease first and then look for the other's, so when a service and a rotation
 * start at the same moment at least one of them sees the other and backs off.
 */
export class ServiceLeases {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Services still renewing their lease (one per running instance). */
  async liveServices(): Promise<number> {
    return guard(
      this.db.serviceLease.count({ where: { id: { startsWith: SERVICE_PREFIX }, expiresAt: { gt: this.now() } } }),
    );
  }

  async rotationRunning(): Promise<boolean> {
    return (await guard(this.db.serviceLease.count({ where: { id: ROTATION_ID, expiresAt: { gt: this.now() } } }))) > 0;
  }

  /**
   * Held by a running service until `release()`.
   * @throws Error when a key rotation is running (the service must start after it, with the new key)
   */
  async holdForService(): Promise<HeldLease> {
    const lease = await this.hold(`${SERVICE_PREFIX}${randomUUID()}`);
    if (await this.rotationRunning()) {
      await lease.release();
      throw new Error("a data key rotation is running (npm run keys); start the service when it has finished");
    }
    return lease;
  }

  /**
   * Held by `npm run keys -- rotate|resume` while it re-encrypts.
   * @throws Error when a service is running or another rotation holds the lease
   */
  async holdForRotation(): Promise<HeldLease> {
    await guard(this.db.serviceLease.deleteMany({ where: { id: ROTATION_ID, expiresAt: { lte: this.now() } } }));
    try {
      await this.db.serviceLease.create({ data: { id: ROTATION_ID, expiresAt: this.expiry() } });
    } catch {
      throw new Error("another key rotation is running");
    }
    const lease = this.renewing(ROTATION_ID);
    const services = await this.liveServices();
    if (services > 0) {
      await lease.release();
      throw new Error(
        `the service is running (${services} instance${services > 1 ? "s" : ""}): stop it, run the rotation, then start it again` +
          ` (after a crash, wait ${LEASE_TTL_MS / 1000} s for its lease to expire)`,
      );
    }
    return lease;
  }

  private async hold(id: string): Promise<HeldLease> {
    await guard(
      this.db.serviceLease.upsert({ where: { id }, create: { id, expiresAt: this.expiry() }, update: { expiresAt: this.expiry() } }),
    );
    return this.renewing(id);
  }

  private renewing(id: string): HeldLease {
    const timer = setInterval(() => {
      this.db.serviceLease.updateMany({ where: { id }, data: { expiresAt: this.expiry() } }).catch(() => undefined);
    }, RENEW_EVERY_MS).unref();
    return {
      id,
      release: async () => {
        clearInterval(timer);
        await guard(this.db.serviceLease.deleteMany({ where: { id } })).catch(() => undefined);
      },
    };
  }

  private expiry(): Date {
    return new Date(this.now().getTime() + LEASE_TTL_MS);
  }
}
