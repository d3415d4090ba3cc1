/**
 * The API against its own OpenAPI document (issue 14 §3): schemathesis generates requests for every
 * operation of /api/openapi.json — valid, boundary and invalid ones — and sends them to the real stack
 * (Temporal dev server, worker, FerretDB, SMTP capture), once as the head of Ministerio de Cultura
 * signed in (session cookie and x-csrf-token) and once with the entity's API key. Neither may get a
 * server error or an answer the document does not describe (test/support/schemathesis.ts lists the
 * checks and why). Path identifiers are half the time ones that exist, so the handlers behind the 404s
 * run too: an account, a request, a campaign, a content request, an agency grant, a month's review.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiKeysService } from '../../api/services/apiKeys';
import { limaDate } from '../../domain/businessDays';
import { accountModel } from '../../infra/models/account';
import { personModel } from '../../infra/models/person';
import { plusDays, validCampaign } from '../support/campaignFixtures';
import { validProposal } from '../support/fixtures';
import { png } from '../support/images';
import { describeFindings, runSchemathesis, type ContractReport } from '../support/schemathesis';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(300_000);

const HEAD = 'aquispe@cultura.gob.pe';
const ACCOUNT = 'contrato-cuenta';
/** Small enough for CI (each run about half a minute), large enough to reach every operation's handler. */
const MAX_EXAMPLES = 10;

let stack: TestStack<'head'>;
let config = '';
let doc: { paths: Record<string, Record<string, unknown>> } & Record<string, unknown>;
const folders: string[] = [];

/** Identifiers that exist, as schemathesis dictionaries bound to the parameters that name them. */
function knownIdentifiers(ids: Record<'request' | 'campaign' | 'content' | 'grant' | 'month' | 'person' | 'key' | 'workflow', string>): string {
  const half = (dictionary: string) => `{ dictionary = "${dictionary}", probability = 0.5 }`;
  const byPath = (prefix: string, dictionary: string) => `[[operations]]\ninclude-path-regex = "^${prefix}"\nparameters = { "path.id" = ${half(dictionary)} }\n`;
  return [
    '[dictionaries]',
    `entity = { values = ["mincul"] }`,
    `account = { values = ["${ACCOUNT}"] }`,
    ...Object.entries(ids).map(([name, value]) => `${name} = { values = ["${value}"] }`),
    `step = { values = ["aprobacion-1"] }`,
    '',
    '[parameters]',
    `"body.entityId" = ${half('entity')}`,
    `"path.grantId" = ${half('grant')}`,
    `"path.month" = ${half('month')}`,
    `"path.personId" = ${half('person')}`,
    `"path.keyId" = ${half('key')}`,
    `"path.workflowId" = ${half('workflow')}`,
    `"path.step" = ${half('step')}`,
    '',
    byPath('/api/entities/', 'entity'),
    byPath('/api/accounts/', 'account'),
    byPath('/api/account-requests/', 'request'),
    byPath('/api/campaigns/', 'campaign'),
    byPath('/api/content-requests/', 'content'),
  ].join('\n');
}

