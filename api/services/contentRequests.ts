import { insertOnce } from '../../infra/db';
import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { can, principalLabel, type Principal, requireIdentified, asReadBy } from '../../domain/access';
import { contentRuleViolations, contentTitle, imageViolations, type ContentRequest, type ContentStage, type ImageFacts } from '../../domain/content';
import { contentDraftSchema, contentRequestInputSchema, MAX_IMAGE_BYTES, type ContentDraft, type ContentImage, type ImagePlacement, type ImageType } from '../../domain/contentInput';
import type { Contact, EntityPolicy } from '../../domain/entity';
import { PROFILES } from '../../domain/policyProfiles';
import { shapeViolations, type RuleViolation } from '../../domain/validation';
import type { AuditTrail, Caller } from '../../registry/audit';
import { createImageStore } from '../../registry/contentImages';
import { readImageFacts } from '../../registry/imageFacts';
import { contentRequestModel, type ContentRequestDoc } from '../../infra/models/contentRequest';
import type { Registry } from '../../registry/reads';
import { contentWorkflowId, type ContentStatus } from '../../contracts/content';
import { Refusal } from '../../domain/refusal';
import type { Processes } from '../../contracts/processes';
import { mayReadRow, readablePage, type ReadableQuery } from '../../registry/readable';
import { newestFirst } from '../../registry/paging';
import type { Page, PageCounts } from '../../domain/paging';
import { urls } from '../../infra/urls';

export interface ContentRequestsDeps {
  processes: Processes;
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  publicUrl: string;
}

