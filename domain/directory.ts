/**
 * SCS's directory of official accounts (PCM 6.3.5, 7.3; Anexo 4): what a row says, who may see the
 * phones in it, how it is filtered, and the day whose changes its daily digest tells SCS ("actualizada
 * continuamente"). Pure: the registry and the clock come in as data.
 */
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import { z } from 'zod';
import { LIMA, limaDate } from './businessDays';
import type { AccountProposal } from './accountProposal';
import { NETWORKS } from './networks';

/** The Anexo 4 items an account keeps beyond its name, network and managing address (items 2, 6, 7). */
export interface Anexo4Data {
  responsibles: Array<{ name: string; phone: string }>;
  description: string;
  contentType: string;
}

/**
 * The Anexo 4 data of an account created from `p`: Anexo 4 asks for one description of "objetivos,
 * público objetivo y funciones", so the three parts the proposal keeps apart are written out in that order.
 */
export function proposalAnexo4(p: Pick<AccountProposal, 'responsibles' | 'description' | 'contentType'>): Anexo4Data {
  return {
    responsibles: p.responsibles.map((r) => ({ name: `${r.names} ${r.surnames}`.trim(), phone: r.phone })),
    description: `Objetivos: ${p.description.objectives} Público objetivo: ${p.description.audience} Funciones: ${p.description.functions}`,
    contentType: p.contentType,
  };
}

/**
 * Responsible people as one cell, each with the phone after the name where it may be shown:
 * «Ana Quispe Rojas 987654321; Bruno Salas 01 476-1234», the layout the inventory import reads back
 * (domain/inventory.ts `readResponsibles`).
 */
export const responsiblesText = (people: Array<{ name: string; phone?: string }>): string =>
  people.map((r) => (r.phone ? `${r.name} ${r.phone}` : r.name)).join('; ');

/** Which accounts a list shows: those in force (the default: retired ones are no longer governed), one state, or all. */
export const DIRECTORY_STATES = ['vigentes', 'active', 'paused', 'retired', 'todas'] as const;
export type DirectoryState = (typeof DIRECTORY_STATES)[number];
export const DIRECTORY_STATE_LABELS: Record<DirectoryState, string> = {
  vigentes: 'Vigentes (activas y pausadas)',
  active: 'Activas',
  paused: 'Pausadas',
  retired: 'De baja',
  todas: 'Todas, también las de baja',
};

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** The directory's filters as its query string carries them; anything else is refused at its field. */
export const directoryFiltersSchema = z.object({
  entity: z.preprocess(blankToUndefined, z.string().trim().max(64, 'Entidad no válida.').optional()),
  network: z.preprocess(blankToUndefined, z.enum(NETWORKS, 'Red social no válida: elija una de la lista.').optional()),
  state: z.preprocess(blankToUndefined, z.enum(DIRECTORY_STATES, 'Estado no válido: elija uno de la lista.').optional()),
  q: z.preprocess(blankToUndefined, z.string().trim().max(100, 'Escriba como máximo 100 caracteres.').optional()),
});
export type DirectoryFilters = z.output<typeof directoryFiltersSchema>;

/** The digest closes each day at 18:00 Lima, the end of the working day (PCM 7.3: "actualizada continuamente"). */
export const DIGEST_HOUR = 18;

/** `YYYY-MM-DD` at `hour`:00 in Lima. */
const limaAt = (day: string, hour: number): Date => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hour, 0, 0, LIMA).getTime());
};

/** The calendar day after `day` (`YYYY-MM-DD`). */
export const nextDay = (day: string): string => limaDate(addDays(limaAt(day, 12), 1));

/**
 * The changes one digest tells: from 18:00 Lima of the day before to 18:00 of `day`, so a change made in
 * the evening goes in the next day's digest and none falls between two.
 */
export function digestWindow(day: string): { from: Date; to: Date } {
  const to = limaAt(day, DIGEST_HOUR);
  return { from: limaAt(limaDate(addDays(limaAt(day, 12), -1)), DIGEST_HOUR), to };
}

/**
 * The day whose digest comes next and when it is sent (its window's close). A scheduler that has sent
 * days goes on with the day after the last, even late (a worker down at 18:00 sends it when it is back);
 * a new one starts with today, at once if 18:00 has passed, so the day it began is not lost.
 */
export function nextDigest(now: Date, lastDay?: string): { day: string; at: Date } {
  const day = lastDay ? nextDay(lastDay) : limaDate(now);
  return { day, at: digestWindow(day).to };
}
