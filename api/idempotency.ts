import { createHash, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { Refusal } from '../domain/refusal';

const MAX_KEY = 200;

/**
 * The caller's idempotency key: the `Idempotency-Key` header, else the body's `idempotencyKey` (the
 * forms carry one in a hidden field; JSON clients may too). A retried submission with the same key starts
 * nothing new. Absent when neither is given; refused when empty or longer than 200 characters.
 */
export function idempotencyKey(req: Request): string | undefined {
  const inBody = (req.body as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
  const key = req.get('Idempotency-Key') ?? (typeof inBody === 'string' && inBody !== '' ? inBody : undefined);
  if (key !== undefined && (key.length < 1 || key.length > MAX_KEY)) throw new Refusal('bad_request', `Idempotency-Key no válida (de 1 a ${MAX_KEY} caracteres).`);
  return key;
}

/**
 * A new row's id, 24 hex digits: derived from the caller's idempotency key within `scope` (e.g. the
 * entity and the kind of row), so the same key answers the row it made; random without a key.
 */
export function rowIdFor(idempotencyKey: string | undefined, ...scope: string[]): string {
  if (idempotencyKey === undefined) return randomBytes(12).toString('hex');
  return createHash('sha256').update([...scope, idempotencyKey].join(':')).digest('hex').slice(0, 24);
}
