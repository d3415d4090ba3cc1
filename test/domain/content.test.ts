import {
  REQUIRED_SIZES,
  contentRuleViolations,
  evaluationPayloadProblem,
  imageChecks,
  imageViolations,
  needsPresidencyApproval,
  placementNetwork,
  postUrlProblem,
  publicationPayloadProblem,
  validateContentDraft,
  type ImageFacts,
} from '../../domain/content';
import { contentRequestInputSchema, IMAGE_PLACEMENTS, MAX_IMAGE_BYTES, type ContentDraft, type ImagePlacement } from '../../domain/contentInput';
import { PROFILES } from '../../domain/policyProfiles';
import { ROLE_PERMISSIONS } from '../../domain/access';
import { readImageFacts } from '../../registry/imageFacts';
import { gif, png } from '../support/images';

const entity = { emailDomains: ['cultura.gob.pe'] };
const NOW = new Date('2026-12-01T15:00:00Z'); // 10:00 in Lima

const draft = (over: Partial<ContentDraft> = {}): ContentDraft => ({
  unit: 'Dirección General de Patrimonio Cultural',
  text: 'Visita gratuita al Museo Nacional el domingo.',
  audience: 'Familias de Lima',
  publishOn: '2026-12-04',
  publishAt: '10:00',
  networks: ['facebook', 'x', 'instagram'],
  unitAuthorization: { name: 'Luis Paredes', position: 'Director General', email: 'lparedes@cultura.gob.pe', authorizedOn: '2026-11-30', reference: 'Memorando 123-2026' },
  ...over,
});

const facts = (placement: ImagePlacement, width: number, height: number, over: Partial<ImageFacts> = {}): ImageFacts => ({
  placement, filename: 'pieza.png', type: 'png', width, height, bytes: 40_000, ...over,
});

const rules = (v: Array<{ rule: string }>) => v.map((x) => x.rule);

describe('image sizes are mandatory per network (PCM 6.2.2.16)', () => {
  it.each([
    ['x', 1080, 600],
    ['facebook', 1080, 1080],
    ['instagram', 1080, 1080],
    ['instagram_story', 720, 1280],
  ] as const)('PCM 6.2.2.16: %s takes exactly %i×%i', (placement, w, h) => {
    expect(REQUIRED_SIZES[placement]).toEqual({ width: w, height: h });
    expect(imageViolations([facts(placement, w, h)])).toEqual([]);
  });

  it.each([
    ['x', 1081, 600], ['x', 1079, 600], ['x', 1080, 601], ['x', 1080, 599],
    ['facebook', 1081, 1080], ['facebook', 1080, 1079],
    ['instagram', 1079, 1080], ['instagram', 1080, 1081],
    ['instagram_story', 721, 1280], ['instagram_story', 720, 1279],
  ] as const)('PCM 6.2.2.16: %s refuses %i×%i (one pixel off)', (placement, w, h) => {
    const [v] = imageViolations([facts(placement, w, h)]);
    expect(v).toMatchObject({ field: 'images.0', rule: 'PCM 6.2.2.16' });
  });

  it('PCM 6.2.2.16: the message names the network, the expected and the actual size, and the clause', () => {
    const [v] = imageViolations([facts('x', 1080, 1080, { filename: 'banner.png' })]);
    expect(v!.message).toBe('Imagen 1 («banner.png») para X (Twitter): la medida obligatoria es 1080×600 px y la imagen mide 1080×1080 px (PCM 6.2.2.16).');
  });

  it('PCM 6.2.2.16: a story-sized image is not a feed post (Instagram feed wants 1080×1080)', () => {
    expect(rules(imageViolations([facts('instagram', 720, 1280)]))).toEqual(['PCM 6.2.2.16']);
  });

  it('Instagram stories belong to Instagram', () => {
    expect(placementNetwork('instagram_story')).toBe('instagram');
    expect(placementNetwork('x')).toBe('x');
  });
});

