// Generates both Prisma clients offline (JS query compiler, no engine download).
// The CLI needs a DATABASE_URL of the right kind only to read the schema; no database is contacted.
import { execFileSync } from "node:child_process";

const prisma = ["node_modules/prisma/build/index.js", "generate"];
const run = (args, url) =>
  execFileSync(process.execPath, [...prisma, ...args], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });

run(["--config", "prisma.config.ts"], "file:./data/generate.db");
run(["--config", "prisma/postgresql/prisma.config.ts"], "postgresql://localhost/generate");
