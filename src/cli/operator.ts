import { runOperatorCommand } from "./operator-command.ts";

/** `npm run operator -- create|disable|reset|list ...`: console accounts (see operator-command.ts). */
runOperatorCommand(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("operator command failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
