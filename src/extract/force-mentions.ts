// Finds force mentions in a text with their positions. Three kinds:
//  - full: "<place> Police" / "<place> Constabulary" / an official name — identifies a force;
//  - abbreviation: WMP, GMP, the Met, PSNI … — identifies a force;
//  - bare: a place name alone ("Cleveland's officers") — only a reference back to a force that
//    is named in full elsewhere, never a mention on its own (it may be the county or a region).
import type { ForceId } from '../core/types.js';
import { FORCES } from './force-gazetteer.js';

export type MentionKind = 'full' | 'abbreviation' | 'bare';

export interface ForceMention {
  force: ForceId;
  kind: MentionKind;
  start: number;
  end: number;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
const byLengthDesc = (a: string, b: string) => b.length - a.length;

const placeToForce = new Map<string, ForceId>();
const nameToForce = new Map<string, ForceId>();
const abbreviationToForce = new Map<string, ForceId>();
for (const force of FORCES) {
  for (const place of force.places) placeToForce.set(place.toLowerCase(), force.id);
  for (const name of force.names) nameToForce.set(name.toLowerCase(), force.id);
  nameToForce.set(force.name.toLowerCase(), force.id);
  for (const abbreviation of force.abbreviations) abbreviationToForce.set(abbreviation, force.id);
}

const placeAlternation = [...new Set(FORCES.flatMap((force) => force.places))].sort(byLengthDesc).map(escape).join('|');
const nameAlternation = [...new Set(FORCES.flatMap((force) => [...force.names, force.name]))].sort(byLengthDesc).map(escape).join('|');
// "the Met" also opens a sentence: "The Met has improved its training".
const abbreviationAlternation = [...abbreviationToForce.keys()].sort(byLengthDesc).map(escape).map((form) => form.replace(/^the\\s\+/, '[Tt]he\\s+')).join('|');

// Place names are capitalised in running text; the suffix may be lower case ("Cheshire police").
const fullPattern = new RegExp(
  `(?<![\\w-])(${placeAlternation})(?:\\s+(?:Police|police|Constabulary|constabulary)(?:\\s+(?:Service|service|force))?|(?:’s|'s)\\s+police\\s+(?:forces?|services?|cells|custody|officers|stations?|chief))(?![\\w-])`,
  'g',
);
// "police custody in Northamptonshire", "the police service in Gwent": the force of that area.
const policeInPattern = new RegExp(`(?<=\\bpolice\\s+(?:custody|force|service|forces)\\s+in\\s+)(${placeAlternation})(?![\\w-])`, 'g');
// "the Durham force", "the Cleveland force": a force by its place, unambiguous with "force".
// "Norfolk and Suffolk police", "Norfolk and Suffolk's police forces": two forces named together.
const pairedPattern = new RegExp(
  `(?<![\\w-])(${placeAlternation})\\s+(?:and|&)\\s+(${placeAlternation})(?:(?:’s|'s)?\\s+(?:police|Police)(?:\\s+forces)?|\\s+(?:constabularies|Constabularies))(?![\\w-])`,
  'g',
);
const placeForcePattern = new RegExp(`(?<=\\bthe\\s)(${placeAlternation})\\s+force(?![\\w-])`, 'g');
const namePattern = new RegExp(`(?<![\\w-])(${nameAlternation})(?![\\w-])`, 'gi');
const abbreviationPattern = new RegExp(`(?<![\\w&-])(${abbreviationAlternation})(?![\\w&-])`, 'g');
const barePattern = new RegExp(`(?<![\\w-])(${placeAlternation})(?![\\w-])`, 'g');

/** What follows a "<place> Police" that makes it something other than the force. */
const notTheForceAfter = /^\s*,?\s*(?:(?:Fire\s+)?and\s+Crime\s+(?:Commissioner|Panel|Plan)|Fire\b|Federation\b)/i;
/** What follows a bare place name that makes it a council, a fire service, a region … */
const notAForceAfter =
  /^(?:’s|'s)?\s*(?:fire\b|county\s+council|city\s+council|borough\s+council|council\b|combined\b|police\s+and\s+crime|ambulance|NHS|wildlife|safeguarding|partnership|mayor|office\b|county\b|university|hospital|prison|children[’']s\s+services|social\s+care|schools?\b|probation|youth\s+(?:offending|justice)|magistrates|crown\s+court)/i;
const notAForceBefore = /(?:\bthe|\bfor|\bacross|\bin|\bof|\bHMP|\bHMYOI|\bHMP\/YOI)\s+$/i;

// The grade pass (once per methodology), the focus and the case-audit rules all ask about the
// same sentences of one article: within `rememberingMentions`, the answer for a text is
// remembered for the rest of that call rather than scanned again. Outside it nothing is kept.
let remembered: Map<string, readonly ForceMention[]> | null = null;

/** Runs `work` (one article's extraction) with force mentions remembered by text until it returns. */
export function rememberingMentions<T>(work: () => T): T {
  if (remembered) return work();
  remembered = new Map();
  try {
    return work();
  } finally {
    remembered = null;
  }
}

/** Force mentions in `text`, in the order found; the result is frozen (it may be shared). */
export function findForceMentions(text: string): readonly ForceMention[] {
  const known = remembered?.get(text);
  if (known) return known;
  const found = Object.freeze(scanForceMentions(text).map((mention) => Object.freeze(mention)));
  remembered?.set(text, found);
  return found;
}

