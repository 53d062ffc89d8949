import type { Condition, FlowLine } from "../schema.ts";
import type { Json, Params, ParamValue, TextRef } from "./types.ts";

/** Reads "a.b.c" from the session variables. */
export function readVar(vars: Record<string, Json>, path: string): Json | undefined {
  let current: Json | undefined = vars;
  for (const part of path.replace(/^@/, "").split(".")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, Json>)[part];
  }
  return current;
}

/**
 * Resolves "@var" param values; values that resolve to nothing become "" so a text never shows "@x". `clip`
 * caps named params at N characters, ending in "…".
 */
export function resolveParams(
  params: Params | undefined,
  vars: Record<string, Json>,
  clip?: Record<string, number>,
): Params | undefined {
  if (!params) return undefined;
  const out: Params = {};
  for (const [name, value] of Object.entries(params)) {
    let resolved: ParamValue = value;
    if (typeof value === "string" && value.startsWith("@")) {
      const found = readVar(vars, value);
      resolved = isParamValue(found) ? found : "";
    }
    const max = clip?.[name];
    out[name] = max !== undefined && typeof resolved === "string" ? clipText(resolved, max) : resolved;
  }
  return out;
}

/** Shortens to at most `max` characters, at a word break when there is one near the end. */
export function clipText(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.7 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A message's fixed lines whose condition holds, with their params resolved. */
export function resolveLines(lines: FlowLine[] | undefined, vars: Record<string, Json>): TextRef[] {
  return (lines ?? [])
    .filter((line) => !line.when || evaluate(line.when, vars))
    .map((line) => {
      const params = resolveParams(line.params, vars, line.clip);
      return params ? { key: line.key, params } : { key: line.key };
    });
}

export function resolveJsonParams(params: Params, vars: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] = typeof value === "string" && value.startsWith("@") ? (readVar(vars, value) ?? null) : value;
  }
  return out;
}

/** A variable holding [{ key, params }] becomes list items; anything else is ignored. */
export function resolveItems(ref: string | undefined, vars: Record<string, Json>): TextRef[] | undefined {
  if (!ref) return undefined;
  const value = readVar(vars, ref);
  if (!Array.isArray(value)) return undefined;
  return value.filter(isTextRef).map((item) => ({ key: item.key, params: item.params }));
}

export function evaluate(condition: Condition, vars: Record<string, Json>): boolean {
  if ("any" in condition) return condition.any.some((c) => evaluate(c, vars));
  if ("all" in condition) return condition.all.every((c) => evaluate(c, vars));
  if ("not" in condition) return !evaluate(condition.not, vars);
  const value = readVar(vars, condition.var);
  if ("eq" in condition) return value === condition.eq;
  if ("in" in condition) return isParamValue(value) && condition.in.includes(value);
  if ("truthy" in condition) return isTruthy(value) === condition.truthy;
  if ("gte" in condition) return typeof value === "number" && value >= condition.gte;
  return typeof value === "number" && value < condition.lt;
}

function isTruthy(value: Json | undefined): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null && value !== false && value !== "" && value !== 0;
}

function isParamValue(value: unknown): value is ParamValue {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function isTextRef(value: Json): value is { key: string; params?: Params } & Json {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && typeof value.key === "string"
  );
}
