import sharp from "sharp";

/** Canaries hidden in a photo's EXIF: where it was taken and with what phone. */
export const EXIF_CANARY = { description: "CANARY-EXIF-casa-de-Rosa", make: "CanaryPhone-X9", gpsRef: "S" } as const;

/** A small JPEG shot "rotated" (EXIF orientation 6) with a description, a phone make and GPS data in EXIF. */
export async function photoWithExif(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { ImageDescription: EXIF_CANARY.description, Make: EXIF_CANARY.make },
      IFD3: { GPSLatitudeRef: EXIF_CANARY.gpsRef, GPSLatitude: "12/1 35/1 35/1", GPSLongitudeRef: "W", GPSLongitude: "69/1 11/1 20/1" },
    })
    .jpeg()
    .toBuffer();
}

/** What metadata an image still carries. */
export async function metadataOf(image: Buffer) {
  const m = await sharp(image).metadata();
  return { exif: m.exif, xmp: m.xmp, icc: m.icc, iptc: m.iptc, orientation: m.orientation, width: m.width, height: m.height, format: m.format };
}