describe('resolution and format where no size is mandated (INPE 5.3.b)', () => {
  it('INPE 5.3.b: 1080×600 in either orientation is the minimum', () => {
    expect(imageViolations([facts('tiktok', 1080, 600)])).toEqual([]);
    expect(imageViolations([facts('youtube', 600, 1080)])).toEqual([]);
    expect(imageViolations([facts('linkedin', 1920, 1080)])).toEqual([]);
  });

  it.each([[1079, 600], [1080, 599], [599, 1080], [800, 800]])('INPE 5.3.b: %i×%i is too small', (w, h) => {
    const [v] = imageViolations([facts('tiktok', w, h)]);
    expect(v).toMatchObject({ rule: 'INPE 5.3.b' });
    expect(v!.message).toContain(`mide ${w}×${h} px y el mínimo es 1080×600 px`);
  });

  it('INPE 5.3.b: only PNG, JPEG and WebP; a file that is no image says so', () => {
    expect(imageViolations([facts('x', 1080, 600, { type: 'gif' })])[0]!.message).toContain('no es una imagen PNG, JPEG ni WebP (es GIF)');
    expect(imageViolations([facts('x', 0, 0, { type: undefined })])[0]!.rule).toBe('INPE 5.3.b');
  });

  it('INPE 5.3.b: an image over 5 MB is refused, one at the limit is not', () => {
    expect(imageViolations([facts('x', 1080, 600, { bytes: MAX_IMAGE_BYTES })])).toEqual([]);
    expect(rules(imageViolations([facts('x', 1080, 600, { bytes: MAX_IMAGE_BYTES + 1 })]))).toEqual(['INPE 5.3.b']);
  });

  it('the CM sees one line per image: conforming ones with their measure, others with the problem', () => {
    const [ok, bad] = imageChecks([facts('facebook', 1080, 1080), facts('x', 1080, 601)]);
    expect(ok).toMatchObject({ ok: true, label: 'Imagen 1 («pieza.png») – Facebook' });
    expect(ok!.detail).toContain('1080×1080 px, PNG');
    expect(bad).toMatchObject({ ok: false, label: 'Imagen 2 («pieza.png») – X (Twitter)' });
    expect(bad!.detail).toContain('la medida obligatoria es 1080×600 px y la imagen mide 1080×601 px');
  });
});

describe('real image headers are read, not trusted', () => {
  it('reads a PNG generated in the test', () => {
    expect(readImageFacts(png(1080, 600))).toEqual({ type: 'png', width: 1080, height: 600 });
    expect(readImageFacts(gif(10, 20))).toEqual({ type: 'gif', width: 10, height: 20 });
  });

  it('bytes that are no image give no size', () => {
    expect(readImageFacts(Buffer.from('hola, no soy una imagen'))).toEqual({ type: undefined, width: 0, height: 0 });
  });
});

