/**
 * Operational metrics (issue 14 §4) in one prom-client registry per process: the API serves it at
 * `/metrics`, a worker running alone on `METRICS_PORT` (worker/metricsServer.ts); in the local run the API
 * and the worker share one. Every label value comes from a set fixed in code (route patterns, process
 * names, actions, outcomes): no address, name, phone, IP, token or record id ever becomes a label.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { workflowSubject } from '../../contracts/workflowSubject';
import type { DecisionAction } from '../../domain/decision';
import { emailMetrics } from './emails';
import { openStepGauges, processLabel } from './openSteps';

export type { MailKind } from './emails';
export { answerError, metricsHandler, type MetricsAccess } from './endpoint';
export { NO_OPEN_STEPS, type OpenStep, type OpenStepsSource } from './openSteps';

const SIGNIN_OUTCOMES = ['requested', 'completed', 'refused'] as const;
export type SigninOutcome = (typeof SIGNIN_OUTCOMES)[number];

export interface MetricsOptions {
  /**
   * The Temporal SDK runtime's own Prometheus exporter in this process (worker/runtime.ts), whose series
   * are served with ours, behind the same access check.
   */
  temporalMetricsUrl?: string;
  clock?: () => Date;
}

export function createMetrics(opts: MetricsOptions = {}) {
  const clock = opts.clock ?? (() => new Date());
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const http = new Histogram({
    name: 'custodio_http_request_duration_seconds', help: 'HTTP requests by method, route pattern (`unmatched` when no route answered) and status.',
    labelNames: ['method', 'route', 'status'], registers,
  });
  const decisions = new Counter({ name: 'custodio_decisions_total', help: 'Decisions recorded through decision links, by process and action.', labelNames: ['process', 'action'], registers });
  const signins = new Counter({ name: 'custodio_signins_total', help: 'Sign-in links requested, used to sign in, or refused (bad, expired, used, no role).', labelNames: ['outcome'], registers });
  for (const outcome of SIGNIN_OUTCOMES) signins.inc({ outcome }, 0);
  const openSteps = openStepGauges(registry, clock);

  /** Temporal's series, or none when its exporter does not answer: ours are still worth serving. */
  async function temporalSeries(): Promise<string> {
    if (!opts.temporalMetricsUrl) return '';
    try {
      const res = await fetch(opts.temporalMetricsUrl, { signal: AbortSignal.timeout(5_000) });
      return res.ok ? await res.text() : '';
    } catch {
      return '';
    }
  }

  return {
    registry,
    emails: emailMetrics(registry, () => clock().getTime()),
    /** Observes one answered request; `route` is its pattern, e.g. `/api/account-requests/:id`, never the URL. */
    request(labels: { method: string; route: string; status: number }, seconds: number) {
      http.observe({ ...labels, status: String(labels.status) }, seconds);
    },
    decided(workflowId: string, action: DecisionAction) {
      decisions.inc({ process: processLabel(workflowSubject(workflowId)?.process ?? 'other'), action });
    },
    signin(outcome: SigninOutcome) {
      signins.inc({ outcome });
    },
    useOpenSteps: openSteps.use,
    contentType: registry.contentType,
    /** The text a scrape gets: our registry, then the Temporal runtime's series. */
    async exposition(): Promise<string> {
      const [own, temporal] = await Promise.all([registry.metrics(), temporalSeries()]);
      return temporal ? `${own}\n${temporal}` : own;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
