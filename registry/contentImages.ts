import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { trusted } from '../infra/db';
import { readImageFacts } from './imageFacts';
import { CHUNK_BYTES, contentImageChunkModel, contentImageModel } from '../infra/models/contentImage';

export interface StoredImage {
  id: string;
  type: string | undefined;
  width: number;
  height: number;
  bytes: number;
}

/** Stores and reads content images (infra/models/contentImage.ts explains the layout). */
export function createImageStore(db: Connection) {
  const images = contentImageModel(db);
  const chunks = contentImageChunkModel(db);

  return {
    /** Reads the header and stores the bytes once; the id derives from the bytes, so storing twice writes the same rows. */
    async put(bytes: Buffer): Promise<StoredImage> {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const id = `img-${sha256.slice(0, 48)}`;
      const facts = readImageFacts(bytes);
      const existing = await images.findById(id).lean();
      if (!existing) {
        const count = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
        for (let n = 0; n < count; n++) {
          const data = bytes.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES);
          await chunks.updateOne({ _id: `${id}-${n}` }, { $set: { imageId: id, n, data } }, { upsert: true });
        }
        // Written last: an image is readable only once every chunk is in.
        await images.updateOne(
          { _id: id },
          { $set: { sha256, type: facts.type ?? 'unknown', width: facts.width, height: facts.height, bytes: bytes.length, chunks: count, storedAt: new Date() } },
          { upsert: true },
        );
      }
      return { id, type: facts.type, width: facts.width, height: facts.height, bytes: bytes.length };
    },

    /** The image's bytes, checked against their hash; null when unknown or incomplete. */
    async get(id: string): Promise<{ bytes: Buffer; type: string } | null> {
      if (!/^img-[0-9a-f]{48}$/.test(id)) return null;
      const meta = await images.findById(id).lean();
      if (!meta) return null;
      const ids = Array.from({ length: meta.chunks }, (_, n) => `${id}-${n}`);
      const rows = await chunks.find({ _id: trusted({ $in: ids }) }).lean();
      if (rows.length !== meta.chunks) return null;
      rows.sort((a, b) => a.n - b.n);
      // A lean read gives BSON Binary, not Buffer.
      const bytes = Buffer.concat(rows.map((r) => toBuffer(r.data)));
      if (createHash('sha256').update(bytes).digest('hex') !== meta.sha256) return null;
      return { bytes, type: meta.type };
    },
  };
}

function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  const binary = data as { buffer?: Uint8Array; value?: (asRaw: boolean) => Uint8Array };
  if (binary.buffer instanceof Uint8Array) return Buffer.from(binary.buffer);
  throw new Error('unexpected chunk data');
}

export type ImageStore = ReturnType<typeof createImageStore>;
