import type { RequestHandler } from 'express';
import multer from 'multer';
import { MAX_IMAGES, MAX_IMAGE_BYTES } from '../domain/contentInput';
import { rejectOperatorKeys } from './hardening';
import { Refusal } from '../domain/refusal';

/** The form's file inputs: one per image, each with its placement select (`imagePlacement<n>`). */
export const IMAGE_FILE_FIELDS = Array.from({ length: MAX_IMAGES }, (_, i) => `imageFile${i}`);

/** The inventory form's one file input (issue 15 §1), and how large a spreadsheet may be. */
export const SHEET_FILE_FIELD = 'archivo';
export const MAX_SHEET_BYTES = 2 * 1024 * 1024;

const COMMON_MESSAGES: Record<string, [number, string]> = {
  LIMIT_PART_COUNT: [413, 'El formulario tiene demasiadas partes.'],
  LIMIT_FIELD_COUNT: [413, 'El formulario tiene demasiados campos.'],
  LIMIT_FIELD_VALUE: [413, 'Uno de los textos es demasiado largo.'],
  LIMIT_UNEXPECTED_FILE: [400, 'El formulario trae un archivo en un campo que no corresponde.'],
};

/**
 * Parses multipart forms that carry files (multer 2, on busboy), in memory, only when the request is
 * multipart: other bodies pass untouched. Runs before the CSRF check, which reads the form's `_csrf`
 * field; its limits and errors answer in Spanish, and the fields get the same operator-key check as
 * other bodies.
 */
function multipart(parser: RequestHandler, messages: Record<string, [number, string]>): RequestHandler {
  const all = { ...COMMON_MESSAGES, ...messages };
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      next();
      return;
    }
    parser(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        const [status, message] = all[err.code] ?? [400, 'El formulario no pudo leerse.'];
        next(new Refusal(status === 413 ? 'payload_too_large' : 'bad_request', message));
        return;
      }
      if (err) {
        next(new Refusal('bad_request', 'El formulario no pudo leerse. Vuelva a abrir la página e intente de nuevo.'));
        return;
      }
      rejectOperatorKeys(req, res, next);
    });
  };
}

/** Content requests' images: at most MAX_IMAGES × 5 MB per request, read once for the header and stored in the registry. */
export const imageUpload = multipart(
  multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_IMAGE_BYTES, files: MAX_IMAGES, fields: 60, fieldSize: 64 * 1024, parts: 60 + MAX_IMAGES },
  }).fields(IMAGE_FILE_FIELDS.map((name) => ({ name, maxCount: 1 }))),
  {
    LIMIT_FILE_SIZE: [413, `Cada imagen debe pesar como máximo ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`],
    LIMIT_FILE_COUNT: [413, `Adjunte como máximo ${MAX_IMAGES} imágenes.`],
  },
);

/** An inventory spreadsheet: one file of at most 2 MB, read in memory and kept only as the rows it holds. */
export const sheetUpload = multipart(
  multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_SHEET_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6 } }).single(SHEET_FILE_FIELD),
  {
    LIMIT_FILE_SIZE: [413, `El archivo debe pesar como máximo ${MAX_SHEET_BYTES / 1024 / 1024} MB: un inventario de 500 cuentas ocupa mucho menos.`],
    LIMIT_FILE_COUNT: [413, 'Adjunte un solo archivo.'],
  },
);

/** The uploaded files by field name (empty when the body was not multipart). */
export function uploadedFiles(files: unknown): Record<string, Express.Multer.File[]> {
  return files && typeof files === 'object' && !Array.isArray(files) ? (files as Record<string, Express.Multer.File[]>) : {};
}

/** A platform's export (issue 16 §1): a CSV or a Studio .zip; a quarter of a busy account's posts is well under a megabyte. */
export const MAX_EXPORT_BYTES = 10 * 1024 * 1024;

/** A metrics export: one file in the same field as the inventory's, read in memory and kept only as the posts it holds. */
export const exportUpload = multipart(
  multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_EXPORT_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6 } }).single(SHEET_FILE_FIELD),
  {
    LIMIT_FILE_SIZE: [413, `El archivo debe pesar como máximo ${MAX_EXPORT_BYTES / 1024 / 1024} MB: exporte un trimestre a la vez.`],
    LIMIT_FILE_COUNT: [413, 'Adjunte un solo archivo.'],
  },
);
