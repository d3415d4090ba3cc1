/** «Plan de Comunicación Digital» approval (workflows/digitalPlan.ts; PCM 6.2.2.1, Anexo 2): its id, step, input and status. */
import { defineQuery } from '@temporalio/workflow';

/** `plan-<entityId>-<year>-<round>`: one process per round of approval of the entity's plan for that year. */
export const digitalPlanWorkflowId = Object.assign((entityId: string, year: number, round: number) => `plan-${entityId}-${year}-${round}`, {
  parse(id: string): { entityId: string; year: number; round: number } | undefined {
    const m = /^plan-(.+)-(\d{4})-(\d+)$/.exec(id);
    return m ? { entityId: m[1]!, year: Number(m[2]), round: Number(m[3]) } : undefined;
  },
});

export const DIGITAL_PLAN_STEP = 'aprobacion';

export interface DigitalPlanInput {
  entityId: string;
  year: number;
  round: number;
}

export type DigitalPlanStage = 'iniciando' | 'en-aprobacion' | 'aprobado' | 'observado' | 'sin-registro';

export interface DigitalPlanStatus {
  stage: DigitalPlanStage;
  waitingFor: string[];
  decidedBy?: string;
  recordCode?: string;
}

export const digitalPlanStatusQuery = defineQuery<DigitalPlanStatus>('digitalPlanStatus');
