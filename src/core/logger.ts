/**
 * The logging port (pino satisfies it). Log only what is safe: event names, counts, durations, our own ids.
 * Never message text, chat ids, phone numbers, names, coordinates, IPs or case codes.
 */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silentLogger,
};
