import { digestWindow, directoryFiltersSchema, nextDay, nextDigest, proposalAnexo4, responsiblesText } from '../../domain/directory';
import { readResponsibles } from '../../domain/inventory';
import { validate } from '../../domain/validation';
import { validProposal } from '../support/fixtures';

describe('the Anexo 4 directory (PCM 6.3.5, 7.3)', () => {
  it('PCM 6.3.5 (Anexo 4, 2 and 6): a created account keeps its responsible people with phones and one description of objectives, audience and functions, in that order', () => {
    expect(proposalAnexo4(validProposal())).toEqual({
      responsibles: [{ name: 'Carla Rojas Díaz', phone: '+51 987 654 321' }],
      description: 'Objetivos: Difundir la agenda cultural y los servicios del ministerio. Público objetivo: Ciudadanía interesada en cultura, 18 a 45 años. Funciones: Informar, orientar y atender consultas.',
      contentType: 'Noticias, agenda cultural, videos cortos.',
    });
  });

  it('responsible people are written as the inventory reads them back; without phones, names alone', () => {
    const people = [{ name: 'Ana Quispe Rojas', phone: '987654321' }, { name: 'Bruno Salas Díaz', phone: '01 476-1234' }];
    expect(responsiblesText(people)).toBe('Ana Quispe Rojas 987654321; Bruno Salas Díaz 01 476-1234');
    expect(readResponsibles(responsiblesText(people))).toEqual(people);
    expect(responsiblesText(people.map(({ name }) => ({ name })))).toBe('Ana Quispe Rojas; Bruno Salas Díaz');
  });

  it('filters: blanks are no filter; an unknown network or state is refused at its field in Spanish', () => {
    expect(validate(directoryFiltersSchema, { entity: '', network: '', state: '', q: '  ' }, 'filtros')).toEqual({ ok: true, value: {} });
    const bad = validate(directoryFiltersSchema, { network: 'myspace', state: 'borradas' }, 'filtros');
    expect(bad.ok ? [] : bad.errors.map((e) => [e.field, e.message])).toEqual([
      ['network', 'Red social no válida: elija una de la lista.'],
      ['state', 'Estado no válido: elija uno de la lista.'],
    ]);
  });
});

describe('the daily digest\'s day (PCM 7.3: "actualizada continuamente")', () => {
  it('a day\'s digest covers 18:00 Lima of the day before to 18:00 of the day, so an evening change goes in the next day\'s and none falls between', () => {
    expect(digestWindow('2027-01-04')).toEqual({ from: new Date('2027-01-03T23:00:00Z'), to: new Date('2027-01-04T23:00:00Z') });
    expect(digestWindow('2027-01-05').from).toEqual(digestWindow('2027-01-04').to);
    // Across a month and a year.
    expect(digestWindow('2027-01-01').from).toEqual(new Date('2026-12-31T23:00:00Z'));
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });

  it('a new scheduler starts with today, at once once 18:00 has passed; one that ran goes on with the day after its last, even late', () => {
    // Monday 4 January 2027, 10:00 and 19:00 Lima.
    expect(nextDigest(new Date('2027-01-04T15:00:00Z'))).toEqual({ day: '2027-01-04', at: new Date('2027-01-04T23:00:00Z') });
    expect(nextDigest(new Date('2027-01-05T00:00:00Z'))).toEqual({ day: '2027-01-04', at: new Date('2027-01-04T23:00:00Z') });
    expect(nextDigest(new Date('2027-01-05T00:00:00Z'), '2027-01-04')).toEqual({ day: '2027-01-05', at: new Date('2027-01-05T23:00:00Z') });
    // A worker down for two days: the missed days come one after the other, each at once.
    expect(nextDigest(new Date('2027-01-08T15:00:00Z'), '2027-01-05').day).toBe('2027-01-06');
  });
});
