/**
 * The layer rule (docs/ARCHITECTURE.md): dependencies point inward.
 *   core ← flows | triage | directory | i18n ← app ← storage | bots | api | console ← main
 * Pure layers (core, flows/engine, triage, directory) import nothing that does I/O.
 */
const IO_MODULES =
  "^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads|readline)$";
const IO_PACKAGES =
  "node_modules/(@prisma|prisma|better-sqlite3|pg|grammy|@grammyjs|@whiskeysockets|express|pino|helmet)";

module.exports = {
  forbidden: [
    {
      name: "pure-layers-no-io",
      comment:
        "core, the flow engine, triage and the directory logic are pure: no I/O modules or I/O packages",
      severity: "error",
      from: { path: "^src/(core|flows/engine|triage|directory)/", pathNot: "^src/directory/load-" },
      to: { path: [IO_MODULES, IO_PACKAGES], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "core-imports-nothing",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/(?!core/)" },
    },
    {
      name: "engine-only-core-and-flow-schema",
      severity: "error",
      from: { path: "^src/flows/engine/" },
      to: { path: "^src/(?!core/|flows/engine/|flows/schema\\.ts)" },
    },
    {
      name: "pure-domain-no-app",
      severity: "error",
      from: { path: "^src/(triage|directory|flows|i18n)/" },
      to: { path: "^src/(app|storage|bots|api|console|main)" },
    },
    {
      name: "app-depends-on-ports-not-adapters",
      severity: "error",
      from: { path: "^src/app/" },
      to: { path: ["^src/(storage|bots|api|console|cli)/", "^src/main\\.ts$", IO_PACKAGES] },
    },
    {
      name: "nothing-imports-adapters",
      comment: "only main.ts (and the CLIs) wire adapters together",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(main\\.ts|cli/|bots/|api/|console/)" },
      to: { path: "^src/(bots|api|console)/" },
    },
    {
      name: "channel-sdks-stay-in-their-adapter",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(bots/telegram|console/alerts|main\\.ts)" },
      to: { path: "node_modules/(grammy|@grammyjs)" },
    },
    {
      name: "baileys-stays-in-its-adapter",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/bots/whatsapp" },
      to: { path: "node_modules/@whiskeysockets" },
    },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
