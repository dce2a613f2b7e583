// Extraction of one article: readable text in, the article contract out. Pure: no I/O, no clock.
import type { Area, ArticleText, ExtractedArticle, ForceId, Official, Quote } from '../core/types.js';
import { CHILD_PROTECTION_AREAS, PEEL_AREAS, PILLAR_AREAS } from './areas.js';
import { extractCaseAudits } from './case-audits.js';
import { forceFocus, type ForceFocus } from './force-focus.js';
import { forceEntry } from './force-gazetteer.js';
import { commissionersForces, findForceMentions, nameAsWritten, rememberingMentions } from './force-mentions.js';
import { extractGrades } from './grades.js';
import { TOPIC_REPORT, classifyInspection, standaloneTopicArea } from './inspection.js';
import { findPeople, type Person } from './people.js';
import { attributeQuotes, findQuotes } from './quotes.js';
import { organisationForRole } from './roles.js';
import { leadParagraphs, normaliseText } from './text.js';

// Page furniture that survives some readers: inline boxes, captions, share prompts.
const FURNITURE = /^(?:read more|related|see also|more on this|most read|sign up|subscribe|share (?:this|on)|picture:|image:|photo:|copyright|advertisement|click here|follow us|this site uses cookies|©)/i;

export function extractArticle(input: ArticleText): ExtractedArticle {
  return rememberingMentions(() => extractFrom(input));
}

