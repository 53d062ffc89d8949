import { runKeysCommand } from "./keys-command.ts";

/** `npm run keys -- rotate|resume`: data-key rotation (see keys-command.ts). */
runKeysCommand(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("key rotation failed (run `npm run keys -- resume` to continue):", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
