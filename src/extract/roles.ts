// Ranks, offices and titles: how they are written in copy and how the contract spells them out.

/** Abbreviated forms → written out. Matched as whole words, case-sensitively. */
const EXPANSIONS: [RegExp, string][] = [
  [/\bDet\.?\s+(?:Ch\.?|Chief)\s+Supt\.?(?!\w)/g, 'Detective Chief Superintendent'],
  [/\bDet\.?\s+Chief\s+Insp\.?(?!\w)/g, 'Detective Chief Inspector'],
  [/\bChief\s+Supt\.?(?!\w)/g, 'Chief Superintendent'],
  [/\bDet\.?\s+Supt\.?(?!\w)/g, 'Detective Superintendent'],
  [/\bDet\.?\s+Ch\.?\s+Insp\.?(?!\w)/g, 'Detective Chief Inspector'],
  [/\bDet\.?\s+Insp\.?(?!\w)/g, 'Detective Inspector'],
  [/\bDet\.?\s+Sgt\.?(?!\w)/g, 'Detective Sergeant'],
  [/\bDet\.?\s+Con\.?(?!\w)/g, 'Detective Constable'],
  [/\bCh\.?\s+Supt\.?(?!\w)/g, 'Chief Superintendent'],
  [/\bCh\.?\s+Insp\.?(?!\w)/g, 'Chief Inspector'],
  [/\bC\/Supt\.?(?!\w)/g, 'Chief Superintendent'],
  [/\bC\/Insp\.?(?!\w)/g, 'Chief Inspector'],
  [/\bD\/Supt\.?(?!\w)/g, 'Detective Superintendent'],
  [/\bD\/Insp\.?(?!\w)/g, 'Detective Inspector'],
  [/\bSupt\.?(?!\w)/g, 'Superintendent'],
  [/\bInsp\.?(?!\w)/g, 'Inspector'],
  [/\bSgt\.?(?!\w)/g, 'Sergeant'],
  [/\bDCS\b/g, 'Detective Chief Superintendent'],
  [/\bDCI\b/g, 'Detective Chief Inspector'],
  [/\bDI\b/g, 'Detective Inspector'],
  [/\bDS\b/g, 'Detective Sergeant'],
  [/\bDC\b/g, 'Detective Constable'],
  [/\bPC\b/g, 'Police Constable'],
  [/\bACC\b/g, 'Assistant Chief Constable'],
  [/\bDCC\b/g, 'Deputy Chief Constable'],
  [/\bT\/Chief Constable\b/g, 'Temporary Chief Constable'],
  // "T/ACC", "A/Supt": temporary and acting ranks
  [/\bT\/\s*(?=\p{Lu})/gu, 'Temporary '],
  [/\bA\/\s*(?=\p{Lu})/gu, 'Acting '],
  [/\bCC\b/g, 'Chief Constable'],
  [/\bDPCC\b/g, 'Deputy Police and Crime Commissioner'],
  [/\bPFCC\b/g, 'Police, Fire and Crime Commissioner'],
  [/\bPCC\b/g, 'Police and Crime Commissioner'],
  [/\bCllr\.?(?!\w)/g, 'Councillor'],
  [/\bHMCIC\b/g, 'Chief Inspector of Constabulary'],
  [/\bHMI\b/g, 'HM Inspector of Constabulary'],
  [/\bCEO\b/g, 'Chief Executive'],
  // The Met's and the City's senior ranks
  [/\bDAC\b/g, 'Deputy Assistant Commissioner'],
  [/\bAC\b/g, 'Assistant Commissioner'],
  [/\bCmdr\.?(?!\w)/g, 'Commander'],
];

/**
 * Writes a role out in full and in title case where it is a known rank or office.
 * `reign` decides "His" or "Her Majesty's" for "HM Inspector" (Her before 8 September 2022).
 */
