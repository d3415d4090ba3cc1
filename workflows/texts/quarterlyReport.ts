/** What the supervision reports say to people, in Spanish; workflows/quarterlyReport.ts and monthlyEvaluation.ts decide when and to whom. */
import type { MonthlyEvaluationContext, QuarterlyReportContext } from '../../activities/quarterlyReport';
import type { Decision } from '../../domain/decision';

type Words = QuarterlyReportContext['words'];

const missingLine = (missing: string[]): Array<[string, string]> =>
  missing.length ? [['Cuentas sin exportación del trimestre', missing.join('; ')]] : [['Cuentas sin exportación del trimestre', 'Ninguna: los datos están completos.']];

export const quarterlyTexts = {
  /** The CM's step: upload every account's export once the quarter closes (PCM 6.3.2). */
  upload(entityName: string, w: Words, missing: string[]) {
    return {
      title: `Informe trimestral (Anexo 3): suba las exportaciones del ${w.quarter}`,
      intro:
        `El ${w.quarter} cierra el ${w.closes}. El informe trimestral de ${entityName} debe llegar a la Secretaría de Comunicación Social ` +
        `a más tardar el ${w.due} (PCM 6.3.2). Después del cierre, descargue de cada red la exportación de publicaciones del trimestre ` +
        '(Meta Business Suite, X Analytics, TikTok Studio, YouTube Studio) y súbala en la página de cada cuenta, en «Subir métricas». ' +
        'Custodio redacta el informe apenas estén todas; si alguna cuenta no tiene nada que exportar, pulse «Confirmar» para redactarlo con lo que hay.',
      summary: [['Trimestre', w.quarter], ['Plazo para enviarlo a la SCS', w.due], ...missingLine(missing)] as Array<[string, string]>,
    };
  },

  /** The head's step: approve, observe or reject the draft (PCM 6.3.2; PCM 5.2.4). */
  approval(entityName: string, w: Words, round: number, summary: Array<[string, string]>) {
    return {
      title: `Informe trimestral (Anexo 3) de ${entityName}: ${w.quarter}${round > 1 ? ` (versión ${round})` : ''}`,
      intro:
        `Se adjunta el informe trimestral de ${entityName} del ${w.quarter}, en PDF y en hoja de cálculo, redactado con las exportaciones ` +
        'que subió el equipo: las 10 mejores publicaciones de cada red por mes, con las columnas del Anexo 3, los totales y la frecuencia de publicación. ' +
        `Si lo aprueba, Custodio lo envía a la Secretaría de Comunicación Social (plazo: ${w.due}). Si algo debe corregirse, obsérvelo con el motivo.`,
      summary: [['Entidad', entityName], ['Plazo para enviarlo a la SCS', w.due], ...summary] as Array<[string, string]>,
    };
  },

  /** The CM's correction after an observation: re-upload, fill follower counts, then confirm. */
  correction(entityName: string, w: Words, observation: Decision) {
    return {
      title: `Informe trimestral de ${entityName} observado: ${w.quarter}`,
      intro:
        `El/la titular observó el informe del ${w.quarter}: «${observation.reason ?? ''}». Corrija lo indicado — vuelva a subir la ` +
        'exportación que corresponda o complete los seguidores en la página del informe — y pulse «Enviar corrección»: Custodio redactará una versión nueva y se la enviará.',
      summary: [['Observación', observation.reason ?? ''], ['Plazo para enviarlo a la SCS', w.due]] as Array<[string, string]>,
    };
  },

  /** SCS's step: the approved report, with the acknowledgement link (PCM 6.3.2). */
  supervisor(entityName: string, w: Words, approvedBy: string, summary: Array<[string, string]>) {
    return {
      title: `Informe trimestral sobre cuentas de redes sociales (Anexo 3) – ${entityName} – ${w.quarter}`,
      intro:
        `La Oficina de Comunicaciones de ${entityName} remite su informe trimestral del ${w.quarter} con métricas de sus cuentas institucionales, ` +
        'según el Anexo 3 de la Directiva N° 03-2022-PCM/SCS (numeral 6.3.2), en PDF y en hoja de cálculo. Le agradeceremos acusar recibo con el enlace.',
      summary: [['Entidad', entityName], ['Trimestre', w.quarter], ['Aprobado por', approvedBy], ...summary.filter(([k]) => k !== 'Trimestre')] as Array<[string, string]>,
    };
  },

  rejected(entityName: string, w: Words, decision: Decision) {
    return {
      subject: `Informe trimestral de ${entityName} rechazado: ${w.quarter}`,
      paragraphs: [
        `El/la titular rechazó el informe trimestral del ${w.quarter}${decision.reason ? `: «${decision.reason}»` : ''}. No se envió a la Secretaría de Comunicación Social.`,
        'La obligación de informar el trimestre sigue vigente (PCM 6.3.2): el/la titular puede iniciar un informe nuevo desde la página de informes.',
      ],
    };
  },
};

export const evaluationTexts = {
  /** INPE 5.1.c: the CM's monthly report with statistics, to the head. */
  cmReport(entityName: string, ctx: MonthlyEvaluationContext) {
    return {
      title: `Informe mensual de redes sociales de ${entityName}: ${ctx.words.month}`,
      intro:
        `Prepare el informe mensual de ${ctx.words.month} con las estadísticas de las cuentas para el/la titular (INPE 5.1.c). ` +
        'Abajo, lo que Custodio tiene de cada cuenta según las exportaciones subidas; si falta alguna, súbala antes. Al pulsar «Confirmar», el informe pasa al/la titular para su evaluación.',
      summary: [['Mes', ctx.words.month], ...ctx.summary] as Array<[string, string]>,
    };
  },

  /** PCM 6.3.1: the office's monthly evaluation of every account's activity. */
  evaluation(entityName: string, ctx: MonthlyEvaluationContext, reportedBy?: string) {
    return {
      title: `Evaluación mensual de las cuentas de ${entityName}: ${ctx.words.month}`,
      intro:
        `Evalúe la actividad de cada cuenta institucional de ${entityName} en ${ctx.words.month} (PCM 6.3.1): publicaciones, frecuencia mínima (PCM 6.2.2.4) y lo que observe. ` +
        (reportedBy ? `El informe del community manager (${reportedBy}) está abajo. ` : '') +
        'Pulse «Doy conformidad» para registrar la evaluación.',
      summary: [['Mes', ctx.words.month], ...ctx.summary] as Array<[string, string]>,
    };
  },
};
