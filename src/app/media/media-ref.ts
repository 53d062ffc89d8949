import type { Json } from "../../flows/engine/types.ts";

/** How a stored photo is referred to in answers and report bodies: `media:<id>` (never a platform file id). */
export const MEDIA_REF_PREFIX = "media:";
const REF = /^media:([A-Za-z0-9-]{1,64})$/;

export function mediaRef(id: string): string {
  return `${MEDIA_REF_PREFIX}${id}`;
}

/** Ids of every stored photo referred to anywhere in a JSON value (a session's answers, a report body). */
export function mediaIdsIn(value: Json | undefined): string[] {
  const ids = new Set<string>();
  const visit = (v: Json | undefined, depth: number) => {
    if (v === null || v === undefined || depth > 8) return;
    if (typeof v === "string") {
      const match = REF.exec(v);
      if (match) ids.add(match[1]!);
    } else if (Array.isArray(v)) for (const item of v) visit(item, depth + 1);
    else if (typeof v === "object") for (const item of Object.values(v)) visit(item, depth + 1);
  };
  visit(value, 0);
  return [...ids];
}