export function expandRole(role: string, published: string | null): string {
  let text = role.replace(/\s+/g, ' ').trim().replace(/^(?:the|a|an)\s+/i, '');
  for (const [pattern, full] of EXPANSIONS) text = text.replace(pattern, full);
  const monarch = published && Date.parse(published) < Date.parse('2022-09-08T00:00:00Z') ? 'Her' : 'His';
  text = text.replace(/\bHM\s+(Chief\s+)?Inspector/g, (_whole, chief: string | undefined) => `${monarch} Majesty's ${chief ?? ''}Inspector`);
  text = text.replace(/^((?:His|Her)\s+Majesty[’']s\s+(?:Chief\s+)?Inspector)$/, '$1 of Constabulary');
  // "Police and Crime Commissioner for Thames Valley": the office is the role, the area its organisation.
  text = text.replace(/^((?:Deputy\s+)?Police,?\s+(?:Fire\s+)?and\s+Crime\s+Commissioner)\s+for\s+.+$/i, '$1');
  if (/^police and crime commissioner$/i.test(text)) return 'Police and Crime Commissioner';
  if (/^police,? fire and crime commissioner$/i.test(text)) return 'Police, Fire and Crime Commissioner';
  text = text.replace(/^(?:its|their|our|his|her)\s+(?=\p{Ll})/u, '');
  return canonicalRank(text);
}

const CHIEF_OFFICER_RANK = /^(?:(?:temporary|acting)\s+)?(?:assistant\s+|deputy\s+)?chief\s+constable$/i;

/** A rank without its portfolio, chief officer ranks in title case; other roles capitalised. */
export function canonicalRank(role: string): string {
  const text = rankWithoutPortfolio(role);
  if (CHIEF_OFFICER_RANK.test(text)) return titleCase(text);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// "assistant chief constable for safeguarding", "chief superintendent for operations": the rank
// is the role; the portfolio after it is what the officer does, and changes with postings.
const RANK_FOR_PORTFOLIO =
  /^((?:(?:temporary|acting)\s+)?(?:(?:assistant|deputy)\s+)?chief\s+constable|(?:(?:temporary|acting)\s+)?(?:detective\s+)?(?:chief\s+)?superintendent|(?:(?:temporary|acting)\s+)?(?:deputy\s+)?assistant\s+commissioner|commander)\s+(?:for|of)\s+(?!the\s+(?:metropolitan|city)\b)[\p{Ll}\s,&-]+$/iu;

function rankWithoutPortfolio(role: string): string {
  const rank = RANK_FOR_PORTFOLIO.exec(role);
  return rank ? rank[1]! : role;
}

function titleCase(text: string): string {
  return text.replace(/\b([a-z])/g, (letter) => letter.toUpperCase());
}

/**
 * Titles written before a name, longest first. Police ranks and offices are roles; courtesy
 * titles (Mr, Dr, Sir …) are not and are dropped.
 */
export const ROLE_TITLES = [
  "(?:His|Her)\\s+Majesty[’']s\\s+(?:Chief\\s+)?Inspector\\s+of\\s+(?:Constabulary(?:\\s+in\\s+Scotland|\\s+and\\s+(?:of\\s+)?Fire\\s+(?:and|&)\\s+Rescue\\s+Services)?|Fire\\s+(?:and|&)\\s+Rescue\\s+Services|Prisons|Probation)",
  // "Her Majesty’s Inspector Michaela Broadbent": in police copy, of constabulary (expandRole adds it).
  "(?:His|Her)\\s+Majesty[’']s\\s+(?:Chief\\s+)?Inspector(?!\\s+of\\b)",
  'HM\\s+(?:Chief\\s+)?Inspector\\s+of\\s+(?:Constabulary(?:\\s+in\\s+Scotland)?|Fire\\s+(?:and|&)\\s+Rescue\\s+Services|Prisons|Probation)',
  'HM\\s+(?:Chief\\s+)?Inspector(?!\\s+of\\b)',
  'Chief\\s+Inspector\\s+of\\s+(?:Constabulary(?:\\s+in\\s+Scotland)?|Prisons|Probation)',
  '(?:Deputy\\s+|Assistant\\s+)?Police,?\\s+Fire\\s+and\\s+Crime\\s+Commissioner',
  '(?:Deputy\\s+|Assistant\\s+)?Police\\s+and\\s+Crime\\s+Commissioner',
  "(?:Deputy\\s+)?Police,?\\s+Crime\\s+and\\s+Victims[’']\\s+Commissioner",
  '(?:Temporary\\s+|Acting\\s+|T/)?(?:Assistant\\s+|Deputy\\s+)?Chief\\s+Constable',
  'Detective\\s+Chief\\s+Superintendent', 'Detective\\s+Superintendent', 'Chief\\s+Superintendent', 'Superintendent',
  'Detective\\s+Chief\\s+Inspector', 'Detective\\s+Inspector', 'Chief\\s+Inspector', 'Lead\\s+Inspector', 'Inspector',
  'Detective\\s+Sergeant', 'Sergeant', 'Detective\\s+Constable', 'Police\\s+Constable',
  '(?:Deputy\\s+)?(?:Assistant\\s+)?Commissioner', 'Commander', 'Chief\\s+Fire\\s+Officer', 'Deputy\\s+Chief\\s+Fire\\s+Officer',
  'Det\\.?\\s+(?:Ch\\.?|Chief)\\s+Supt\\.?', 'Det\\.?\\s+Supt\\.?', '(?:Ch\\.?|Chief)\\s+Supt\\.?', 'Det\\.?\\s+(?:Ch\\.?|Chief)\\s+Insp\\.?', 'Det\\.?\\s+Insp\\.?', 'Det\\.?\\s+Sgt\\.?',
  '(?:Ch\\.?|Chief)\\s+Insp\\.?', 'C\\/Supt\\.?', 'C\\/Insp\\.?', 'D\\/Supt\\.?', 'D\\/Insp\\.?', 'Supt\\.?', 'Insp\\.?', 'Sgt\\.?', 'DCS', 'DCI', 'DI', 'DS', 'DC', 'PC', 'ACC', 'DCC', 'PCC', 'DPCC', 'PFCC', 'HMI', 'HMCIC', 'DAC', 'AC', 'Cmdr\\.?',
  'Deputy\\s+Mayor\\s+for\\s+Policing,?\\s+(?:Fire\\s+)?and\\s+Crime', 'Mayor\\s+of\\s+(?:the\\s+)?[A-Z][a-z]+(?:\\s+(?!(?:Dr|Mr|Mrs|Ms|Miss|Sir|Dame|Professor|Prof)\\b)[A-Z][a-z]+){0,2}', 'Mayor',
  'County\\s+Councillor', 'Councillor', 'Cllr\\.?',
];

export const COURTESY_TITLES = ['Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Dr', 'Prof', 'Professor', 'Judge', 'Sir', 'Dame', 'Lord', 'Lady', 'Baroness', 'Rev', 'Revd'];

/** Honorifics that are not roles when they are all we have ("County Councillor Brian Tattersall"). */
export function isHonorific(role: string): boolean {
  return /^(?:County\s+)?Councillor$/i.test(role);
}

/** Organisation implied by an office when the text does not name one. */
export function organisationForRole(role: string, context: { force: string | null; place: string | null; inspectorate: string | null }): string | null {
  if (/Inspector of Constabulary in Scotland/i.test(role)) return 'HMICS';
  if (/Inspector of Constabulary|Inspector of Fire/i.test(role)) return context.inspectorate ?? 'HMICFRS';
  if (/Inspector of Prisons/i.test(role)) return 'HM Inspectorate of Prisons';
  if (/Police,? (?:Fire and )?(?:and )?Crime Commissioner/i.test(role)) {
    const office = role.replace(/^(?:Deputy|Assistant)\s+/i, '');
    return context.place ? `Office of the ${office} for ${context.place}` : null;
  }
  if (/Constable|Superintendent|Inspector|Sergeant|Commander|Commissioner/i.test(role)) return context.force;
  return null;
}