describe('a unit\'s request (INPE 5.3.a; PCM 6.2.2.18)', () => {
  it('a complete request with its head\'s authorisation passes', () => {
    expect(contentRuleViolations({ ...draft(), images: [{ placement: 'x' }] }, entity, NOW)).toEqual([]);
  });

  it('INPE 5.3.a: the date and time of diffusion must be ahead (Lima time)', () => {
    expect(rules(contentRuleViolations({ ...draft({ publishOn: '2026-12-01', publishAt: '10:00' }), images: [] }, entity, NOW))).toEqual(['INPE 5.3.a']);
    expect(contentRuleViolations({ ...draft({ publishOn: '2026-12-01', publishAt: '10:01' }), images: [] }, entity, NOW)).toEqual([]);
  });

  it('INPE 5.3.a: the head of the unit authorises before, with an institutional address', () => {
    const v = contentRuleViolations({ ...draft({ unitAuthorization: { ...draft().unitAuthorization, authorizedOn: '2026-12-02', email: 'jefe@gmail.com' } }), images: [] }, entity, NOW);
    expect(v.map((x) => x.field)).toEqual(['unitAuthorization.authorizedOn', 'unitAuthorization.email']);
    expect(rules(v)).toEqual(['INPE 5.3.a', 'INPE 5.3.a']);
  });

  it('INPE 5.3.a: an authorisation dated after the diffusion is refused', () => {
    const v = contentRuleViolations({ ...draft({ publishOn: '2026-12-04', unitAuthorization: { ...draft().unitAuthorization, authorizedOn: '2026-12-05' } }), images: [] }, entity, new Date('2026-12-06T00:00:00Z'));
    expect(v.some((x) => x.message.includes('anterior a la fecha de difusión'))).toBe(true);
  });

  it('INPE 5.3.a: an image for a network the request does not name is refused', () => {
    const v = contentRuleViolations({ ...draft({ networks: ['facebook'] }), images: [{ placement: 'instagram_story' }] }, entity, NOW);
    expect(v).toEqual([expect.objectContaining({ field: 'images.0', rule: 'INPE 5.3.a' })]);
    expect(v[0]!.message).toContain('Historias de Instagram');
  });

  it('PCM 6.2.2.18: a live broadcast of an external organisation needs the agreement reference', () => {
    const v = contentRuleViolations({ ...draft({ liveBroadcast: { organisation: 'ONG Cultura Viva', durationMinutes: 20 } }), images: [] }, entity, NOW);
    expect(v).toEqual([expect.objectContaining({ field: 'liveBroadcast.agreementReference', rule: 'PCM 6.2.2.18' })]);
  });

  it('PCM 6.2.2.18: 30 minutes is the limit; 31 is refused', () => {
    const live = (durationMinutes: number) => ({ organisation: 'ONG Cultura Viva', agreementReference: 'Convenio 045-2026', durationMinutes });
    expect(contentRuleViolations({ ...draft({ liveBroadcast: live(30) }), images: [] }, entity, NOW)).toEqual([]);
    const v = contentRuleViolations({ ...draft({ liveBroadcast: live(31) }), images: [] }, entity, NOW);
    expect(v).toEqual([expect.objectContaining({ field: 'liveBroadcast.durationMinutes', rule: 'PCM 6.2.2.18' })]);
  });

  it('INPE 5.3.a: a draft missing what the unit must state is refused field by field, in Spanish', () => {
    const { audience: _a, publishAt: _p, ...rest } = draft();
    const checked = validateContentDraft(rest, [], entity, NOW);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((e) => e.field).sort()).toEqual(['audience', 'publishAt']);
    expect(checked.errors.every((e) => e.rule === 'INPE 5.3.a')).toBe(true);
  });

  it('the API body takes at most 4 images, each a known placement', () => {
    const body = { ...draft(), entityId: 'mincul', images: Array.from({ length: 5 }, () => ({ placement: 'x', contentBase64: 'AAAA' })) };
    expect(contentRequestInputSchema.safeParse(body).success).toBe(false);
    expect(contentRequestInputSchema.safeParse({ ...body, images: body.images.slice(0, 4) }).success).toBe(true);
    expect(contentRequestInputSchema.safeParse({ ...body, images: [{ placement: 'myspace', contentBase64: 'AAAA' }] }).success).toBe(false);
    expect(IMAGE_PLACEMENTS).toContain('instagram_story');
  });
});

describe('forbidden content is flagged with its clause (PCM 6.2.2.9)', () => {
  const cm = { flagsRequiredToReject: true, sensitiveRule: false, presidencyKnown: false };

  it('PCM 6.2.2.9: the CM rejects only by flagging political propaganda, proselytism or private advertising', () => {
    expect(evaluationPayloadProblem('reject', undefined, cm)).toContain('PCM 6.2.2.9');
    expect(evaluationPayloadProblem('reject', { flags: [] }, cm)).toContain('PCM 6.2.2.9');
    expect(evaluationPayloadProblem('reject', { flags: ['political_propaganda'] }, cm)).toBeUndefined();
    expect(evaluationPayloadProblem('reject', { flags: ['proselytism', 'private_advertising'] }, cm)).toBeUndefined();
  });

  it('PCM 6.2.2.9: unknown flags, and flags on an approval, are refused', () => {
    expect(evaluationPayloadProblem('reject', { flags: ['memes'] }, cm)).toContain('desconocida');
    expect(evaluationPayloadProblem('approve', { flags: ['proselytism'] }, cm)).toContain('Rechazar');
  });

  it('the head may reject without a flag (a reason suffices)', () => {
    expect(evaluationPayloadProblem('reject', undefined, { ...cm, flagsRequiredToReject: false })).toBeUndefined();
  });
});

