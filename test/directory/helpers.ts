import { loadDirectory, loadShippedData } from "../../src/directory/load-directory.ts";
import type { Directory, DirectoryData } from "../../src/directory/types.ts";

/** The shipped data and directory, loaded once per test file (loading reads ~2,000 CSV rows). */
export const shippedData: DirectoryData = loadShippedData();
export const directory: Directory = loadDirectory();

/** A district by INEI code from the shipped data (throws so a typo in a test fails loudly). */
export function district(code: string) {
  const found = shippedData.districts.find((d) => d.code === code);
  if (!found) throw new Error(`no district ${code}`);
  return found;
}
