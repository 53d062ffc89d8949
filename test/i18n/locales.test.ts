import { describe, expect, it } from "vitest";
import { loadFlowSet } from "../../src/flows/load-flows.ts";
import { createTranslator, flattenKeys, LOCALES, loadLocaleResources } from "../../src/i18n/i18n.ts";

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

  it("should keep every button label short (≤ 20 characters), taking the labels from the flow definitions", () => {
    const flows = loadFlowSet();
    const labels = new Set(["common.skip", "common.menu_button", "team_message.reply_button"]);
    for (const flow of Object.values(flows.flows)) {
      for (const node of Object.values(flow.nodes)) {
        if (node.type !== "ask") continue;
        if (node.input.kind === "choice") for (const c of node.input.choices) labels.add(c.label);
        if (node.skipLabel) labels.add(node.skipLabel);
      }
    }
    expect(labels.size).toBeGreaterThan(60);
    const long = [...labels].flatMap((k) =>
      LOCALES.map((l) => [l, k, flat[l].get(k) ?? ""] as const).filter(([, , text]) => text.length > 20 || text.length === 0),
    );
    expect(long).toEqual([]);
  });

  it("should list no fallback: every text the flows and the engine use renders in its own language", () => {
    // Spanish texts get a marker: any Spanish that shows up in en or qu came from i18next's fallback,
    // including texts nested with $t(...)
    const marked = loadLocaleResources();
    const mark = (tree: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(tree)) {
        if (typeof v === "string") tree[k] = `⟦es⟧${v}`;
        else mark(v as Record<string, unknown>);
      }
    };
    mark(marked.es as Record<string, unknown>);
    const translator = createTranslator(marked);
    const flows = loadFlowSet();
    const used = new Set<string>();
    for (const flow of Object.values(flows.flows)) {
      for (const node of Object.values(flow.nodes)) {
        if ("messages" in node) for (const m of node.messages) [m.key, ...(m.lines ?? []).map((l) => l.key)].forEach((k) => used.add(k));
        if (node.type === "ask" && node.input.kind === "choice") node.input.choices.forEach((c) => used.add(c.label));
        if (node.type === "ask" && node.reask) used.add(node.reask);
      }
    }
    // the engine's and the app's own texts
    for (const key of flat.es.keys()) if (/^(common|errors|referral|directory|team_message|place)\./.test(key)) used.add(key);
    const params = { kind: "held", when: "now", minor: "unsure", band: "14_17", urgency: "emergency", status: "in_review", hours: "24h" };
    const fallbacks = (["en", "qu"] as const).flatMap((l) =>
      [...used].filter((k) => translator.t(l, k, params).includes("⟦es⟧")).map((k) => `${l} ${k}`),
    );
    expect(fallbacks).toEqual([]);
    expect(translator.t("en", "report.review.what", params)).toContain("Someone is held"); // the check can see nesting
  });
});
