import type { Directory, Place } from "../../directory/index.ts";
import type { Json } from "../../flows/engine/types.ts";
import type { Translator } from "../../i18n/i18n.ts";
import type { ActionHandler } from "./action-runner.ts";

/** Reads a flow's place answer ({ latitude, longitude } or { text }) and resolves it to a district. */
export function placeFromAnswer(directory: Directory, answer: Json | undefined): Place | undefined {
  if (!answer || typeof answer !== "object" || Array.isArray(answer)) return undefined;
  if (typeof answer.latitude === "number" && typeof answer.longitude === "number") {
    return directory.resolvePlace({ latitude: answer.latitude, longitude: answer.longitude });
  }
  if (typeof answer.text === "string") return directory.resolvePlace({ text: answer.text });
  return undefined;
}

/** How a place reads back to the person: the district, what they typed, or "shared location". */
export function placeLabel(
  answer: Json | undefined,
  place: Place | undefined,
  locale: string,
  t: Translator,
): string {
  if (place) {
    return t.t(locale, "place.district", {
      district: titleCase(place.district),
      province: titleCase(place.province),
      department: titleCase(place.department),
    });
  }
  if (answer && typeof answer === "object" && !Array.isArray(answer)) {
    if (typeof answer.text === "string") return answer.text;
    if (typeof answer.latitude === "number") return t.t(locale, "place.shared_location");
  }
  return t.t(locale, "place.unknown");
}

export function placeJson(place: Place | undefined): Json {
  if (!place) return { found: false };
  return {
    found: true,
    districtCode: place.districtCode,
    provinceCode: place.provinceCode,
    departmentCode: place.departmentCode,
  };
}

/** Small words stay small inside a name: "Madre de Dios", "Villa el Salvador". */
const PARTICLES = new Set(["de", "del", "la", "las", "los", "el", "y"]);

function titleCase(name: string): string {
  return name
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L}+)/gu, (match, sep: string, word: string, offset: number) =>
      offset > 0 && PARTICLES.has(word) ? match : sep + word[0]!.toUpperCase() + word.slice(1),
    );
}

/** `resolve_place`: district codes (for operators and statistics) and a label for the review screen. */
export function resolvePlace(directory: Directory, translator: Translator): ActionHandler {
  return async (params, context) => {
    const place = placeFromAnswer(directory, params.place);
    const json = placeJson(place) as Record<string, Json>;
    return { ...json, label: placeLabel(params.place, place, context.locale(), translator) };
  };
}