function extractFrom(input: ArticleText): ExtractedArticle {
  const headline = normaliseText(input.title);
  const standfirst = normaliseText(input.standfirst);
  const paragraphs = input.paragraphs.map(normaliseText).filter((text) => text !== '' && !FURNITURE.test(text));
  const focus = nationalOrFocused(forceFocus({ headline, standfirst, paragraphs }), headline, [headline, standfirst, ...paragraphs.slice(0, 3)].join('\n'));
  const leadText = [headline, standfirst, ...leadParagraphs(paragraphs).map((index) => paragraphs[index]!)].join('\n');
  const bodyText = [headline, standfirst, ...paragraphs].join('\n');

  // Grades depend on the methodology, which depends on the areas found: a first pass with
  // each methodology tells which one the article's judgments fit.
  const textForGrades = { body: paragraphs, summary: [headline, standfirst].filter(Boolean) };
  const gradeContext = { primary: focus.primary, known: focus.named, published: input.published };
  const asPeel = extractGrades(textForGrades, { ...gradeContext, methodology: 'peel' });
  const asChildProtection = extractGrades(textForGrades, { ...gradeContext, methodology: 'child-protection' });
  // Areas that only PEEL grades (crime data integrity is also a standalone inspection, so it is no sign).
  const leadPillar = solePillar(leadText);
  const pillarsEra = usesPillars(input.published, bodyText);
  const pillarGrades = extractGrades(textForGrades, { ...gradeContext, methodology: 'pillars', soleArea: leadPillar });
  const hasPeelAreas =
    asPeel.some((grade) => PEEL_AREAS.has(grade.area) && !['leadership-force-management', 'investigating-crime', 'crime-data-integrity'].includes(grade.area)) ||
    (pillarsEra && pillarGrades.some((grade) => PILLAR_AREAS.has(grade.area)));
  const hasChildProtectionAreas = asChildProtection.some((grade) => CHILD_PROTECTION_AREAS.has(grade.area) && grade.area !== 'leadership' && grade.area !== 'investigation');

  const facts = classifyInspection({
    headline,
    lead: leadText,
    body: bodyText,
    published: input.published,
    primaryForces: focus.primary.length,
    mentionedForces: focus.mentioned.length,
    hasPeelAreas,
    hasChildProtectionAreas,
  });
  const topic = facts.inspectionType === 'other' ? standaloneTopicArea(leadText) : null;
  const found = !facts.relevant
    ? []
    : facts.inspectionType === 'peel'
      ? pillarsEra
        ? pillarGrades
        : asPeel
      : topic
        ? extractGrades(textForGrades, { ...gradeContext, methodology: 'child-protection', soleArea: topic })
        : asChildProtection;
  // A report grades the areas of its own framework: a child protection topic in a PEEL story
  // ("its work with partners to safeguard victims") or a PEEL area in a child protection story (the
  // force's last PEEL grade) is context, not this report's judgment.
  // Joint custody inspections and national thematic reports give no grades: a "good" there is a
  // finding ("risk assessments … described as good"), not a graded judgment.
  const ungraded = facts.inspectionType === 'custody' || facts.inspectionType === 'thematic';
  // PEEL has graded its areas, not the three pillars, since 2021: a pillar grade in a PEEL story of
  // that time is an older report's ("in 2017, when the force was rated inadequate for effectiveness").
  const pillarsGone = facts.inspectionType === 'peel' && !pillarsEra;
  // A report on one pillar grades that pillar: "… legitimacy, one of the three pillars of PEEL,
  // which also look at how effective and how efficient forces are" names the others as context.
  // (Until the integrated PEEL of 2018/19 each pillar was a report of its own.)
  const onePillar = facts.inspectionType === 'peel' && input.published !== null && Date.parse(input.published) < SEPARATE_PILLARS_UNTIL ? leadPillar : null;
  const grades = ungraded
    ? []
    : found.filter(
        (grade) =>
          !(facts.inspectionType === 'peel' && CHILD_PROTECTION_AREAS.has(grade.area)) &&
          !(facts.inspectionType === 'child-protection' && PEEL_AREAS.has(grade.area)) &&
          !(pillarsGone && PILLAR_AREAS.has(grade.area)) &&
          !(onePillar && PILLAR_AREAS.has(grade.area) && grade.area !== onePillar),
      );

  const { people, mentions } = findPeople(paragraphs, { published: input.published });
  const quoteSpans = findQuotes(paragraphs);
  const attributed = attributeQuotes(paragraphs, quoteSpans, mentions);
  const inspectorateName = facts.inspectorate ?? (input.published && Date.parse(input.published) < Date.parse('2017-07-19') ? 'HMIC' : 'HMICFRS');
  const quotes: Quote[] = attributed.map((quote) => ({
    speaker: quote.speaker === 'inspectorate' ? inspectorateName : quote.speaker && 'statementBy' in quote.speaker ? organisationName(quote.speaker.statementBy, focus.primary) : (quote.speaker?.name ?? null),
    text: quote.text,
  }));

  const primaryForce = focus.primary[0];
  const organisationContext = {
    force: primaryForce ? (nameAsWritten(bodyText, primaryForce) ?? forceEntry(primaryForce)?.name ?? null) : null,
    place: primaryForce ? (forceEntry(primaryForce)?.places[0] ?? null) : null,
    inspectorate: inspectorateName,
  };
  const speakers = new Set(attributed.map((quote) => quote.speaker).filter((speaker): speaker is Person => typeof speaker === 'object' && speaker !== null && 'surname' in speaker));
  const officials: Official[] = people
    .filter((person) => speakers.has(person) || paraphrased(person, paragraphs, mentions))
    .map((person) => ({
      name: person.name,
      role: person.role,
      organisation: person.organisation ?? (person.role ? organisationForRole(person.role, organisationContext) : null),
    }));

  return {
    schema: 1,
    url: input.url,
    title: headline,
    outlet: input.outlet,
    published: input.published,
    relevant: facts.relevant,
    inspectorate: facts.inspectorate,
    inspectionType: facts.inspectionType,
    reinspection: facts.reinspection,
    forces: { primary: focus.primary, mentioned: focus.mentioned },
    grades,
    officials,
    quotes,
    caseAudits: facts.relevant ? extractCaseAudits(paragraphs, focus.primary as ForceId[]) : [],
  };
}

