import { createInterface } from "node:readline";
import { z } from "zod";
import { assess, type TriageAnswers } from "../triage/index.ts";

/**
 * `npm run --silent triage -- --jsonl`: reads JSON lines {"id","text","lang"?,"answers"?} on stdin and writes one
 * JSON line {"id","urgency","categories","minor","referrals","reasons"} per input on stdout (nothing else). A
 * malformed line → an error naming its line number on stderr; the other lines are still scored; exit 1.
 * `lang` may be anything (or null): es/en/qu in any case are passed on, other values are ignored. `answers` are
 * the structured answers of a flow (TriageAnswers); unknown fields in them are ignored.
 * `npm run triage -- "some text"` prints one result, pretty.
 */
const LANGS = new Set(["es", "en", "qu"]);

const ZAnswers = z
  .object({
    kind: z.enum(["job_offer", "held", "minor_venue", "missing", "other", "danger"]).optional(),
    happeningNow: z.boolean().optional(),
    when: z.enum(["now", "today", "this_week", "earlier", "unknown"]).optional(),
    minor: z.enum(["yes", "no", "unsure"]).optional(),
    ageBand: z.enum(["under_14", "14_17", "18_24", "25_plus", "unknown"]).optional(),
    age: z.number().int().min(0).max(120).optional(),
    signs: z.array(z.string()).optional(),
    offerChannel: z.enum(["social_media", "friend_relative", "partner", "agency", "other"]).optional(),
    workplace: z.enum(["bar", "mining", "domestic", "farm", "other"]).optional(),
    foreign: z.boolean().optional(),
  })
  .strip() satisfies z.ZodType<TriageAnswers>;

const ZLine = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string(),
  lang: z
    .string()
    .nullish()
    .transform((l) => {
      const lower = l?.trim().toLowerCase();
      return lower && LANGS.has(lower) ? (lower as "es" | "en" | "qu") : undefined;
    }),
  answers: ZAnswers.optional(),
});

async function jsonl(): Promise<number> {
  let failed = 0;
  let n = 0;
  const out: string[] = [];
  const flush = () => {
    if (out.length) process.stdout.write(`${out.join("\n")}\n`);
    out.length = 0;
  };
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    n++;
    if (!line.trim()) continue;
    let parsed: z.infer<typeof ZLine>;
    try {
      const result = ZLine.safeParse(JSON.parse(line));
      if (!result.success) throw new Error(result.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; "));
      parsed = result.data;
    } catch (error) {
      failed++;
      process.stderr.write(`line ${n}: ${(error as Error).message}\n`);
      continue;
    }
    const r = assess({ text: parsed.text, ...(parsed.lang ? { lang: parsed.lang } : {}), ...(parsed.answers ? { answers: parsed.answers } : {}) });
    out.push(JSON.stringify({ id: parsed.id, urgency: r.urgency, categories: r.categories, minor: r.minor, referrals: r.referrals, reasons: r.reasons }));
    if (out.length >= 500) flush();
  }
  flush();
  return failed ? 1 : 0;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes("--jsonl")) {
    process.exitCode = await jsonl();
    return;
  }
  const text = args.join(" ").trim();
  if (!text) {
    console.error('Usage: npm run --silent triage -- --jsonl < cases.jsonl\n       npm run triage -- "texto a evaluar"');
    process.exitCode = 2;
    return;
  }
  console.log(JSON.stringify(assess({ text }), null, 2));
}

main().catch((error: unknown) => {
  console.error("triage failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
