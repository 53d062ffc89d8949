import type { Clock } from "../../core/clock.ts";
import type { Identity, Store } from "../ports.ts";
import { mediaRef } from "./media-ref.ts";

/** Photos larger than this are refused before they are read (a phone photo is 1–5 MB). */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** Re-encodes an image without any of its metadata; an adapter (sharp) does the pixel work. */
export interface PhotoProcessor {
  /**
   * The image as a JPEG of bounded size with no metadata at all (EXIF with GPS and device, XMP, IPTC, ICC),
   * orientation applied; undefined when the bytes are not an image of an accepted type (JPEG, PNG, WebP).
   */
  clean(bytes: Buffer): Promise<{ data: Buffer; width: number; height: number } | undefined>;
}

export type AcceptedPhoto = { ok: true; ref: string } | { ok: false; reason: "too_large" | "not_an_image" };

/**
 * The media pipeline's one use case: a channel hands over the bytes of a photo a person sent; they are
 * size-checked, re-encoded without metadata (so GPS coordinates and the phone's model never reach our disk)
 * and stored encrypted, unattached. The answer carries `media:<id>` instead of any platform reference; the
 * report it ends up in attaches it when submitted, and unattached photos are deleted on "borrar" and after the
 * session retention period.
 */
export async function acceptPhoto(
  deps: { store: Pick<Store, "media">; processor: PhotoProcessor; identity: Pick<Identity, "newId">; clock: Clock },
  bytes: Buffer,
): Promise<AcceptedPhoto> {
  if (bytes.length > MAX_PHOTO_BYTES) return { ok: false, reason: "too_large" };
  const clean = await deps.processor.clean(bytes);
  if (!clean) return { ok: false, reason: "not_an_image" };
  const id = deps.identity.newId();
  await deps.store.media.store({ id, mimeType: "image/jpeg", width: clean.width, height: clean.height, data: clean.data, createdAt: deps.clock.now() });
  return { ok: true, ref: mediaRef(id) };
}
