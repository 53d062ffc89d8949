// PLACEHOLDER until the directory branch lands (replaced wholesale on merge).
import type { Directory } from "./index.ts";
export function loadDirectory(): Directory {
  return {
    resolvePlace: () => undefined,
    nearest: () => [],
    forReferral: () => [],
    nationalLines: () => [],
    services: [],
  };
}
