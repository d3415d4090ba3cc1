/**
 * Publication of content (RULEBOOK §6): a unit's request with its head's authorisation (INPE 5.3.a),
 * the CM's evaluation against quality standards (INPE 5.3.b), mandatory image sizes (PCM 6.2.2.16),
 * forbidden content (PCM 6.2.2.9), live broadcasts of external organisations (PCM 6.2.2.18), the
 * head's approval (PCM 6.2.2.2; CONGRESO 5.1.1; INPE 5.3.d) and the Presidency's for sensitive
 * information under INPE (5.2.b). Pure rules: image dimensions arrive already read.
 */
import { CONFIRMATION_KEYS, confirmationsProblem, type ContentConfirmation } from './contentConfirmations';
import { contentDraftSchema, IMAGE_TYPES, MAX_IMAGE_BYTES, type ContentDraft, type ContentImage, type ImagePlacement } from './contentInput';
import { isInstitutionalEmail, type Contact, type EntityPolicy } from './entity';
import { OFFICIAL_ACTS, type OfficialAct } from './officialActs';
import { NETWORK_LABELS, POST_HOSTS, type Network } from './networks';
import { PROFILES, type PolicyProfileId } from './policyProfiles';
import { shapeViolations, type RuleViolation, type Validated } from './validation';
import { hostWithin, httpsHost } from './webAddress';

/** A request as the process carries it: the draft, who asked, and its stored images (never their bytes). */
export interface ContentRequest extends ContentDraft {
  entityId: string;
  requester: Contact;
  images: ContentImage[];
}

/** Where a request stands: the CM evaluates, the unit corrects, the head (and the Presidency) approve, the CM publishes. */
export const CONTENT_STAGES = ['evaluacion', 'correccion', 'aprobacion', 'presidencia', 'programada', 'publicacion', 'publicada', 'rechazada'] as const;
export type ContentStage = (typeof CONTENT_STAGES)[number];

export const CONTENT_STAGE_LABELS: Record<ContentStage, string> = {
  evaluacion: 'En evaluación del community manager',
  correccion: 'Observada: en corrección por el órgano',
  aprobacion: 'En aprobación del titular',
  presidencia: 'En aprobación de la Presidencia',
  programada: 'Aprobada: programada para su difusión',
  publicacion: 'Por confirmar la publicación',
  publicada: 'Publicada',
  rechazada: 'Rechazada',
};

export const PLACEMENT_LABELS: Record<ImagePlacement, string> = {
  x: 'X (Twitter)',
  facebook: 'Facebook',
  instagram: 'Instagram',
  instagram_story: 'Historias de Instagram',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  linkedin: 'LinkedIn',
  flickr: 'Flickr',
  other: 'Otra red',
};

/** The network a placement belongs to: stories are Instagram's. */
export const placementNetwork = (p: ImagePlacement): Network => (p === 'instagram_story' ? 'instagram' : p);

/** PCM 6.2.2.16: "las medidas de las gráficas […] su uso es de carácter obligatorio". */
export const REQUIRED_SIZES: Partial<Record<ImagePlacement, { width: number; height: number }>> = {
  x: { width: 1080, height: 600 },
  facebook: { width: 1080, height: 1080 },
  instagram: { width: 1080, height: 1080 },
  instagram_story: { width: 720, height: 1280 },
};

/**
 * INPE 5.3.b asks the CM to check resolution where PCM 6.2.2.16 sets no size (TikTok, YouTube, LinkedIn,
 * Flickr, others): at least the smallest graphic the directive mandates, X's 1080×600, in either
 * orientation — below it a post looks blurred on the networks' own feeds. Pixels, not DPI: screens ignore DPI.
 */
export const MIN_RESOLUTION = { longSide: 1080, shortSide: 600 };

const TYPE_LABELS: Record<string, string> = { png: 'PNG', jpg: 'JPEG', webp: 'WebP' };

