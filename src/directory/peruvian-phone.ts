/**
 * Long-distance area codes of Peru's departments (Lima and Callao use 1). Used only to check that a number
 * which carries an area code has a real one; an area code is never added to a number that lacks it,
 * except Lima's 01 (see {@link parsePeruvianPhones}).
 */
const AREA_CODES = new Set([
  "41", "42", "43", "44", "51", "52", "53", "54", "56", "61", "62", "63", "64", "65", "66", "67",
  "72", "73", "74", "76", "82", "83", "84",
]);

/** Everything after "anexo 12" / "anx. 3" / "int. 205" is an extension, not part of the number. */
const EXTENSION = /\b(?:anexo|anx|ext|int|interno)\b\.?\s*\d*/gi;
/** What the cell says when there is no phone. */
const NO_PHONE = /^(s\/n|no tiene|ninguno|sin tel[eé]fono)$/i;
/** What separates several numbers in one cell: "/", ";", ",", "|", new lines, " y ", " o ". */
const SEPARATORS = /[/;,|\n]|\s+y\s+|\s+o\s+/i;

/**
 * Extracts the numbers in a phone cell that look like Peruvian numbers, written as dialled from a mobile
 * in Peru:
 * - mobiles, 9 digits starting with 9 → "987 654 321";
 * - Lima/Callao landlines with area code ("(01) 426-1234", "+51 1 4261234") → "01 4261234";
 *   a bare 7-digit number is accepted as a Lima landline only when `limaArea` is true (the record's ubigeo
 *   is in the provinces of Lima or Callao), because that is how those numbers are dialled there;
 * - provincial landlines with a real area code ("(073) 123456", "073-123456") → "073 123456";
 * - free lines "0800-15170".
 * Anything else (6-digit local numbers without area code, short codes, text) is rejected and returned so
 * the importer can warn; nothing is ever completed or guessed.
 */
export function parsePeruvianPhones(
  cell: string | undefined,
  options: { limaArea?: boolean } = {},
): { phones: string[]; rejected: string[] } {
  const phones: string[] = [];
  const rejected: string[] = [];
  const text = (cell ?? "").replace(EXTENSION, " ").trim();
  if (text === "" || /^[-–—.\s]*$/.test(text) || NO_PHONE.test(text)) {
    return { phones, rejected };
  }
  for (const piece of text.split(SEPARATORS)) {
    const raw = piece.trim();
    if (raw === "") continue;
    const phone = formatPhone(raw, options.limaArea === true);
    if (phone === undefined) rejected.push(raw);
    else if (!phones.includes(phone)) phones.push(phone);
  }
  return { phones, rejected };
}

function formatPhone(raw: string, limaArea: boolean): string | undefined {
  if (/[a-z]{3,}/i.test(raw)) return undefined; // a name or a note, not a number
  let digits = raw.replace(/\D/g, "");
  const international = /^\s*(?:\+|00)\s*51/.test(raw);
  if (international) digits = digits.replace(/^(?:00)?51/, "");
  else if (/^51(?:9\d{8}|1\d{7})$/.test(digits)) digits = digits.slice(2);

  if (/^0800\d{5,6}$/.test(digits)) return `0800-${digits.slice(4)}`;
  if (/^9\d{8}$/.test(digits)) return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  if (/^0?1\d{7}$/.test(digits)) return `01 ${digits.slice(-7)}`;
  const provincial = /^0?(\d{2})(\d{6})$/.exec(digits);
  if (provincial && AREA_CODES.has(provincial[1]!)) return `0${provincial[1]} ${provincial[2]}`;
  if (/^[2-7]\d{6}$/.test(digits) && limaArea) return `01 ${digits}`;
  return undefined;
}
