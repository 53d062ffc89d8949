import { describe, expect, it } from "vitest";
import { flattenKeys, LOCALES, loadLocaleResources } from "../../src/i18n/i18n.ts";

const resources = loadLocaleResources();
// Bot texts must exist in every language; the operator console (`console.*`) is Spanish-only by design.
const botTexts = (tree: Parameters<typeof flattenKeys>[0]) => new Map([...flattenKeys(tree)].filter(([key]) => !key.startsWith("console.")));
const flat = Object.fromEntries(LOCALES.map((l) => [l, botTexts(resources[l])])) as Record<(typeof LOCALES)[number], Map<string, string>>;
const params = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("locales", () => {
  it("should have the same keys in es, en and qu (no key falls back to Spanish)", () => {
    const es = [...flat.es.keys()].sort();
    for (const l of ["en", "qu"] as const) {
      const missing = es.filter((k) => !flat[l].has(k));
      const extra = [...flat[l].keys()].filter((k) => !flat.es.has(k));
      expect({ locale: l, missing, extra }).toEqual({ locale: l, missing: [], extra: [] });
    }
  });

  it("should use the same interpolation params in every language", () => {
    for (const [key, text] of flat.es) {
      for (const l of ["en", "qu"] as const) expect(params(flat[l].get(key) ?? ""), `${l} ${key}`).toEqual(params(text));
    }
  });

  it("should ship real translations, not Spanish copies, for the longer texts", () => {
    const trilingual = new Set(["welcome.choose_language"]); // the same three-language line everywhere, by design
    const copies = [...flat.es]
      .filter(([k, v]) => !trilingual.has(k) && v.length > 40 && flat.qu.get(k) === v && !/\{\{/.test(v))
      .map(([k]) => k);
    expect(copies).toEqual([]);
  });

  it("should keep button-sized labels short", () => {
    const labels = [...flat.es.keys()].filter((k) => /^(menu\.(?!prompt)|report\.what\.(?!prompt)|report\.when\.(?!prompt)|report\.review\.(?!summary)|check\.(how|workplace|age)\.(?!prompt)|nearby\.need\.(?!prompt)|learn\.topic\.|language\.(es|en|qu)$|common\.(yes|no|unsure|skip|back_to_menu))/.test(k));
    for (const k of labels) for (const l of LOCALES) expect(flat[l].get(k)!.length, `${l} ${k}: ${flat[l].get(k)}`).toBeLessThanOrEqual(20);
  });
});