/** What is known of one image once its header is read (by the API at intake, by an activity for the CM). */
export interface ImageFacts {
  placement: ImagePlacement;
  filename: string;
  /** As `image-size` names it (`png`, `jpg`, `gif`…); undefined when the bytes are no image at all. */
  type: string | undefined;
  width: number;
  height: number;
  bytes: number;
}

const kb = (n: number) => `${Math.round(n / 1024)} KB`;
const imageName = (i: number, f: ImageFacts) => `Imagen ${i + 1} («${f.filename}»)`;

/** Every rule one image breaks, in Spanish, naming the network, the expected and actual size, and the clause. */
export function imageViolations(images: ImageFacts[]): RuleViolation[] {
  const out: RuleViolation[] = [];
  images.forEach((f, i) => {
    const field = `images.${i}`;
    const name = imageName(i, f);
    if (!f.type || !(IMAGE_TYPES as readonly string[]).includes(f.type)) {
      out.push({ field, rule: 'INPE 5.3.b', message: `${name} no es una imagen PNG, JPEG ni WebP${f.type ? ` (es ${f.type.toUpperCase()})` : ''}.` });
      return;
    }
    if (f.bytes > MAX_IMAGE_BYTES) {
      out.push({ field, rule: 'INPE 5.3.b', message: `${name} pesa ${kb(f.bytes)}; el máximo es ${kb(MAX_IMAGE_BYTES)}.` });
    }
    const required = REQUIRED_SIZES[f.placement];
    if (required) {
      if (f.width !== required.width || f.height !== required.height) {
        out.push({
          field,
          rule: 'PCM 6.2.2.16',
          message:
            `${name} para ${PLACEMENT_LABELS[f.placement]}: la medida obligatoria es ${required.width}×${required.height} px ` +
            `y la imagen mide ${f.width}×${f.height} px (PCM 6.2.2.16).`,
        });
      }
      return;
    }
    const long = Math.max(f.width, f.height);
    const short = Math.min(f.width, f.height);
    if (long < MIN_RESOLUTION.longSide || short < MIN_RESOLUTION.shortSide) {
      out.push({
        field,
        rule: 'INPE 5.3.b',
        message:
          `${name} para ${PLACEMENT_LABELS[f.placement]} tiene resolución insuficiente: mide ${f.width}×${f.height} px y el mínimo es ` +
          `${MIN_RESOLUTION.longSide}×${MIN_RESOLUTION.shortSide} px (en cualquier orientación).`,
      });
    }
  });
  return out;
}

/** One line per image for the CM's evaluation: what was measured and whether it complies. */
export interface ImageCheck {
  imageId?: string;
  label: string;
  ok: boolean;
  detail: string;
}

/** The checks the CM sees (INPE 5.3.b), computed from the stored bytes by an activity. */
export function imageChecks(images: Array<ImageFacts & { imageId?: string }>): ImageCheck[] {
  return images.map((f, i) => {
    const problems = imageViolations([f]);
    const size = `${f.width}×${f.height} px, ${TYPE_LABELS[f.type ?? ''] ?? f.type ?? '?'}, ${kb(f.bytes)}`;
    const required = REQUIRED_SIZES[f.placement];
    const rule = required ? `medida obligatoria ${required.width}×${required.height} px, PCM 6.2.2.16` : `mínimo ${MIN_RESOLUTION.longSide}×${MIN_RESOLUTION.shortSide} px, INPE 5.3.b`;
    return {
      ...(f.imageId ? { imageId: f.imageId } : {}),
      label: `${imageName(i, f)} – ${PLACEMENT_LABELS[f.placement]}`,
      ok: problems.length === 0,
      detail: problems.length ? problems.map((p) => p.message.replace(`${imageName(0, f)} `, '')).join(' ') : `Conforme: ${size} (${rule}).`,
    };
  });
}

/** PCM 6.2.2.18: live broadcasts of external organisations last at most this long. */
export const MAX_LIVE_MINUTES = 30;

