import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Connection as DbConnection } from 'mongoose';
import { createActivities } from '../activities';
import { createApp, type AppDeps } from '../api/app';
import { createWorker } from '../worker/createWorker';
import { connectDb } from '../infra/db';
import { startHousekeeping } from '../api/housekeeping';
import { createLinkSigner } from '../infra/links';
import { startLiveness } from '../infra/liveness';
import type { Logger } from '../infra/logger';
import { createMetrics, type Metrics } from '../infra/metrics';
import { createMailer, type Mailer } from '../infra/mailer';
import { reconcileProcesses } from '../worker/reconcile';
import { seedDemo } from './seed';
import { startFakeGraph, type FakeGraph } from './fakeGraph';
import { demoGraphNodes } from './fakeGraphDemo';
import { tokenKeyring } from '../infra/meta/tokenCipher';
import { startFerretDb, type FerretDb } from './ferretdb';
import { freePort } from './ports';
import { startSmtpCapture, type OnArrival, type SmtpCapture } from './smtpCapture';
import { startTemporalDevServer, type TemporalDevServer } from './temporal';
import type { RunningServer } from './process';
import { workerProcess, type WorkerCommand } from './workerProcess';
import { createProcesses } from '../processes';

export interface StackOptions {
  dataDir: string;
  log: Logger;
  linkSecret: string;
  /** Keep Temporal's state in this file so a restart loses no running process. */
  temporalDbFile?: string;
  apiPort?: number;
  temporalPort?: number;
  temporalUiPort?: number;
  /** A real MongoDB instead of FerretDB. */
  mongodbUri?: string;
  /** A real relay instead of the capture. */
  smtpUrl?: string;
  /** Append captured mail to this file so the mailbox survives restarts. */
  mailFile?: string;
  /** Passed to the SMTP capture: a load run (`bench/`) counts arrivals without keeping messages. */
  mailCapture?: { keep?: boolean | 'raw'; onArrival?: OnArrival };
  taskQueue?: string;
  workflowBundle?: WorkflowBundleOption;
  /**
   * Connect to this Temporal frontend (host:port) instead of starting the dev server; the caller owns
   * that server. The rotation e2e test passes the Java time-skipping test server's address so a month
   * passes in seconds; `temporalDbFile` and the port options are then ignored.
   */
  temporalAddress?: string;
  /** Passed to the API; the contract test raises them so generated requests reach the handlers. */
  rateLimits?: AppDeps['rateLimits'];
  /** The Temporal runtime's Prometheus exporter in this process (worker/runtime.ts), served with the rest at `/metrics`. */
  temporalMetricsUrl?: string;
  /**
   * Runs the worker in an OS process of its own, through the production entry (`worker/main.ts`) given
   * as the command that runs it, with the stack's configuration in its environment, instead of in this
   * process; the fault tests kill it with SIGKILL (`killWorker`).
   */
  workerProcess?: WorkerCommand;
  /** Meta's Graph API at this address instead of the fake the stack starts (issue 17 §1). */
  metaGraphUrl?: string;
}

/** A server the stack started, stopped and started again on the same port and files (fault tests). */
export interface Restartable {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface LocalStack {
  apiUrl: string;
  /** `uiUrl` is absent when the stack connected to an external server (`temporalAddress`). */
  temporal: Pick<TemporalDevServer, 'address'> & { uiUrl?: string };
  mailbox?: SmtpCapture;
  db: DbConnection;
  client: Client;
  taskQueue: string;
  /** One registry for the API and the worker, served by the API at `/metrics`. */
  metrics: Metrics;
  /** The fake Graph API the stack started, with mincul's demo pages (absent with `metaGraphUrl`). */
  graph?: FakeGraph;
  /** Stops the running worker (as a crash or deploy would) and starts a fresh one. */
  restartWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  /** With `workerProcess`: SIGKILLs the worker process (a crash: nothing drains); `startWorker` brings up a new one. */
  killWorker(): Promise<void>;
  /** The Temporal dev server and FerretDB when the stack started them, to stop and start again. */
  servers: { temporal?: Restartable; ferretdb?: Restartable };
  stop(): Promise<void>;
}

/** Starts with `start`; `stop` then `start` runs it again, `start` reusing what the first run chose (its port). */
function restartable<S extends RunningServer>(start: (first?: S) => Promise<S>): Restartable & { first(): Promise<S> } {
  let first: S | undefined;
  let running: S | undefined;
  const up = async () => {
    running ??= await start(first);
    first ??= running;
    return first;
  };
  return {
    first: up,
    start: async () => void (await up()),
    stop: async () => {
      const r = running;
      running = undefined;
      await r?.stop();
    },
  };
}

const portOf = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));