/** An image as it arrives, from the form (multer) or the API (base64), before it is checked. */
export interface IncomingImage {
  placement: ImagePlacement;
  filename: string;
  bytes: Buffer;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const NEWEST_FIRST = newestFirst('content-requests', 'submittedAt');

/** A 400 whose message itself says what is wrong, so an API client that shows only `message` still tells the person. */
const invalid = (errors: RuleViolation[]) =>
  new Refusal('validation_failed', `La solicitud no cumple las reglas: ${errors.map((e) => (e.message.includes(`(${e.rule})`) ? e.message : `${e.message} (${e.rule})`)).join(' ')}`.slice(0, 2000), errors);

export type ContentRequestSummary = Pick<ContentRequestDoc, 'entityId' | 'requesterEmail' | 'unit' | 'title' | 'networks' | 'publishOn' | 'publishAt' | 'stage' | 'submittedAt'> & {
  id: string;
  flags: NonNullable<ContentRequestDoc['flags']>;
  publications: NonNullable<ContentRequestDoc['publications']>;
};

/** Starts, reads and lists content publication processes (RULEBOOK §6), checking who may. */
export function contentRequestsService(deps: ContentRequestsDeps) {
  const rows = contentRequestModel(deps.db);
  const images = createImageStore(deps.db);

  /** Reads each image's header and checks it (PCM 6.2.2.16, INPE 5.3.b); violations name the image. */
  function checkImages(incoming: IncomingImage[]): RuleViolation[] {
    const facts: ImageFacts[] = incoming.map((i) => ({ ...readImageFacts(i.bytes), placement: i.placement, filename: i.filename, bytes: i.bytes.length }));
    return imageViolations(facts);
  }

  async function store(incoming: IncomingImage[]): Promise<ContentImage[]> {
    const out: ContentImage[] = [];
    for (const i of incoming) {
      const s = await images.put(i.bytes);
      out.push({ id: s.id, placement: i.placement, filename: i.filename, type: s.type as ImageType, width: s.width, height: s.height, bytes: s.bytes });
    }
    return out;
  }

  /** Validates a draft and its images against every rule, stores the images and returns their references. */
  async function prepare(draftInput: unknown, incoming: IncomingImage[], entity: EntityPolicy, requester?: Contact): Promise<{ draft: ContentDraft; images: ContentImage[] }> {
    const parsed = contentDraftSchema.safeParse(draftInput);
    const errors = parsed.success ? [] : shapeViolations(parsed.error, 'INPE 5.3.a');
    errors.push(...checkImages(incoming));
    if (parsed.success) errors.push(...contentRuleViolations({ ...parsed.data, ...(requester ? { requester } : {}), images: incoming }, entity, new Date()));
    if (errors.length || !parsed.success) throw invalid(errors);
    return { draft: parsed.data, images: await store(incoming) };
  }

  /** Base64 images of the JSON API, decoded; a string that is no base64 is refused like a wrong file. */
  function decode(list: Array<{ placement: ImagePlacement; filename?: string | undefined; contentBase64: string }>): IncomingImage[] {
    return list.map((img, i) => {
      const clean = img.contentBase64.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw invalid([{ field: `images.${i}.contentBase64`, rule: 'INPE 5.3.a', message: `La imagen ${i + 1} no está codificada en base64.` }]);
      const bytes = Buffer.from(clean, 'base64');
      if (bytes.length > MAX_IMAGE_BYTES) throw new Refusal('payload_too_large', `La imagen ${i + 1} supera ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`);
      return { placement: img.placement, filename: img.filename ?? `imagen-${i + 1}`, bytes };
    });
  }

  return {
    /**
     * Validates and starts the process; the same idempotency key never starts a second one. A person
     * always requests in their own name; an API key names a registered person of its entity. `images`
     * are the form's files; JSON bodies carry theirs in base64.
     */
    async submit(body: unknown, incoming: IncomingImage[] | undefined, idempotencyKey: string | undefined, caller: Caller): Promise<{ requestId: string }> {
      const { principal } = caller;
      requireIdentified(principal);
      const { entity, roster } = await deps.registry.loadEntityWithRoster((body as { entityId?: unknown } | null)?.entityId);
      if (!can(principal, 'request.submit', entity)) throw new Refusal('forbidden', 'No puede solicitar publicaciones para esta entidad.');
      const parsed = contentRequestInputSchema.safeParse(body);
      if (!parsed.success) throw invalid(shapeViolations(parsed.error, 'INPE 5.3.a'));
      const { entityId: _e, requester: named, images: encoded, ...draftInput } = parsed.data;
      let requester: Contact;
      if (principal.kind === 'person') requester = { name: principal.name, email: principal.email };
      else {
        const person = named ? roster.find((r) => r.email === named.email) : undefined;
        if (!person) throw invalid([{ field: 'requester.email', rule: 'INPE 5.3.a', message: 'El solicitante debe ser una persona registrada en la entidad.' }]);
        requester = { name: person.name, email: person.email };
      }
      const files = incoming ?? decode(encoded ?? []);
      if (draftInput.sensitive && PROFILES[entity.profile].sensitiveContentApproval) {
        if (!roster.some((r) => r.role === 'presidency')) {
          throw new Refusal('entity_incomplete', 'La entidad no tiene registrada a la Presidencia, que aprueba la información sensible (INPE 5.2.b). Pida a su titular o al administrador que la registre.');
        }
      }
      const { draft, images: stored } = await prepare(draftInput, files, entity, requester);
      const request: ContentRequest = { ...draft, entityId: entity.id, requester, images: stored };

      const key = idempotencyKey ?? randomUUID();
      const requestId = hash(`contenido:${entity.id}:${key}`).slice(0, 24);
      const workflowId = contentWorkflowId(requestId);
      await deps.processes.startContentPublication(
        { requestId, entity, request, submittedAt: new Date().toISOString(), statusUrl: `${deps.publicUrl}${urls.contentRequest.page(requestId)}` },
        hash(JSON.stringify(request)),
      );
      const row: ContentRequestDoc = {
        _id: requestId,
        workflowId,
        entityId: entity.id,
        requesterEmail: requester.email.toLowerCase(),
        submittedBy: principalLabel(principal),
        unit: draft.unit,
        title: contentTitle(draft),
        networks: [...draft.networks],
        publishOn: draft.publishOn,
        publishAt: draft.publishAt,
        submittedAt: new Date(),
        stage: 'evaluacion',
        ...(draft.sensitive ? { sensitive: true } : {}),
      };
      if (await insertOnce(rows, row)) {
        await deps.audit.recordBy(caller, { action: 'request.submitted', entityId: entity.id, workflowId, subject: row.requesterEmail, detail: `Publicación de contenido: ${row.title}`.slice(0, 500) });
      }
      return { requestId };
    },

    /**
     * A correction posted through its link (INPE 5.3.b–c): new images replace the old ones; with none,
     * the images already checked stay. Returns the payload for the `decide` update.
     */
    async correction(original: ContentRequest, body: unknown, incoming: IncomingImage[]): Promise<{ payload: unknown } | { errors: RuleViolation[] }> {
      const entity = await deps.registry.loadEntity(original.entityId);
      try {
        if (incoming.length) {
          const { draft, images: stored } = await prepare(body, incoming, entity, original.requester);
          return { payload: { ...draft, images: stored } };
        }
        const { draft } = await prepare(body, [], entity, original.requester);
        const errors = contentRuleViolations({ ...draft, images: original.images }, entity, new Date());
        if (errors.length) return { errors };
        return { payload: { ...draft, images: original.images } };
      } catch (err) {
        if (err instanceof Refusal && err.violations.length) return { errors: err.violations };
        throw err;
      }
    },

    /** The process's status, for whoever may read it; each reading by someone else is recorded (Ley 29733). */
    async status(requestId: string, caller: Caller): Promise<ContentStatus> {
      const { principal } = caller;
      requireIdentified(principal);
      const row = /^[0-9a-f]{24}$/.test(requestId) ? await rows.findById(requestId).lean() : null;
      if (!row) throw new Refusal('not_found', 'No existe esa solicitud de publicación.');
      const entity = await deps.registry.entity(row.entityId);
      if (!entity || !mayReadRow(principal, row.requesterEmail, { id: entity._id, profile: entity.profile })) throw new Refusal('forbidden', 'No tiene permiso para ver esta solicitud.');
      const status = await deps.processes.contentStatus(row._id);
      if (!status) throw new Refusal('not_found', 'No existe esa solicitud de publicación.');
      if (!(principal.kind === 'person' && principal.email === row.requesterEmail)) {
        await deps.audit.recordBy(caller, { action: 'request.viewed', entityId: row.entityId, workflowId: row.workflowId });
      }
      return asReadBy(principal, { id: entity._id, profile: entity.profile }, status);
    },

    /** One of a request's images, for those who may read the request. */
    async image(requestId: string, imageId: string, caller: Caller): Promise<{ bytes: Buffer; type: string }> {
      const status = await this.status(requestId, caller);
      const known = status.request.images.some((i) => i.id === imageId) || status.decisions.some((d) => JSON.stringify(d.payload ?? null).includes(imageId));
      const found = known ? await images.get(imageId) : null;
      if (!found) throw new Refusal('not_found', 'No existe esa imagen en la solicitud.');
      return found;
    },

    /** Requests the principal may read, newest first, a page at a time; `stage` narrows them; `counted` adds how many in all. */
    async list(principal: Principal, q: ReadableQuery & { stage?: ContentStage }, counted = false): Promise<Page<ContentRequestSummary> & { counts?: PageCounts }> {
      requireIdentified(principal);
      const where = q.stage ? { stage: q.stage } : undefined;
      const page = await readablePage(rows, { principal, entities: await deps.registry.entitiesOf(principal), ownerField: 'requesterEmail', listing: NEWEST_FIRST, ...(where ? { where } : {}) }, q, counted);
      return {
        ...page,
        rows: page.rows.map((r) => ({
          id: r._id, entityId: r.entityId, requesterEmail: r.requesterEmail, unit: r.unit, title: r.title, networks: r.networks ?? [], publishOn: r.publishOn, publishAt: r.publishAt,
          stage: r.stage, submittedAt: r.submittedAt, flags: r.flags ?? [], publications: r.publications ?? [],
        })),
      };
    },
  };
}

export type ContentRequestsService = ReturnType<typeof contentRequestsService>;
