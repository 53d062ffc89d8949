import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** admin URL of the suite's private PostgreSQL server, "" when none could be started outside CI */
    postgresUrl: string;
  }
}

/** Debian's PostgreSQL server binaries (any installed major version). */
function findPgBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, "bin")).find((bin) => existsSync(join(bin, "initdb")));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts one private PostgreSQL server for the whole suite: its own data folder, a random port, loopback only,
 * trust auth. Stopped when the suite ends. In CI a missing server is an error, never a silent skip.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const bin = findPgBin();
  if (!bin) {
    if (process.env.CI) throw new Error("PostgreSQL is required in CI: install Debian's postgresql (see .ci/run)");
    console.warn("PostgreSQL not installed: PostgreSQL tests are skipped on this machine (they run in CI)");
    project.provide("postgresUrl", "");
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), "trata-bot-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), Number(execFileSync("id", ["-g", "postgres"]).toString()));
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", [join(bin, cmd), ...args.map((a) => `'${a}'`)].join(" ")], { stdio: "pipe" })
      : execFileSync(join(bin, cmd), args, { stdio: "pipe" });
  const data = join(dir, "data");
  const port = await freePort();
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  run("pg_ctl", [
    "-D",
    data,
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    "-l",
    join(dir, "log"),
    "-w",
    "start",
  ]);
  project.provide("postgresUrl", `postgresql://postgres@127.0.0.1:${port}/postgres`);
  return () => {
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