function scanForceMentions(text: string): ForceMention[] {
  const mentions: ForceMention[] = [];
  const taken: [number, number][] = [];
  const overlaps = (start: number, end: number) => taken.some(([a, b]) => start < b && end > a);
  const add = (force: ForceId | undefined, kind: MentionKind, start: number, end: number) => {
    if (!force || overlaps(start, end)) return;
    taken.push([start, end]);
    mentions.push({ force, kind, start, end });
  };

  for (const match of text.matchAll(pairedPattern)) {
    const first = placeToForce.get(match[1]!.toLowerCase().replace(/\s+/g, ' '));
    const second = placeToForce.get(match[2]!.toLowerCase().replace(/\s+/g, ' '));
    // Both must be forces in their own right ("Devon and Cornwall" is one force, not two).
    if (!first || !second || first === second) continue;
    const secondStart = match.index + match[0].indexOf(match[2]!, match[1]!.length);
    add(first, 'full', match.index, match.index + match[1]!.length);
    add(second, 'full', secondStart, match.index + match[0].length);
  }
  for (const match of text.matchAll(namePattern)) {
    const end = match.index + match[0].length;
    if (notTheForceAfter.test(text.slice(end, end + 40))) continue;
    add(nameToForce.get(match[1]!.toLowerCase().replace(/\s+/g, ' ')), 'full', match.index, end);
  }
  for (const match of text.matchAll(fullPattern)) {
    const end = match.index + match[0].length;
    if (notTheForceAfter.test(text.slice(end, end + 40))) continue;
    add(placeToForce.get(match[1]!.toLowerCase().replace(/\s+/g, ' ')), 'full', match.index, end);
  }
  for (const match of text.matchAll(policeInPattern)) {
    add(placeToForce.get(match[1]!.toLowerCase().replace(/\s+/g, ' ')), 'full', match.index, match.index + match[0].length);
  }
  for (const match of text.matchAll(placeForcePattern)) {
    add(placeToForce.get(match[1]!.toLowerCase().replace(/\s+/g, ' ')), 'full', match.index, match.index + match[0].length);
  }
  for (const match of text.matchAll(abbreviationPattern)) {
    const abbreviation = match[1]!.replace(/\s+/g, ' ').replace(/^The /, 'the ');
    const end = match.index + match[0].length;
    // "Met" alone is the Met Office as often as the Met; only "the Met" is taken, and not "the Met Office".
    if (abbreviation === 'the Met' && /^\s+Office\b/.test(text.slice(end, end + 10))) continue;
    add(abbreviationToForce.get(abbreviation), 'abbreviation', match.index, match.index + match[0].length);
  }
  for (const match of text.matchAll(barePattern)) {
    const end = match.index + match[0].length;
    if (notAForceAfter.test(text.slice(end, end + 40))) continue;
    if (notAForceBefore.test(text.slice(Math.max(0, match.index - 12), match.index))) continue;
    add(placeToForce.get(match[1]!.toLowerCase().replace(/\s+/g, ' ')), 'bare', match.index, end);
  }
  upgradeListedPlaces(text, mentions);
  return mentions.sort((a, b) => a.start - b.start);
}

// "The forces inspected were Dyfed-Powys, Humberside, the Met and West Yorkshire": in a list
// introduced as forces, a place name is the force.
const FORCE_LIST_INTRO = /\b(?:forces|constabularies)\b[^.;]{0,50}?(?:\bwere\b|\bare\b|:|—|–|\bincluding\b|\bsuch\s+as\b|\bnamely\b)/gi;

function upgradeListedPlaces(text: string, mentions: ForceMention[]): void {
  for (const intro of text.matchAll(FORCE_LIST_INTRO)) {
    const from = intro.index + intro[0].length;
    const sentenceEnd = text.indexOf('.', from);
    const to = sentenceEnd === -1 ? text.length : sentenceEnd;
    for (const mention of mentions) {
      if (mention.kind === 'bare' && mention.start >= from && mention.end <= to) mention.kind = 'full';
    }
  }
}

// "Dorset Police and Crime Commissioner", "the police and crime commissioner for Dyfed-Powys",
// "Wiltshire PCC": the commissioner of a force's area, which names the area and not the force.
const COMMISSIONER = String.raw`(?:(?:Police|police),?\s+(?:(?:Fire|fire)\s+)?and\s+(?:Crime|crime)\s+(?:Commissioner|commissioner)|PCC|PFCC)`;
const commissionerPattern = new RegExp(
  `(?<![\\w-])(${placeAlternation})(?:’s|'s)?\\s+${COMMISSIONER}(?![\\w-])|${COMMISSIONER}\\s+for\\s+(${placeAlternation})(?![\\w-])`,
  'g',
);

/** The forces whose commissioners `text` names ("Dorset Police and Crime Commissioner"), in order. */
export function commissionersForces(text: string): ForceId[] {
  return [...text.matchAll(commissionerPattern)].map((match) => placeToForce.get((match[1] ?? match[2])!.toLowerCase().replace(/\s+/g, ' '))).filter((force): force is ForceId => force !== undefined);
}

/** The force's name as the article itself writes it (first full mention), for organisations. */
export function nameAsWritten(text: string, force: ForceId): string | null {
  const mention = findForceMentions(text).find((found) => found.force === force && found.kind === 'full');
  return mention ? text.slice(mention.start, mention.end).replace(/\s+/g, ' ') : null;
}
