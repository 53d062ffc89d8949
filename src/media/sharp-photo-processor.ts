import sharp from "sharp";
import type { PhotoProcessor } from "../app/media/accept-photo.ts";

const ACCEPTED_FORMATS = new Set(["jpeg", "png", "webp"]);
/** larger images are refused before decoding (a decompression bomb must not take the memory) */
const MAX_INPUT_PIXELS = 40_000_000;
/** enough to read a licence plate or a sign; keeps each stored photo at a few hundred kB */
const MAX_EDGE = 2048;

/**
 * The photo processor on sharp (libvips): decodes the image, applies its EXIF orientation, bounds its size and
 * writes a fresh JPEG. sharp writes no metadata unless asked to (`keepMetadata`/`withMetadata`, never used
 * here), so EXIF (GPS, device, time), XMP, IPTC and ICC profiles are all left behind.
 */
export function createSharpPhotoProcessor(): PhotoProcessor {
  return {
    async clean(bytes) {
      try {
        const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error", animated: false });
        const { format } = await image.metadata();
        if (!format || !ACCEPTED_FORMATS.has(format)) return undefined;
        const { data, info } = await image
          .rotate()
          .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: "inside", withoutEnlargement: true })
          .jpeg({ quality: 82, mozjpeg: true })
          .toBuffer({ resolveWithObject: true });
        return { data, width: info.width, height: info.height };
      } catch {
        return undefined; // not an image, truncated, or over the pixel limit
      }
    },
  };
}
