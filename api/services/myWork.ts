import type { Connection } from 'mongoose';
import type { Principal } from '../../domain/access';
import { ACTION_EMPHASIS, ACTION_LABELS, type ActionEmphasis, type DecisionAction } from '../../domain/decision';
import { ProcessesUnavailable, type Processes } from '../../contracts/processes';
import { urls } from '../../infra/urls';
import { openSteps } from '../../registry/openSteps';
import type { Registry } from '../../registry/reads';

/** The kinds of process a step belongs to, as people call them. */
export const PROCESS_LABELS: Record<string, string> = {
  accountCreation: 'Creación de cuenta',
  credentialRotation: 'Cambio de contraseña',
  agencyGrant: 'Acceso de una agencia',
  roleReview: 'Revisión mensual de roles',
  handover: 'Traspaso de la administración',
  campaign: 'Campaña',
  contentPublication: 'Publicación de contenido',
  quarterlyReport: 'Informe trimestral a la SCS',
  monthlyEvaluation: 'Evaluación mensual de las cuentas',
};

export interface WaitingStep {
  workflowId: string;
  step: string;
  title: string;
  process: string;
  entity?: string;
  openedAt: string;
  dueAt?: string;
  overdue: boolean;
  /** One button per action the step allows; absent while the processes do not answer. */
  actions?: Array<{ action: DecisionAction; label: string; href: string; emphasis: ActionEmphasis }>;
  /** Reminders (and escalations) sent so far; unknown while the processes do not answer. */
  reminders?: number;
}

/**
 * What waits for the signed-in person now (issue 15 §2): every open step of every process addressed to
 * them, from the open-step index, each checked against its process (the index may lag a decision by a
 * moment) and given a button per action, which leads to the same confirmation page an emailed link does
 * (`stepActions`). Without Temporal the list still shows, without buttons.
 */
export function myWork(deps: { db: Connection; registry: Registry; processes: Processes }) {
  const index = openSteps(deps.db);
  return async (principal: Principal, now = new Date()): Promise<{ steps: WaitingStep[]; processesDown: boolean }> => {
    if (principal.kind !== 'person') return { steps: [], processesDown: false };
    const names = new Map<string, string>();
    const entityName = async (id?: string) => {
      if (!id) return undefined;
      if (!names.has(id)) names.set(id, (await deps.registry.entity(id))?.name ?? id);
      return names.get(id);
    };
    let processesDown = false;
    const steps: WaitingStep[] = [];
    for (const row of await index.addressedTo(principal.email)) {
      let actions: WaitingStep['actions'];
      let reminders: number | undefined;
      if (!processesDown) {
        try {
          const view = await deps.processes.decisionStep(row.workflowId, row.step);
          if (!view || view.decision || view.withdrawn || !view.deciders.includes(principal.email)) continue;
          // Each reminder or escalation sends the step again with a new link version.
          reminders = view.version - 1;
          actions = view.actions.map((action) => ({ action, label: ACTION_LABELS[action], href: urls.stepAction(row.workflowId, row.step, action), emphasis: ACTION_EMPHASIS(action) }));
        } catch (err) {
          if (!(err instanceof ProcessesUnavailable)) throw err;
          processesDown = true;
        }
      }
      const entity = await entityName(row.entityId);
      steps.push({
        workflowId: row.workflowId, step: row.step, title: row.title, process: PROCESS_LABELS[row.process] ?? row.process,
        ...(entity ? { entity } : {}), openedAt: row.openedAt.toISOString(),
        ...(row.dueAt ? { dueAt: row.dueAt.toISOString() } : {}), overdue: row.dueAt !== undefined && row.dueAt <= now,
        ...(actions ? { actions } : {}),
        ...(reminders !== undefined ? { reminders } : {}),
      });
    }
    return { steps, processesDown };
  };
}

export type MyWork = ReturnType<typeof myWork>;
