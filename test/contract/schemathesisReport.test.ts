/**
 * The contract test passes only if its reading of schemathesis's report sees what goes wrong: here a
 * tiny API that answers one operation with a 500 and another with a status its document does not
 * declare must come out as exactly those findings (and a version of schemathesis whose report reads
 * differently fails here, not silently in the contract test).
 */
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { freePort } from '../../local/ports';
import { describeFindings, runSchemathesis } from '../support/schemathesis';

jest.setTimeout(120_000);

const declared = (status: string) => ({ [status]: { description: status, content: { 'application/json': { schema: { type: 'object' } } } } });
const DOC = {
  openapi: '3.1.0',
  info: { title: 'broken on purpose', version: '1' },
  paths: {
    '/ok': { get: { responses: declared('200') } },
    '/boom': { get: { responses: declared('200') } },
    '/teapot': { get: { responses: declared('200') } },
  },
};

let server: Server;
let url = '';
const dir = mkdtempSync(join(tmpdir(), 'custodio-contract-self-'));

beforeAll(async () => {
  const app = express();
  app.get('/openapi.json', (_req, res) => void res.json(DOC));
  app.get('/ok', (_req, res) => void res.json({}));
  app.get('/boom', (_req, res) => void res.status(500).json({}));
  app.get('/teapot', (_req, res) => void res.status(418).json({}));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

it('reports the server error and the undeclared status, and counts what it tested', async () => {
  const report = await runSchemathesis({ schema: `${url}/openapi.json`, baseUrl: url, headers: {}, config: '', dir, maxExamples: 1 });
  expect(report.operations).toBe(3);
  expect(report.cases).toBeGreaterThanOrEqual(3);
  expect(describeFindings(report.serverErrors).map((f) => f.split(',')[0])).toEqual(['GET /boom: status (500)']);
  const failed = new Set(report.failures.map((f) => `${f.operation} ${f.check} ${f.status}`));
  expect(failed).toContain('GET /boom not_a_server_error 500');
  expect(failed).toContain('GET /teapot status_code_conformance 418');
  expect([...failed].some((f) => f.startsWith('GET /ok'))).toBe(false);
  expect(report.errors).toEqual([]);
});
