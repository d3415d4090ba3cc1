import { Router } from 'express';
import { callerOf, requireSignIn } from '../auth';
import { page } from '../render';
import { sendSheet } from '../sheets';
import { supervisionSheet } from '../services/listExports';
import { REPORT_GLANCE_LABELS, REVIEW_STATE_LABELS, type SupervisionBoardService } from '../services/supervisionBoard';

/**
 * The SCS supervisor's board (issue 15 §2; PCM 6.1.1.2, 6.3.5): every entity under supervision with its
 * accounts, overdue rotations, steps waiting for SCS and this month's role review, each figure leading
 * to its list; also as `.csv` and `.xlsx` to print or file. Anyone else is refused (403).
 */
export function supervisionPages(board: SupervisionBoardService): Router {
  const router = Router();
  router.get('/supervision', requireSignIn, async (req, res) => {
    page(res, 200, 'supervision', { title: 'Supervisión de las entidades', board: await board(callerOf(req, res)), reviewLabels: REVIEW_STATE_LABELS, reportLabels: REPORT_GLANCE_LABELS });
  });
  for (const format of ['csv', 'xlsx'] as const) {
    router.get(`/supervision.${format}`, requireSignIn, async (req, res) => sendSheet(res, format, supervisionSheet(await board(callerOf(req, res)))));
  }
  return router;
}
