// People named in an article, with their role and organisation, and every place each is
// mentioned (full name, "Ms Pickersgill", "DCC Ravensworth", or the surname alone once known).
import { FORCES } from './force-gazetteer.js';
import { COURTESY_TITLES, ROLE_TITLES, canonicalRank, expandRole, isHonorific } from './roles.js';

export interface Person {
  name: string;
  surname: string;
  role: string | null;
  organisation: string | null;
}

export interface PersonMention {
  person: Person;
  paragraph: number;
  start: number;
  end: number;
}

const NAME_TOKEN = String.raw`\p{Lu}[\p{Ll}\p{Lu}'’-]*\p{Ll}`;
// "Rhodri ap Iorwerth", "Anna van der Berg", "Luis de la Cruz": lower-case particles inside a name.
const PARTICLE = String.raw`(?:(?:ap|ab|de|da|di|du|van|von|der|den|le|la|bin|ibn|dos|das|del|della|y)\s+){0,2}`;
const FULL_NAME = String.raw`${NAME_TOKEN}(?:\s+${PARTICLE}${NAME_TOKEN}){1,2}`;
// Titles are written in either case ("Police and crime commissioner", "the temporary chief
// constable, Neil Garrowby"); names are capitalised. JS has no inline case-insensitive group
// on Node 20, so each word's first letter becomes a [Xx] class.
const caseless = (source: string) => source.replace(/(?<![\\\p{L}])([A-Z])(?=[a-z])/gu, (letter) => `[${letter}${letter.toLowerCase()}]`);
const TITLE = `(?:${ROLE_TITLES.map(caseless).join('|')})`;
const COURTESY = `(?:${COURTESY_TITLES.join('|')})\\.?`;

