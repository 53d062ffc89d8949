/**
 * The service directory and place resolution (pure: no I/O here; `load-directory.ts` reads the shipped
 * data and `load-json-store.ts` keeps imported records).
 *
 * Commonly used: `createDirectory`, `serviceLine`, `fallbackNotice`, the types.
 * Importing the MIMP CEM list: `parseCemCsv`, `decodeCsvBytes`.
 */
export { createDirectory } from "./create-directory.ts";
export {
  fallbackNotice,
  formatKm,
  type MessageRef,
  serviceLine,
  verifiedOnNotice,
} from "./describe-service.ts";
export { decodeCsvBytes } from "./decode-text.ts";
export { type CemImportOptions, type CemImportResult, parseCemCsv } from "./import-cem-csv.ts";
export { mergeServices } from "./merge-services.ts";
export { NEED_ORDER, NEED_TAGS } from "./need-routes.ts";
export * from "./types.ts";