/**
 * The whole system on this machine: Temporal dev server (unless `temporalAddress`), FerretDB (unless
 * MONGODB_URI), SMTP capture (unless SMTP_URL), worker and API. Used by `npm start` and by the
 * end-to-end tests.
 */
export async function startLocalStack(opts: StackOptions): Promise<LocalStack> {
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch((err) => opts.log.warn({ err }, 'stop failed'));
  };
  try {
    const servers: LocalStack['servers'] = {};
    let temporal: LocalStack['temporal'];
    if (opts.temporalAddress) {
      temporal = { address: opts.temporalAddress };
    } else {
      const devServer = restartable<TemporalDevServer>((first) =>
        startTemporalDevServer({
          dataDir: opts.dataDir,
          ...(opts.temporalDbFile ? { dbFile: opts.temporalDbFile } : {}),
          ...(first ? { port: portOf(first.address), uiPort: portOf(first.uiUrl) } : {}),
          ...(opts.temporalPort ? { port: opts.temporalPort } : {}),
          ...(opts.temporalUiPort ? { uiPort: opts.temporalUiPort } : {}),
        }),
      );
      const { address, uiUrl } = await devServer.first();
      started.push(devServer);
      servers.temporal = devServer;
      temporal = { address, uiUrl };
    }

    let mongodbUri = opts.mongodbUri;
    if (!mongodbUri) {
      const ferret = restartable<FerretDb>((first) => startFerretDb({ dataDir: opts.dataDir, ...(first ? { port: first.port } : {}) }));
      mongodbUri = (await ferret.first()).uri('custodio');
      started.push(ferret);
      servers.ferretdb = ferret;
    }
    let mailbox: SmtpCapture | undefined;
    let smtpUrl = opts.smtpUrl;
    if (!smtpUrl) {
      mailbox = await startSmtpCapture({ ...(opts.mailFile ? { file: opts.mailFile } : {}), ...opts.mailCapture });
      started.push(mailbox);
      smtpUrl = mailbox.url;
    }

    // No test and no demo reaches Meta: the fake serves mincul's demo pages (local/fakeGraphDemo.ts).
    let graph: FakeGraph | undefined;
    if (!opts.metaGraphUrl) {
      graph = await startFakeGraph({ nodes: demoGraphNodes() });
      started.push(graph);
    }
    const metaGraph = { baseUrl: opts.metaGraphUrl ?? graph!.url, version: 'v23.0' };

    const db = await connectDb(mongodbUri);
    started.push({ stop: () => db.close() });
    await seedDemo(db);

    const apiPort = opts.apiPort ?? (await freePort());
    const apiUrl = `http://localhost:${apiPort}`;
    const links = createLinkSigner(opts.linkSecret);
    const taskQueue = opts.taskQueue ?? 'custodio';
    const mailer: Mailer = createMailer(smtpUrl, MAIL_FROM);
    started.push({ stop: async () => mailer.close() });

    // A loaded machine (the test suite on two cores) can take longer than the client's default 10 s.
    // The client's retries, with one change: none once the stack is stopping, and the connection closes
    // only after a retry already scheduled has run. A retry that fires on a closed channel throws from
    // its timer ("Channel has been shut down"), outside any caller, and failed a whole test file.
    const retries = defaultGrpcRetryOptions();
    let stopping = false;
    let lastRetryAt = 0;
    const interceptors = [
      makeGrpcRetryInterceptor({
        retryableDecider: (attempt, status) => !stopping && retries.retryableDecider(attempt, status),
        delayFunction: (attempt, status) => {
          const ms = retries.delayFunction(attempt, status);
          lastRetryAt = Math.max(lastRetryAt, Date.now() + ms);
          return ms;
        },
      }),
    ];
    const connection = await Connection.connect({ address: temporal.address, connectTimeout: '60 seconds', interceptors });
    started.push({
      stop: async () => {
        stopping = true;
        const wait = Math.min(lastRetryAt - Date.now() + 100, 6_000);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await connection.close();
      },
    });
    const client = new Client({ connection, namespace: 'default' });

    const processes = createProcesses(client, { taskQueue });
    const metrics = createMetrics(opts.temporalMetricsUrl ? { temporalMetricsUrl: opts.temporalMetricsUrl } : {});
    // The in-process worker's incarnation (a worker process starts its own, worker/main.ts).
    const inProcessLiveness = async () => {
      const liveness = await startLiveness(db);
      started.push({ stop: async () => liveness.stop() });
      return liveness;
    };
    const worker: { start(): Promise<void>; stop(): Promise<void>; kill?(): Promise<void> } = opts.workerProcess
      ? workerProcess({
          ...opts.workerProcess,
          logFile: join(opts.dataDir, 'logs', 'worker.log'),
          env: {
            TEMPORAL_ADDRESS: temporal.address,
            TEMPORAL_NAMESPACE: 'default',
            TASK_QUEUE: taskQueue,
            MONGODB_URI: mongodbUri,
            SMTP_URL: smtpUrl,
            MAIL_FROM: MAIL_FROM,
            LINK_SECRET: opts.linkSecret,
            LINK_TTL_DAYS: '14',
            PUBLIC_URL: apiUrl,
            LOG_LEVEL: 'info',
            META_GRAPH_URL: metaGraph.baseUrl,
            META_GRAPH_VERSION: metaGraph.version,
            ...(opts.workflowBundle ? { WORKFLOW_BUNDLE_PATH: bundleFile(opts.workflowBundle, opts.dataDir) } : {}),
          },
        })
      : inProcessWorker({
          address: temporal.address,
          taskQueue,
          activities: createActivities({ db, mailer, links, publicUrl: apiUrl, linkTtlDays: 14, processes, metrics, liveness: await inProcessLiveness(), meta: { graph: metaGraph, keyring: tokenKeyring(undefined, opts.linkSecret) } }),
          ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : {}),
        });
    await worker.start();
    started.push({ stop: () => worker.stop() });
    await reconcileProcesses(db, processes);

    const app = createApp({ temporal: client, db, links, secret: opts.linkSecret, mailer, publicUrl: apiUrl, taskQueue, log: opts.log, metrics, metaGraph, ...(opts.rateLimits ? { rateLimits: opts.rateLimits } : {}), ...(mailbox ? { mailbox } : {}) });
    const housekeeping = startHousekeeping(db, opts.log);
    started.push({ stop: async () => housekeeping.stop() });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(apiPort, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    started.push({ stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });

    return {
      apiUrl,
      temporal,
      ...(mailbox ? { mailbox } : {}),
      db,
      client,
      taskQueue,
      metrics,
      ...(graph ? { graph } : {}),
      restartWorker: async () => {
        await worker.stop();
        await worker.start();
      },
      stopWorker: () => worker.stop(),
      startWorker: () => worker.start(),
      killWorker: async () => {
        if (!worker.kill) throw new Error('killWorker needs the worker in a process of its own (workerProcess)');
        await worker.kill();
      },
      servers,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

const MAIL_FROM = 'Custodio <no-responder@custodio.gob.pe>';

/** The worker in this process, as `npm start` runs it. */
function inProcessWorker(opts: { address: string; taskQueue: string; activities: ReturnType<typeof createActivities>; workflowBundle?: WorkflowBundleOption }) {
  let worker: { worker: Worker; running: Promise<void>; connection: NativeConnection } | undefined;
  return {
    async start() {
      const native = await NativeConnection.connect({ address: opts.address });
      const w = await createWorker({ connection: native, namespace: 'default', taskQueue: opts.taskQueue, activities: opts.activities, ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : {}) });
      worker = { worker: w, running: w.run(), connection: native };
    },
    async stop() {
      if (!worker) return;
      const w = worker;
      worker = undefined;
      // The SDK already drains its workers on SIGINT/SIGTERM; shut down only one still running.
      if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
      await w.running;
      await w.connection.close();
    },
  };
}

/** A bundle given as code is written out for the worker process to load (`WORKFLOW_BUNDLE_PATH`). */
function bundleFile(bundle: WorkflowBundleOption, dataDir: string): string {
  if (!('code' in bundle)) return bundle.codePath;
  const file = join(dataDir, 'workflow-bundle.js');
  writeFileSync(file, bundle.code);
  return file;
}

/** Default data folder of the local run. */
export const defaultDataDir = (root: string) => join(root, '.data');
