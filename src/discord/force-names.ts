// Force names for people typing them: slash-command arguments and autocomplete. The names and
// short forms (WMP, the Met, PSNI) come from the extraction gazetteer, the one list of forces;
// this file only adds lenient lookup and search over it. Pure.
import type { ForceId } from '../core/types.js';
import { FORCES } from '../extract/force-gazetteer.js';

export interface ForceName {
  id: ForceId;
  name: string;
  /** Abbreviations first (shown in autocomplete), then other names and place names. */
  aliases: readonly string[];
}

export const FORCE_NAMES: readonly ForceName[] = FORCES.map((force) => ({
  id: force.id,
  name: force.name,
  aliases: [...new Set([...force.abbreviations, ...force.names, ...force.places])].filter((alias) => alias !== force.name),
}));

const byId = new Map<ForceId, ForceName>(FORCE_NAMES.map((force) => [force.id, force]));

/** "West Midlands Police" for "west-midlands"; unknown ids come back unchanged. */
export function forceName(id: string): string {
  return byId.get(id as ForceId)?.name ?? id;
}

/** Lower case, "&" as "and", punctuation and a leading "the" dropped: the form names are compared in. */
export function normaliseForceText(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

const SUFFIXES = / (police service|police|constabulary)$/;

/** Every spelling that resolves to a force: id, name, aliases, and the name without "Police". */
function spellings(force: ForceName): string[] {
  const all = [force.id, force.name, ...force.aliases].map(normaliseForceText);
  return [...new Set([...all, ...all.map((text) => text.replace(SUFFIXES, ''))])].filter((text) => text !== '');
}

const lookup = new Map<string, ForceId>();
for (const force of FORCE_NAMES) for (const spelling of spellings(force)) if (!lookup.has(spelling)) lookup.set(spelling, force.id);

/** The force a user meant by an id, official name or alias ("wmp", "the Met", "west midlands"), or null. */
export function resolveForce(text: string): ForceId | null {
  const key = normaliseForceText(text);
  return lookup.get(key) ?? lookup.get(key.replace(SUFFIXES, '')) ?? null;
}

/**
 * Forces whose id, name or alias starts with (best) or contains the query, best first; an empty
 * query lists `preferred` forces first, then the rest alphabetically.
 */
export function searchForces(query: string, preferred: readonly ForceId[] = []): ForceName[] {
  const key = normaliseForceText(query);
  const alphabetical = [...FORCE_NAMES].sort((a, b) => a.name.localeCompare(b.name));
  if (key === '') {
    const first = new Set(preferred);
    return [...alphabetical.filter((f) => first.has(f.id)), ...alphabetical.filter((f) => !first.has(f.id))];
  }
  const scored: { force: ForceName; score: number }[] = [];
  for (const force of alphabetical) {
    const texts = spellings(force);
    const score = texts.some((text) => text === key)
      ? 0
      : texts.some((text) => text.startsWith(key))
        ? 1
        : texts.some((text) => text.split(' ').some((word) => word.startsWith(key)))
          ? 2
          : texts.some((text) => text.includes(key))
            ? 3
            : -1;
    if (score >= 0) scored.push({ force, score });
  }
  return scored.sort((a, b) => a.score - b.score).map(({ force }) => force);
}
