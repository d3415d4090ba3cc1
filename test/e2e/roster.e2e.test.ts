/**
 * The roster and settings pages (issue 15 §2) against the real stack, without JavaScript: the head keeps
 * the entity's team, designees, decreed days, reminder plan and electoral periods, and its API keys; the
 * platform admin creates an entity; a community manager sees the team but neither the settings nor the keys.
 */
import { planLinkGapProblem } from '../../domain/decision';
import { entityModel } from '../../infra/models/entity';
import { ADMIN, CM, HEAD } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

let stack: TestStack<'head' | 'cm' | 'admin'>;

beforeAll(async () => {
  stack = await startTestStack({ head: HEAD, cm: CM, admin: ADMIN });
});
afterAll(() => stack?.stop());

const mincul = () => entityModel(stack.db).findById('mincul').lean();
/** The page's text without tags, spaces collapsed and the escapes the templates write turned back. */
const textOf = (html: string) => (/<main>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html).replace(/<[^>]+>/g, ' ').replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c))).replace(/\s+/g, ' ');
const valueOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];

describe('the team (PCM 5.2.4, 6.1.1.5, 6.1.2.11)', () => {
  it('the head adds a person, who is listed with the role in Spanish; a second head is refused in Spanish keeping what was typed', async () => {
    const head = stack.as.head;
    expect((await head.open('/entidades/mincul/equipo')).status).toBe(200);
    const added = await head.submit('/entidades/mincul/equipo/personas', { name: 'Elena Paz Ruiz', email: 'epaz@cultura.gob.pe', role: 'team', unit: '', phone: '' });
    expect([added.status, added.headers.get('location')]).toEqual([303, '/entidades/mincul/equipo?hecho=persona']);
    const page = textOf((await head.open(added.headers.get('location')!)).html);
    expect(page).toContain('Se registró a la persona en el equipo');
    expect(page).toMatch(/Elena Paz Ruiz epaz@cultura\.gob\.pe Integrante del equipo/);
    // The head sees phones (Ley 29733: those who need them).
    expect(page).toContain('+51 900 000 001');

    const second = await head.submit('/entidades/mincul/equipo/personas', { name: 'Otro Titular', email: 'otro@cultura.gob.pe', role: 'head' });
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(textOf(html)).toContain('La entidad ya tiene titular (aquispe@cultura.gob.pe');
    expect(textOf(html)).toContain('PCM 5.2.4');
    expect(valueOf(html, 'persona-name')).toBe('Otro Titular');
    expect(html).toContain('href="#persona-role"');

    const personal = await head.submit('/entidades/mincul/equipo/personas', { name: 'Elena Paz', email: 'elena@gmail.com', role: 'team' });
    expect(personal.status).toBe(400);
    expect(textOf(await personal.text())).toContain('Use un correo institucional (@cultura.gob.pe). (PCM 6.1.1.4)');
  });

  it('PCM 6.1.2.11: the head designates a person of the roster for the monthly role review, chosen from a list of the roster', async () => {
    const head = stack.as.head;
    const { html } = await head.open('/entidades/mincul/equipo');
    expect(html).toMatch(/<select id="reviewDesigneeEmail"[^>]*>[\s\S]*<option value="epaz@cultura.gob.pe"/);
    const res = await head.submit('/entidades/mincul/equipo/designados', { reviewDesigneeEmail: 'epaz@cultura.gob.pe', contentDesigneeEmail: '' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/entidades/mincul/equipo?hecho=designados']);
    expect((await mincul())?.reviewDesigneeEmail).toBe('epaz@cultura.gob.pe');
    expect((await head.open('/entidades/mincul/equipo')).html).toMatch(/<option value="epaz@cultura.gob.pe" selected>/);
  });

  it('the head changes a role, then records that the person left, after a confirmation page; they leave the roster', async () => {
    const head = stack.as.head;
    const { html } = await head.open('/entidades/mincul/equipo');
    const personId = /equipo\/([0-9a-f]{24})\/salida" aria-label="[^"]*Elena Paz Ruiz"/.exec(html)?.[1];
    expect(personId).toBeDefined();
    const role = await head.submit(`/entidades/mincul/equipo/${personId!}/rol`, { role: 'requester' });
    expect(role.headers.get('location')).toBe('/entidades/mincul/equipo?hecho=rol');
    expect(textOf((await head.open('/entidades/mincul/equipo')).html)).toMatch(/Elena Paz Ruiz epaz@cultura\.gob\.pe Unidad solicitante/);

    const confirm = await head.open(`/entidades/mincul/equipo/${personId!}/salida`);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.html)).toContain('¿Registrar que Elena Paz Ruiz (epaz@cultura.gob.pe), Unidad solicitante, dejó la oficina de Ministerio de Cultura?');
    const left = await head.submit(`/entidades/mincul/equipo/${personId!}/salida`);
    expect(left.headers.get('location')).toBe('/entidades/mincul/equipo?hecho=salida');
    const after = textOf((await head.open(left.headers.get('location')!)).html);
    expect(after).toContain('Se registró la salida');
    expect(after).not.toMatch(/Elena Paz Ruiz epaz@cultura\.gob\.pe Unidad solicitante/);
  });

  it('a community manager reads the team without any form to change it', async () => {
    const { status, html } = await stack.as.cm.open('/entidades/mincul/equipo');
    expect(status).toBe(200);
    expect(textOf(html)).toContain('Carla Rojas Díaz');
    expect(html).not.toContain('Registrar en el equipo');
    expect(html).not.toContain('Cambiar el rol');
    expect(html).not.toContain('name="reviewDesigneeEmail"');
    expect((await stack.as.cm.submit('/entidades/mincul/equipo/personas', { name: 'X Y', email: 'xy@cultura.gob.pe', role: 'team' })).status).toBe(403);
    // Refused for who is asking, even when nothing would change.
    const current = (await mincul())?.reviewDesigneeEmail ?? '';
    expect((await stack.as.cm.submit('/entidades/mincul/equipo/designados', { reviewDesigneeEmail: current })).status).toBe(403);
  });
});

describe('the settings the head may change', () => {
  it('a decreed non-working day is added and removed, shown as people read dates', async () => {
    const head = stack.as.head;
    await head.open('/entidades/mincul/ajustes');
    const added = await head.submit('/entidades/mincul/ajustes/dias', { dia: '2027-07-26' });
    expect(added.headers.get('location')).toBe('/entidades/mincul/ajustes?hecho=dias');
    expect((await mincul())?.nonWorkingDays).toEqual(['2027-07-26']);
    expect(textOf((await head.open('/entidades/mincul/ajustes')).html)).toContain('lunes, 26 de julio de 2027');
    const again = await head.submit('/entidades/mincul/ajustes/dias', { dia: '2027-07-26' });
    expect(again.status).toBe(400);
    expect(textOf(await again.text())).toContain('El lunes, 26 de julio de 2027 ya figura como no laborable.');
    await head.submit('/entidades/mincul/ajustes/dias', { quitar: '2027-07-26' });
    expect((await mincul())?.nonWorkingDays ?? []).toEqual([]);
  });

  it('issue 14 §1.5: the reminder plan is shown in words with the link-expiry rule; a new plan is saved, one that leaves a link to expire is refused with the domain\'s message, keeping what was typed', async () => {
    const head = stack.as.head;
    const before = textOf((await head.open('/entidades/mincul/ajustes')).html);
    expect(before).toContain('Se le recuerda en los días hábiles 2 y 4.');
    expect(before).toContain('Los enlaces de cada correo vencen a los 14 días');
    expect(before).toContain('no pueden pasar más de 5 días hábiles');

    const saved = await head.submit('/entidades/mincul/ajustes/plan', { remindAfter: '1, 3', escalateAfter: '4', repeatEvery: '3' });
    expect(saved.headers.get('location')).toBe('/entidades/mincul/ajustes?hecho=plan');
    expect((await mincul())?.decisionPlan).toEqual({ remindAfter: [1, 3], escalateAfter: 4, repeatEvery: 3 });
    const shown = textOf((await head.open('/entidades/mincul/ajustes')).html);
    expect(shown).toContain('Se le recuerda en los días hábiles 1 y 3.');
    expect(shown).toContain('En el día hábil 4 el paso se escala');
    expect(shown).toContain('se le recuerda cada 3 días hábiles');

    const broken = { remindAfter: [2, 4], escalateAfter: 5, repeatEvery: 10 };
    const refused = await head.submit('/entidades/mincul/ajustes/plan', { remindAfter: '2, 4', escalateAfter: '5', repeatEvery: '10' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(textOf(html)).toContain(planLinkGapProblem(broken)!);
    expect(textOf(html)).toContain('Entre dos correos de un paso abierto no pueden pasar más de 5 días hábiles');
    expect(html).toContain('href="#decisionPlan-repeatEvery"');
    expect([valueOf(html, 'decisionPlan-remindAfter'), valueOf(html, 'decisionPlan-repeatEvery')]).toEqual(['2, 4', '10']);
    expect((await mincul())?.decisionPlan).toEqual({ remindAfter: [1, 3], escalateAfter: 4, repeatEvery: 3 });

    const noRepeat = await head.submit('/entidades/mincul/ajustes/plan', { remindAfter: '2', escalateAfter: '', repeatEvery: '' });
    expect(noRepeat.status).toBe(400);
    expect(textOf(await noRepeat.text())).toContain('Indique cada cuántos días hábiles se repite el recordatorio');
  });

  it('PCM 6.2.2.10: an electoral period is added; one ending before it starts is refused', async () => {
    const head = stack.as.head;
    await head.open('/entidades/mincul/ajustes');
    const bad = await head.submit('/entidades/mincul/ajustes/electorales', { label: 'Elecciones Generales 2026', from: '2026-04-12', to: '2026-04-01' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(textOf(html)).toContain('El período electoral no puede terminar antes de empezar.');
    expect(html).toContain('href="#electoral-to"');
    const ok = await head.submit('/entidades/mincul/ajustes/electorales', { label: 'Elecciones Generales 2026', from: '2026-03-01', to: '2026-04-12' });
    expect(ok.headers.get('location')).toBe('/entidades/mincul/ajustes?hecho=electorales');
    expect((await mincul())?.electoralPeriods).toEqual([{ from: '2026-03-01', to: '2026-04-12', label: 'Elecciones Generales 2026' }]);
  });

  it('the structure is the platform admin\'s: the head sees it without a form and is refused if they post it', async () => {
    const { html } = await stack.as.head.open('/entidades/mincul/ajustes');
    expect(html).not.toContain('Guardar los datos');
    const res = await stack.as.head.submit('/entidades/mincul/ajustes/estructura', { name: 'Ministerio de las Culturas', profile: 'PCM', location: 'Lima, Perú', supervisorEmail: 'rrss_scs@pcm.gob.pe', emailDomains: 'cultura.gob.pe', officialHosts: 'cultura.gob.pe' });
    expect(res.status).toBe(403);
    expect((await mincul())?.name).toBe('Ministerio de Cultura');
  });
});

describe('the head\'s API keys (issue #3 §2)', () => {
  it('a key is created with a label and its secret shown once, never cached; the list never shows it; it works as a Bearer key until it is revoked after a confirmation', async () => {
    const head = stack.as.head;
    await head.open('/entidades/mincul/claves');
    const blank = await head.submit('/entidades/mincul/claves', { label: '  ' });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('href="#label"');

    const created = await head.submit('/entidades/mincul/claves', { label: 'Mesa de partes digital' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.headers.get('location')).toBeNull();
    const key = /cust_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/.exec(await created.text())?.[0];
    expect(key).toBeDefined();
    const [, keyId, secret] = /^cust_([0-9a-f]{12})_(.+)$/.exec(key!)!;

    const list = await head.open('/entidades/mincul/claves');
    expect(list.html).not.toContain(secret!);
    expect(textOf(list.html)).toMatch(new RegExp(`Mesa de partes digital cust_${keyId!}_… .* Nunca Activa`));

    const me = await fetch(`${stack.apiUrl}/api/me`, { headers: { authorization: `Bearer ${key!}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: 'apiKey', keyId, entityId: 'mincul' });

    const confirm = await head.open(`/entidades/mincul/claves/${keyId!}/revocar`);
    expect(textOf(confirm.html)).toContain('¿Revocar la clave «Mesa de partes digital»');
    const revoked = await head.submit(`/entidades/mincul/claves/${keyId!}/revocar`);
    expect(revoked.headers.get('location')).toBe('/entidades/mincul/claves?hecho=revocada');
    expect(textOf((await head.open(revoked.headers.get('location')!)).html)).toMatch(/Se revocó la clave[\s\S]*Revocada el/);
    expect((await fetch(`${stack.apiUrl}/api/me`, { headers: { authorization: `Bearer ${key!}` } })).status).toBe(401);
    expect((await head.open(`/entidades/mincul/claves/${keyId!}/revocar`)).status).toBe(404);
  });

  it('a community manager cannot open the keys or the settings (403) and has no link to them on the home page', async () => {
    const cm = stack.as.cm;
    expect((await cm.open('/entidades/mincul/claves')).status).toBe(403);
    expect((await cm.open('/entidades/mincul/ajustes')).status).toBe(403);
    const home = (await cm.open('/')).html;
    expect(home).toContain('href="/entidades/mincul/equipo"');
    expect(home).not.toContain('/entidades/mincul/claves');
    expect(home).not.toContain('/entidades/mincul/ajustes');
    const headHome = (await stack.as.head.open('/')).html;
    for (const page of ['equipo', 'ajustes', 'claves']) expect(headHome).toContain(`href="/entidades/mincul/${page}"`);
  });
});

describe('the platform admin\'s entities', () => {
  it('the admin lists the entities and creates one, landing on its empty team; a head may not create one', async () => {
    const admin = stack.as.admin;
    expect((await admin.open('/')).html).toContain('href="/entidades"');
    const list = await admin.open('/entidades');
    expect(list.status).toBe(200);
    expect(textOf(list.html)).toContain('Congreso de la República');
    expect(textOf(list.html)).toContain('CONGRESO: Procedimiento Técnico Administrativo N° 01-2023-OCII-CR');

    const bad = await admin.submit('/entidades', { id: 'Produce', name: 'Ministerio de la Producción', profile: 'PCM', location: 'Lima, Perú', supervisorEmail: 'rrss_scs@pcm.gob.pe', emailDomains: 'produce', officialHosts: '' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('href="#id"');
    expect(badHtml).toContain('href="#emailDomains"');
    expect(valueOf(badHtml, 'name')).toBe('Ministerio de la Producción');

    const fields = { id: 'produce', name: 'Ministerio de la Producción', profile: 'PCM', location: 'Lima, Perú', supervisorEmail: 'rrss_scs@pcm.gob.pe', emailDomains: 'produce.gob.pe', officialHosts: '' };
    const created = await admin.submit('/entidades', fields);
    expect([created.status, created.headers.get('location')]).toEqual([303, '/entidades/produce/equipo?hecho=creada']);
    const team = await admin.open(created.headers.get('location')!);
    expect(team.status).toBe(200);
    expect(textOf(team.html)).toContain('Se creó la entidad');
    expect(textOf(team.html)).toContain('Aún no hay nadie en la nómina');
    expect(await entityModel(stack.db).findById('produce').lean()).toMatchObject({ name: 'Ministerio de la Producción', emailDomains: ['produce.gob.pe'] });

    await stack.as.head.open('/entidades');
    expect((await stack.as.head.submit('/entidades', { ...fields, id: 'otra' })).status).toBe(403);
  });
});
