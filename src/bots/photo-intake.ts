import { MAX_PHOTO_BYTES } from "../app/media/accept-photo.ts";
import type { Service } from "../compose.ts";
import type { InboundMessage } from "../core/messages.ts";

/**
 * The channel side of the media pipeline: a photo is downloaded (by the channel's own means), handed to the
 * service, which strips its metadata and stores it encrypted, and the answer goes on with `media:<id>` in place
 * of the platform's file reference. Anything else sent as media (video, files) and any photo that cannot be
 * read, is too large or is not an image becomes "unsupported", so the flow re-asks and no platform reference
 * is ever kept.
 */
export async function intakePhoto(
  service: Pick<Service, "acceptPhoto" | "logger">,
  inbound: InboundMessage,
  download: (ref: string) => Promise<Buffer | undefined>,
): Promise<InboundMessage> {
  const content = inbound.content;
  if (content.kind !== "media") return inbound;
  if (content.mediaType !== "photo") return { ...inbound, content: { kind: "unsupported", what: content.mediaType } };
  try {
    const bytes = await download(content.ref);
    const accepted = bytes ? await service.acceptPhoto(bytes) : ({ ok: false, reason: "too_large" } as const);
    if (accepted.ok) return { ...inbound, content: { ...content, ref: accepted.ref } };
    service.logger.info({ reason: accepted.reason }, "photo refused");
  } catch (error) {
    service.logger.warn({ err: { name: (error as Error).name } }, "photo download failed");
  }
  return { ...inbound, content: { kind: "unsupported", what: "photo" } };
}

/** Reads a download, giving up (undefined) past `MAX_PHOTO_BYTES`. */
export async function readLimited(response: Response, max = MAX_PHOTO_BYTES): Promise<Buffer | undefined> {
  if (!response.ok || !response.body) throw new Error(`download failed: ${response.status}`);
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > max) {
    await response.body.cancel();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
