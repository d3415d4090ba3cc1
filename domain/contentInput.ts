/**
 * What a requesting unit sends to have content published (INPE 5.3.a; PCM 6.2.2.2): the content, its
 * audience, date, time and networks, and the authorisation of the unit's own head. The same schemas
 * validate the JSON API, the form and a correction, and feed the OpenAPI document.
 */
import { z } from 'zod';
import { calendarDaySchema } from './dates';
import { typedEmail as email } from './email';
import { NETWORKS } from './networks';
import './validation';

/** Where an image is meant to appear: a network's feed, or Instagram stories (PCM 6.2.2.16). */
export const IMAGE_PLACEMENTS = ['x', 'facebook', 'instagram', 'instagram_story', 'tiktok', 'youtube', 'linkedin', 'flickr', 'other'] as const;
export type ImagePlacement = (typeof IMAGE_PLACEMENTS)[number];

/** Formats every network accepts for a still image. */
export const IMAGE_TYPES = ['png', 'jpg', 'webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** X's own ceiling for a still image, the strictest of the networks; also keeps uploads small. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** X takes at most four images per post. */
export const MAX_IMAGES = 4;
/** Base64 length of the largest image (4 characters per 3 bytes). */
export const MAX_IMAGE_BASE64 = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;

const text = (max: number) => z.string().trim().min(1).max(max);

/** INPE 5.3.a: the unit's head authorises the request; who, when and the document that says so. */
export const unitAuthorizationSchema = z
  .object({
    name: text(120),
    position: text(160),
    email,
    authorizedOn: calendarDaySchema,
    reference: z.string().trim().max(120).optional(),
  })
  .strict();

/** PCM 6.2.2.18: a live broadcast of an organisation outside the Executive Branch. */
export const liveBroadcastSchema = z
  .object({
    organisation: text(200),
    agreementReference: z.string().trim().max(160).optional(),
    durationMinutes: z.number().int().min(1).max(24 * 60),
  })
  .strict();

/** The part of a request the unit writes, and rewrites when the request is observed. */
export const contentDraftSchema = z
  .object({
    unit: text(200),
    text: text(5000),
    audience: text(1000),
    publishOn: calendarDaySchema,
    publishAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use la hora en formato HH:MM (24 horas).'),
    networks: z.array(z.enum(NETWORKS)).min(1).max(NETWORKS.length),
    unitAuthorization: unitAuthorizationSchema,
    /** INPE 5.2.b: the unit (or the CM later) marks information the Presidency must approve. */
    sensitive: z.boolean().optional(),
    liveBroadcast: liveBroadcastSchema.optional(),
  })
  .strict();

/** An image as the JSON API takes it. */
export const imageUploadSchema = z
  .object({
    placement: z.enum(IMAGE_PLACEMENTS),
    filename: z.string().trim().min(1).max(200).optional(),
    contentBase64: z.string().min(1).max(MAX_IMAGE_BASE64 + 4, `Cada imagen debe pesar como máximo ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`),
  })
  .strict();

/** `POST /api/content-requests`: the draft, the entity, and the images in base64. */
export const contentRequestInputSchema = contentDraftSchema
  .extend({
    entityId: text(80),
    /** Set by API keys only; a signed-in person always requests in their own name. */
    requester: z.object({ name: text(120), email }).strict().optional(),
    images: z.array(imageUploadSchema).max(MAX_IMAGES, `Adjunte como máximo ${MAX_IMAGES} imágenes.`).optional(),
  })
  .strict();

/** An image once stored: what the processes carry instead of its bytes. */
export const contentImageSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,100}$/),
    placement: z.enum(IMAGE_PLACEMENTS),
    filename: z.string().max(200),
    type: z.enum(IMAGE_TYPES),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    bytes: z.number().int().positive().max(MAX_IMAGE_BYTES),
  })
  .strict();

/** A correction: the new draft and the images it keeps or brings (stored before the decision is posted). */
export const contentCorrectionSchema = contentDraftSchema.extend({ images: z.array(contentImageSchema).max(MAX_IMAGES) }).strict();

export type ContentDraft = z.infer<typeof contentDraftSchema>;
export type ContentImage = z.infer<typeof contentImageSchema>;
export type ContentCorrection = z.infer<typeof contentCorrectionSchema>;
export type ContentRequestInput = z.infer<typeof contentRequestInputSchema>;
