/**
 * The one application error. `code` decides the HTTP status and the chat reply at the edges; `message` is for
 * logs and must never contain message text, chat ids, phone numbers or names.
 */
export const AppErrorCode = {
  INVALID_INPUT: "INVALID_INPUT",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  RATE_LIMITED: "RATE_LIMITED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  /** the database is busy or unreachable: the user is told to try again or call a hotline */
  STORAGE_UNAVAILABLE: "STORAGE_UNAVAILABLE",
  /** a flow definition is broken (caught at load time, never at run time) */
  INVALID_FLOW: "INVALID_FLOW",
  INTERNAL: "INTERNAL",
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export const httpStatusOf: Record<AppErrorCode, number> = {
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  STORAGE_UNAVAILABLE: 503,
  INVALID_FLOW: 500,
  INTERNAL: 500,
};

/** i18n key of the chat reply for each code (the bot never goes silent). */
export const userMessageKeyOf: Record<AppErrorCode, string> = {
  INVALID_INPUT: "errors.invalid_input",
  NOT_FOUND: "errors.generic",
  CONFLICT: "errors.generic",
  UNAUTHORIZED: "errors.generic",
  FORBIDDEN: "errors.generic",
  RATE_LIMITED: "errors.rate_limited",
  PAYLOAD_TOO_LARGE: "errors.invalid_input",
  STORAGE_UNAVAILABLE: "errors.try_again",
  INVALID_FLOW: "errors.try_again",
  INTERNAL: "errors.try_again",
};

export class AppError extends Error {
  override name = "AppError";
  readonly code: AppErrorCode;
  /** safe, non-personal details (field names, ids of our own records) */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  /** Wraps anything thrown into an AppError (unknown errors become INTERNAL). */
  static from(error: unknown): AppError {
    if (isAppError(error)) return error;
    return new AppError("INTERNAL", "unexpected error", undefined, { cause: error });
  }
}

/** Matches on `name` so it works across module copies. */
export function isAppError(value: unknown): value is AppError {
  return value instanceof Error && value.name === "AppError" && "code" in value;
}