/** Peru keeps UTC−5 all year: a Lima wall-clock time is this instant. */
export const limaInstant = (day: string, time: string) => new Date(`${day}T${time}:00-05:00`);
const limaToday = (now: Date) => new Date(now.getTime() - 5 * 3_600_000).toISOString().slice(0, 10);

/** Rules over a well-formed request; `now` comes from the caller (workflow time inside a workflow). */
export function contentRuleViolations(
  req: ContentDraft & { requester?: { email: string }; images: Array<Pick<ContentImage, 'placement'>> },
  entity: Pick<EntityPolicy, 'emailDomains'>,
  now: Date,
): RuleViolation[] {
  const out: RuleViolation[] = [];
  const add = (field: string, rule: string, message: string) => out.push({ field, rule, message });
  if (limaInstant(req.publishOn, req.publishAt).getTime() <= now.getTime()) {
    add('publishOn', 'INPE 5.3.a', 'La fecha y hora de difusión ya pasaron: indique una fecha y hora futuras (hora de Lima).');
  }
  const auth = req.unitAuthorization;
  if (auth.authorizedOn > limaToday(now)) add('unitAuthorization.authorizedOn', 'INPE 5.3.a', 'La autorización del jefe del órgano no puede tener fecha futura.');
  if (auth.authorizedOn > req.publishOn) add('unitAuthorization.authorizedOn', 'INPE 5.3.a', 'La autorización del jefe del órgano debe ser anterior a la fecha de difusión.');
  if (!isInstitutionalEmail(entity, auth.email)) {
    add('unitAuthorization.email', 'INPE 5.3.a', `El jefe del órgano autoriza con su correo institucional (${entity.emailDomains.map((d) => '@' + d).join(', ')}).`);
  }
  if (req.requester && !isInstitutionalEmail(entity, req.requester.email)) {
    add('requester.email', 'PEGE 4.5', 'El solicitante debe usar su correo institucional, canal oficial de la entidad.');
  }
  req.images.forEach((img, i) => {
    const network = placementNetwork(img.placement);
    if (!req.networks.includes(network)) {
      add(`images.${i}`, 'INPE 5.3.a', `La imagen ${i + 1} es para ${PLACEMENT_LABELS[img.placement]}, pero ${NETWORK_LABELS[network]} no figura entre las redes seleccionadas.`);
    }
  });
  const live = req.liveBroadcast;
  if (live) {
    if (!live.agreementReference) {
      add('liveBroadcast.agreementReference', 'PCM 6.2.2.18', 'Una transmisión en vivo de una organización externa requiere un convenio interinstitucional autorizado por el titular: indique su referencia.');
    }
    if (live.durationMinutes > MAX_LIVE_MINUTES) {
      add('liveBroadcast.durationMinutes', 'PCM 6.2.2.18', `La transmisión no puede exceder ${MAX_LIVE_MINUTES} minutos (se pidieron ${live.durationMinutes}); en eventos más largos transmita solo los momentos más importantes.`);
    }
  }
  return out;
}

/** Validates a draft (from a correction or the API) with its images' placements; shape problems cite INPE 5.3.a. */
export function validateContentDraft(
  input: unknown,
  images: Array<Pick<ContentImage, 'placement'>>,
  entity: Pick<EntityPolicy, 'emailDomains'>,
  now: Date,
): Validated<ContentDraft> {
  const parsed = contentDraftSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: shapeViolations(parsed.error, 'INPE 5.3.a') };
  const errors = contentRuleViolations({ ...parsed.data, images }, entity, now);
  return errors.length ? { ok: false, errors } : { ok: true, value: parsed.data };
}

/** PCM 6.2.2.9 (SENACE 7.7): what can never be published on an institutional account. */
export const FORBIDDEN_CONTENT = ['political_propaganda', 'proselytism', 'private_advertising'] as const;
export type ForbiddenContent = (typeof FORBIDDEN_CONTENT)[number];
export const FORBIDDEN_LABELS: Record<ForbiddenContent, string> = {
  political_propaganda: 'Propaganda política',
  proselytism: 'Proselitismo',
  private_advertising: 'Publicidad de un bien o servicio privado',
};
export const FORBIDDEN_CLAUSE = 'PCM 6.2.2.9';

