import { passwordHoldersSchema, recoveryDeviceSchema } from '../domain/accountCustody';
import { z } from 'zod';
import { metaConnectionSchema } from '../domain/metaConnectionInput';
import { closureRequestSchema } from '../domain/accountClosure';
import { questionSchema } from '../domain/citizenQuestion';
import { planDraftSchema } from '../domain/digitalPlan';
import { reactivationSchema } from '../domain/inactivity';
import { nameChangeSchema } from '../domain/accountNames';
import { accountRolesSchema, accountStatusSchema, rotateNowSchema } from '../domain/accountInput';
import { accountProposalSchema } from '../domain/accountProposal';
import { existingAccountSchema } from '../domain/existingAccount';
import { auditQuerySchema } from '../domain/auditQuery';
import { pageQuerySchema } from '../domain/paging';
import { apiKeyCreateSchema, entityCreateSchema, entityPatchSchema, personCreateSchema, personPatchSchema } from '../domain/registryInput';
import { reviewMonthSchema } from '../domain/roleReviewInput';
import { agencyGrantCreateSchema, agencyGrantEndSchema } from '../domain/agencyGrantInput';
import { handoverCreateSchema } from '../domain/handoverInput';
import { incidentReportSchema } from '../domain/incident';
import { imageIssueReportSchema } from '../domain/imageIssue';
import { moderationRecordSchema, moderationReviewSchema } from '../domain/moderation';
import { campaignEndSchema, campaignProposalSchema } from '../domain/campaignInput';
import { contentRequestInputSchema } from '../domain/contentInput';
import { stepResendSchema } from '../domain/stepInput';
import { API_ERROR_CODES } from './errors';

