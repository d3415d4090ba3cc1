import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Permission } from '../../domain/access';
import { IMAGE_ISSUE_HEAD_STEP, IMAGE_ISSUE_SUPERIOR_STEP } from '../../domain/imageIssue';
import { NETWORK_LABELS } from '../../domain/networks';
import { PAGE_SIZE_ON_PAGES } from '../../domain/paging';
import { Refusal } from '../../domain/refusal';
import { urls } from '../../infra/urls';
import { pageEntity } from '../pageEntity';
import type { Registry } from '../../registry/reads';
import { callerOf, principalOf, requireSignIn } from '../auth';
import { fieldErrors } from '../forms/fields';
import { imageIssueFromForm, linkLinesNamed } from '../forms/imageIssue';
import { postForm } from '../forms/submit';
import { idempotencyKey } from '../idempotency';
import { pageQueryOf, pagerOf } from '../paging';
import { processWords } from '../processWords';
import { messagePage, page } from '../render';
import type { AccountsService } from '../services/accounts';
import type { ImageIssuesService } from '../services/imageIssues';

type Params = { id: string };
type IssueParams = Params & { issueId: string };

/**
 * Matters that can affect the institution's image, as pages (PCM 6.2.2.14): the entity's list for
 * whoever reads its accounts, the form where the CM or the head reports one, and a matter's page with
 * who took note of it (and the signed-in head's button).
 */
export function imageIssuePages(issues: ImageIssuesService, accounts: AccountsService, registry: Registry): Router {
  const router = Router();
  router.use('/entidades/:id/asuntos', requireSignIn);

  async function entityOf(entityId: string, res: Response, permission: Permission) {
    const { entity, may } = await pageEntity(registry, entityId, res, permission);
    return { id: entity._id, name: entity.name, mayReport: may('account.manage') };
  }

  router.get('/entidades/:id/asuntos', async (req: Request<Params>, res) => {
    const entity = await entityOf(req.params.id, res, 'account.read');
    const path = urls.imageIssue.list(entity.id);
    try {
      const { cursor } = pageQueryOf({ cursor: req.query.cursor || undefined });
      const found = await issues.list(entity.id, { limit: PAGE_SIZE_ON_PAGES, ...(cursor ? { cursor } : {}) }, callerOf(req, res), true);
      const words = await processWords(registry, entity.id);
      page(res, 200, 'imageIssues', { title: `Asuntos que pueden afectar la imagen · ${entity.name}`, entity, issues: found.rows, who: words.who, pager: pagerOf(path, {}, found, found.counts!, cursor) });
    } catch (err) {
      if (!(err instanceof Refusal) || err.code !== 'validation_failed') throw err;
      messagePage(res, 400, 'Asuntos que pueden afectar la imagen', err.message, { next: { href: path, label: 'Volver al inicio' } });
    }
  });

  const showForm = async (req: Request<Params>, res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const entity = await entityOf(req.params.id, res, 'account.manage');
    const inService = (await accounts.list(entity.id, callerOf(req, res))).filter((a) => a.status !== 'retired');
    page(res, status, 'imageIssueForm', {
      title: `Informar un asunto que puede afectar la imagen · ${entity.name}`,
      entity,
      accounts: inService.map((a) => ({ id: a.id, label: `${NETWORK_LABELS[a.network]} · ${a.username}` })),
      values: { accountIds: [] },
      idempotencyKey: randomUUID(),
      ...extra,
    });
  };
  router.get('/entidades/:id/asuntos/nuevo', async (req: Request<Params>, res) => showForm(req, res, 200));
  router.post('/entidades/:id/asuntos/nuevo', async (req: Request<Params>, res) => {
    const input = imageIssueFromForm((req.body ?? {}) as Record<string, unknown>);
    let key: string | undefined;
    await postForm(
      res,
      async () => {
        key = idempotencyKey(req);
        const reported = await issues.report(req.params.id, input, callerOf(req, res), key);
        return `${urls.imageIssue.page(reported.entityId, reported.id)}?hecho=informado`;
      },
      // A refused report left nothing, so the same key serves the corrected one.
      (status, refused) => {
        const errors = linkLinesNamed(refused);
        return showForm(req, res, status, { errors, fieldErrors: fieldErrors(errors), values: { ...input, links: ((input.links as string[] | undefined) ?? []).join('\n') }, idempotencyKey: key ?? randomUUID() });
      },
    );
  });

  router.get('/entidades/:id/asuntos/:issueId', async (req: Request<IssueParams>, res) => {
    const caller = callerOf(req, res);
    const issue = await issues.get(req.params.id, req.params.issueId, caller);
    const [words, all] = await Promise.all([processWords(registry, issue.entityId), accounts.list(issue.entityId, caller)]);
    const labels = new Map(all.map((a) => [a.id, `${NETWORK_LABELS[a.network]} · ${a.username}`]));
    const me = principalOf(res);
    const email = me.kind === 'person' ? me.email.toLowerCase() : undefined;
    const open = new Map((issue.live?.waiting ?? []).map((w) => [w.step, w]));
    // A signed-in decider acts from here through the same confirmation page an emailed link opens.
    const action = (step: string) => (email && open.get(step)?.waitingFor.some((a) => a.toLowerCase() === email) ? urls.stepAction(issue.workflowId, step, 'acknowledge') : undefined);
    page(res, 200, 'imageIssue', {
      title: `Asunto que puede afectar la imagen · ${words.entityName}`,
      issue,
      entityName: words.entityName,
      accounts: issue.accountIds.map((id) => ({ id, label: labels.get(id) ?? id })),
      headStep: open.get(IMAGE_ISSUE_HEAD_STEP),
      headHref: action(IMAGE_ISSUE_HEAD_STEP),
      superiorStep: open.get(IMAGE_ISSUE_SUPERIOR_STEP),
      superiorHref: action(IMAGE_ISSUE_SUPERIOR_STEP),
      who: words.who,
      reported: req.query.hecho === 'informado',
    });
  });
  return router;
}
