import { AsyncLocalStorage } from "node:async_hooks";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type AdapterFactory = InstanceType<typeof PrismaBetterSQLite3>;
type Adapter = Awaited<ReturnType<AdapterFactory["connect"]>>;
type AdapterTransaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/**
 * One FIFO queue for SQLite's one connection.
 *
 * better-sqlite3 has a single connection, so a statement sent while a transaction is open runs *inside* that
 * transaction: a read would see another turn's uncommitted rows (a case code that is then rolled back could be
 * sent), and a write (an outbox message marked sent) would be rolled back with someone else's turn. So every
 * top-level query and every transaction as a whole waits its turn here, one at a time, in arrival order.
 *
 * Calls made from inside the job that holds the connection (a top-level query in a transaction's callback)
 * are part of that job and run at once: queued, they would wait for the job that waits for them.
 */
export class SqliteGate {
  private readonly waiting: (() => void)[] = [];
  private holder: object | undefined;
  private closed = false;
  private readonly context = new AsyncLocalStorage<object>();

  private get inside(): boolean {
    const token = this.context.getStore();
    return token !== undefined && token === this.holder;
  }

  /** Runs `work` alone on the connection, after everything queued before it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inside) return work();
    if (this.closed) return Promise.reject(new Error("the database is closed"));
    return new Promise<T>((resolve, reject) => {
      const token = {};
      const start = () => {
        this.holder = token;
        this.context
          .run(token, async () => work())
          .then(resolve, reject)
          .finally(() => this.next());
      };
      if (this.holder === undefined && this.waiting.length === 0) start();
      else this.waiting.push(start);
    });
  }

  /** Takes the connection until `release` is called (a transaction Prisma opens on its own). */
  hold(): Promise<() => void> {
    return new Promise((acquired, failed) => {
      this.run(
        () =>
          new Promise<void>((released) => {
            acquired(() => released());
          }),
      ).catch(failed);
    });
  }

  /** true when called from inside the job holding the connection */
  get isInsideJob(): boolean {
    return this.inside;
  }

  /** Refuses new work while the connection is closed (Prisma opens it again on the next query). */
  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
  }

  private next(): void {
    this.holder = undefined;
    this.waiting.shift()?.();
  }
}

/**
 * Wraps Prisma's better-sqlite3 adapter so that every query it sends outside a transaction, and every
 * transaction it opens on its own (implicit ones), waits its turn at the gate. Interactive transactions take
 * the gate as a whole in `gateTransactions` (their callback runs inside the job).
 */
export function gatedAdapterFactory(inner: AdapterFactory, gate: SqliteGate): AdapterFactory {
  const factory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect(): Promise<Adapter> {
      const adapter = await inner.connect();
      gate.open();
      return gatedAdapter(adapter, gate);
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
  return factory as unknown as AdapterFactory;
}

function gatedAdapter(adapter: Adapter, gate: SqliteGate): Adapter {
  const gated = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query: Parameters<Adapter["queryRaw"]>[0]) => gate.run(() => adapter.queryRaw(query)),
    executeRaw: (query: Parameters<Adapter["executeRaw"]>[0]) => gate.run(() => adapter.executeRaw(query)),
    executeScript: (script: string) => gate.run(() => adapter.executeScript(script)),
    async startTransaction(isolationLevel?: Parameters<Adapter["startTransaction"]>[0]): Promise<AdapterTransaction> {
      // inside an interactive transaction's job: the job already holds the connection
      if (gate.isInsideJob) return adapter.startTransaction(isolationLevel);
      const release = await gate.hold();
      try {
        return releasing(await adapter.startTransaction(isolationLevel), release);
      } catch (error) {
        release();
        throw error;
      }
    },
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => {
      gate.close();
      return adapter.dispose();
    },
  };
  return gated as unknown as Adapter;
}

function releasing(tx: AdapterTransaction, release: () => void): AdapterTransaction {
  const end = (finish: () => Promise<void>) => async () => {
    try {
      await finish();
    } finally {
      release();
    }
  };
  const wrapped = {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: tx.queryRaw.bind(tx),
    executeRaw: tx.executeRaw.bind(tx),
    commit: end(() => tx.commit()),
    rollback: end(() => tx.rollback()),
  };
  return wrapped as unknown as AdapterTransaction;
}

/**
 * Runs each `$transaction` of this client as one job at the gate, callback included: nothing else reaches the
 * connection while it is open, and the callback's own top-level calls run inside it.
 */
export function gateTransactions<C extends { $transaction: unknown }>(client: C, gate: SqliteGate): C {
  const original = (client.$transaction as (...args: unknown[]) => Promise<unknown>).bind(client);
  (client as { $transaction: unknown }).$transaction = (...args: unknown[]) => gate.run(() => original(...args));
  return client;
}
