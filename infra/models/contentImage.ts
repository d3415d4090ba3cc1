import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Images of content requests (RULEBOOK §6), kept in the registry database so the API and the worker,
 * which may run on different machines, read the same bytes. FerretDB v1 has no GridFS, so the bytes are
 * split, GridFS-like, into chunks of `CHUNK_BYTES` in `content_image_chunks`, each a small document of
 * binary data; `content_images` holds what the rules need. Both are keyed by the bytes' SHA-256, so a
 * retried upload writes the same rows, and a request's record never holds the bytes themselves.
 */
export interface ContentImageDoc {
  _id: string;
  sha256: string;
  type: string;
  width: number;
  height: number;
  bytes: number;
  chunks: number;
  storedAt: Date;
}

export interface ContentImageChunkDoc {
  _id: string;
  imageId: string;
  n: number;
  data: Buffer;
}

/** Small documents keep FerretDB's per-document work (it stores JSON with base64 binary) light. */
export const CHUNK_BYTES = 255 * 1024;

const imageSchema = new Schema<ContentImageDoc>(
  {
    _id: String,
    sha256: { type: String, required: true },
    type: { type: String, required: true },
    width: { type: Number, required: true },
    height: { type: Number, required: true },
    bytes: { type: Number, required: true },
    chunks: { type: Number, required: true },
    storedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

const chunkSchema = new Schema<ContentImageChunkDoc>(
  {
    _id: String,
    imageId: { type: String, required: true, index: true },
    n: { type: Number, required: true },
    data: { type: Buffer, required: true },
  },
  { versionKey: false },
);

export function contentImageModel(conn: Connection): Model<ContentImageDoc> {
  return (conn.models.ContentImage as Model<ContentImageDoc>) ?? conn.model<ContentImageDoc>('ContentImage', imageSchema, 'content_images');
}

export function contentImageChunkModel(conn: Connection): Model<ContentImageChunkDoc> {
  return (conn.models.ContentImageChunk as Model<ContentImageChunkDoc>) ?? conn.model<ContentImageChunkDoc>('ContentImageChunk', chunkSchema, 'content_image_chunks');
}
