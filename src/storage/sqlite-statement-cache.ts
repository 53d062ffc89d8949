import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";

type AdapterFactory = InstanceType<typeof PrismaBetterSQLite3>;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

const DEFAULT_MAX = 256;

/**
 * Prisma's better-sqlite3 adapter prepares every statement on every call (`client.prepare(sql).bind(args)`),
 * so SQLite parses and plans the same few statements again for every message (about a tenth of a message's
 * CPU). This keeps the prepared statements of the most recent SQL texts on the adapter's connection.
 *
 * A better-sqlite3 statement can be bound only once, so `bind(args)` on a cached one returns a view that
 * passes the arguments at execution instead; its raw mode is set on each execution, so one caller's
 * `raw()` never changes what the next one gets.
 */
export function cacheStatements(db: BetterSqlite3.Database, max = DEFAULT_MAX): void {
  const prepare = db.prepare.bind(db) as (source: string) => Statement;
  const cache = new Map<string, Statement>();
  const cached = (source: string): Statement => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source); // most recently used last: the first entry is the one to evict
    } else {
      statement = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  };
  const original = db.prepare;
  db.prepare = function (this: BetterSqlite3.Database, ...args: unknown[]) {
    // better-sqlite3's own helpers (pragma, …) pass more arguments: they get a statement of their own
    if (args.length !== 1 || typeof args[0] !== "string") return (original as (...a: unknown[]) => Statement).apply(this, args);
    return cachedView(cached(args[0]));
  } as typeof db.prepare;
}

/** What the adapter uses of a fresh statement: `reader`, `columns`, `bind`, `raw` and the executions. */
function cachedView(statement: Statement) {
  const view = (params: unknown[]) => {
    let raw = false;
    const mode = () => {
      if (statement.reader) statement.raw(raw);
      return statement;
    };
    const bound = {
      get reader() {
        return statement.reader;
      },
      columns: () => statement.columns(),
      raw(toggle = true) {
        raw = toggle;
        return bound;
      },
      run: (...more: unknown[]) => statement.run(...params, ...more),
      all: (...more: unknown[]) => mode().all(...params, ...more),
      get: (...more: unknown[]) => mode().get(...params, ...more),
      bind(...more: unknown[]) {
        return view([...params, ...more]);
      },
    };
    return bound;
  };
  return view([]);
}

/** The adapter factory, with each connection's statements cached (`cacheStatements`). */
export function statementCachingFactory(inner: AdapterFactory, max = DEFAULT_MAX): AdapterFactory {
  const factory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      // the adapter's better-sqlite3 connection (not part of its typed interface: without it, nothing is cached)
      const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
      if (client && typeof client.prepare === "function") cacheStatements(client, max);
      return adapter;
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
  return factory as unknown as AdapterFactory;
}
