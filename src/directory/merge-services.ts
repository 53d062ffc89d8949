import type { ServiceRecord } from "./types.ts";

const CEM_KINDS = new Set(["CEM", "CEM_24H"]);

/**
 * Shipped records plus imported ones (e.g. the MIMP CEM list). An imported record replaces a shipped one
 * with the same id. A shipped CEM that is only a placeholder (no phone, no address: e.g. "CEM Máncora",
 * known from a press note) is dropped when the import brings a CEM for the same district, because the
 * official list is the better source for that place.
 */
export function mergeServices(
  shipped: readonly ServiceRecord[],
  imported: readonly ServiceRecord[],
): ServiceRecord[] {
  const importedIds = new Set(imported.map((s) => s.id));
  const importedCemDistricts = new Set(
    imported.filter((s) => CEM_KINDS.has(s.kind) && s.ubigeo).map((s) => s.ubigeo as string),
  );
  const kept = shipped.filter((s) => {
    if (importedIds.has(s.id)) return false;
    const placeholder = CEM_KINDS.has(s.kind) && s.phones.length === 0 && !s.address;
    return !(placeholder && s.ubigeo && importedCemDistricts.has(s.ubigeo));
  });
  return [...kept, ...imported];
}
