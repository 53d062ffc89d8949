import { type Directory, NEEDS, serviceLine } from "../../directory/index.ts";
import type { Json } from "../../flows/engine/types.ts";
import type { Translator } from "../../i18n/i18n.ts";
import type { ActionHandler } from "./action-runner.ts";
import { placeFromAnswer, placeLabel } from "./resolve-place.ts";

/** `find_services`: the nearest suitable services for a place and a need, as list lines with phones and hours. */
export function findServices(directory: Directory, translator: Translator): ActionHandler {
  return async (params, context) => {
    const place = placeFromAnswer(directory, params.place);
    const need = NEEDS.find((n) => n === params.need) ?? "general";
    const matches = directory.nearest(
      place,
      need === "emergency" ? ["emergency", "gender_violence"] : [need],
      {
        limit: 5,
      },
    );
    return {
      found: place !== undefined,
      /** false when the list is only the national lines (no service registered near the place) */
      local: matches.some((m) => m.why !== "national"),
      placeName: placeLabel(params.place, place, context.locale(), translator),
      lines: matches.map((m) => serviceLine(m) as unknown as Json),
    };
  };
}
