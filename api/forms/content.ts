/**
 * Turns the content form (multipart, parsed by multer's bracket notation) into the JSON shape the API
 * takes, and its files into images with their placement.
 */
import { PLACEMENT_LABELS } from '../../domain/content';
import { IMAGE_PLACEMENTS, MAX_IMAGES, type ImagePlacement } from '../../domain/contentInput';
import type { EntityPolicy } from '../../domain/entity';
import { NETWORKS, NETWORK_LABELS } from '../../domain/networks';
import type { RuleViolation } from '../../domain/validation';
import type { IncomingImage } from '../services/contentRequests';
import { uploadedFiles } from '../upload';
import { filled, list, obj, str } from './fields';

/** The draft's fields (without the entity), as a correction or a new request sends them. */
export function contentDraftFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const auth = obj(body.unitAuthorization);
  const live = obj(body.liveBroadcast);
  return {
    unit: str(body.unit),
    text: str(body.text),
    audience: str(body.audience),
    publishOn: str(body.publishOn),
    publishAt: str(body.publishAt),
    networks: list(body.networks),
    unitAuthorization: {
      name: str(auth.name),
      position: str(auth.position),
      email: str(auth.email),
      authorizedOn: str(auth.authorizedOn),
      ...(filled(auth.reference) ? { reference: auth.reference } : {}),
    },
    ...(body.sensitive === 'si' ? { sensitive: true } : {}),
    ...(filled(live.organisation) || filled(live.agreementReference) || filled(live.durationMinutes)
      ? {
          liveBroadcast: {
            organisation: str(live.organisation),
            ...(filled(live.agreementReference) ? { agreementReference: live.agreementReference } : {}),
            durationMinutes: /^\d{1,4}$/.test(String(live.durationMinutes ?? '').trim()) ? Number(live.durationMinutes) : str(live.durationMinutes),
          },
        }
      : {}),
  };
}

/** The form's images: each file with the placement chosen beside it. */
export function imagesFromForm(body: Record<string, unknown>, files: unknown): { images: IncomingImage[]; errors: RuleViolation[] } {
  const byField = uploadedFiles(files);
  const images: IncomingImage[] = [];
  const errors: RuleViolation[] = [];
  for (let i = 0; i < MAX_IMAGES; i++) {
    const file = byField[`imageFile${i}`]?.[0];
    if (!file || file.size === 0) continue;
    const placement = str(body[`imagePlacement${i}`]);
    if (!placement || !(IMAGE_PLACEMENTS as readonly string[]).includes(placement)) {
      errors.push({ field: `images.${images.length}`, rule: 'PCM 6.2.2.16', message: `Indique para qué red y formato es la imagen «${file.originalname}».` });
      continue;
    }
    images.push({ placement: placement as ImagePlacement, filename: file.originalname.slice(0, 200) || `imagen-${i + 1}`, bytes: file.buffer });
  }
  return { images, errors };
}

/** What the content form needs besides the values: option lists and image slots (also the correction link's form). */
export function contentFormContext(entities: EntityPolicy[]) {
  return {
    entities,
    networks: NETWORKS.map((id) => ({ id, label: NETWORK_LABELS[id] })),
    placements: IMAGE_PLACEMENTS.map((id) => ({ id, label: PLACEMENT_LABELS[id] })),
    imageSlots: Array.from({ length: MAX_IMAGES }, (_, i) => i),
  };
}
