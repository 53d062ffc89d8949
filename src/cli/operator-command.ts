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
  npm run operator -- reset --email <email> [--totp] [--enable]
                     new one-time password (valid 72 h); --totp also forgets TOTP, --enable re-enables a disabled account
  npm run operator -- list`;

/**
 * Deliberately plain: something@something.something, no spaces. (zod's email check wants a top-level domain of
 * two letters or more and refused addresses such as a@b.c; the address only names an account here.)
 */
const ZEmail = z
  .string()
  .max(254)
  .regex(/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/);

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      role: { type: "string" },
      totp: { type: "boolean", default: false },
      enable: { type: "boolean", default: false },
    },
  });
}

/** Where the command writes: stdout for results, stderr for problems. */
export interface CommandOutput {
  log(line: string): void;
  error(line: string): void;
}

/**
 * Console accounts. `create` and `reset` print a one-time password once (it is never stored in clear and
 * must be changed at first login); there are no default credentials. Uses the same database and keys as the
 * service (DATABASE_URL, DATA_DIR), migrating it first if needed. Returns the exit code: 0 done, 1 refused
 * (duplicate, unknown account, bad configuration), 2 bad arguments.
 */
export async function runOperatorCommand(
  args: string[],
  env: Record<string, string | undefined>,
  out: CommandOutput = { log: (l) => console.log(l), error: (l) => console.error(l) },
): Promise<number> {
  try {
    return await operatorCommand(args, env, out);
  } catch (error) {
    if (error instanceof ConfigError) out.error(error.message);
    else if (isAppError(error) && (error.code === "CONFLICT" || error.code === "NOT_FOUND"))
      out.error(error.code === "CONFLICT" ? "an account with this email already exists" : "no account with this email");
    else out.error(`operator command failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function operatorCommand(args: string[], env: Record<string, string | undefined>, out: CommandOutput): Promise<number> {
  let parsedArgs: ReturnType<typeof parseOptions>;
  try {
    parsedArgs = parseOptions(args);
  } catch {
    out.error(USAGE);
    return 2;
  }
  const { positionals, values } = parsedArgs;
  const command = positionals[0];
  if (!command || !["create", "disable", "reset", "list"].includes(command)) {
    out.error(USAGE);
    return 2;
  }
  let email = "";
  if (command !== "list") {
    const parsed = ZEmail.safeParse(values.email?.trim().toLowerCase());
    if (!parsed.success) {
      out.error(`--email: a valid email is required\n${USAGE}`);
      return 2;
    }
    email = parsed.data;
  }
  const role = z.enum(ROLES).safeParse(values.role);
  if (command === "create" && !role.success) {
    out.error(`--role: one of ${ROLES.join(", ")}\n${USAGE}`);
    return 2;
  }

  const config = parseConfig(env);
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const service = await composeService(config, { logger });
  try {
    const deps = createConsoleDeps(service);
    if (command === "create") {
      const { operator, oneTimePassword } = await createOperator(deps, { email, role: role.data!, actor: "cli" });
      out.log(`created ${operator.role} account ${operator.email}`);
      out.log(`one-time password: ${oneTimePassword}`);
      out.log("Give it to the person over a separate channel; they must change it at first login.");
      if (operator.role === "admin" && config.CONSOLE_REQUIRE_TOTP)
        out.log("CONSOLE_REQUIRE_TOTP=1: they will also enrol an authenticator app at first login.");
    } else if (command === "disable") {
      await disableOperator(deps, { email, actor: "cli" });
      out.log(`disabled ${email}; its sessions have ended`);
    } else if (command === "reset") {
      const { oneTimePassword, disabled } = await resetOperatorPassword(deps, { email, actor: "cli", resetTotp: values.totp, enable: values.enable });
      out.log(`reset ${email}${values.totp ? " (TOTP removed)" : ""}${values.enable ? " and enabled" : ""}; its sessions have ended`);
      if (disabled) out.log("The account is still disabled: add --enable to let it sign in again.");
      out.log(`one-time password: ${oneTimePassword}`);
    } else {
      for (const o of await deps.store.operators.list()) {
        const flags = [o.disabledAt ? "disabled" : "active", o.totpSecret ? "totp" : "", o.mustChangePassword ? "must-change-password" : ""];
        out.log(`${o.email}\t${o.role}\t${flags.filter(Boolean).join(",")}`);
      }
    }
    return 0;
  } finally {
    await service.close();
  }
}