// "Assistant Chief Constable Jen Mattinson", "Police and Crime Commissioner, Alan Brigstock", "DCC Ravensworth",
// "the Police and Crime Commissioner for South Wales, Dafydd Rhys" (with a place, only before a comma)
const TITLE_PLACE = String.raw`\s+(?:for|of)\s+(?:the\s+)?\p{Lu}[\p{L}’'&-]*(?:\s+(?:and\s+|&\s+)?\p{Lu}[\p{L}’'&-]*){0,4}`;
const TITLED = new RegExp(`(?<![\\p{L}/])((?:[Aa]cting\\s+|[Ii]nterim\\s+|[Tt]emporary\\s+|[TA]\\/\\s?)?${TITLE})(?:(${TITLE_PLACE}),|,)?\\s+(?:${COURTESY}\\s+)?(${FULL_NAME}|${NAME_TOKEN})(?![\\p{L}])`, 'gu');
// "Ms Pickersgill", "Dr Maeve Ollerton"
const COURTEOUS = new RegExp(`(?<![\\p{L}])${COURTESY}\\s+(${FULL_NAME}|${NAME_TOKEN})(?![\\p{L}])`, 'gu');
const SPEECH = String.raw`(?:said|says|added|adds|told|tells|explained|warned|stated|commented|insisted|admitted|acknowledged|responded|continued|urged|wrote|writes|argued|noted|welcomed|accepted|confirmed|described|called|promised|pledged|highlighted|stressed|emphasised|suggested|claimed|announced|praised|criticised)`;
// "Jan Cosgrove said", "Maeve Ollerton, head of policy at …, said"
// Letters after a name ("Omari Fettiplace AM, Chair of …"): not part of the name, and no role.
const POSTNOMINALS = String.raw`(?:\s+(?:AM|MP|MS|MSP|MLA|OBE|MBE|CBE|QPM|KPM|KC|QC))*`;
const NAME_THEN_SPEECH = new RegExp(`(?<![\\p{L}])(${FULL_NAME})(?=${POSTNOMINALS}(?:,[^,.;“”"]{2,120})?,?\\s+(?:has\\s+|had\\s+|also\\s+|later\\s+)?${SPEECH}\\b)`, 'gu');
// Verbs of speech that may stand before the speaker's name ("…,” said Jo Bell").
const SPEECH_BEFORE_NAME = String.raw`(?:said|says|added|adds|wrote|explained)`;
// "said Jan Cosgrove", "according to Jan Cosgrove" (not "told Humber Coast Radio": that is who heard it)
const SPEECH_THEN_NAME = new RegExp(`\\b(?:${SPEECH_BEFORE_NAME}|[Aa]ccording\\s+to)\\s+(${FULL_NAME})(?![\\p{L}])`, 'gu');
const SPEECH_JUST_BEFORE = new RegExp(`\\b${SPEECH_BEFORE_NAME}\\s+$`);
// "…,” said our head of policy, Aisha Mahoney." — the role between the verb and the name.
const SPEECH_ROLE_NAME = new RegExp(`\\b${SPEECH_BEFORE_NAME}\\s+((?:our|the|its|their|his|her)\\s+[\\p{Ll}][^,.;:“”"]{2,70}),\\s+(?:${COURTESY}\\s+)?(${FULL_NAME})(?=[.,;]|\\s*$)`, 'gu');
// "Jan Cosgrove, National Secretary of Fair Play for Children," — kept when the phrase reads as a role
const NAME_APPOSITION = new RegExp(`(?<![\\p{L}])(${FULL_NAME})(${POSTNOMINALS}),\\s+(?=[^,.;:“”"]{3,110},)`, 'gu');
// "IOPC regional director Hollis Wainwright", "NSPCC spokeswoman Jo Bell": a lower-case role
// between an organisation and a name.
const ROLE_WORD = String.raw`(?:director|spokesperson|spokesman|spokeswoman|secretary|chair|chairman|chairwoman|chief\s+executive|manager|lead|head|officer|president|governor|coordinator|co-ordinator|adviser|advisor|campaigner|founder|leader|trustee|councillor|commissioner)`;
const LOWER_ROLE_NAME = new RegExp(
  `(?<![\\p{L}])((?:(?:\\p{Lu}[\\p{L}&'’-]*|of|for|and|the)\\s+){0,6}?)((?:[\\p{Ll}-]+\\s+){0,3}${ROLE_WORD})\\s+(?:${COURTESY}\\s+)?(${FULL_NAME})(?![\\p{L}])`,
  'gu',
);
// "Executive Director of Education and Children’s Services Louise Fairhurst said": a role in
// title case run straight into a two-word name, anchored by the speech verb after it.
const TITLE_CASE_ROLE_NAME = new RegExp(
  `(?<![\\p{L}])((?:\\p{Lu}[\\p{L}’'-]*\\s+){0,3}?(?:Director|Chair|Chairman|Chairwoman|Chief\\s+Executive|Head|Leader|Member|Manager|Secretary|Governor|Spokesperson|Lead)(?:\\s+(?:of|for)\\s+(?:\\p{Lu}[\\p{L}’'-]*|and|the|&)(?:\\s+(?:\\p{Lu}[\\p{L}’'-]*|and|the|&)){0,8}?)?)\\s+(\\p{Lu}[\\p{Ll}’'-]+\\s+\\p{Lu}[\\p{L}’'-]+)(?=,?\\s+(?:has\\s+|also\\s+)?${SPEECH}\\b)`,
  'gu',
);
// "Tobias Marchetti is chief executive of the Harbour Light charity." — kept when it reads as a role
const NAME_IS_ROLE = new RegExp(`(?<![\\p{L}])(${FULL_NAME}|${COURTESY}\\s+${NAME_TOKEN})\\s+is\\s+([^,.;:“”"]{3,110}?)(?=[.;,]|$)`, 'gu');
// "The prison’s governor, Kathryn Lowther," — kept when the phrase reads as a role
const APPOSITION_NAME = new RegExp(`,\\s+(${FULL_NAME})(?=,)|^(?:[^,.;:“”"]{3,90}),\\s+(${FULL_NAME})(?=,)`, 'gu');

const NOT_NAME_WORDS = new Set(
  ('Police Constabulary Council County Service Services Inspectorate Inspector Inspectors Majesty Majesty’s His Her Chief Constable ' +
    'Commissioner Crime Report Operation Fire Rescue Authority Trust Office Superintendent Detective Assistant Deputy Temporary ' +
    'Acting Mayor Councillor Sergeant Minister Home Secretary Government University Court Crown Street Road The This That ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September ' +
    'October November December England Wales Scotland Ireland Britain London Manchester Midlands Yorkshire Policing Safeguarding ' +
    'Children Children’s Child Care Social Partnership Board Panel Notes Media Inspection Inspections Agency Agencies Force ' +
    'Officer Officers Director Head Manager Governor Secretary Chair Spokesperson Spokesman Spokeswoman Executive ' +
    'Det Supt Insp Sgt Ch Cllr Con Cmdr Commander Constables Councillors ' +
    // courtesy titles are not part of a name ("Professor Hamish Urquhart said" is Hamish Urquhart)
    'Mr Mrs Ms Miss Mx Dr Prof Professor Judge Sir Dame Lord Lady Baroness Baron Rev Revd').split(' '),
);