const error = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...API_ERROR_CODES], description: 'Stable code; branch on it, never on the message' },
        message: { type: 'string', description: 'Spanish, for people' },
        details: {
          type: 'array',
          items: { type: 'object', required: ['field', 'rule', 'message'], properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

const schema = (s: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (s: unknown) => ({ 'application/json': { schema: s } });
const err = (description: string) => ({ description, content: json(ref('Error')) });
const body = (name: string) => ({ required: true, content: json(ref(name)) });
const ok = (description: string) => ({ description, content: json({ type: 'object' }) });
const AUTH = { '401': err('Not signed in, or a bad or revoked API key'), '403': err('The role does not allow it on this entity') };
const path = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
const entityId = path('id', 'Entity id, e.g. `mincul`');
const QUARTER_PARAM = { name: 'quarter', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' }, description: 'Quarter, `YYYY-Qn`' };

/** Query parameters from the same zod schema that validates them (the audit filters, `cursor` and `limit`). */
const queryParameters = (shape: Record<string, unknown>) =>
  Object.entries(shape).map(([name, s]) => ({ name, in: 'query', required: false, schema: schema(s as z.ZodType), ...(name === 'before' ? { deprecated: true } : {}) }));
const entityFilter = { name: 'entity', in: 'query', required: false, schema: { type: 'string' } };

const NEXT_CURSOR = { type: 'string', description: 'Present while more rows follow: pass it back as `cursor` for the next page. Opaque.' };

/** A page of a list (issue 14 §1.9): its rows under `key`, and `nextCursor` while more follow. */
const pageSchema = (key: string, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  required: [key],
  properties: { [key]: { type: 'array', items: { type: 'object' } }, nextCursor: NEXT_CURSOR, ...extra },
});
const listPage = (key: string, description: string) => ({ description, content: json(pageSchema(key)) });
const BAD_PAGE = err('`validation_failed`: a malformed `cursor` or a `limit` out of 1–1000 (`details` names it)');

/**
 * The OpenAPI document, built from the same zod schemas that validate requests, so they cannot drift.
 * Machines authenticate with an entity's API key; people's browsers with the session cookie (and the
 * `x-csrf-token` header on unsafe methods).
 */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Custodio API', version: '0.2.0', description: 'Procesos de cuentas institucionales en redes sociales (Directiva N° 03-2022-PCM/SCS y afines). Any operation may answer 503 with code `database_unavailable` or `temporal_unavailable` while a server restarts: nothing was lost; try again.' },
    security: [{ apiKey: [] }, { session: [] }],
    paths: {
      '/api/me': { get: { summary: 'Quién soy: persona y roles por entidad, o la clave de API', responses: { '200': ok('The caller'), ...AUTH } } },
      '/api/entities': {
        get: { summary: 'Entidades visibles para quien consulta', responses: { '200': ok('`{ entities: [...] }`'), ...AUTH } },
        post: { summary: 'Crear una entidad (administración de la plataforma)', requestBody: body('EntityCreate'), responses: { '201': ok('Created'), '400': err('Invalid'), '409': err('The id exists'), ...AUTH } },
      },
      '/api/entities/{id}': {
        get: { summary: 'Configuración de una entidad', parameters: [entityId], responses: { '200': ok('Entity'), '404': err('No such entity'), ...AUTH } },
        patch: {
          summary: 'Cambiar la política: el titular ajusta días no laborables, plan de recordatorios y períodos electorales (PCM 6.2.2.10); lo demás, la administración',
          parameters: [entityId],
          requestBody: body('EntityPatch'),
          responses: { '200': ok('Entity'), '400': err('Invalid'), '404': err('No such entity'), ...AUTH },
        },
      },
      '/api/entities/{id}/people': {
        get: { summary: 'Nómina de la entidad (teléfonos solo para quien los necesita, Ley 29733)', parameters: [entityId], responses: { '200': ok('`{ people: [...] }`'), '404': err('No such entity'), ...AUTH } },
        post: { summary: 'Agregar una persona a la nómina', parameters: [entityId], requestBody: body('PersonCreate'), responses: { '201': ok('Roster entry'), '400': err('Invalid (e.g. PCM 6.1.1.4)'), '404': err('No such entity'), '409': err('conflict or roster_conflict'), ...AUTH } },
      },
      '/api/entities/{id}/people/{personId}': {
        patch: {
          summary: 'Cambiar rol o datos, o registrar que dejó la oficina',
          parameters: [entityId, path('personId', 'Person id')],
          requestBody: body('PersonPatch'),
          responses: { '200': ok('Roster entry'), '400': err('Invalid'), '404': err('Not in the roster'), '409': err('roster_conflict'), ...AUTH },
        },
      },
      '/api/entities/{id}/api-keys': {
        get: { summary: 'Claves de API de la entidad (sin el secreto)', parameters: [entityId], responses: { '200': ok('`{ apiKeys: [...] }`'), '404': err('No such entity'), ...AUTH } },
        post: { summary: 'Crear una clave de API; el secreto se muestra una sola vez', parameters: [entityId], requestBody: body('ApiKeyCreate'), responses: { '201': ok('The key, with `key`'), '400': err('Invalid'), '404': err('No such entity'), ...AUTH } },
      },
      '/api/entities/{id}/api-keys/{keyId}': {
        delete: { summary: 'Revocar una clave de API', parameters: [entityId, path('keyId', 'Key id')], responses: { '204': { description: 'Revoked' }, '404': err('No such active key'), ...AUTH } },
      },
      '/api/entities/{id}/meta-connection': {
        get: { summary: 'Estado de la conexión de la entidad con Meta (nunca el token; solo la jefatura)', parameters: [entityId], responses: { '200': ok('`{ entityId, connected, connectedBy?, connectedAt?, lastReadAt?, lastFailure? }`'), '404': err('No such entity'), ...AUTH } },
        put: {
          summary: 'Conectar o reemplazar el token del usuario del sistema de Meta (issue 17 §1; se guarda cifrado y no se devuelve)',
          parameters: [entityId],
          requestBody: body('MetaConnection'),
          responses: { '200': ok('The connection, without the token'), '400': err('Malformed token'), '404': err('No such entity'), ...AUTH },
        },
        delete: { summary: 'Revocar el token de Meta de la entidad', parameters: [entityId], responses: { '204': { description: 'Revoked' }, '404': err('No such entity or no token'), ...AUTH } },
      },
      '/api/account-requests': {
        get: {
          summary: 'Solicitudes visibles para quien consulta, la más reciente primero, por páginas',
          parameters: [entityFilter, ...queryParameters(pageQuerySchema.shape)],
          responses: { '200': listPage('requests', '`{ requests, nextCursor? }`: entidad, solicitante, título, fecha'), '400': BAD_PAGE, ...AUTH },
        },
        post: {
          summary: 'Solicitar la creación de una cuenta institucional (PCM 6.1.1.2, Anexo 4)',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'The same key never starts a second process.' }],
          requestBody: body('AccountProposal'),
          responses: {
            '202': { description: 'Process started (or already started with this key)', content: json({ type: 'object', properties: { id: { type: 'string' }, statusUrl: { type: 'string' }, page: { type: 'string' } } }) },
            '400': err('The proposal breaks a rule; `details` names each field and clause'),
            ...AUTH,
            '409': err('The idempotency key was used with another proposal, or the entity lacks a head, second or CM'),
            '413': err('Body too large'),
            '429': err('Rate limited'),
            '503': err('Temporal unavailable; try again'),
          },
        },
      },
      '/api/account-requests/{id}': {
        get: {
          summary: 'Estado de una solicitud: etapa, a quién espera y desde cuándo, decisiones',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } }],
          responses: { '200': ok('Status'), ...AUTH, '404': err('No such request'), '503': err('Temporal unavailable; try again') },
        },
      },
      '/api/entities/{id}/role-reviews': {
        get: {
          summary: 'Revisiones mensuales de roles de la entidad (PCM 6.1.2.11), la más reciente primero',
          parameters: [entityId],
          responses: { '200': ok('`{ reviews: [...] }`: mes, revisor(a), anomalías con su cláusula, estado y conformidad'), '404': err('No such entity'), ...AUTH },
        },
        post: {
          summary: 'Iniciar ahora la revisión de roles del mes (titular); idempotente para el mes',
          parameters: [entityId],
          responses: {
            '202': ok('Started: `{ entityId, month, workflowId, started: true }`'),
            '200': ok('This month\'s review already exists: `{ ..., started: false }`'),
            '404': err('No such entity'),
            ...AUTH,
            '503': err('Temporal unavailable; try again'),
          },
        },
      },
      '/api/entities/{id}/role-reviews/{month}': {
        get: {
          summary: 'Una revisión de roles; si sigue abierta, a quién espera, desde cuándo y si escaló',
          parameters: [entityId, { name: 'month', in: 'path', required: true, schema: schema(reviewMonthSchema), description: 'Month, `YYYY-MM`' }],
          responses: { '200': ok('The review, with `live` while open'), '400': err('Bad month'), '404': err('No such entity or review'), ...AUTH, '503': err('Temporal unavailable; try again') },
        },
      },
      '/api/entities/{id}/quarterly-reports': {
        get: {
          summary: 'Informes trimestrales a la SCS (PCM 6.3.2, Anexo 3): estado, plazo, envío y acuse de cada trimestre; los trimestres que pueden iniciarse',
          parameters: [entityId],
          responses: { '200': ok('`{ entity, reports: [...], mayStart, applies, startable }`'), '404': err('No such entity'), ...AUTH },
        },
        post: {
          summary: 'Iniciar ahora el informe de un trimestre (titular o CM): el en curso o uno de los cuatro anteriores; idempotente por trimestre',
          parameters: [entityId],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['quarter'], properties: { quarter: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' } } } } } },
          responses: {
            '201': ok('Started: `{ entityId, quarter, workflowId, started: true }`'),
            '200': ok('Already started: `{ ..., started: false }`'),
            '400': err('Bad or out-of-reach quarter (`details[0].field` is `quarter`)'),
            '404': err('No such entity'),
            '409': err('The entity is not Executive Branch and sends no report (PCM 2)'),
            ...AUTH,
            '503': err('Temporal unavailable; try again'),
          },
        },
      },
      '/api/entities/{id}/quarterly-reports/{quarter}': {
        get: {
          summary: 'Un informe trimestral: estado, plazo, a quién espera, exportaciones que faltan, seguidores y el último borrador del Anexo 3',
          parameters: [entityId, QUARTER_PARAM],
          responses: { '200': ok('The report, with `live` while its process runs and `draft` once drafted'), '400': err('Bad quarter'), '404': err('No such entity or report'), ...AUTH, '503': err('Temporal unavailable; try again') },
        },
      },
      '/api/entities/{id}/quarterly-reports/{quarter}/followers': {
        put: {
          summary: 'Seguidores de cada cuenta al inicio y al final del trimestre, anotados a mano (ninguna exportación los trae); hasta que el informe se envía',
          parameters: [entityId, QUARTER_PARAM],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['followers'], properties: { followers: { type: 'array', items: { type: 'object', required: ['accountId'], properties: { accountId: { type: 'string' }, start: { type: 'integer', minimum: 0 }, end: { type: 'integer', minimum: 0 } } } } } } } } },
          responses: { '200': ok('`{ followers }` as kept'), '400': err('A count that is not a whole number, or an account of another entity (`details` names each)'), '404': err('No such entity or report'), '409': err('The report went to SCS: its figures no longer change'), ...AUTH },
        },
      },
      '/api/entities/{id}/accounts': {
        get: {
          summary: 'Cuentas institucionales de la entidad, con sus roles de página (nunca credenciales)',
          parameters: [entityId],
          responses: { '200': ok('`{ accounts: [...] }`: red, usuario, correo vinculado, estado y roles'), '404': err('No such entity'), ...AUTH },
        },
        post: {
          summary: 'Registrar una cuenta que la entidad ya administra (Anexo 4; PCM 6.3.5): su rotación cuenta desde `lastRotatedOn`, o se pide de inmediato',
          parameters: [entityId],
          requestBody: body('ExistingAccount'),
          responses: {
            '201': ok('`{ accountId, created: true, findings }`: `findings` are creation rules the account breaks (PCM 6.1.1.4, 6.1.1.8), registered anyway'),
            '200': ok('The same account, already registered with these data (`created: false`)'),
            '400': err('Invalid (`details` names each field)'),
            '404': err('No such entity'),
            '409': err('That network and name is registered with other data'),
            ...AUTH,
            '503': err('Registered, but Temporal did not start its rotation: send it again'),
          },
        },
      },
      '/api/entities/{id}/inventory': {
        post: {
          summary: 'Leer el inventario de cuentas (XLSX o CSV con las columnas del Anexo 4) y guardar su vista previa un día',
          parameters: [entityId],
          requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required: ['archivo'], properties: { archivo: { type: 'string', format: 'binary' } } } } } },
          responses: {
            '200': ok('The preview: `importId`, `fileErrors`, `rows` (line, account, errors, findings, change), `counts`, `importable`'),
            '400': err('No file, or not a spreadsheet'),
            '404': err('No such entity'),
            '413': err('Larger than 2 MB'),
            ...AUTH,
          },
        },
      },
      '/api/entities/{id}/inventory/{importId}': {
        get: {
          summary: 'La vista previa del inventario, contra el registro de ahora',
          parameters: [entityId, path('importId', 'From the upload')],
          responses: { '200': ok('The preview'), '404': err('No such entity or preview (kept a day)'), ...AUTH },
        },
      },
      '/api/entities/{id}/inventory/{importId}/confirm': {
        post: {
          summary: 'Importar la vista previa: todo o nada; confirmar de nuevo no cambia nada más',
          parameters: [entityId, path('importId', 'From the upload')],
          responses: {
            '200': ok('`{ created, updated, unchanged, retired }`: account ids'),
            '400': err('A row has errors: nothing was imported'),
            '404': err('No such entity or preview (kept a day)'),
            ...AUTH,
            '503': err('Imported, but Temporal did not start every rotation: confirm again'),
          },
        },
      },
      '/api/accounts/{id}': {
        get: {
          summary: 'Una cuenta institucional: red, usuario, correo vinculado, estado y roles de página',
          parameters: [path('id', 'Account id')],
          responses: { '200': ok('The account'), '404': err('No such account'), ...AUTH },
        },
      },
      '/api/accounts/{id}/metrics': {
        post: {
          summary: 'Leer la exportación de una red (Meta, X, TikTok Studio, YouTube Studio o la plantilla de Custodio; CSV o .zip) y guardar su vista previa un día (PCM 6.3.2)',
          parameters: [path('id', 'Account id')],
          requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required: ['archivo'], properties: { archivo: { type: 'string', format: 'binary' } } } } } },
          responses: {
            '200': ok('The preview: `importId`, `kind`, `language`, `source`, `exportedOn`, `postCount`, `networks`, `sample` (the first 20 posts), `skipped` (line, reason), `known` (readings already stored), `importable`, and `problem` when the posts are of another network'),
            '400': err('No file, or a file that cannot be read: the message names the line and column (`details[0].field` is `archivo`)'),
            '404': err('No such account'),
            '413': err('Larger than 10 MB'),
            ...AUTH,
          },
        },
      },
      '/api/accounts/{id}/metrics/{importId}': {
        get: {
          summary: 'La vista previa de una exportación subida, con lo que ya está registrado',
          parameters: [path('id', 'Account id'), path('importId', 'From the upload')],
          responses: { '200': ok('The preview; once confirmed, with `confirmedAt` and `result`'), '404': err('No such account or preview (kept a day unless confirmed)'), ...AUTH },
        },
      },
      '/api/accounts/{id}/metrics/{importId}/confirm': {
        post: {
          summary: 'Guardar las cifras de la vista previa: una exportación posterior reemplaza a la anterior, nunca se suman; el mismo archivo otra vez no cambia nada',
          parameters: [path('id', 'Account id'), path('importId', 'From the upload')],
          responses: {
            '200': ok('`{ added, unchanged }`: readings new to Custodio, and readings it already had (not counted twice)'),
            '400': err('The posts are of another network than the account\'s, or the file has none: nothing was stored'),
            '404': err('No such account or preview'),
            ...AUTH,
          },
        },
      },
      '/api/accounts/{id}/roles': {
        put: {
          summary: 'Reemplazar los roles de página de la cuenta (PCM 6.1.2.11); el proceso de rotación lee al nuevo custodio',
          parameters: [path('id', 'Account id')],
          requestBody: body('AccountRoles'),
          responses: { '200': ok('The account'), '400': err('Invalid (e.g. non-institutional email, PCM 6.1.1.4)'), '404': err('No such account'), ...AUTH },
        },
      },
      '/api/accounts/{id}/status': {
        post: {
          summary: 'Pausar, reactivar o dar de baja la cuenta (titular); la rotación se detiene o se reanuda sin reiniciarse. `retired` deja constancia de una cuenta que ya no existe en la red (p. ej., eliminada por la plataforma); una cuenta que existe se cierra con `POST /api/accounts/{id}/closures` (PCM 5.2.5)',
          parameters: [path('id', 'Account id')],
          requestBody: body('AccountStatus'),
          responses: { '200': ok('The account'), '400': err('Invalid'), '404': err('No such account'), '409': err('Retired accounts stay retired'), ...AUTH },
        },
      },
      '/api/accounts/{id}/rotation': {
        get: {
          summary: 'Rotación de credenciales (PCM 6.1.2.5; CONGRESO 6.2.5): próxima fecha, vencida o no, custodio y rotaciones registradas',
          parameters: [path('id', 'Account id')],
          responses: {
            '200': ok('`state` (`esperando`, `pendiente`, `pausada`, `sin-custodio`, `retirada`, `sin-proceso`), `nextDueAt`, `overdue` while unconfirmed, `rotations`'),
            '404': err('No such account'),
            ...AUTH,
            '503': err('Temporal unavailable; try again'),
          },
        },
      },
      '/api/accounts/{id}/rotation/now': {
        post: {
          summary: 'Pedir una rotación inmediata (titular): sospecha de filtración, salida de un custodio',
          parameters: [path('id', 'Account id')],
          requestBody: body('RotateNow'),
          responses: { '202': ok('`{ accountId, requested: true }`'), '400': err('Invalid reason'), '404': err('No such account'), '409': err('The account is retired'), ...AUTH, '503': err('Temporal unavailable; try again') },
        },
      },
      '/api/accounts/{id}/continuity': {
        get: {
          summary: 'Continuidad de la cuenta (PCM 5.2.5): días sin publicaciones según sus exportaciones importadas, y la alerta cuando llegan al período de la entidad',
          parameters: [path('id', 'Account id')],
          responses: {
            '200': ok('`state` (`unmeasured` without exports, `active`, `inactive`), `days` (the entity\'s period), `since`, `lastPublishedOn`, `exportedOn`, `silentDays`, `message` when inactive, and the head\'s `reactivation` (`by`, `at`, `plan`, `stands`) if decided'),
            '404': err('No such account'),
            ...AUTH,
          },
        },
      },
      '/api/accounts/{id}/continuity/reactivation': {
        post: {
          summary: 'El/la titular decide mantener y reactivar una cuenta señalada sin actividad (PCM 5.2.5), diciendo qué se publicará y desde cuándo; la alerta informa la decisión hasta que pase otro período sin publicaciones. Cerrarla es `POST /api/accounts/{id}/closures`',
          parameters: [path('id', 'Account id')],
          requestBody: body('Reactivation'),
          responses: { '200': ok('The continuity, with `reactivation.stands` true'), '400': err('A plan under 20 characters'), '404': err('No such account'), '409': err('The account is not flagged, or is retired'), ...AUTH },
        },
      },
      '/api/accounts/{id}/custody': {
        get: {
          summary: 'Custodia de la cuenta bajo el Congreso: quiénes tienen la contraseña (CONGRESO 6.1.3, 6.1.7) y el equipo de recuperación (CONGRESO 6.2.3); el número, enmascarado para quien no gestiona la cuenta',
          parameters: [path('id', 'Account id')],
          responses: { '200': ok('`passwords?` (`custodians`, `holders`, `eligible`), `recovery?` (`device?`, `holderOptions`), `warnings`'), '404': err('No such account'), ...AUTH },
        },
      },
      '/api/accounts/{id}/password-holders': {
        put: {
          summary: 'A quiénes del equipo entrega el/la titular la contraseña de la red (CONGRESO 6.1.7); nunca la contraseña',
          parameters: [path('id', 'Account id')],
          requestBody: body('PasswordHolders'),
          responses: {
            '200': ok('The custody'),
            '400': err('Someone not on the roster, outside the team, or a custodian already (CONGRESO 6.1.3)'),
            '404': err('No such account'),
            '409': err('Not kept for this account: Facebook goes by page roles (CONGRESO 6.1.4); the Executive Branch hands passwords to nobody else (PCM 6.2.1.2)'),
            ...AUTH,
          },
        },
      },
      '/api/accounts/{id}/recovery-device': {
        put: {
          summary: 'El equipo celular de la institución que recupera la cuenta, su línea y quién lo tiene (CONGRESO 6.2.3)',
          parameters: [path('id', 'Account id')],
          requestBody: body('RecoveryDevice'),
          responses: {
            '200': ok('The custody'),
            '400': err('Ownership not confirmed, a personal recovery address, or a holder the caller may not name'),
            '404': err('No such account'),
            '409': err('Not kept under this profile'),
            ...AUTH,
          },
        },
      },
      '/api/accounts/{id}/name-changes': {
        get: {
          summary: 'Cambios de nombre o usuario de la cuenta (PCM 6.1.2.7): el pedido en curso, con la etapa de su proceso y a quién espera, y el historial de nombres (anterior → nuevo, quién aprobó, quién confirmó), el más reciente primero',
          parameters: [path('id', 'Account id')],
          responses: {
            '200': ok('`{ open?, history }`: `open` has `state` (`pending`, `correcting`, `approved`) and, while Temporal answers, `live.stage` and `live.waitingFor`; `history` holds the `done` requests: `from`, `to`, `decidedBy`, `decidedAt`, `doneBy`, `doneAt`'),
            '404': err('No such account'),
            ...AUTH,
          },
        },
        post: {
          summary: 'Pedir un cambio de nombre de página y/o de usuario (PCM 6.1.2.7): solo el community manager o el/la titular, nunca una clave de API; el/la titular lo aprueba, observa o rechaza por correo y el registro cambia cuando el community manager confirma que lo hizo en la red',
          parameters: [path('id', 'Account id')],
          requestBody: body('NameChange'),
          responses: {
            '201': ok('The request: `requestId`, `workflowId`, `state` (`pending`), `from`, `to` (only what changes), `reason`'),
            '400': err('Invalid: nothing changes, a username against PCM 6.1.1.8, a reason under 10 characters (`details[].field`: `name`, `username`, `reason`)'),
            '404': err('No such account'),
            '409': err('The account already has a rename in progress'),
            ...AUTH,
            '503': err('Temporal unavailable; nothing was stored, try again'),
          },
        },
      },
      '/api/accounts/{id}/closures': {
        get: {
          summary: 'Cierre de la cuenta (PCM 5.2.5; SENACE 7.2): el pedido en curso, con la etapa de su proceso y a quién espera, el cierre que la dio de baja (con el número del acta) y los pedidos rechazados',
          parameters: [path('id', 'Account id')],
          responses: {
            '200': ok('`{ clause, open?, closed?, rejected }`: `open` has `state` (`pending`, `approved`) and, while Temporal answers, `live.stage` and `live.waitingFor`; `closed` has `decidedBy`, `closedBy`, `closedAt`, `note`, `recordCode`'),
            '404': err('No such account'),
            ...AUTH,
          },
        },
        post: {
          summary: 'Pedir el cierre de la cuenta (PCM 5.2.5): solo el community manager o el/la titular, nunca una clave de API. El/la titular lo aprueba o rechaza por correo (su propio pedido ya es la aprobación, SENACE 7.2); el community manager retira los roles, cambia la contraseña una última vez, cierra la cuenta en la red y lo confirma; entonces Custodio la da de baja y envía el acta de cierre a la SCS',
          parameters: [path('id', 'Account id')],
          requestBody: body('AccountClosure'),
          responses: {
            '201': ok('The request: `requestId`, `workflowId`, `state` (`pending`), `reason`, `inactivity` (PCM 5.2.5 flag when asked), `headAsked` (the head asked: no approval step)'),
            '400': err('Invalid: a reason under 10 characters (`details[].field`: `reason`)'),
            '404': err('No such account'),
            '409': err('The account already has a closure in progress, or is already retired'),
            ...AUTH,
            '503': err('Temporal unavailable; nothing was stored, try again'),
          },
        },
      },
      '/api/accounts/{id}/agency-grants': {
        get: {
          summary: 'Accesos de agencias de una cuenta (PCM 6.1.2.10), el más reciente primero',
          parameters: [path('id', 'Account id')],
          responses: { '200': ok('`{ grants: [...] }`: agencia, rol, campaña, vigencia y estado'), '404': err('No such account'), ...AUTH },
        },
        post: {
          summary: 'Otorgar a una agencia el rol de anunciante o de socio por una campaña (PCM 6.1.2.10); avisa si la agencia conserva roles de campañas anteriores',
          parameters: [
            path('id', 'Account id'),
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'The same key on the same account opens one grant (also `idempotencyKey` in the body).' },
          ],
          requestBody: body('AgencyGrantCreate'),
          responses: {
            '201': ok('`{ grant, warnings }`: each warning names an earlier grant of the same agency still holding a role in the entity, citing PCM 6.1.2.10'),
            '200': ok('The idempotency key named a grant opened before: `{ grant, warnings }`'),
            '400': err('Invalid: nonexistent date, end before start, partner without Business Manager ID, campaign already over'),
            ...AUTH,
            '404': err('No such account'),
            '409': err('`conflict` (the account is not active) or `idempotency_conflict` (the key was used with another grant)'),
            '503': err('Temporal unavailable; nothing was stored, try again'),
          },
        },
      },
      '/api/agency-grants/{grantId}': {
        get: {
          summary: 'Un acceso de agencia; mientras la agencia tiene el rol, el proceso en vivo: paso abierto, a quién espera y desde cuándo',
          parameters: [path('grantId', 'Grant id')],
          responses: { '200': ok('The grant, with `live` while it holds a role'), ...AUTH, '404': err('No such grant'), '503': err('Temporal unavailable; try again') },
        },
      },
      '/api/agency-grants/{grantId}/end': {
        post: {
          summary: 'Terminar la campaña antes: antes del inicio anula el acceso; después, el retiro del rol se pide de inmediato (o tras la nueva fecha)',
          parameters: [path('grantId', 'Grant id')],
          requestBody: body('AgencyGrantEnd'),
          responses: {
            '202': ok('`{ grantId, on, reason, effect }`, effect `cancelled`, `removal-now` or `removal-scheduled`'),
            '400': err('Invalid date or reason'),
            ...AUTH,
            '404': err('No such grant'),
            '409': err('Already removed, annulled or with its removal requested'),
            '503': err('Temporal unavailable; try again'),
          },
        },
      },
      '/api/processes/{workflowId}/steps/{step}/resend': {
        post: {
          summary: 'Reenviar un paso abierto a otra persona de la nómina en lugar de quien debía atenderlo (p. ej., su correo fue rechazado); titular o administración',
          parameters: [path('workflowId', 'Process (workflow) id'), path('step', 'Step id, e.g. verificacion-1')],
          requestBody: body('StepResend'),
          responses: {
            '200': ok('`{ step, to }`: the new person got links of their own; the replaced address\'s links stop working'),
            '400': err('Not a decider of the step, or not on the roster'),
            ...AUTH,
            '404': err('No such process or step'),
            '409': err('The step was decided or withdrawn, or the process ended'),
            '503': err('Temporal unavailable; try again'),
          },
        },
      },
      '/api/entities/{id}/handovers': {
        get: {
          summary: 'Traspasos de administración de la entidad (PCM 6.2.3), el más reciente primero',
          parameters: [entityId, ...queryParameters(pageQuerySchema.shape)],
          responses: { '200': listPage('handovers', '`{ handovers, nextCursor? }`: saliente, entrante, estado, paso y confirmaciones'), '400': BAD_PAGE, '404': err('No such entity'), ...AUTH },
        },
        post: {
          summary: 'Iniciar el traspaso de administración cuando el/la community manager deja la oficina (titular, PCM 6.2.3.1)',
          parameters: [entityId],
          requestBody: body('HandoverCreate'),
          responses: {
            '201': ok('The handover (`Location` is its status); the outgoing CM is emailed the first step'),
            '400': err('`validation_failed`: bad address, the outgoing person is not the entity\'s CM, the incoming one is not on its roster, is the outgoing one, the head or the second'),
            ...AUTH,
            '404': err('No such entity'),
            '409': err('`conflict`: a handover of this entity is running'),
            '503': err('Temporal unavailable; nothing was stored, try again'),
          },
        },
      },
      '/api/entities/{id}/handovers/{handoverId}': {
        get: {
          summary: 'Un traspaso; mientras sigue, el proceso en vivo: paso abierto, a quién espera, desde cuándo y si escaló al titular',
          parameters: [entityId, path('handoverId', 'Handover id')],
          responses: { '200': ok('The handover, with `live` while it runs'), ...AUTH, '404': err('No such entity or handover'), '503': err('Temporal unavailable; try again') },
        },
      },
      '/api/entities/{id}/incidents': {
        get: {
          summary: 'Incidentes de seguridad digital de la entidad (PCM 6.1.1.7), el más reciente primero',
          parameters: [entityId, ...queryParameters(pageQuerySchema.shape)],
          responses: { '200': listPage('incidents', '`{ incidents, nextCursor? }`: tipo, cuentas, cronología, lista de verificación e informe de cierre'), '400': BAD_PAGE, '404': err('No such entity'), ...AUTH },
        },
        post: {
          summary: 'Reportar un incidente de seguridad digital: cuenta comprometida, pérdida de acceso o suplantación (CM o titular, PCM 6.1.1.7)',
          parameters: [entityId],
          requestBody: body('IncidentReport'),
          responses: {
            '201': ok('The incident (`Location` is its status); every affected account\'s rotation is asked for and the head is emailed'),
            '400': err('`validation_failed`: unknown kind, no affected account (except an impersonation), an account not in service in this entity, a short description, a bad or future `noticedAt`'),
            ...AUTH,
            '404': err('No such entity'),
            '503': err('Temporal unavailable; nothing was stored, try again'),
          },
        },
      },
      '/api/entities/{id}/incidents/{incidentId}': {
        get: {
          summary: 'Un incidente; mientras está abierto, el proceso en vivo: pasos abiertos y a quién esperan',
          parameters: [entityId, path('incidentId', 'Incident id')],
          responses: { '200': ok('The incident, with `live` while it is open'), ...AUTH, '404': err('No such entity or incident'), '503': err('Temporal unavailable; try again') },
        },
      },
      '/api/entities/{id}/image-issues': {
        get: {
          summary: 'Asuntos que pueden afectar la imagen institucional (PCM 6.2.2.14), el más reciente primero',
          parameters: [entityId, ...queryParameters(pageQuerySchema.shape)],
          responses: { '200': listPage('imageIssues', '`{ imageIssues, nextCursor? }`: asunto, enlaces, cuentas, cronología y acuses'), '400': BAD_PAGE, '404': err('No such entity'), ...AUTH },
        },
        post: {
          summary: 'Informar al/la titular un asunto tratado en las redes que puede afectar la imagen de la institución (CM o titular, PCM 6.2.2.14)',
          parameters: [entityId],
          requestBody: body('ImageIssueReport'),
          responses: {
            '201': ok('The matter (`Location` is its status); the head is asked to acknowledge it, reminded by the entity\'s plan'),
            '400': err('`validation_failed`: a short subject or description, a link that is not http(s), an account not in service in this entity'),
            ...AUTH,
            '404': err('No such entity'),
            '503': err('Temporal unavailable; nothing was stored, try again'),
          },
        },
      },
      '/api/entities/{id}/image-issues/{issueId}': {
        get: {
          summary: 'Un asunto; mientras está pendiente, el proceso en vivo: a quién espera',
          parameters: [entityId, path('issueId', 'Matter id')],
          responses: { '200': ok('The matter, with `live` while it is open'), ...AUTH, '404': err('No such entity or matter'), '503': err('Temporal unavailable; try again') },
        },
      },
      '/api/entities/{id}/digital-plans/{year}': {
        get: {
          summary: 'Plan de Comunicación Digital del año (PCM 6.2.2.1, Anexo 2): los diez apartados, el plan de posteo semanal, las metas trimestrales, su estado y, mientras está en aprobación, a quién espera',
          parameters: [path('id', 'Entity id'), path('year', 'Year (2020-2100)')],
          responses: { '200': ok('The plan: `state` (`none`, `draft`, `pending`, `approved`), `round`, `sections`, `weeklyPosts`, `indicators`, `observation`, `recordCode`'), '400': err('Invalid year'), '404': err('No such entity'), ...AUTH },
        },
        put: {
          summary: 'Guardar el borrador del plan (community manager o titular; este año o el próximo): cualquier parte puede faltar todavía',
          parameters: [path('id', 'Entity id'), path('year', 'This year or the next')],
          requestBody: body('DigitalPlanDraft'),
          responses: { '200': ok('The plan, `state` `draft`'), '400': err('Invalid figures or year'), '404': err('No such entity'), '409': err('In approval, or already approved (final for its year)'), ...AUTH },
        },
      },
      '/api/entities/{id}/digital-plans/{year}/submit': {
        post: {
          summary: 'Enviar el plan guardado al/a la titular para su aprobación: completo (los diez apartados, un plan de posteo semanal y al menos una meta) o se rechaza nombrando cada parte que falta. El envío del/de la titular es la aprobación',
          parameters: [path('id', 'Entity id'), path('year', 'This year or the next')],
          responses: {
            '202': ok('The plan, `state` `pending`, `round` n: its process is `plan-<entityId>-<year>-<n>`'),
            '400': err('Incomplete: `details[].field` names each missing part (`sections.<key>`, `weeklyPosts`, `indicators`)'),
            '404': err('No such entity'),
            '409': err('Not saved yet, in approval, or already approved'),
            ...AUTH,
            '503': err('Temporal unavailable; the plan stays a draft, try again'),
          },
        },
      },
      '/api/entities/{id}/questions': {
        get: {
          summary: 'Consultas de los ciudadanos derivadas a las áreas (PCM 6.2.2.12), las 200 más recientes primero, y las áreas a las que se pueden derivar (unidades del equipo). Solo la oficina (titular, segundo(a), community manager): el texto puede tener datos personales',
          parameters: [path('id', 'Entity id'), { name: 'open', in: 'query', required: false, schema: { type: 'string', enum: ['1', 'true', '0', 'false'] }, description: 'Only those the area has not answered' }],
          responses: { '200': ok('`{ questions: [...], areas: [{ email, name, unit }] }`; each question has `state` (`open`, `answered`, `replied`), `receivedAt`, `countsFrom`, `dueAt`, `overdue`'), '400': err('An unknown `open` value'), '404': err('No such entity'), ...AUTH },
        },
        post: {
          summary: 'Derivar una consulta recibida en una red al área responsable (PCM 6.2.2.12): solo el community manager o el/la titular. El plazo (días hábiles de la entidad, 5 por defecto) corre desde que llegó o, en el Senace, desde que abre el horario de atención (SENACE 8.4). El INPE no deriva solicitudes de acceso a la información (INPE 4.2.b); el Senace tampoco consultas sobre expedientes (SENACE 8.5)',
          parameters: [path('id', 'Entity id')],
          requestBody: body('CitizenQuestion'),
          responses: {
            '201': ok('The question: `id`, `workflowId`, `areaName`, `countsFrom`, `dueAt`, `dueBusinessDays`, `state` (`open`)'),
            '400': err('Invalid, with `details[].field` and `rule`: a kind the entity\'s networks are no channel for (INPE 4.2.b, SENACE 8.5), an area that is not a roster unit, a reception in the future or over 30 days ago'),
            '404': err('No such entity'),
            ...AUTH,
            '503': err('Temporal unavailable; nothing was stored, try again'),
          },
        },
      },
      '/api/entities/{id}/questions/{questionId}': {
        get: {
          summary: 'Una consulta ciudadana: su plazo, la respuesta del área y, mientras Temporal responde, la etapa de su proceso y a quién espera',
          parameters: [path('id', 'Entity id'), path('questionId', 'Question id')],
          responses: { '200': ok('The question, with `live.stage` and `live.waitingFor` while Temporal answers'), '404': err('No such entity or question'), ...AUTH },
        },
      },
      '/api/entities/{id}/moderation': {
        get: {
          summary: 'Registro de moderación de la entidad (PCM 6.2.2.13, INPE 5.4.b), el más reciente primero; usuario y evidencia solo para la oficina de la entidad',
          parameters: [entityId, { name: 'accountId', in: 'query', required: false, description: 'Only this account\'s records', schema: { type: 'string' } }, ...queryParameters(pageQuerySchema.shape)],
          responses: { '200': listPage('records', '`{ records, nextCursor? }`: acción, motivo, cuenta, revisión del/de la titular'), '400': BAD_PAGE, '404': err('No such entity'), ...AUTH },
        },
        post: {
          summary: 'Registrar un comentario ocultado o denunciado, o (solo INPE) un seguidor bloqueado (CM o titular; nunca una eliminación, PCM 6.2.2.13)',
          parameters: [entityId],
          requestBody: body('ModerationRecord'),
          responses: {
            '201': ok('The record (`Location` is its address); the head is emailed once. The same `Idempotency-Key` answers the same record'),
            '400': err('`validation_failed`: a deletion or a block outside INPE (PCM 6.2.2.13), a block without a 5.4.a reason or earlier occurrences (INPE 5.4.b), an account not in service in this entity, a bad evidence link'),
            ...AUTH,
            '404': err('No such entity'),
            '503': err('Temporal unavailable: the record is kept, the head\'s email not yet asked for; post it again with the same key'),
          },
        },
      },
      '/api/entities/{id}/moderation/{recordId}': {
        get: {
          summary: 'Un registro de moderación, su revisión y si se avisó al/la titular',
          parameters: [entityId, path('recordId', 'Record id')],
          responses: { '200': ok('The record, with `headNotified`'), ...AUTH, '404': err('No such entity or record') },
        },
      },
      '/api/entities/{id}/moderation/{recordId}/review': {
        post: {
          summary: 'El/la titular marca un bloqueo «Revisado» u «Observado» con su motivo (INPE 5.4.b); la primera revisión queda',
          parameters: [entityId, path('recordId', 'Record id')],
          requestBody: body('ModerationReview'),
          responses: {
            '200': ok('The record with its review'),
            '400': err('`validation_failed`: no verdict, or «Observado» without a reason'),
            ...AUTH,
            '404': err('No such entity or record'),
            '409': err('`conflict`: already reviewed, or the record is not a block'),
          },
        },
      },
      '/api/campaigns': {
        get: {
          summary: 'Campañas visibles para quien consulta (PCM 5.1.1), la más reciente primero, por páginas; `entity` filtra por entidad',
          parameters: [entityFilter, ...queryParameters(pageQuerySchema.shape)],
          responses: { '200': listPage('campaigns', '`{ campaigns, nextCursor? }`: nombre, modalidad, multisectorial, período electoral, difusión y estado'), '400': BAD_PAGE, ...AUTH },
        },
        post: {
          summary: 'Proponer una campaña comunicacional (PCM 5.1.1, 5.1.2): el titular la aprueba; si es multisectorial, opina la SCS (PCM 6.4, Anexo 5)',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'The same key on the same entity starts one process (also `idempotencyKey` in the body).' }],
          requestBody: body('CampaignProposal'),
          responses: {
            '202': ok('`{ id, statusUrl, page }`: the process started; the head is emailed'),
            '400': err('`validation_failed`, each detail citing its clause: under two weeks of diffusion is a communication action (PCM 5.1.1), a minimum action a)–e) missing, a paid campaign without agency (PCM 6.1.2.10)…'),
            ...AUTH,
            '409': err('`idempotency_conflict` (the key was used with another proposal) or `entity_incomplete`'),
            '429': err('Rate limited'),
            '503': err('Temporal unavailable; nothing was stored, try again'),
          },
        },
      },
      '/api/content-requests': {
        get: {
          summary: 'Solicitudes de publicación visibles para quien consulta (RULEBOOK §6), la más reciente primero, por páginas; `entity` filtra por entidad',
          parameters: [entityFilter, ...queryParameters(pageQuerySchema.shape)],
          responses: { '200': listPage('requests', '`{ requests, nextCursor? }`: órgano, redes, fecha y hora, etapa, marcas de contenido prohibido (PCM 6.2.2.9), enlaces publicados'), '400': BAD_PAGE, ...AUTH },
        },
        post: {
          summary: 'Solicitar la publicación de contenido con la autorización del jefe del órgano (INPE 5.3.a); imágenes en base64, hasta 4 de 5 MB',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'The same key on the same entity starts one process.' }],
          requestBody: body('ContentRequest'),
          responses: {
            '202': ok('`{ id, statusUrl, page }`: the process started; the community manager is emailed to evaluate it'),
            '400': err('`validation_failed`: the message and each detail name the rule, e.g. an image of the wrong size names the network, the mandatory and the actual size (PCM 6.2.2.16)'),
            ...AUTH,
            '409': err('`idempotency_conflict`, or `entity_incomplete` (e.g. sensitive content under INPE with no Presidency in the roster, INPE 5.2.b)'),
            '413': err('An image over 5 MB, or the body too large'),
            '429': err('Rate limited'),
            '503': err('Temporal unavailable; try again'),
          },
        },
      },
      '/api/content-requests/{id}': {
        get: {
          summary: 'Estado de una solicitud de publicación: etapa, a quién espera, revisión de imágenes, decisiones, confirmaciones del community manager (PCM 6.2.2.5–8, 6.2.2.17), acto oficial (PCM 6.2.4), marcas y publicaciones',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } }],
          responses: { '200': ok('Status'), ...AUTH, '404': err('No such request'), '503': err('Temporal unavailable; try again') },
        },
      },
      '/api/campaigns/{id}': {
        get: {
          summary: 'Una campaña: registro y proceso en vivo (paso abierto, decisiones, opinión de la SCS, agencia, informe de cierre)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } }],
          responses: { '200': ok('The campaign, with `live`'), ...AUTH, '404': err('No such campaign'), '503': err('Temporal unavailable; try again') },
        },
      },
      '/api/campaigns/{id}/end': {
        post: {
          summary: 'Terminar una campaña (titular): antes de su difusión se cancela (pasos sin efecto, accesos de la agencia anulados); en curso, termina hoy y sigue el cierre',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } }],
          requestBody: body('CampaignEnd'),
          responses: {
            '202': ok('`{ campaignId, effect }`, effect `cancelled` or `ended-early`'),
            '400': err('Missing or short reason'),
            ...AUTH,
            '404': err('No such campaign'),
            '409': err('Already closed, rejected or cancelled'),
            '503': err('Temporal unavailable; try again'),
          },
        },
      },
      '/api/audit': {
        get: {
          summary: 'Auditoría (titular y SCS): decisiones, ingresos, cambios de nómina, política y claves; JSON o CSV',
          parameters: queryParameters(auditQuerySchema.shape),
          responses: {
            '200': {
              description: 'Newest first: a page `{ events, nextCursor? }` (`limit` rows, 200 by default), or with `format=csv` every matching row, streamed (`cursor`, `before` and `limit` do not apply)',
              content: {
                ...json(pageSchema('events', { next: { type: 'string', deprecated: true, description: 'The last row\'s `id`, for the older `before`; present with `nextCursor`' } })),
                'text/csv': { schema: { type: 'string' } },
              },
            },
            '400': err('Bad filters, or a malformed `cursor` (`details` names it)'),
            ...AUTH,
          },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An entity API key, `cust_<id>_<secret>`' },
        session: { type: 'apiKey', in: 'cookie', name: 'custodio.sid', description: 'After signing in by emailed link; unsafe methods also need the `x-csrf-token` header' },
      },
      schemas: {
        AccountProposal: schema(accountProposalSchema),
        EntityCreate: schema(entityCreateSchema),
        MetaConnection: schema(metaConnectionSchema),
        EntityPatch: schema(entityPatchSchema),
        PersonCreate: schema(personCreateSchema),
        PersonPatch: schema(personPatchSchema),
        ApiKeyCreate: schema(apiKeyCreateSchema),
        AccountRoles: schema(accountRolesSchema),
        ExistingAccount: schema(existingAccountSchema),
        AccountStatus: schema(accountStatusSchema),
        RotateNow: schema(rotateNowSchema),
        PasswordHolders: schema(passwordHoldersSchema),
        RecoveryDevice: schema(recoveryDeviceSchema),
        NameChange: schema(nameChangeSchema),
        AccountClosure: schema(closureRequestSchema),
        CitizenQuestion: schema(questionSchema),
        DigitalPlanDraft: schema(planDraftSchema),
        Reactivation: schema(reactivationSchema),
        AgencyGrantCreate: schema(agencyGrantCreateSchema),
        AgencyGrantEnd: schema(agencyGrantEndSchema),
        CampaignEnd: schema(campaignEndSchema),
        HandoverCreate: schema(handoverCreateSchema),
        IncidentReport: schema(incidentReportSchema),
        ImageIssueReport: schema(imageIssueReportSchema),
        ModerationRecord: schema(moderationRecordSchema),
        ModerationReview: schema(moderationReviewSchema),
        CampaignProposal: schema(campaignProposalSchema),
        ContentRequest: schema(contentRequestInputSchema),
        StepResend: schema(stepResendSchema),
        Error: error,
      },
    },
  };
}
