import { readFileSync } from "node:fs";
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { serviceLine } from "../../src/directory/describe-service.ts";
import { directory } from "./helpers.ts";

type Tree = { [key: string]: string | Tree };
const LOCALES = ["es", "en", "qu"] as const;
const files = Object.fromEntries(
  LOCALES.map((l) => [l, JSON.parse(readFileSync(`src/i18n/locales/${l}/directory.json`, "utf8")) as Tree]),
) as Record<(typeof LOCALES)[number], Tree>;

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}|\$t\(([^)]*)\)/g)].map((m) => m[0]).sort();

function translator(locale: (typeof LOCALES)[number]) {
  const instance = i18next.createInstance();
  instance.init({
    resources: { [locale]: { translation: files[locale] } },
    lng: locale,
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

describe("directory locale files", () => {
  it("should have identical keys and placeholders in es, en and qu", () => {
    const es = flatten(files.es);
    for (const locale of ["en", "qu"] as const) {
      const other = flatten(files[locale]);
      expect([...other.keys()].sort(), locale).toEqual([...es.keys()].sort());
      for (const [key, text] of es) {
        if (key === "_review") continue;
        expect(placeholders(other.get(key)!), `${locale} ${key}`).toEqual(placeholders(text));
      }
    }
  });

  it("should carry a _review note in all three files and nest everything under 'directory'", () => {
    for (const locale of LOCALES) {
      expect(files[locale]._review, locale).toMatch(/native Quechua speaker/);
      expect(Object.keys(files[locale]).filter((k) => !k.startsWith("_"))).toEqual(["directory"]);
    }
  });

  it("should render every service line the directory can produce, with nothing left untranslated", () => {
    const lines = directory.services.filter((s) => s.confirmed).flatMap((service) => [
      serviceLine(service),
      serviceLine({ service, why: "local", distanceKm: 3.46 }),
    ]);
    for (const locale of LOCALES) {
      const i18n = translator(locale);
      for (const { key, params } of lines) {
        expect(i18n.exists(key), `${locale} ${key}`).toBe(true);
        const text = i18n.t(key, params);
        expect(text, `${locale} ${key}`).not.toMatch(/\{\{|\$t\(|directory\./);
        expect(text).toContain(String(params.name));
      }
    }
    expect(translator("es").t("directory.service_line", { name: "Línea 100", contact: "100", hours: "24h" })).toBe(
      "Línea 100: 100 (24 horas)",
    );
    expect(translator("es").t("directory.national_fallback")).toMatch(/Línea 100/);
  });
});
