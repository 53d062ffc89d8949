import { AppError } from "../../core/app-error.ts";
import { assertRole } from "./assert-role.ts";
import type { Actor, ConsoleDeps } from "./ports.ts";

/**
 * One photo of a case, for operators and admins: decrypted for this response only, and audited. Photos were
 * stored re-encoded without metadata (app/media/accept-photo.ts), so they show nothing of the phone that took
 * them, nor where.
 * @throws AppError FORBIDDEN for viewers, NOT_FOUND when the photo is not this case's.
 */
export async function viewCasePhoto(
  deps: ConsoleDeps,
  options: { actor: Actor; reportId: string; photoId: string },
): Promise<{ mimeType: string; data: Buffer }> {
  assertRole(options.actor, "operator");
  return deps.store.transaction(async (tx) => {
    const photo = await tx.media.read(options.reportId, options.photoId);
    if (!photo) throw new AppError("NOT_FOUND", "no such photo");
    await tx.audit.record({
      actor: options.actor.id,
      action: "case.media_viewed",
      subject: options.reportId,
      details: { photo: options.photoId },
    });
    return { mimeType: photo.mimeType, data: photo.data };
  });
}
