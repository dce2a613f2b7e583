import { describe, expect, it } from 'vitest';
import { FORCE_IDS } from '../../src/core/types.js';
import { FORCE_NAMES, forceName, resolveForce, searchForces } from '../../src/discord/force-names.js';

describe('force names', () => {
  it('names all 48 forces officially', () => {
    expect(FORCE_NAMES.map((force) => force.id)).toEqual([...FORCE_IDS]);
    expect(forceName('west-midlands')).toBe('West Midlands Police');
    expect(forceName('metropolitan')).toBe('Metropolitan Police Service');
    expect(forceName('btp')).toBe('British Transport Police');
    expect(forceName('northern-ireland')).toBe('Police Service of Northern Ireland');
    expect(forceName('hampshire')).toBe('Hampshire and Isle of Wight Constabulary');
    expect(forceName('devon-and-cornwall')).toBe('Devon and Cornwall Police');
    expect(forceName('civil-nuclear')).toBe('Civil Nuclear Constabulary');
  });

  it('resolves ids, names and aliases, and nothing else', () => {
    const cases: [string, string | null][] = [
      ['WMP', 'west-midlands'],
      ['GMP', 'greater-manchester'],
      ['the Met', 'metropolitan'],
      ['MPS', 'metropolitan'],
      ['TVP', 'thames-valley'],
      ['BTP', 'btp'],
      ['psni', 'northern-ireland'],
      ['Avon & Somerset Constabulary', 'avon-and-somerset'],
      ['Hampshire Constabulary', 'hampshire'],
      ['  west  midlands ', 'west-midlands'],
      ['Gotham PD', null],
      ['', null],
    ];
    for (const [text, id] of cases) expect(resolveForce(text), text).toBe(id);
  });

  it('every spelling resolves to one force only', () => {
    for (const force of FORCE_NAMES) for (const text of [force.name, ...force.aliases]) expect(resolveForce(text), text).toBe(force.id);
  });

  it('searches by prefix, word and substring', () => {
    expect(searchForces('york').map((force) => force.id)).toEqual(['north-yorkshire', 'south-yorkshire', 'west-yorkshire']);
    expect(searchForces('zzz')).toEqual([]);
  });
});
