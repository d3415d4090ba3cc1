/**
 * SCS's daily digest of the Anexo 4 directory (PCM 6.3.5, 7.3: the directory of official accounts is
 * "actualizada continuamente"). Every change to an account of a supervised entity, or to the people who
 * answer for it, is already in the audit trail; once a day, at 18:00 Lima, this process reads the day's
 * changes and sends each SCS address ONE email listing them by entity, with the link to the directory. A
 * day without changes sends nothing.
 *
 * One long-running scheduler per deployment (id `directorio-scs`), like the role-review scheduler: an
 * activity says which day comes next and when (computed outside workflow code), the process sleeps,
 * sends, and continues as new with that day as its last, so each run's history holds one day and a
 * worker that was down at 18:00 sends the day it missed when it is back. Each email's outbox key is
 * `directorio-scs/<day>/<address>`: whatever retries, restarts or a second scheduler do, one email per
 * address and day leaves.
 */
import { continueAsNew, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { DirectoryDigestSchedule } from '../activities/directoryDigest';
import { directoryDigestStatusQuery, type DirectoryDigestInput, type DirectoryDigestStatus } from '../contracts/directoryDigest';
import { SUPERVISOR_ADDRESSEE } from '../domain/policyProfiles';
import { acts } from './activities';
import { digestTexts } from './texts/directoryDigest';

export async function directoryDigest(input: DirectoryDigestInput): Promise<DirectoryDigestStatus> {
  const cycle = input.cycle ?? 1;
  let next: DirectoryDigestSchedule | undefined;
  setHandler(directoryDigestStatusQuery, () => ({ cycle, ...(input.lastDay ? { lastDay: input.lastDay } : {}), ...(next ? { nextDay: next.day, nextAt: next.at } : {}) }));

  next = await acts.directoryDigestSchedule(input.lastDay ? { lastDay: input.lastDay } : {});
  const wait = Date.parse(next.at) - Date.parse(next.now);
  if (wait > 0) await sleep(wait);

  const day = await acts.directoryChanges({ day: next.day });
  for (const digest of day.digests) {
    await acts.sendNotice({
      key: `${workflowInfo().workflowId}/${day.day}/${digest.address}`,
      to: [{ name: 'Secretaría de Comunicación Social', email: digest.address }],
      addressee: SUPERVISOR_ADDRESSEE,
      ...digestTexts.digest(digest, day),
    });
  }
  return continueAsNew<typeof directoryDigest>({ lastDay: next.day, cycle: cycle + 1 });
}