/** Creates one of each thing the API reads by id, through the API where it can, and returns their ids. */
async function createKnownThings(): Promise<string> {
  const head = stack.as.head;
  const today = limaDate(new Date());
  await accountModel(stack.db).create({
    _id: ACCOUNT, entityId: 'mincul', network: 'facebook', username: 'CulturaContrato', managingEmail: 'redes@cultura.gob.pe',
    roles: [{ name: 'Carla Rojas', email: 'crojas@cultura.gob.pe', pageRole: 'admin', since: new Date() }], status: 'active', requestId: 'contrato', activatedAt: new Date(),
  });
  const created = async (method: string, path: string, body?: unknown) => {
    const res = await head.api(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
    return res.json;
  };
  const request = await created('POST', '/api/account-requests', { ...validProposal(), requester: { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' } });
  const campaign = await created('POST', '/api/campaigns', validCampaign({}, plusDays(today, 3)));
  const content = await created('POST', '/api/content-requests', {
    entityId: 'mincul', unit: 'Dirección General de Patrimonio Cultural', text: 'Agenda cultural', audience: 'Público general',
    publishOn: plusDays(today, 7), publishAt: '10:00', networks: ['x'],
    unitAuthorization: { name: 'Luis Paredes', position: 'Director General', email: 'lparedes@cultura.gob.pe', authorizedOn: today },
    images: [{ placement: 'x', filename: 'x.png', contentBase64: png(1080, 600).toString('base64') }],
  });
  const grant = await created('POST', `/api/accounts/${ACCOUNT}/agency-grants`, { agencyName: 'Agencia Andina', role: 'advertiser', campaign: 'Verano', startsOn: plusDays(today, 2), endsOn: plusDays(today, 20) });
  const review = await created('POST', '/api/entities/mincul/role-reviews');
  // Someone whose changes leave the signed-in head able to go on: the requesting unit, and a spare key.
  const person = await personModel(stack.db).findOne({ email: 'dtorres@cultura.gob.pe' }).lean();
  const spare = await apiKeysService(stack.db).create('mincul', 'repuesto', HEAD);
  return knownIdentifiers({
    request: request.id, campaign: campaign.id, content: content.id, grant: grant.grant.id, month: review.month,
    person: String(person!._id), key: spare.apiKey.id, workflow: `account-request-${request.id}`,
  });
}

beforeAll(async () => {
  stack = await startTestStack({ head: HEAD }, { stack: { rateLimits: { submissionsPerMinute: 1e6, linksPer15Min: 1e6, signinsPer15Min: 1e6 } } });
  await stack.as.head.open('/');
  config = await createKnownThings();
  doc = await (await fetch(`${stack.apiUrl}/api/openapi.json`)).json();
});

afterAll(async () => {
  await stack?.stop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function contractRun(who: string, schema: (dir: string) => Promise<string>, headers: Record<string, string>): Promise<ContractReport> {
  const dir = mkdtempSync(join(tmpdir(), `custodio-contract-${who}-`));
  const report = await runSchemathesis({ schema: await schema(dir), baseUrl: stack.apiUrl, headers, config, dir, maxExamples: MAX_EXAMPLES });
  const summary = `${report.operations} operations, ${report.cases} test cases, ${report.serverErrors.length} server errors, ${report.failures.length} failed checks`;
  console.log(`schemathesis (${who}): ${summary}`);
  // The folder stays when something is wrong: output.txt shows each failing case as a curl command.
  if (report.failures.length || report.errors.length) console.log(`schemathesis (${who}): report in ${dir}`);
  else folders.push(dir);
  return report;
}

function expectConformance(report: ContractReport) {
  expect(report.operations).toBe(Object.values(doc.paths).flatMap((ops) => Object.keys(ops)).length);
  expect(report.cases).toBeGreaterThan(1000);
  expect(describeFindings(report.serverErrors)).toEqual([]);
  expect(describeFindings(report.failures)).toEqual([]);
  expect(report.errors).toEqual([]);
}

it('with an API key: no server error, no answer the document does not describe', async () => {
  const { key } = await apiKeysService(stack.db).create('mincul', 'contrato', HEAD);
  expectConformance(await contractRun('api-key', async () => `${stack.apiUrl}/api/openapi.json`, { Authorization: `Bearer ${key}` }));
});

it('signed in as the head (cookie and x-csrf-token): no server error, no answer the document does not describe', async () => {
  // STACK trap 6: with `security` declared, schemathesis sends an Authorization header of its own.
  const withoutSecurity = async (dir: string) => {
    const { security: _ignored, ...copy } = doc;
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(copy));
    return file;
  };
  const head = stack.as.head;
  expectConformance(await contractRun('session', withoutSecurity, { Cookie: head.cookieHeader, 'x-csrf-token': head.csrf }));
});
