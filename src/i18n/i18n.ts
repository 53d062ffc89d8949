import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type i18n } from "i18next";

export const LOCALES = ["es", "en", "qu"] as const;
export type Locale = (typeof LOCALES)[number];
export const BASE_LOCALE: Locale = "es";
export const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), "locales");

type Tree = { [key: string]: string | Tree };

/** Renders i18n keys; Spanish is the fallback for any key missing in another language. */
export interface Translator {
  t(locale: string, key: string, params?: Record<string, unknown>): string;
  /** true when the key exists in the base language (used by the static flow check) */
  has(key: string): boolean;
}

/**
 * Reads every `locales/<lang>/*.json` file (each area keeps its own file: common, flows, triage, directory...)
 * and deep-merges them into one namespace per language.
 */
export function loadLocaleResources(dir: string = LOCALES_DIR): Record<Locale, Tree> {
  const resources = {} as Record<Locale, Tree>;
  for (const locale of LOCALES) {
    const tree: Tree = {};
    const folder = join(dir, locale);
    for (const file of readdirSync(folder)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      mergeInto(tree, JSON.parse(readFileSync(join(folder, file), "utf8")) as Tree, `${locale}/${file}`);
    }
    resources[locale] = tree;
  }
  return resources;
}

function mergeInto(target: Tree, source: Tree, file: string, prefix = ""): void {
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith("_")) continue; // per-file metadata such as "_review" notes
    const existing = target[key];
    if (typeof value === "object" && (existing === undefined || typeof existing === "object")) {
      target[key] = existing ?? {};
      mergeInto(target[key] as Tree, value, file, `${prefix}${key}.`);
    } else if (existing !== undefined) {
      throw new Error(`${file}: key ${prefix}${key} is defined twice`);
    } else {
      target[key] = value;
    }
  }
}

/** Flattens a resource tree to "a.b.c" → text (skips "_"-prefixed metadata such as "_review"). */
export function flattenKeys(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (key.startsWith("_")) continue;
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flattenKeys(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

export function createTranslator(resources: Record<Locale, Tree> = loadLocaleResources()): Translator {
  const instance: i18n = i18next.createInstance();
  instance.init({
    resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: resources[l] }])),
    lng: BASE_LOCALE,
    fallbackLng: BASE_LOCALE,
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  const fixed = new Map(LOCALES.map((l) => [l, instance.getFixedT(l)]));
  const baseKeys = flattenKeys(resources[BASE_LOCALE]);
  return {
    t(locale, key, params) {
      const t = fixed.get(locale as Locale) ?? fixed.get(BASE_LOCALE)!;
      return t(key, params ?? {}) as string;
    },
    has: (key) => baseKeys.has(key),
  };
}