/** A forbidden-content flag as the record keeps it: what, under which clause, by whom and when. */
export interface ContentFlag {
  flag: ForbiddenContent;
  clause: string;
  by: string;
  at: string;
}

/**
 * What an evaluation or approval may carry: the sensitivity mark and the CM's confirmations of PCM 6.2.2
 * (approve), or forbidden-content flags (reject).
 */
export interface EvaluationPayload {
  sensitive?: boolean;
  flags?: ForbiddenContent[];
  confirmations?: ContentConfirmation[];
  news?: boolean;
  newsUrl?: string;
  /** PCM 6.2.4: the piece is about an official act, published after its lead accounts. */
  officialAct?: OfficialAct;
}

/**
 * Checks the payload of the CM's evaluation (and the head's decision). The CM rejects only by flagging
 * forbidden content with its clause — anything else is an observation the unit can correct (INPE 5.3.b);
 * marking content sensitive needs the entity's profile to have that rule and a Presidency to ask.
 */
export function evaluationPayloadProblem(
  action: string,
  payload: unknown,
  opts: {
    flagsRequiredToReject: boolean;
    sensitiveRule: boolean;
    presidencyKnown: boolean;
    /** PCM 6.2.2.5–8, 6.2.2.17: approving needs the CM's confirmations, news links checked against this entity's sites. */
    confirmationsFor?: Pick<EntityPolicy, 'officialHosts'>;
  },
): string | undefined {
  const confirming = action === 'approve' && opts.confirmationsFor !== undefined;
  if (payload === undefined || payload === null) {
    if (confirming) return confirmationsProblem(opts.confirmationsFor!, {});
    return action === 'reject' && opts.flagsRequiredToReject ? 'Marque el contenido prohibido que motiva el rechazo (PCM 6.2.2.9); si es corregible, obsérvelo.' : undefined;
  }
  if (typeof payload !== 'object' || Array.isArray(payload)) return 'Datos de la evaluación no válidos.';
  const p = payload as Record<string, unknown>;
  const keys = ['sensitive', 'flags', ...(confirming ? [...CONFIRMATION_KEYS, 'officialAct'] : [])];
  if (Object.keys(p).some((k) => !keys.includes(k))) return 'Datos de la evaluación no válidos.';
  if (p.officialAct !== undefined && !(OFFICIAL_ACTS as readonly unknown[]).includes(p.officialAct)) return 'Acto oficial desconocido (PCM 6.2.4).';
  if (p.flags !== undefined) {
    if (!Array.isArray(p.flags) || p.flags.some((f) => !(FORBIDDEN_CONTENT as readonly unknown[]).includes(f))) return 'Marca de contenido prohibido desconocida (PCM 6.2.2.9).';
    if (p.flags.length && action !== 'reject') return 'El contenido prohibido se rechaza: use «Rechazar» (PCM 6.2.2.9).';
  }
  const flags = (p.flags as unknown[] | undefined) ?? [];
  if (action === 'reject' && opts.flagsRequiredToReject && flags.length === 0) {
    return 'Marque el contenido prohibido que motiva el rechazo (PCM 6.2.2.9); si es corregible, obsérvelo.';
  }
  if (p.sensitive !== undefined) {
    if (typeof p.sensitive !== 'boolean') return 'Datos de la evaluación no válidos.';
    if (p.sensitive && !opts.sensitiveRule) return 'El perfil de la entidad no prevé aprobación de la Presidencia para contenido sensible (INPE 5.2.b).';
    if (p.sensitive && !opts.presidencyKnown) return 'La nómina de la entidad no tiene registrada a la Presidencia; regístrela antes de marcar el contenido como sensible (INPE 5.2.b).';
  }
  return confirming ? confirmationsProblem(opts.confirmationsFor!, p) : undefined;
}

