// Graded areas, as journalists write them, mapped to the contract's taxonomy. Some phrases
// mean different areas in the two methodologies ("leadership", "investigations"): those are
// resolved by the kind of inspection the article reports.
import type { Area } from '../core/types.js';

/** Child protection (2024-), PEEL (2021-) or the older PEEL pillars (2014–2021). */
export type Methodology = 'child-protection' | 'peel' | 'pillars';

interface AreaPhrase {
  pattern: RegExp;
  /** The area, or a pair [child protection, PEEL] when the phrase is shared. */
  area: Area | [Area, Area];
}

const w = (source: string) => new RegExp(source, 'gi');

// Longer, more specific phrases first: overlapping matches are resolved by position and length.
const PHRASES: AreaPhrase[] = [
  // PEEL (2021 onward)
  { pattern: w(String.raw`(?:police\s+)?powers\s+and\s+(?:the\s+)?public\s+treatment|police\s+powers|(?:uses?|use\s+of)\s+(?:its\s+|their\s+|police\s+)?powers|treat(?:s|ing|ment\s+of)?\s+(?:members\s+of\s+)?the\s+public|treat(?:s|ing)?\s+people\b(?!\s+who\s+work)|stop\s+and\s+search|fair(?:ness)?\s+and\s+respectful`), area: 'police-powers-public-treatment' },
  { pattern: w(String.raw`prevent(?:ing|s|ion\s+of)?\s+(?:and\s+deter(?:ring)?\s+)?crime(?:\s+and\s+(?:tackling\s+)?anti-?social\s+behaviour)?|crime\s+prevention|prevention\s+and\s+deterrence|stop(?:ping|s)?\s+crime(?:\s+before\s+it\s+happens|\s+from\s+happening)?|(?:its\s+)?(?:work\s+on\s+)?prevention\b`), area: 'preventing-crime' },
  { pattern: w(String.raw`respond(?:ing|s)?\s+to\s+(?:the\s+)?public|response\s+to\s+(?:the\s+)?public|(?:its\s+)?response\s+to\s+calls(?:\s+from\s+the\s+public)?|answer(?:s|ing)?\s+(?:emergency\s+|999\s+|101\s+)?calls(?:\s+from\s+the\s+public)?|answer(?:s|ing)?\s+(?:to\s+)?the\s+public|deal(?:s|ing)?\s+with\s+people\s+who\s+(?:call|ring|phone)(?:\s+(?:999|101|the\s+police))?|people\s+who\s+(?:call|ring|phone)\s+(?:999|101|the\s+police)|respond(?:s|ing)?\s+when\s+(?:people|the\s+public|members\s+of\s+the\s+public|someone)\s+(?:calls?|rings?|phones?|contacts?)(?:\s+(?:for\s+help|the\s+police|999|101))?|(?:999|101|emergency)\s+calls|(?:answer(?:s|ing)?\s+and\s+)?respond(?:s|ing)?\s+to\s+calls(?:\s+from\s+the\s+public)?|(?:deal(?:s|ing)?\s+with|handl(?:es|ing|e))\s+(?:emergency\s+|999\s+|101\s+)?calls(?:\s+from\s+the\s+public)?`), area: 'responding-to-public' },
  { pattern: w(String.raw`investigat(?:ing|ion\s+of|ions\s+of|es|ed)\s+crimes?(?:\s+and\s+reduc(?:ing|ed|es)\s+re-?offending)?|crime\s+investigations?|catch(?:ing|es)?\s+criminals(?:\s+and\s+bring(?:ing|s)?\s+them\s+to\s+justice)?|bring(?:ing|s)?\s+(?:offenders|criminals)\s+to\s+justice`), area: 'investigating-crime' },
  { pattern: w(String.raw`protect(?:ing|s|ion\s+of)?\s+(?:the\s+)?vulnerable\s+(?:people|victims)(?:\s+and\s+supporting\s+victims)?|protect(?:ing|s)?\s+from\s+harm\s+those\s+who\s+are\s+vulnerable(?:,?\s+and\s+supporting\s+victims)?|vulnerable\s+people`), area: 'protecting-vulnerable-people' },
  { pattern: w(String.raw`manag(?:ing|es|ement\s+of)\s+(?:registered\s+)?(?:sex\s+)?offenders(?:\s+and\s+suspects)?|offender\s+management|tracking\s+(?:registered\s+sex\s+)?offenders|(?:keep(?:s|ing)?\s+tabs\s+on|monitor(?:s|ing)?)\s+(?:registered\s+)?(?:sex\s+|dangerous\s+)?offenders|deal(?:s|ing)?\s+with\s+offenders`), area: 'managing-offenders' },
  { pattern: w(String.raw`(?:tackling\s+|disrupting\s+)?serious\s+(?:and\s+)?organised\s+crime|organised\s+crime\s+(?:gangs|groups|networks)`), area: 'serious-organised-crime' },
  { pattern: w(String.raw`(?:build(?:ing|s)?,?\s+)?(?:supporting\s+and\s+protecting|supports\s+and\s+protects|supporting|looking\s+after|looks?\s+after|developing|building\s+and\s+supporting)\s+(?:the\s+|its\s+)?(?:own\s+)?workforce|developing\s+a\s+positive\s+workplace|positive\s+workplace|(?:its|the)\s+workforce|\bworkforce\b|(?:supports?|supporting|looks?\s+after|looking\s+after|treats?)\s+(?:(?:its|our|their)\s+(?:own\s+)?)?(?:staff|officers\s+and\s+staff|people\s+who\s+work\s+for\s+it|the\s+people\s+who\s+work\s+for\s+it)|(?:the\s+)?wellbeing\s+of\s+(?:its\s+)?(?:officers|staff|workforce)`), area: 'workforce' },
  { pattern: w(String.raw`leadership\s+and\s+force\s+management|strategic\s+planning,?\s+organisational\s+management\s+and\s+value\s+for\s+money|force\s+management|value\s+for\s+money|(?:good\s+)?use\s+of\s+resources|uses?\s+(?:its\s+)?(?:money|budget|resources)(?:\s+and\s+(?:money|budget|resources))?|(?:its\s+)?use\s+of\s+(?:its\s+)?(?:money|budget)`), area: 'leadership-force-management' },
  { pattern: w(String.raw`crime\s+data\s+integrity|(?:recording|records)\s+(?:of\s+)?(?:data\s+about\s+)?crimes?|crime\s+recording|(?:accurately\s+)?record(?:s|ing)?\s+crimes?`), area: 'crime-data-integrity' },
  { pattern: w(String.raw`(?:the\s+)?service\s+(?:it\s+gives|given)\s+to\s+victims|victim\s+service`), area: 'victim-service' },
  // Child protection (2024 methodology, five topics)
  { pattern: w(String.raw`work(?:ing|s|ed)?\s+(?:well\s+|closely\s+|effectively\s+)?(?:with|alongside)\s+(?:its\s+|their\s+|the\s+|those\s+|these\s+|our\s+|statutory\s+|safeguarding\s+|local\s+|other\s+|partner\s+)*(?:partner\s+organisations|partner\s+agencies|partners?\w*|agencies|councils?|local\s+authorities|children[’']s\s+services|social\s+workers|social\s+services|health\s+services)(?:,\s*(?:schools|health\s+services|health\s+visitors|the\s+NHS|social\s+services|social\s+workers|councils|charities)){0,3}(?:,?\s+and\s+(?:schools|health(?:\s+services|\s+visitors)?|the\s+NHS|social\s+services|social\s+workers|councils|charities|other\s+agencies))?|joint\s+work(?:ing)?\s+with\s+(?:the\s+)?(?:police|force|constabulary|partners)|partnership\s+working|joint\s+working\s+with\s+partners|shar(?:es|ing|e)\s+information\s+with\s+(?:its\s+|the\s+)?(?:partners|partner\s+agencies|other\s+agencies|social\s+services|social\s+workers|councils|schools)|collaborative\s+work\s+with\s+partners|work(?:ing)?\s+in\s+partnership`), area: 'partnership-working' },
  { pattern: w(String.raw`(?:initial|first)\s+(?:contact\s+and\s+)?response(?:\s+to\s+children(?:\s+at\s+risk(?:\s+of\s+harm)?)?)?|respond(?:s|ing)?\s+to\s+children(?:\s+(?:who\s+are\s+)?at\s+risk(?:\s+of\s+harm)?)?|respond(?:s|ing)?\s+when\s+[^,.;:]{0,40}?\bchild(?:ren)?\s+(?:(?:is|are)\s+)?(?:first\s+)?(?:reported\s+(?:to\s+be\s+)?)?(?:at\s+risk|in\s+danger|missing)|respond(?:s|ing)?\s+when\s+(?:a\s+)?child(?:ren)?\s+(?:first\s+)?(?:comes?|are|is)\b|(?:its\s+|the\s+)?(?:safeguarding\s+)?front\s+door|response\s+to\s+children(?:\s+at\s+risk(?:\s+of\s+harm)?)?|(?:how\s+it\s+)?first\s+respond(?:s|ing|ed)?(?:\s+to\s+children(?:\s+(?:who\s+are\s+)?at\s+risk(?:\s+of\s+harm)?)?|\s+when\s+(?:a\s+)?child(?:ren)?\s+(?:is|are)\s+at\s+risk)?|(?:the\s+)?first\s+point\s+of\s+contact`), area: 'initial-response' },
  { pattern: w(String.raw`risk\s+assessments?\s+(?:and|&)\s+referrals?|assess(?:ing|es|ment\s+of)?\s+risk\s+and\s+(?:make|making|makes)\s+referrals|assess(?:ing|es|ed|ment\s+of)?\s+(?:the\s+)?risks?(?:\s+to\s+(?:a\s+)?child(?:ren)?)?(?:\s+and\s+refer(?:s|ring|red)?\s+(?:cases|children|them)(?:\s+on)?(?:\s+to\s+(?:other|partner)\s+agencies)?)?|referrals?\s+and\s+risk\s+assessment|risk\s+assessments?|weigh(?:s|ing)?\s+up\s+(?:the\s+)?risks?(?:\s+and\s+pass(?:es|ing)?\s+cases\s+on(?:\s+to\s+(?:other|partner)\s+agencies)?)?|(?:its\s+|the\s+)?referrals?\s+(?:of\s+children\s+)?to\s+(?:partner|other)\s+agencies`), area: 'risk-assessment-referral' },
  { pattern: w(String.raw`investigat(?:ing|ion\s+of|ions\s+of|ions\s+into|ion\s+into|es|e)\s+(?:reports\s+of\s+)?(?:the\s+)?(?:child\s+)?(?:abuse|neglect|exploitation)(?:,?\s+(?:neglect|exploitation|abuse))*(?:,?\s+and\s+(?:neglect|exploitation|abuse))?(?:\s+of\s+children)?|(?:child\s+)?abuse\s+investigations?`), area: 'investigation' },
  { pattern: w(String.raw`(?:the\s+)?leadership\s+(?:and\s+management\s+)?of\s+(?:its\s+|the\s+force[’']s\s+)?child\s+protection(?:\s+arrangements|\s+work)?|child\s+protection\s+leadership|lead(?:s|ing)?\s+(?:its\s+|the\s+force[’']s\s+)?child\s+protection(?:\s+arrangements|\s+work)?|leadership\s+and\s+management\s+of\s+child\s+protection|lead(?:s|ing)?\s+and\s+manag(?:e|es|ing)\s+(?:its\s+|the\s+force[’']s\s+)?child\s+protection(?:\s+arrangements|\s+work)?|(?:(?:its\s+|the\s+force[’']s\s+)?senior\s+leaders[’']\s+)?grip\s+(?:that\s+(?:its\s+)?senior\s+leaders\s+have\s+)?on\s+child\s+protection`), area: 'leadership' },
  // Shared words, resolved by methodology
  { pattern: w(String.raw`(?:its\s+|the\s+force[’']s\s+|their\s+)?leadership(?:\s+and\s+management)?`), area: ['leadership', 'leadership-force-management'] },
  { pattern: w(String.raw`(?:its\s+|their\s+)?investigations?|investigating`), area: ['investigation', 'investigating-crime'] },
  // Older PEEL pillars (before 2021)
  { pattern: w(String.raw`\beffectiveness\b`), area: 'effectiveness' },
  { pattern: w(String.raw`\befficiency\b`), area: 'efficiency' },
  { pattern: w(String.raw`\blegitimacy\b`), area: 'legitimacy' },
];