describe('sensitive information needs the Presidency under INPE (INPE 5.2.b)', () => {
  it('INPE 5.2.b: only the INPE profile has the rule, and it names the roster role that approves', () => {
    expect(PROFILES.INPE.sensitiveContentApproval).toEqual({ approverRole: 'presidency', approverLabel: 'Presidencia del INPE', clause: 'INPE 5.2.b' });
    expect(needsPresidencyApproval('INPE', true)).toBe(true);
    expect(needsPresidencyApproval('INPE', false)).toBe(false);
    expect(needsPresidencyApproval('PCM', true)).toBe(false);
  });

  it('INPE 5.2.b: the Presidency reads no process of the entity; it acts by its links', () => {
    expect(ROLE_PERMISSIONS.presidency).toEqual(['entity.read']);
  });

  it('INPE 5.2.b: marking sensitive needs the rule and a Presidency in the roster', () => {
    expect(evaluationPayloadProblem('approve', { sensitive: true }, { flagsRequiredToReject: true, sensitiveRule: false, presidencyKnown: false })).toContain('INPE 5.2.b');
    expect(evaluationPayloadProblem('approve', { sensitive: true }, { flagsRequiredToReject: true, sensitiveRule: true, presidencyKnown: false })).toContain('Presidencia');
    expect(evaluationPayloadProblem('approve', { sensitive: true }, { flagsRequiredToReject: true, sensitiveRule: true, presidencyKnown: true })).toBeUndefined();
  });
});

describe('who approves a publication (PCM 6.2.2.2; CONGRESO 5.1.1; INPE 5.3.d)', () => {
  it('PCM 6.2.2.2 lets the head designate; CONGRESO 5.1.1 and INPE 5.3.d keep it with the head', () => {
    expect(PROFILES.PCM.contentApproval).toEqual({ designeeAllowed: true, clause: 'PCM 6.2.2.2' });
    expect(PROFILES.CONGRESO.contentApproval).toEqual({ designeeAllowed: false, clause: 'CONGRESO 5.1.1' });
    expect(PROFILES.INPE.contentApproval).toEqual({ designeeAllowed: false, clause: 'INPE 5.3.d' });
  });
});

describe('publication is confirmed with the post\'s address (INPE 5.3.d)', () => {
  it.each([
    ['facebook', 'https://www.facebook.com/CulturaPeru/posts/123'],
    ['facebook', 'https://fb.watch/abc'],
    ['x', 'https://x.com/CulturaPeru/status/1'],
    ['x', 'https://twitter.com/CulturaPeru/status/1'],
    ['instagram', 'https://www.instagram.com/p/Cx1/'],
    ['youtube', 'https://youtu.be/xyz'],
  ] as const)('INPE 5.3.d: %s accepts %s', (network, url) => {
    expect(postUrlProblem(network, url)).toBeUndefined();
  });

  it.each([
    ['x', 'http://x.com/CulturaPeru/status/1', 'https://'],
    ['x', 'https://facebook.com/CulturaPeru', 'x.com o twitter.com'],
    ['facebook', 'https://facebook.com.evil.pe/post', 'facebook.com'],
    ['instagram', 'no es un enlace', 'no es una dirección válida'],
    ['instagram', 'https://user:pw@instagram.com/p/1', 'credenciales'],
  ] as const)('INPE 5.3.d: %s refuses %s', (network, url, says) => {
    expect(postUrlProblem(network, url)).toContain(says);
  });

  it('INPE 5.3.d: one address per requested network, no more, no less', () => {
    const networks = ['facebook', 'x'] as const;
    expect(publicationPayloadProblem({ posts: [{ network: 'facebook', url: 'https://facebook.com/p/1' }, { network: 'x', url: 'https://x.com/s/1' }] }, [...networks])).toBeUndefined();
    expect(publicationPayloadProblem({ posts: [{ network: 'facebook', url: 'https://facebook.com/p/1' }] }, [...networks])).toContain('X (Twitter)');
    expect(publicationPayloadProblem({ posts: [{ network: 'facebook', url: 'https://facebook.com/p/1' }, { network: 'x', url: 'https://x.com/s/1' }, { network: 'tiktok', url: 'https://tiktok.com/1' }] }, [...networks])).toContain('no incluye');
    expect(publicationPayloadProblem(undefined, [...networks])).toBeDefined();
  });
});