const GENERIC_POLICE_LEAD = /^(?:police|officers|detectives)\b|\n(?:police|officers|detectives)\s+(?:are|have|were|say|said)\b/i;
const JOINT_REPORT = /\bjoint\s+(?:inspection|report|review)\s+(?:of|into|on)\b[^.]{0,200}/i;
// "Inspectors looked at Suffolk Constabulary and Norfolk Constabulary together"
const INSPECTED_TOGETHER = /\b(?:looked\s+at|inspected|examined|assessed)\s+[^.;]{5,120}?\s+together\b/i;
const OTHER_SUBJECT = /\bOfsted\b|\bHMP\s+\p{Lu}|\bHMYOI\b|Inspectorate\s+of\s+(?:Prisons|Probation)|prisons\s+inspectorate|probation\s+inspectorate|Fire\s+(?:and|&)\s+Rescue\s+Service\b/u;
// A report the lead itself calls national or thematic; "national child protection inspection" is
// the name of the programme that inspects one force at a time, so it does not count.
const STRONG_NATIONAL = /\b(?:national\s+(?!child\s+protection)(?:inspection|report|review)|thematic\s+(?:inspection|report|review)|(?:police\s+)?forces\s+in\s+England\s+and\s+Wales|every\s+(?:police\s+)?force\s+in\s+England|all\s+(?:43|forty-three)\s+forces)\b/i;
const THE_FORCE_IN_LEAD = /\bthe\s+(?:force|constabulary)(?:[’']s\b|\s+(?:has|had|was|is|must|should|said|says)\b)/i;
const NATIONAL_CUES =
  /\b(?:national|thematic|nationwide|across\s+England\s+and\s+Wales|forces\s+in\s+England\s+and\s+Wales|police\s+forces|every\s+force|all\s+forces|(?:43|forty-three)\s+forces|several\s+forces|(?:three|four|five|six|seven|eight|nine|ten)\s+forces)\b/i;

/**
 * A national (thematic) report samples several forces without being about any one of them: no
 * force in the headline, national language in the lead, and three or more forces named there.
 * Its forces are all "mentioned" and it has no primary force (contract README).
 */
function nationalOrFocused(focus: ForceFocus, headline: string, lead: string): ForceFocus {
  // A commissioner's statement on "the force" that never names it: the force of the
  // commissioner's area ("Dorset Police and Crime Commissioner … welcomed the report").
  if (focus.primary.length === 0 && focus.named.size === 0 && !NATIONAL_CUES.test(lead)) {
    const areas = [...new Set(commissionersForces(lead))];
    if (areas.length === 1) return { ...focus, primary: areas, named: new Set(areas) };
  }
  // "Police are appealing for witnesses …", "a report that praised the constabulary's crime
  // prevention work", the force itself named only further down: with one force in the whole
  // article and no sign of a national report, the police of the lead are that force.
  if (focus.primary.length === 0 && focus.named.size === 1 && (GENERIC_POLICE_LEAD.test(lead) || THE_FORCE_IN_LEAD.test(lead)) && !NATIONAL_CUES.test(lead)) {
    const [only] = focus.named;
    return { ...focus, primary: [only!], mentioned: focus.mentioned.filter((force) => force !== only) };
  }
  const headlineNamesForce = findForceMentions(headline).some((mention) => mention.kind !== 'bare');
  // "The inspectorate's report on shop theft …", "how forces respond to stalking": a report on a
  // topic across forces. When neither the headline nor the opening paragraph names a force or even
  // a place, the forces named further down are its examples, not its subject.
  const [, standfirstLine = '', opening = ''] = lead.split('\n');
  const openingText = `${headline}\n${standfirstLine}\n${opening}`;
  if (focus.primary.length > 0 && TOPIC_REPORT.test(openingText) && findForceMentions(openingText).length === 0) {
    return { ...focus, primary: [], mentioned: [...new Set([...focus.primary, ...focus.mentioned])] };
  }
  // "a joint inspection of Suffolk Constabulary and Norfolk Constabulary": both are the subject.
  const joint = JOINT_REPORT.exec(lead) ?? INSPECTED_TOGETHER.exec(lead);
  if (joint) {
    const forces = findForceMentions(joint[0]).filter((mention) => mention.kind !== 'bare').map((mention) => mention.force);
    if (forces.length >= 2) {
      const primary = [...new Set([...focus.primary, ...forces])];
      return { ...focus, primary, mentioned: focus.mentioned.filter((force) => !primary.includes(force)) };
    }
  }
  // Ofsted on a council, a prison report, a fire inspection: a force named in the lead is a partner.
  if (!headlineNamesForce && OTHER_SUBJECT.test(`${headline}\n${lead.slice(0, 400)}`) && !/\b(?:HMICFRS|HMIC)\b|Inspectorate of Constabulary/.test(lead)) {
    return { ...focus, primary: [], mentioned: [...new Set([...focus.primary, ...focus.mentioned])] };
  }
  // ... unless the lead opens with a force as its subject ("Hertfordshire Constabulary has been
  // assessed … in a national inspection of how police forces keep children safe").
  const openings = lead.split('\n').filter((line) => line.trim() !== '' && line !== headline).slice(0, 2);
  const opensWithForce = openings.some((line) => findForceMentions(line.slice(0, 80)).some((mention) => mention.kind !== 'bare'));
  if (!headlineNamesForce && !opensWithForce && STRONG_NATIONAL.test(lead) && focus.primary.length > 0) {
    return { ...focus, primary: [], mentioned: [...new Set([...focus.primary, ...focus.mentioned])] };
  }
  if (headlineNamesForce || !NATIONAL_CUES.test(lead)) return focus;
  // Three or more forces in the lead, or a force that is only frequent further down, of a report
  // the lead calls national.
  if (focus.primary.length < 3 && focus.fromLead) return focus;
  return { ...focus, primary: [], mentioned: [...new Set([...focus.primary, ...focus.mentioned])] };
}

/** "the Met" → "Metropolitan Police Service", "the force" → the story's force, others as written. */
function organisationName(written: string, primary: ForceId[]): string {
  const text = written.replace(/^the\s+/i, (article) => (/^the\s+(?:met|force|constabulary)$/i.test(written) ? article : ''));
  if (/^the\s+(?:force|constabulary)$/i.test(text) && primary[0]) return forceEntry(primary[0])?.name ?? text;
  const force = findForceMentions(text).find((mention) => mention.kind !== 'bare');
  return force ? (forceEntry(force.force)?.name ?? text) : text.replace(/^the\s+/i, '');
}

// PEEL graded effectiveness, efficiency and legitimacy until the 2021/22 programme.
const PILLARS_UNTIL = Date.parse('2021-09-01T00:00:00Z');
const SEPARATE_PILLARS_UNTIL = Date.parse('2018-09-01T00:00:00Z');

// HMIC published each PEEL pillar as its own report (2014–2017): "HMIC's PEEL efficiency
// inspection of …", "its annual PEEL assessment of police efficiency".
const PILLAR_REPORT =
  /\b(?:PEEL\s+(efficiency|effectiveness|legitimacy)|(efficiency|effectiveness|legitimacy)\s+(?:inspection|report|assessment|review)|(?:inspection|assessment|report|review)\s+(?:of|into)\s+(?:the\s+force[’']s\s+|its\s+|police\s+)?(efficiency|effectiveness|legitimacy))\b/gi;

// "HMIC efficiency: South Yorkshire slips", "assessed how legitimate the force is": a lead that
// names one pillar and no other, without calling it a report.
const PILLAR_NAMED = /\b(efficiency|effectiveness|legitimacy)\b|\bhow\s+(efficient|effective|legitimate)(?:ly)?\b/gi;
const PILLAR_OF: Record<string, Area> = { efficiency: 'efficiency', efficient: 'efficiency', effectiveness: 'effectiveness', effective: 'effectiveness', legitimacy: 'legitimacy', legitimate: 'legitimacy' };

/** The pillar the lead says the report is about, when it names exactly one. */
function solePillar(lead: string): Area | null {
  const reported = new Set([...lead.matchAll(PILLAR_REPORT)].map((match) => (match[1] ?? match[2] ?? match[3])!.toLowerCase() as Area));
  if (reported.size > 0) return reported.size === 1 ? [...reported][0]! : null;
  const named = new Set([...lead.matchAll(PILLAR_NAMED)].map((match) => PILLAR_OF[(match[1] ?? match[2])!.toLowerCase()]!));
  return named.size === 1 ? [...named][0]! : null;
}

function usesPillars(published: string | null, text: string): boolean {
  const time = published ? Date.parse(published) : Number.NaN;
  if (!Number.isNaN(time)) return time < PILLARS_UNTIL;
  return /\b(?:effectiveness|efficiency|legitimacy)\b/i.test(text);
}

const SPEECH_NEAR = /\b(?:said|says|added|told|explained|warned|stated|stating|commented|insisted|admitted|acknowledged|responded|urged|wrote|argued|noted|welcomed|accepted|confirmed|promised|pledged|described|called|apologised|apologized|conceded|vowed)\b/;

/** A person is an official of the article when quoted, or when reported as saying something. */
function paraphrased(person: Person, paragraphs: string[], mentions: ReturnType<typeof findPeople>['mentions']): boolean {
  return mentions.some((mention) => {
    if (mention.person !== person) return false;
    const paragraph = paragraphs[mention.paragraph]!;
    const after = paragraph.slice(mention.end, mention.end + 140).split(/[.;!?](?:\s|$)/)[0] ?? '';
    const before = paragraph.slice(Math.max(0, mention.start - 90), mention.start);
    return SPEECH_NEAR.test(after.split(/[“"]/)[0] ?? '') || /\b(?:said|according to|told)\s+(?:[\p{L}’'.]+\s+){0,8}$/iu.test(before);
  });
}
