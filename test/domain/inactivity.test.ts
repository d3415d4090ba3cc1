/** PCM 5.2.5 judged from the imported exports only (domain/inactivity.ts). */
import { inactivityMessage, inactivityOf, reactivationStands } from '../../domain/inactivity';

const activatedAt = new Date('2026-01-05T14:00:00Z');

describe('PCM 5.2.5: accounts that go silent', () => {
  it('PCM 5.2.5: an account never exported is not judged, whatever its age', () => {
    expect(inactivityOf({ activatedAt }, 60)).toEqual({ state: 'unmeasured' });
  });

  it('PCM 5.2.5: silence runs from the last imported publication to the newest export; the period reached flags it', () => {
    const last = new Date('2026-09-01T15:00:00Z');
    expect(inactivityOf({ activatedAt, lastPublishedAt: last, exportedOn: '2026-10-30' }, 60)).toMatchObject({ state: 'active', silentDays: 59 });
    expect(inactivityOf({ activatedAt, lastPublishedAt: last, exportedOn: '2026-10-31' }, 60)).toEqual({
      state: 'inactive', lastPublishedOn: '2026-09-01', since: '2026-09-01', exportedOn: '2026-10-31', silentDays: 60,
    });
  });

  it('the last publication\'s day is Lima\'s: 03:00 UTC on 2 September is still 1 September', () => {
    expect(inactivityOf({ activatedAt, lastPublishedAt: new Date('2026-09-02T03:00:00Z'), exportedOn: '2026-10-31' }, 60)).toMatchObject({ lastPublishedOn: '2026-09-01', silentDays: 60 });
  });

  it('PCM 5.2.5: exports that never showed a post count from the day the account entered Custodio', () => {
    expect(inactivityOf({ activatedAt, exportedOn: '2026-03-10' }, 60)).toMatchObject({ state: 'inactive', since: '2026-01-05', silentDays: 64 });
    expect(inactivityOf({ activatedAt, exportedOn: '2026-02-10' }, 60)).toMatchObject({ state: 'active' });
  });

  it('PCM 5.2.5: the flag says since when, up to which export, and what the head decides; nothing for an active account', () => {
    const said = inactivityMessage(inactivityOf({ activatedAt, lastPublishedAt: new Date('2026-09-01T15:00:00Z'), exportedOn: '2026-10-31' }, 60), (d) => `«${d}»`);
    expect(said).toBe('Sin publicaciones 60 días (desde su última publicación importada, del «2026-09-01», hasta la exportación del «2026-10-31»). Las cuentas mantienen frecuencia y continuidad: decida reactivarla o cerrarla (PCM 5.2.5).');
    expect(inactivityMessage(inactivityOf({ activatedAt, exportedOn: '2026-03-10' }, 60), String)).toContain('desde que entró a Custodio, el 2026-01-05, sin ninguna publicación importada');
    expect(inactivityMessage({ state: 'unmeasured' }, String)).toBeUndefined();
  });
});

describe('the head\'s reactivation (PCM 5.2.5)', () => {
  const silent = inactivityOf({ lastPublishedAt: new Date('2026-08-01T15:00:00Z'), exportedOn: '2026-11-30', activatedAt: new Date('2026-01-05T14:00:00Z') }, 60);
  const day = (ymd: string) => ymd;
  const r = (at: string) => ({ by: 'aquispe@cultura.gob.pe', at, plan: 'Tres publicaciones por semana desde el lunes.' });

  it('PCM 5.2.5: decided during the silence, it stands until a whole period has passed since the decision without a publication', () => {
    expect(reactivationStands(silent, r('2026-10-15T15:00:00Z'), 60)).toBe(true);
    // Decided on 15 September: 76 days to the export of 30 November, more than the 60-day period.
    expect(reactivationStands(silent, r('2026-09-15T15:00:00Z'), 60)).toBe(false);
    // Decided before the silence began: it answered another one.
    expect(reactivationStands(silent, r('2026-07-20T15:00:00Z'), 60)).toBe(false);
  });

  it('PCM 5.2.5: standing, the flag reports the decision; stale, it asks again', () => {
    expect(inactivityMessage(silent, day, r('2026-10-15T15:00:00Z'), 60)).toContain('El/la titular decidió reactivarla el 2026-10-15: «Tres publicaciones por semana desde el lunes.» (PCM 5.2.5).');
    expect(inactivityMessage(silent, day, r('2026-09-15T15:00:00Z'), 60)).toContain('decida reactivarla o cerrarla (PCM 5.2.5)');
  });
});