const ORGANISATION_BEFORE =
  /(?:\b(?:and|of|for|the|at|with|charity|trust|council|organisation|group|campaign|service|union|body|agency|station|radio|newspaper|programme)|[’']s)\s+$/i;

const TITLE_ROLES = new Set(['Professor', 'Judge']);

export interface PeopleContext {
  published: string | null;
}

export function findPeople(paragraphs: string[], context: PeopleContext): { people: Person[]; mentions: PersonMention[] } {
  const people: Person[] = [];
  const mentions: PersonMention[] = [];
  const bySurname = (surname: string) => people.find((person) => person.surname === surname);
  const rolesBySurname = new Map<string, { role: string; organisation: string | null }>();

  const introduce = (name: string, rawRole: string | null, organisation: string | null, precededBy = ''): Person | null => {
    // "Police and Crime Commissioner for Gwent": the office is the role, the area its organisation.
    const role = rawRole?.replace(/^((?:Deputy\s+)?Police,?\s+(?:Fire\s+)?and\s+Crime\s+Commissioner)\s+for\s+.+$/i, '$1') ?? null;
    // "the children's charity Diogel Cymru", "Services and Early Years": a capitalised phrase that
    // continues a noun phrase is an organisation or a title, not a person.
    if (ORGANISATION_BEFORE.test(precededBy)) return null;
    const tokens = name.split(/\s+/);
    if (tokens.some((token) => NOT_NAME_WORDS.has(token))) return null;
    const surname = tokens[tokens.length - 1]!;
    if (tokens.length === 1) {
      // "Ms Caddick, a detective superintendent, said": a role given at a later mention.
      const known = bySurname(surname) ?? null;
      if (known && role && (!known.role || isHonorific(known.role) || TITLE_ROLES.has(known.role))) {
        known.role = role;
        known.organisation ??= organisation;
      }
      // '… said Rachel Thirlby. Ms Thirlby, who became the force's chief constable, added': the
      // full name is found after the surname in the same paragraph; the role waits for it.
      if (!known && role) rolesBySurname.set(surname, { role, organisation });
      return known;
    }
    const existing = people.find((person) => person.name === name) ?? bySurname(surname);
    if (existing) {
      if (existing.name.split(/\s+/).length < tokens.length) existing.name = name;
      // A title that stood in for a role ("Councillor", "Professor", "Judge") gives way to a described one.
      if ((!existing.role || isHonorific(existing.role) || TITLE_ROLES.has(existing.role)) && role) existing.role = role;
      existing.organisation ??= organisation;
      return existing;
    }
    const waiting = role ? undefined : rolesBySurname.get(surname);
    const person: Person = { name, surname, role: role ?? waiting?.role ?? null, organisation: organisation ?? waiting?.organisation ?? null };
    people.push(person);
    return person;
  };

  paragraphs.forEach((paragraph, index) => {
    const found: PersonMention[] = [];
    const record = (person: Person | null, start: number, end: number) => {
      if (!person || found.some((mention) => start < mention.end && end > mention.start)) return;
      found.push({ person, paragraph: index, start, end });
    };
    for (const pattern of [TITLED]) {
      for (const match of paragraph.matchAll(pattern)) {
        // "Commissioner of the Metropolitan Police, Sir …": the office with its body is the role;
        // "… Commissioner for South Wales, …" names the area, which is the organisation's business.
        const title = `${match[1]!}${match[2] && /^\s+of\s/.test(match[2]) ? match[2] : ''}`;
        const name = match[3]!;
        const start = match.index + match[0].length - name.length;
        // "… said Councillor Jo Bell, the council’s cabinet member for children." — after a speech verb
        // the description may end the sentence.
        const afterSpeech = SPEECH_JUST_BEFORE.test(paragraph.slice(Math.max(0, match.index - 12), match.index));
        const appositive = roleAfter(paragraph, match.index + match[0].length, afterSpeech);
        const before = roleBefore(paragraph, match.index);
        let role: string | null = expandRole(title, context.published);
        let organisation = appositive?.organisation ?? null;
        // "Council leader Cllr Edwina Sturdee", "Opposition leader Cllr …": a role run straight into the title.
        const plain = isHonorific(role) && !before && !appositive ? plainRoleBefore(paragraph, match.index) : null;
        if (isHonorific(role) && (before || appositive || plain)) {
          role = (before ?? appositive ?? plain)!.role;
          organisation = (before ?? appositive ?? plain)!.organisation;
        }
        record(introduce(name, role, organisation), start, start + name.length);
      }
    }
    for (const match of paragraph.matchAll(COURTEOUS)) {
      const name = match[1]!;
      const start = match.index + match[0].length - name.length;
      const described = roleAfter(paragraph, match.index + match[0].length) ?? roleBefore(paragraph, match.index);
      // A professor's or a judge's title is also their role when nothing else describes them.
      const titleRole = /^Prof(?:essor|\.)?\s/.test(match[0]) ? 'Professor' : /^Judge\s/.test(match[0]) ? 'Judge' : null;
      record(introduce(name, described?.role ?? titleRole, described?.organisation ?? null), start, start + name.length);
    }
    for (const pattern of [NAME_THEN_SPEECH, SPEECH_THEN_NAME]) {
      for (const match of paragraph.matchAll(pattern)) {
        const name = match[1]!;
        const start = match.index + match[0].length - name.length;
        // "…,” says Jo Bell, director of the Harbour Trust." — after the speech verb, the
        // description may run to the end of the sentence.
        const described = roleAfter(paragraph, start + name.length, pattern === SPEECH_THEN_NAME) ?? roleBefore(paragraph, start);
        const precededBy = pattern === NAME_THEN_SPEECH ? paragraph.slice(Math.max(0, start - 30), start) : '';
        record(introduce(name, described?.role ?? null, described?.organisation ?? null, precededBy), start, start + name.length);
      }
    }
    for (const match of paragraph.matchAll(SPEECH_ROLE_NAME)) {
      const name = match[2]!;
      const start = match.index + match[0].length - name.length;
      const described = describe(match[1]!, context.published);
      record(introduce(name, described?.role ?? null, described?.organisation ?? null), start, start + name.length);
    }
    for (const match of paragraph.matchAll(LOWER_ROLE_NAME)) {
      const name = match[3]!;
      const start = match.index + match[0].length - name.length;
      const organisation = match[1]!.trim().replace(/^(?:The|the)\s+/, '').replace(/[’']s$/, '') || null;
      const role = match[2]!.trim().replace(/^(?:its|their|our|his|her|the)\s+/i, '');
      record(introduce(name, role.charAt(0).toUpperCase() + role.slice(1), organisation && /^\p{Lu}/u.test(organisation) ? organisation : null), start, start + name.length);
    }
    for (const match of paragraph.matchAll(TITLE_CASE_ROLE_NAME)) {
      const name = match[2]!;
      // "… Children’s Services and Early Years, said": the "name" continues the role.
      if (/\b(?:and|the|of|for|&)$/.test(match[1]!.trim())) continue;
      const start = match.index + match[0].length - name.length;
      // "IOPC Regional Director Carys Hebden": the acronym is the organisation.
      const acronym = /^(\p{Lu}{2,}[\p{Lu}\d&]*)\s+(.+)$/u.exec(match[1]!.trim());
      const role = acronym ? acronym[2]! : match[1]!.trim();
      record(introduce(name, role, acronym ? acronym[1]! : null, paragraph.slice(Math.max(0, match.index - 30), match.index)), start, start + name.length);
    }
    for (const match of paragraph.matchAll(NAME_APPOSITION)) {
      const name = match[1]!;
      const described = roleAfter(paragraph, match.index + name.length + match[2]!.length);
      if (described) record(introduce(name, described.role, described.organisation, paragraph.slice(Math.max(0, match.index - 30), match.index)), match.index, match.index + name.length);
    }
    for (const match of paragraph.matchAll(NAME_IS_ROLE)) {
      const described = describe(match[2]!);
      // "Ms Polglase is the council’s Strategic Director …": the surname after a courtesy title.
      const name = match[1]!.replace(new RegExp(`^${COURTESY}\\s+`, 'u'), '');
      const start = match.index + match[1]!.length - name.length;
      if (described) record(introduce(name, described.role, described.organisation, paragraph.slice(Math.max(0, match.index - 30), match.index)), start, start + name.length);
    }
    for (const match of paragraph.matchAll(APPOSITION_NAME)) {
      const name = (match[1] ?? match[2])!;
      const start = match.index + match[0].length - name.length;
      const described = roleBefore(paragraph, start) ?? titleBefore(paragraph, start, context.published);
      if (described) record(introduce(name, described.role, described.organisation), start, start + name.length);
    }
    mentions.push(...found);
  });

  // Once introduced, a surname alone refers to the person ("Ravensworth said …").
  if (people.length > 0) {
    const surnames = new Map(people.map((person) => [person.surname, person]));
    const pattern = new RegExp(`(?<![\\p{L}’'-])(${[...surnames.keys()].map(escapeRegex).join('|')})(?![\\p{L}-])`, 'gu');
    paragraphs.forEach((paragraph, index) => {
      for (const match of paragraph.matchAll(pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (mentions.some((mention) => mention.paragraph === index && start < mention.end && end > mention.start)) continue;
        mentions.push({ person: surnames.get(match[1]!)!, paragraph: index, start, end });
      }
    });
  }
  mentions.sort((a, b) => a.paragraph - b.paragraph || a.start - b.start);
  resolveRolesFromContext(people, paragraphs);
  return { people, mentions };
}

// The office as the story writes it: "Police and Crime Commissioner", "Police, Fire and Crime
// Commissioner", Durham's "Police, Crime and Victims’ Commissioner".
const PCC_TITLE = /\bpolice,?\s+(?:fire\s+and\s+)?(?:and\s+)?crime(?:\s+and\s+victims[’'])?\s+commissioner\b|\b(PF?CC)\b/i;
// Only the Met and the City of London have a Commissioner as their chief officer.
const FORCE_COMMISSIONER = /\bMetropolitan\s+Police|\bthe\s+Met\b|\bCity\s+of\s+London\s+Police|\bCommissioner\s+of\s+Police\b/;

/**
 * Roles that the words around them complete: "Commissioner Jo Bell" in a story that speaks of the
 * police and crime commissioner is the PCC; "Her deputy, Sam Cole," is the deputy of the person
 * introduced before.
 */
function titleCaseOffice(office: string): string {
  return office.replace(/\s+/g, ' ').replace(/\b(?!and\b)(\p{Ll})/gu, (letter) => letter.toUpperCase());
}

function resolveRolesFromContext(people: Person[], paragraphs: string[]): void {
  const text = paragraphs.join('\n');
  people.forEach((person, index) => {
    const pcc = person.role === 'Commissioner' && !FORCE_COMMISSIONER.test(text) ? PCC_TITLE.exec(text) : null;
    if (pcc) person.role = pcc[1] ? expandRole(pcc[1], null) : titleCaseOffice(pcc[0]);
    if (person.role && /^(?:his|her|their)\s+deputy$/i.test(person.role)) {
      const principal = people.slice(0, index).reverse().find((other) => other.role && !/deputy/i.test(other.role) && !isHonorific(other.role));
      person.role = principal ? `Deputy ${principal.role!}` : 'Deputy';
    }
    // "His Suffolk counterpart, Janice Hollesley,": the same office as the person before, elsewhere.
    if (person.role && /^(?:his|her|their)\s+(?:\p{Lu}[\p{L}-]*\s+){0,3}counterpart$/iu.test(person.role)) {
      const other = people.slice(0, index).reverse().find((earlier) => earlier.role && !/counterpart/i.test(earlier.role) && !isHonorific(earlier.role));
      person.role = other?.role ?? null;
      person.organisation = null;
    }
  });
}

interface Described {
  role: string;
  organisation: string | null;
}

// A portfolio may be a list: "Cabinet Member for Children, Families and Education".
const PORTFOLIO_LIST = /^,\s+((?:the\s+council[’']s\s+)?(?:(?:cabinet|lead|executive)\s+member|(?:cabinet\s+)?portfolio\s+holder|(?:[\p{L}-]+\s+){0,2}director)\s+for\s+[^,.;:“”"]{2,40}(?:,\s+[^,.;:“”"]{2,40})*\s+and\s+[^,.;:“”"]{2,40})(?:,|\.(?=\s|$)|$)/iu;
// ", who chairs Cheshire Fire Authority,": the office from the verb, the body from its object.
const WHO_HOLDS = /^,\s+who\s+(chairs|heads|directs|leads)\s+(?:the\s+)?(\p{Lu}[^,.;:“”"]{2,80}),/u;
// ", a former custody sergeant who now chairs the custody visiting scheme,", ", who owns two shops
// and chairs the Retailers’ Forum,": the office held now, after what the person was or does.
const ALSO_HOLDS = /^,\s+[^,.;:“”"]{0,90}?\bwho\s+(?:[^,.;:“”"]{0,80}?\s+and\s+)?(?:now\s+)?(chairs|heads|directs)\s+(?:the\s+)?([^,.;:“”"]{2,80}),/u;
const OFFICE_OF_VERB: Record<string, string> = { chairs: 'Chair', heads: 'Head', directs: 'Director', leads: 'Leader' };
// ", who became the force's chief constable in 2022,": the office the person came to hold.
const WHO_BECAME = /^,\s+who\s+(?:became|was\s+appointed(?:\s+as)?|took\s+over\s+as|joined\s+as)\s+([^,.;:“”"]{3,70}?)(?:\s+(?:in|last|this)\s+[\w\s]{1,20}?)?,/u;
// ", who led the inspection for HM Inspectorate of Prisons,": the inspection's lead inspector.
const WHO_LED_INSPECTION = /^,\s+who\s+led\s+the\s+(?:inspection|review|inspection\s+team)(?:\s+(?:for|on\s+behalf\s+of|at)\s+(?:the\s+)?(\p{Lu}[^,.;:“”"]{2,80}))?,/u;

// ", the Police, Fire and Crime Commissioner for Staffordshire,": a title with commas of its own.
const TITLE_APPOSITION = new RegExp(`^,\\s+(?:the\\s+)?(${TITLE})(?:${TITLE_PLACE})?,`, 'u');
// ", who as His Majesty’s Inspector of Constabulary oversees …": the office after "as".
const WHO_AS = /^,\s+who,?\s+as\s+(?:the\s+)?([^,.;:“”"]{3,80}?),?\s+(?:oversees|leads|heads|runs|chairs|is|was|has)\b/u;

/** ", head of policy at the Safe Childhoods Trust," after a name (or "… Trust." when it may end the sentence). */
function roleAfter(text: string, from: number, toSentenceEnd = false): Described | null {
  const window = text.slice(from, from + 200);
  const holds = WHO_HOLDS.exec(window) ?? ALSO_HOLDS.exec(window);
  if (holds) return { role: OFFICE_OF_VERB[holds[1]!]!, organisation: /^\p{Lu}/u.test(holds[2]!) ? holds[2]!.trim() : null };
  const became = WHO_BECAME.exec(window);
  if (became) {
    const described = describe(became[1]!);
    if (described) return described;
  }
  const led = WHO_LED_INSPECTION.exec(window);
  if (led) return { role: 'Lead Inspector', organisation: led[1]?.trim() ?? null };
  const title = TITLE_APPOSITION.exec(window);
  if (title) return { role: expandRole(title[1]!, null), organisation: null };
  const office = WHO_AS.exec(window);
  if (office) {
    const described = describe(office[1]!);
    if (described) return described;
  }
  const portfolio = PORTFOLIO_LIST.exec(window);
  if (portfolio) {
    const role = portfolio[1]!.replace(/^the\s+council[’']s\s+/i, '');
    return { role: role.charAt(0).toUpperCase() + role.slice(1), organisation: null };
  }
  const match = (toSentenceEnd ? /^,\s+([^,.;:“”"]{3,110})(?:,|\.(?=\s|$)|$)/u : /^,\s+([^,.;:“”"]{3,110}),/u).exec(window);
  return match ? describe(match[1]!) : null;
}

const PLAIN_ROLE_BEFORE = /(?:^|[.;:]\s+|,\s+)((?:\p{Lu}[\p{Ll}-]*\s+)?(?:[\p{Ll}-]+\s+){0,2}(?:leader|chair|chairman|chairwoman|mayor|spokesperson|spokesman|spokeswoman|member))\s+$/u;

function plainRoleBefore(text: string, to: number): Described | null {
  const match = PLAIN_ROLE_BEFORE.exec(text.slice(Math.max(0, to - 60), to));
  return match ? describe(match[1]!) : null;
}

/** "The chair of Lancashire Combined Fire Authority, " before a name. */
// "The council’s Corporate Director for Children, Families and Cultural Services, Sunita Gledhill,":
// a portfolio that is a list, before the name.
const PORTFOLIO_BEFORE =
  /(?:^|[.;:]\s+|\b(?:the|its|their)\s+|(\p{Lu}[\p{L}&’'-]*(?:\s+\p{Lu}[\p{L}&’'-]*){0,4})[’']s\s+|[\p{Ll}][’']s\s+)((?:[\p{L}-]+\s+){0,2}(?:[Dd]irector|[Mm]ember|[Hh]older|[Mm]ayor|[Cc]ommissioner)\s+(?:for|of)\s+[^.;:“”"]{2,80},\s+[^.;:“”"]{2,80}?\s+and\s+[^,.;:“”"]{2,40}),\s+$/u;

function roleBefore(text: string, to: number): Described | null {
  const portfolio = PORTFOLIO_BEFORE.exec(text.slice(Math.max(0, to - 170), to));
  if (portfolio) return { role: canonicalRank(portfolio[2]!), organisation: portfolio[1] ?? null };
  const title = TITLE_JUST_BEFORE.exec(text.slice(Math.max(0, to - 90), to));
  if (title) return { role: expandRole(title[1]!, null), organisation: null };
  const match = /(?:^|[.;:]\s+|,\s+|\band\s+)([^,.;:“”"]{3,90}),\s+$/u.exec(text.slice(Math.max(0, to - 110), to));
  if (!match) return null;
  // "The partnership, and its independent scrutineer, Professor …": the role is what follows the
  // last "and", when that reads as one.
  const afterAnd = /\band\s+((?:its|their|the|our)\s+[^,]+)$/iu.exec(match[1]!);
  return (afterAnd && describe(afterAnd[1]!)) || describe(match[1]!);
}

const WHOLE_TITLE = new RegExp(`^(?:the\\s+)?(${TITLE})$`, 'u');
// "The county’s Police, Crime and Victims’ Commissioner, Name,": a title with commas of its own.
const TITLE_JUST_BEFORE = new RegExp(`(?:^|[.;:]\\s+|\\b(?:the|its|their)\\s+|[’']s\\s+)(${TITLE}),\\s+$`, 'u');

function describe(phrase: string, published: string | null = null): Described | null {
  // ", His Majesty’s Inspector of Constabulary," is a title, not "Inspector" of "His Majesty".
  const title = WHOLE_TITLE.exec(phrase.trim());
  if (title) return { role: expandRole(title[1]!, published), organisation: null };
  // "senior lecturer at Downsview University and a former detective": the present office.
  // "one of His Majesty’s Inspectors of Constabulary": the office, in the singular.
  const oneOf = /^one\s+of\s+(?:the\s+)?(.+?)s((?:\s+of\s+.+)?)$/iu.exec(phrase.trim());
  if (oneOf) {
    const single = WHOLE_TITLE.exec(`${oneOf[1]!}${oneOf[2]!}`);
    if (single) return { role: expandRole(single[1]!, published), organisation: null };
  }
  // "… at the University of the South Downs who has studied police referrals": the clause is not the role.
  let text = phrase.trim().replace(/^(?:the|a|an|our|its|their)\s+/i, '').replace(/\s+and\s+(?:a\s+|an\s+)?(?:former|retired|ex-)\s?.+$/i, '').replace(/\s+who\s+.+$/i, '');
  if (/^(?:who|which|whose|where|when|aged|speaking|writing|said|says|and|but|he|she|they|it|in|on|at|as|after|before|\d)\b/i.test(text)) return null;
  if (text.split(/\s+/).length > 12) return null;
  let organisation: string | null = null;
  const possessive = /^(.{2,60}?)(?:[’']s|s[’'])\s+(.+)$/u.exec(text);
  // "Leicester City Council’s director", "the council’s director"; but "children’s services" is
  // part of a role, and "head of security at the Rail Operators' Forum" is not a possessive role.
  const ownerIsName = possessive && /^(?:(?:the\s+)?(?:[\p{Ll}]+\s+){0,2}(?:council|force|county|prison|charity|trust|service|constabulary|authority|board|inspectorate|watchdog|commission|federation|union)|(?:\p{Lu}[\p{L}&.-]*|of|and|for|the)(?:\s+(?:\p{Lu}[\p{L}&.-]*|of|and|for|the))*)$/u.test(possessive[1]!);
  if (possessive && ownerIsName && !/(?:children|women|people|victims|men)$/i.test(possessive[1]!)) {
    // "Leicester City Council’s director" names the organisation; "the county’s commissioner" does not.
    organisation = /^\p{Lu}/u.test(possessive[1]!) && !/^the\s/i.test(possessive[1]!) ? possessive[1]! : null;
    text = possessive[2]!;
  } else {
    const at =
      /^(.+?)\s+(?:at|with)\s+(?:the\s+)?(\p{Lu}.+)$/u.exec(text) ??
      // "head of youth justice at the county council": an unnamed organisation still ends the role.
      /^(.+?)\s+at\s+the\s+((?:[\p{Ll}-]+\s+){0,2}(?:council|force|constabulary|charity|trust|university|service))$/u.exec(text) ??
      // "spokesperson for the children's charity Diogel Cymru" (not "Director for Children’s Services")
      /^(.+?)\s+for\s+the\s+(?:[\p{Ll}’'-]+\s+){0,3}(\p{Lu}.+)$/u.exec(text) ??
      // "chief executive of the Brighton charity Harbourside Victim Support"
      /^(.+?)\s+(?:of|for|at)\s+the\s+(?:\p{Lu}[\p{L}-]+\s+)?(?:[\p{Ll}’'-]+\s+){1,4}(\p{Lu}.+)$/u.exec(text) ??
      /^(.+?)\s+of\s+(?:the\s+)?(\p{Lu}[\p{L}’'&-]*(?:\s+(?:\p{Lu}[\p{L}’'&-]*|and|for|of|&))*\s+(?:Trust|Council|Authority|Charity|Society|Foundation|Association|Federation|Commission|Office|Union|NSPCC|Children|Board|Panel|Committee|Partnership))$/u.exec(text) ??
      /^(.+?)\s+of\s+the\s+(Partnership|Board|Panel|Committee|Trust|Council|Authority|Forum)$/u.exec(text) ??
      // "chief executive of Paladin Voices", "director of the Harbour Light charity": an office
      // of a named body, whatever the body's name ends with.
      officeOfNamedBody(text);
    if (at) {
      text = at[1]!;
      organisation = at[2]!;
    } else {
      // "head of the unit", "chair of the panel": the role is the head noun.
      const ofThe = /^(.+?)\s+of\s+the\s+[\p{Ll}\s-]+$/u.exec(text);
      if (ofThe && /\b(?:head|chair|chairman|chairwoman|director|member|leader|manager|secretary)$/i.test(ofThe[1]!)) text = ofThe[1]!;
    }
  }
  if (!/^[\p{L}’' &-]+$/u.test(text)) return null;
  // "Its Thames Valley chair", "Council leader": a place or a body named before the office.
  const qualified = /^((?:\p{Lu}[\p{L}’'-]*\s+){1,4})(\p{Ll}[\p{L}’' -]*)$/u.exec(text);
  if (qualified && isPlaceOrBody(qualified[1]!.trim())) text = qualified[2]!;
  if (!/\b(?:head|chief|director|chair|chairman|chairwoman|spokesperson|spokesman|spokeswoman|secretary|manager|officer|lead|leader|member|commissioner|mayor|executive|founder|president|governor|inspector|constable|superintendent|sergeant|holder|adviser|advisor|coordinator|co-ordinator|campaigner|councillor|minister|deputy|counterpart|portfolio|cabinet|trustee|policy|services|lecturer|professor|criminologist|researcher|fellow|academic|patron|scrutineer|analyst|solicitor|barrister|lawyer)\b/i.test(text)) {
    return null;
  }
  return { role: canonicalRank(text), organisation };
}

const PLACES = new Set(FORCES.flatMap((force) => force.places));
const BODY_NOUNS = /^(?:Council|County|City|Borough|Police|Federation|Constabulary|Force|Trust|Authority|Board|Panel|Committee|Assembly)$/;

/** "Thames Valley", "Council", "Police Federation": words that name where or in what an office is held. */
function isPlaceOrBody(words: string): boolean {
  if (PLACES.has(words)) return true;
  return words.split(/\s+/).every((word) => BODY_NOUNS.test(word) || PLACES.has(word));
}

// "chief executive of Paladin Voices", "director of the Harbour Light charity": an office of a
// named body, whatever the body's name ends with.
const OFFICE_OF_NAMED_BODY = /^(.+?)\s+of\s+(?:the\s+)?(\p{Lu}[\p{L}’'&-]*(?:\s+\p{Lu}[\p{L}’'&-]*){0,5})(?:\s+(?:charity|trust|group|campaign|project|network))?$/u;
const OFFICE = /^(?:[\p{L}-]+\s+){0,2}(?:chief\s+executive|director|head|chair|chairman|chairwoman|founder|president|manager|secretary|spokesperson|spokesman|spokeswoman|trustee)$/iu;

// "Director of Children’s Services", "Head of Public Protection": a portfolio, part of the title.
const PORTFOLIO = /\b(?:Services?|Education|Policy|Operations|Communications|Safeguarding|Care|Health|Finance|Resources|Strategy|Learning|Protection|Justice|Standards|Policing|Crime|Partnerships?)$/u;

function officeOfNamedBody(text: string): RegExpExecArray | null {
  const match = OFFICE_OF_NAMED_BODY.exec(text);
  return match && OFFICE.test(match[1]!) && !PORTFOLIO.test(match[2]!) ? match : null;
}

const TITLE_PATTERN = new RegExp(TITLE, 'gu');

/** "The Police and Crime Commissioner for Leicester, Leicestershire and Rutland, " before a name. */
function titleBefore(text: string, to: number, published: string | null): Described | null {
  const window = text.slice(Math.max(0, to - 130), to);
  const titles = [...window.matchAll(TITLE_PATTERN)];
  const last = titles[titles.length - 1];
  if (!last) return null;
  const rest = window.slice(last.index + last[0].length);
  if (!/^\s+(?:for|of)\s+[\p{L}\s,&'’-]{0,90},\s+$/u.test(rest)) return null;
  return { role: expandRole(last[0], published), organisation: null };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
