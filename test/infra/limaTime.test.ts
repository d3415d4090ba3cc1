import { writtenDay, writtenInstant } from '../../infra/limaTime';

describe('Lima dates written out (issue 15 §3)', () => {
  it('an instant reads with its weekday and a 24-hour Lima time, whatever the server zone', () => {
    expect(writtenInstant('2026-12-07T14:00:00Z')).toBe('lunes 7 de diciembre de 2026, 09:00');
    // 03:30 UTC on the 1st is still the evening before in Lima.
    expect(writtenInstant('2027-01-01T03:30:00Z')).toBe('jueves 31 de diciembre de 2026, 22:30');
  });

  it('a day reads the same from a YYYY-MM-DD date and from an instant of that Lima day', () => {
    expect(writtenDay('2026-12-07')).toBe('lunes 7 de diciembre de 2026');
    expect(writtenDay(new Date('2026-12-08T04:59:00Z'))).toBe('lunes 7 de diciembre de 2026');
  });
});
