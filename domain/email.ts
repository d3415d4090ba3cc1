/**
 * What an email address must be wherever Custodio takes one: it must be able to receive mail, since
 * sign-in links, decision links and notices all go to it.
 */
import { z } from 'zod';
import './validation';

/** RFC 5321 §4.5.3.1.1: the part before the @ has at most 64 octets; no server delivers to a longer one. */
export const MAX_LOCAL_PART = 64;

/**
 * An address mail can reach: the syntax of `z.email()` (the OpenAPI document's `format: email`), at most
 * 254 characters, and a local part of at most 64.
 */
export const mailbox = (message?: string) =>
  z
    .email(message)
    .max(254)
    .refine((address) => address.lastIndexOf('@') <= MAX_LOCAL_PART, `${message ?? 'Correo no válido.'} La parte antes de la @ admite hasta ${MAX_LOCAL_PART} caracteres.`);

/** An address as people type it: surrounding spaces and capitals do not count. */
export const typedEmail = z.string().trim().toLowerCase().max(254).pipe(mailbox('Correo no válido.'));
