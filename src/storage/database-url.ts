import { isAbsolute, resolve } from "node:path";

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string): DatabaseKind {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** `file:./data/x.db` → absolute path of the SQLite file (relative paths are relative to the working dir). */
export function sqlitePath(url: string): string {
  const path = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}