// Before 2021 PEEL graded three pillars, which copy often describes in words.
const MISSION = String.raw`(?:\s+(?:it\s+|we\s+|the\s+force\s+)?(?:is\s+at\s+)?(?:keep(?:s|ing)?\s+people\s+safe(?:\s+and\s+reduc(?:es|ing|e)\s+crime)?|reduc(?:es|ing)\s+crime(?:\s+and\s+keep(?:s|ing)?\s+people\s+safe)?))?`;
const PILLAR_PHRASES: AreaPhrase[] = [
  // "how efficiently it keeps people safe" is efficiency: the adverb, not the mission, decides.
  { pattern: w(String.raw`(?:how\s+)?\befficien(?:cy|t|tly)\b(?:\s+use\s+of\s+(?:its\s+)?[a-z]+(?:\s+and\s+[a-z]+)?)?${MISSION}|keep(?:s|ing)?\s+people\s+safe\s+and\s+reduc(?:es|ing|e)\s+crime\s+(?:within|on)\s+(?:its|a|their)\s+(?:budget|means|resources)|(?:using|use\s+of|uses)\s+(?:its\s+)?(?:resources|money|budget)(?:\s+and\s+(?:people|staff|resources))?`), area: 'efficiency' },
  { pattern: w(String.raw`\blegitimacy\b|(?:the\s+way\s+(?:it\s+)?)?treat(?:s|ing)?\s+(?:the\s+public|(?:the\s+)?people(?:\s+it\s+serves)?)(?:\s+and\s+(?:its\s+(?:own\s+)?)?(?:workforce|staff))?(?:\s+(?:fairly|with\s+fairness|ethically))?|how\s+legitimate|\bfairness\b`), area: 'legitimacy' },
  { pattern: w(String.raw`(?:how\s+)?\beffective(?:ness|ly)?\b${MISSION}|(?:reduc(?:ing|es)\s+crime\s+and\s+)?keep(?:s|ing)?\s+people\s+safe(?:\s+and\s+reduc(?:ing|es)\s+crime)?`), area: 'effectiveness' },
];

