/** What connecting an entity to Meta accepts (issue 17 §1): a system-user access token. */
import { z } from 'zod';
import './validation';

/**
 * A Graph access token is one run of letters, digits and a few symbols, no spaces; system-user tokens are
 * about 200 characters. The message never repeats what was typed: it is a credential.
 */
export const metaConnectionSchema = z.object({
  token: z
    .string({ error: 'Pegue el token del usuario del sistema de Meta.' })
    .trim()
    .min(20, 'El token es demasiado corto: copie el token completo del usuario del sistema.')
    .max(2048, 'El token es demasiado largo: copie solo el token del usuario del sistema.')
    .regex(/^[A-Za-z0-9._|-]+$/, 'El token solo lleva letras, números y los signos . _ - |, sin espacios.'),
});