/** INPE 5.2.b: sensitive information of an entity whose profile has that rule also goes to the Presidency. */
export function needsPresidencyApproval(profile: PolicyProfileId, sensitive: boolean | undefined): boolean {
  return Boolean(sensitive) && PROFILES[profile].sensitiveContentApproval !== undefined;
}

/** A post's address, or the Spanish reason it cannot be the post of that network. */
export function postUrlProblem(network: Network, url: unknown): string | undefined {
  const label = NETWORK_LABELS[network];
  const address = httpsHost(url);
  if ('problem' in address) {
    return {
      missing: `Indique el enlace de la publicación en ${label}.`,
      invalid: `El enlace de ${label} no es una dirección válida.`,
      'not-https': `El enlace de ${label} debe empezar con https://.`,
      credentials: `El enlace de ${label} no debe contener credenciales.`,
    }[address.problem];
  }
  const hosts = POST_HOSTS[network];
  const { host } = address;
  if (hosts.length && !hostWithin(host, hosts)) {
    return `El enlace de ${label} debe estar en ${hosts.join(' o ')}; se indicó ${host}.`;
  }
  return undefined;
}

export interface Publication {
  network: Network;
  url: string;
}

/** INPE 5.3.d: the CM confirms each requested network's post with its address. */
export function publicationPayloadProblem(payload: unknown, networks: Network[]): string | undefined {
  const posts = (payload as { posts?: unknown } | null)?.posts;
  if (!Array.isArray(posts)) return 'Indique el enlace de cada publicación.';
  const problems: string[] = [];
  for (const network of networks) {
    const found = posts.filter((p) => (p as { network?: unknown })?.network === network);
    if (found.length !== 1) problems.push(`Indique un enlace para ${NETWORK_LABELS[network]}.`);
    else {
      const problem = postUrlProblem(network, (found[0] as { url?: unknown }).url);
      if (problem) problems.push(problem);
    }
  }
  if (posts.some((p) => !networks.includes((p as { network?: unknown })?.network as Network))) problems.push('Hay enlaces de redes que la solicitud no incluye.');
  return problems.length ? problems.join(' ') : undefined;
}

/** The request as rows for emails and pages. */
export function contentSummary(r: ContentRequest, entityName: string): Array<[string, string]> {
  const a = r.unitAuthorization;
  const rows: Array<[string, string]> = [
    ['Entidad', entityName],
    ['Órgano solicitante', r.unit],
    ['Solicitante', `${r.requester.name} <${r.requester.email}>`],
    ['Autorización del jefe del órgano', `${a.name}, ${a.position} <${a.email}>, ${a.authorizedOn}${a.reference ? ` (${a.reference})` : ''}`],
    ['Redes sociales', r.networks.map((n) => NETWORK_LABELS[n]).join(', ')],
    ['Fecha y hora de difusión', `${r.publishOn} ${r.publishAt} (hora de Lima)`],
    ['Público objetivo', r.audience],
    ['Contenido', r.text],
    ['Imágenes', r.images.length ? r.images.map((i) => `${i.filename} (${PLACEMENT_LABELS[i.placement]}, ${i.width}×${i.height} px)`).join('; ') : 'Sin imágenes'],
  ];
  if (r.liveBroadcast) {
    const l = r.liveBroadcast;
    rows.push(['Transmisión en vivo', `${l.organisation}, ${l.durationMinutes} min, convenio ${l.agreementReference ?? '—'}`]);
  }
  if (r.sensitive) rows.push(['Información sensible', 'Sí (INPE 5.2.b)']);
  return rows;
}

/** A short title for lists and subjects. */
export function contentTitle(r: Pick<ContentDraft, 'text' | 'unit'>): string {
  const line = r.text.replace(/\s+/g, ' ').trim();
  return `${r.unit}: ${line.length > 60 ? `${line.slice(0, 57)}…` : line}`;
}
