export { createDirectory, haversineKm, normalizePlaceName } from "./create-directory.ts";
export { serviceLine } from "./describe-service.ts";
export type { Directory, DirectoryData, District, Need, Place, ServiceMatch, ServiceRecord } from "./types.ts";
export { ZServiceRecord } from "./types.ts";
