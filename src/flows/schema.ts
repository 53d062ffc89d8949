import { z } from "zod";

/**
 * A flow definition is data: `{ specVersion, id, revision, start, nodes }`. Texts are i18n keys, never text.
 * Param values that start with "@" are references into the session's variables (e.g. "@report.caseCode").
 */
export const FLOW_SPEC_VERSION = 1;

const ZKey = z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, "an i18n key like 'report.what.prompt'");
const ZNodeId = z.string().regex(/^[a-z][a-z0-9_]*$/, "a node id in snake_case");
const ZVarName = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, "a variable name");
const ZParamValue = z.union([z.string(), z.number(), z.boolean()]);

export const ZCondition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ var: z.string(), eq: ZParamValue }).strict(),
    z.object({ var: z.string(), in: z.array(ZParamValue) }).strict(),
    z.object({ var: z.string(), truthy: z.boolean() }).strict(),
    z.object({ var: z.string(), gte: z.number() }).strict(),
    z.object({ var: z.string(), lt: z.number() }).strict(),
    z.object({ any: z.array(ZCondition) }).strict(),
    z.object({ all: z.array(ZCondition) }).strict(),
    z.object({ not: ZCondition }).strict(),
  ]),
);
/** Caps param values at N characters ("…" added), so a long answer read back keeps a message short. */
const ZClip = z.record(z.string(), z.number().int().min(8).max(400));

/** A bulleted line under a message, shown only when its condition holds (e.g. an answer the person gave). */
const ZLine = z
  .object({
    key: ZKey,
    params: z.record(z.string(), ZParamValue).optional(),
    when: ZCondition.optional(),
    clip: ZClip.optional(),
  })
  .strict();

export const ZMessage = z
  .object({
    key: ZKey,
    params: z.record(z.string(), ZParamValue).optional(),
    clip: ZClip.optional(),
    /** "@var" holding an array of { key, params } rendered as a bulleted list under the text */
    items: z.string().startsWith("@").optional(),
    /** fixed lines rendered as a bulleted list (after `items`), each kept only when its `when` holds */
    lines: z.array(ZLine).optional(),
  })
  .strict();

export type Condition =
  | { var: string; eq: string | number | boolean }
  | { var: string; in: (string | number | boolean)[] }
  | { var: string; truthy: boolean }
  | { var: string; gte: number }
  | { var: string; lt: number }
  | { any: Condition[] }
  | { all: Condition[] }
  | { not: Condition };

const ZChoice = z
  .object({
    id: z.string().regex(/^[a-z0-9_]{1,16}$/, "a short choice id (≤ 16 chars, for 64-byte callback data)"),
    label: ZKey,
    /** value saved under the ask's `saveAs` (defaults to the id) */
    value: ZParamValue.optional(),
    next: ZNodeId.optional(),
    /** switch the conversation language */
    locale: z.enum(["es", "en", "qu"]).optional(),
    /** after the next answered question, come back to this node (review screens with "edit") */
    returnHere: z.boolean().optional(),
    /** like returnHere, but come back through another node (e.g. a check that runs before the review) */
    returnTo: ZNodeId.optional(),
    /** a typed number in [min, max] picks this choice (an age typed as "15" picks "14 to 17") */
    range: z.tuple([z.number(), z.number()]).optional(),
    /** extra words accepted when typed (besides the number and the label) */
    aliases: z.array(z.string()).optional(),
  })
  .strict();

const ZAskInput = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("choice"),
      choices: z.array(ZChoice).min(1).max(10),
      /** a typed sentence that matches no choice is taken as the answer in words: saved, then go to `next` */
      freeText: z
        .object({
          saveAs: ZVarName,
          next: ZNodeId,
          minLength: z.number().int().min(2).default(8),
          maxLength: z.number().int().max(4000).default(1000),
        })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("text"),
      minLength: z.number().int().min(1).default(1),
      maxLength: z.number().int().max(4000).default(2000),
    })
    .strict(),
  z.object({ kind: z.literal("number"), min: z.number().default(0), max: z.number().default(120) }).strict(),
  /** a shared location, or a typed place name (saved as { text }) */
  z.object({ kind: z.literal("location") }).strict(),
  z.object({ kind: z.literal("media") }).strict(),
  /** a case code (normalized) */
  z.object({ kind: z.literal("code") }).strict(),
]);

const base = { messages: z.array(ZMessage).default([]) };

export const ZNode = z.discriminatedUnion("type", [
  z.object({ type: z.literal("say"), ...base, next: ZNodeId }).strict(),
  z
    .object({
      type: z.literal("ask"),
      ...base,
      input: ZAskInput,
      saveAs: ZVarName.optional(),
      next: ZNodeId.optional(),
      /** optional questions get a "skip" button; the saved value is null */
      optional: z.boolean().optional(),
      /** the skip button's label when "Skip" is not the kindest word (e.g. "I don't know") */
      skipLabel: ZKey.optional(),
      /** a typed number is also saved here (the age behind an age-band choice) */
      saveNumberAs: ZVarName.optional(),
      /** i18n key said when the answer does not fit (defaults per input kind) */
      reask: ZKey.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("branch"),
      cases: z.array(z.object({ when: ZCondition, next: ZNodeId }).strict()).min(1),
      otherwise: ZNodeId,
    })
    .strict(),
  z
    .object({
      type: z.literal("action"),
      action: z.string().regex(/^[a-z_]+$/),
      /** literal values or "@var" references, resolved when the action is requested */
      params: z.record(z.string(), ZParamValue).default({}),
      saveAs: ZVarName,
      next: ZNodeId,
      onError: ZNodeId.optional(),
    })
    .strict(),
  z.object({ type: z.literal("goto"), flow: z.string(), node: ZNodeId.optional() }).strict(),
  z.object({ type: z.literal("end"), ...base }).strict(),
]);

export const ZFlowDefinition = z
  .object({
    specVersion: z.literal(FLOW_SPEC_VERSION),
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    revision: z.number().int().positive(),
    start: ZNodeId,
    nodes: z.record(ZNodeId, ZNode),
  })
  .strict();

export type FlowDefinition = z.infer<typeof ZFlowDefinition>;
export type FlowNode = z.infer<typeof ZNode>;
export type AskNode = Extract<FlowNode, { type: "ask" }>;
export type AskInput = AskNode["input"];
export type Choice = z.infer<typeof ZChoice>;
export type FlowMessage = z.infer<typeof ZMessage>;
export type FlowLine = z.infer<typeof ZLine>;

/**
 * The set of flows the engine runs. `welcome` starts new conversations, `menu` is where `menu` goes, `reply`
 * (optional) is opened by the "Reply" button under a team message, with the report id in `replyTo`.
 */
export interface FlowSet {
  flows: Record<string, FlowDefinition>;
  entry: { welcome: string; menu: string; language: string; reply?: string };
}

/** Parses one definition; the error names the path of the first problem. */
export function parseFlow(raw: unknown): FlowDefinition {
  const result = ZFlowDefinition.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const id = typeof raw === "object" && raw && "id" in raw ? String((raw as { id: unknown }).id) : "?";
    throw new Error(`flow ${id}: ${issue.path.join(".")}: ${issue.message}`);
  }
  return result.data;
}
