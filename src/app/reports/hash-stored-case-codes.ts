import { parseCaseCode } from "../../core/case-code.ts";
import type { Identity, Store } from "../ports.ts";

/**
 * Start-up step: receipts stored in clear by an older version (the migration carried them over as
 * "plain:<code>", since it has no key) are replaced by their keyed hash. Idempotent and safe on several
 * instances at once (compare-and-set); a no-op once done. Returns how many were hashed now.
 */
export async function hashStoredCaseCodes(store: Store, identity: Pick<Identity, "caseCodeHash">): Promise<number> {
  let hashed = 0;
  for (;;) {
    const rows = await store.reports.listPlainCodes(200);
    if (rows.length === 0) return hashed;
    await store.transaction(async (tx) => {
      for (const { id, code } of rows) {
        const canonical = parseCaseCode(code) ?? code;
        if (await tx.reports.replacePlainCode(id, code, identity.caseCodeHash(canonical))) hashed++;
      }
    });
  }
}
