import { type Category, type ReferralCode, TRAFFICKING_CATEGORIES, type Urgency } from "./types.ts";

const CHILD_ROUTES: ReferralCode[] = ["LINEA_100", "UPE", "DEMUNA"];

/** The routing table of REFERENCE.md §1.0, in priority order (105 first in an emergency). */
export function referralsFor(urgency: Urgency, categories: Set<Category>, minor: boolean, fired: Set<string>, text: string): ReferralCode[] {
  const out: ReferralCode[] = [];
  const add = (...codes: ReferralCode[]) => {
    for (const code of codes) if (!out.includes(code)) out.push(code);
  };
  if (urgency === "emergency") add("105");
  const trafficking = TRAFFICKING_CATEGORIES.some((c) => categories.has(c));
  if (trafficking) add("1818");
  if (categories.has("missing_person")) add("105"); // any comisaría must take it at once (DL 1428)
  if (minor) add(...CHILD_ROUTES);
  if (categories.has("sexual_exploitation") || categories.has("gender_violence")) add("LINEA_100", "CEM");
  if (categories.has("labor_exploitation") || categories.has("labor_rights")) add("SUNAFIL");
  if (fired.has("online_contact") || fired.has("romance_recruitment") || fired.has("sexual_images") || fired.has("asks_for_images") || fired.has("partner_control") || fired.has("grooming")) add("CHAT_100");
  if (trafficking && (urgency === "high" || urgency === "emergency")) add("FISCALIA");
  if (fired.has("authority_ignored")) add("DEFENSORIA");
  if (fired.has("foreign")) add("MIGRACIONES"); // last: 1818, PNP or Fiscalía come first for a foreign victim (§1.11)
  if (out.length === 0) {
    // Information only: a 24-hour human line, and where the question is about trata or a CEM, those.
    if (/\b(?:trata|trafficking|tratasqa|1818)\b/.test(text)) add("1818");
    if (/\bcem\b/.test(text)) add("CEM");
    add("LINEA_100");
  }
  return out;
}
