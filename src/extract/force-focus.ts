// Which forces a story is about (primary) and which it only names (mentioned). The headline and
// the opening paragraphs weigh most; a bare place name counts only for a force named in full
// somewhere in the article.
import type { ForceId } from '../core/types.js';
import { findForceMentions } from './force-mentions.js';
import { leadParagraphs } from './text.js';

export interface FocusInput {
  headline: string;
  standfirst: string;
  paragraphs: string[];
}

export interface ForceFocus {
  primary: ForceId[];
  mentioned: ForceId[];
  /** Forces named in full or by abbreviation anywhere. */
  named: Set<ForceId>;
  /** Whether the primary forces were found in the headline and lead (rather than by frequency). */
  fromLead: boolean;
}

const LEAD_PARAGRAPHS = 2;

export function forceFocus(input: FocusInput): ForceFocus {
  const lead = new Set(leadParagraphs(input.paragraphs, LEAD_PARAGRAPHS));
  const units = [
    { text: input.headline, weight: 3, lead: true, body: false },
    { text: input.standfirst, weight: 2, lead: true, body: false },
    ...input.paragraphs.map((text, index) => ({ text, weight: lead.has(index) ? 2 : 1, lead: lead.has(index), body: true })),
  ];
  const perUnit = units.map((unit) => ({ ...unit, mentions: findForceMentions(unit.text) }));
  const named = new Set<ForceId>();
  const namedInBody = new Set<ForceId>();
  for (const unit of perUnit) {
    for (const mention of unit.mentions) {
      if (mention.kind === 'bare') continue;
      named.add(mention.force);
      if (unit.body) namedInBody.add(mention.force);
    }
  }
  const score = new Map<ForceId, number>();
  const inLead = new Set<ForceId>();
  const explicitCount = new Map<ForceId, number>();
  for (const unit of perUnit) {
    for (const mention of unit.mentions) {
      if (!named.has(mention.force)) continue;
      const weight = mention.kind === 'bare' ? unit.weight / 2 : unit.weight;
      score.set(mention.force, (score.get(mention.force) ?? 0) + weight);
      if (unit.lead) inLead.add(mention.force);
      if (mention.kind !== 'bare') explicitCount.set(mention.force, (explicitCount.get(mention.force) ?? 0) + 1);
    }
  }
  let primary: ForceId[];
  if (inLead.size > 0) {
    const best = Math.max(...[...inLead].map((force) => score.get(force) ?? 0));
    primary = [...inLead].filter((force) => (score.get(force) ?? 0) >= best / 2);
  } else {
    // Nothing in the headline or lead: a force is the subject only if the article keeps naming it.
    const ranked = [...explicitCount.entries()].sort((a, b) => b[1] - a[1]);
    const top = ranked[0];
    primary = top && top[1] >= 2 && (ranked[1]?.[1] ?? 0) < top[1] ? [top[0]] : [];
  }
  primary.sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0));
  const mentioned = [...namedInBody].filter((force) => !primary.includes(force));
  return { primary, mentioned, named, fromLead: inLead.size > 0 };
}
