import { parseArgs } from "node:util";
import { z } from "zod";
import { createOperator } from "../app/console/create-operator.ts";
import { disableOperator } from "../app/console/disable-operator.ts";
import { ROLES } from "../app/console/ports.ts";
import { resetOperatorPassword } from "../app/console/reset-operator-password.ts";
import { composeService } from "../compose.ts";
import { ConfigError, parseConfig } from "../config/config.ts";
import { isAppError } from "../core/app-error.ts";
import { createConsoleDeps } from "../console/console-deps.ts";
import { createLogger } from "../logging.ts";

const USAGE = `Usage:
  npm run operator -- create --email <email> --role admin|operator|viewer
  npm run operator -- disable --email <email>
  npm run operator -- reset --email <email> [--totp]    new one-time password (and forget TOTP with --totp)
  npm run operator -- list`;

const ZEmail = z.email().max(254);

/**
 * Console accounts. `create` and `reset` print a one-time password once (it is never stored in clear and
 * must be changed at first login); there are no default credentials. Uses the same database and keys as the
 * service (DATABASE_URL, DATA_DIR), migrating it first if needed.
 */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: "string" }, role: { type: "string" }, totp: { type: "boolean", default: false } },
  });
  const command = positionals[0];
  if (!command || !["create", "disable", "reset", "list"].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  let email = "";
  if (command !== "list") {
    const parsed = ZEmail.safeParse(values.email?.trim().toLowerCase());
    if (!parsed.success) {
      console.error(`--email: a valid email is required\n${USAGE}`);
      return 2;
    }
    email = parsed.data;
  }
  const role = z.enum(ROLES).safeParse(values.role);
  if (command === "create" && !role.success) {
    console.error(`--role: one of ${ROLES.join(", ")}\n${USAGE}`);
    return 2;
  }

  const config = parseConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const service = await composeService(config, { logger });
  try {
    const deps = createConsoleDeps(service);
    if (command === "create") {
      const { operator, oneTimePassword } = await createOperator(deps, { email, role: role.data!, actor: "cli" });
      console.log(`created ${operator.role} account ${operator.email}`);
      console.log(`one-time password: ${oneTimePassword}`);
      console.log("Give it to the person over a separate channel; they must change it at first login.");
      if (operator.role === "admin" && config.CONSOLE_REQUIRE_TOTP)
        console.log("CONSOLE_REQUIRE_TOTP=1: they will also enrol an authenticator app at first login.");
    } else if (command === "disable") {
      await disableOperator(deps, { email, actor: "cli" });
      console.log(`disabled ${email}; its sessions have ended`);
    } else if (command === "reset") {
      const { oneTimePassword } = await resetOperatorPassword(deps, { email, actor: "cli", resetTotp: values.totp });
      console.log(`reset ${email}${values.totp ? " (TOTP removed)" : ""}; its sessions have ended`);
      console.log(`one-time password: ${oneTimePassword}`);
    } else {
      for (const o of await deps.store.operators.list()) {
        const flags = [o.disabledAt ? "disabled" : "active", o.totpSecret ? "totp" : "", o.mustChangePassword ? "must-change-password" : ""];
        console.log(`${o.email}\t${o.role}\t${flags.filter(Boolean).join(",")}`);
      }
    }
    return 0;
  } finally {
    await service.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else if (isAppError(error) && (error.code === "CONFLICT" || error.code === "NOT_FOUND"))
      console.error(error.code === "CONFLICT" ? "an account with this email already exists" : "no account with this email");
    else console.error("operator command failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
