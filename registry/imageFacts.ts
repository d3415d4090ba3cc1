import { imageSize } from 'image-size';

/**
 * Reads an image's format and displayed size from its header, without decoding pixels (so a huge or
 * hostile file costs nothing). JPEG EXIF orientations 5–8 turn the picture a quarter, so the networks
 * show it with width and height swapped; that is the size the rules must see.
 */
export function readImageFacts(bytes: Uint8Array): { type: string | undefined; width: number; height: number } {
  try {
    const size = imageSize(bytes);
    const turned = (size.orientation ?? 1) >= 5;
    return { type: size.type, width: turned ? size.height : size.width, height: turned ? size.width : size.height };
  } catch {
    return { type: undefined, width: 0, height: 0 };
  }
}