export interface AreaMention {
  area: Area;
  label: string;
  start: number;
  end: number;
}

/** Area phrases in a sentence, non-overlapping, in order. */
export function findAreas(sentence: string, methodology: Methodology): AreaMention[] {
  const found: AreaMention[] = [];
  // Pillar phrases first, so "treating the public … fairly" is legitimacy, not police powers.
  for (const phrase of methodology === 'pillars' ? [...PILLAR_PHRASES, ...PHRASES] : PHRASES) {
    for (const match of sentence.matchAll(phrase.pattern)) {
      if (/\w/.test(sentence.charAt(match.index - 1))) continue;
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((other) => start < other.end && end > other.start)) continue;
      const area = Array.isArray(phrase.area) ? phrase.area[methodology === 'child-protection' ? 0 : 1] : phrase.area;
      found.push({ area, label: match[0], start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

export const CHILD_PROTECTION_AREAS: ReadonlySet<Area> = new Set(['leadership', 'partnership-working', 'initial-response', 'risk-assessment-referral', 'investigation']);
/** The three pillars PEEL graded before its 2021/22 programme. */
export const PILLAR_AREAS: ReadonlySet<Area> = new Set(['effectiveness', 'efficiency', 'legitimacy']);
export const PEEL_AREAS: ReadonlySet<Area> = new Set([
  'police-powers-public-treatment', 'preventing-crime', 'responding-to-public', 'investigating-crime',
  'protecting-vulnerable-people', 'managing-offenders', 'serious-organised-crime', 'workforce',
  'leadership-force-management', 'crime-data-integrity', 'victim-service',
]);
