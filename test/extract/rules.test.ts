// Focused checks of single extraction rules, complementing the page fixtures: each names the
// phrasing or trap it guards.
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/article.js';
import { findForceMentions, rememberingMentions } from '../../src/extract/force-mentions.js';
import { findGradeWords } from '../../src/extract/grade-words.js';
import { expandRole } from '../../src/extract/roles.js';
import { parseNumber, splitSentences } from '../../src/extract/text.js';

const article = (title: string, paragraphs: string[], published = '2025-06-01T09:00:00Z') =>
  extractArticle({ url: 'https://news.example/a', title, outlet: 'Example', published, standfirst: '', paragraphs });
// For the rule tests that grade one force: its judgments as "force:area:grade", and the opening
// sentence of a PEEL report and of a child protection inspection of it.
const graded = (result: ReturnType<typeof article>) => result.grades.map((grade) => `${grade.force}:${grade.area}:${grade.grade}`).sort();
const PEEL_LEAD = 'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services published its PEEL report on Kent Police today.';
const CP_LEAD = 'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services published its national child protection inspection of Kent Police today.';

describe('force mentions', () => {
  const ids = (text: string) => findForceMentions(text).filter((mention) => mention.kind !== 'bare').map((mention) => mention.force);
  it.each([
    ['GMP officers', ['greater-manchester']],
    ['the Met and the MPS', ['metropolitan', 'metropolitan']],
    ['The Met has improved its training.', ['metropolitan']],
    ['Thames Valley Police (TVP)', ['thames-valley', 'thames-valley']],
    ['A&S and D&C', ['avon-and-somerset', 'devon-and-cornwall']],
    ['Hampshire Constabulary, now Hampshire and Isle of Wight Constabulary', ['hampshire', 'hampshire']],
    ['the Durham force', ['durham']],
    ["Merseyside's police force", ['merseyside']],
  ])('%s', (text, expected) => expect(ids(text)).toEqual(expected));

  it.each([
    'West Midlands Fire Service crews',
    'the West Midlands Police and Crime Commissioner',
    "Northamptonshire's Police, Fire and Crime Commissioner",
    'the Met Office warned of snow',
    'The Met Office warned of snow',
    'Kent County Council',
  ])('is not a force: %s', (text) => expect(ids(text)).toEqual([]));

  it('keeps West Mercia apart from West Midlands', () => expect(ids('West Mercia Police')).toEqual(['west-mercia']));

  it('remembers a text only while one article is extracted, and gives the same answer', () => {
    const text = 'Kent Police and the Met were inspected.';
    const scanned = findForceMentions(text);
    expect(findForceMentions(text)).not.toBe(scanned); // outside an extraction nothing is kept
    rememberingMentions(() => {
      const first = findForceMentions(text);
      expect(findForceMentions(text)).toBe(first);
      expect(first).toEqual(scanned);
      expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);
    });
    expect(() => rememberingMentions(() => { throw new Error('rule failed'); })).toThrow('rule failed');
    expect(findForceMentions(text)).not.toBe(findForceMentions(text)); // and nothing after a failure
  });
});

describe('grade words', () => {
  const grades = (sentence: string) => findGradeWords(sentence).map((word) => word.grade);
  it.each(['This is good news for victims.', 'an adequate number of officers', 'inadequate funding from government', 'a good service', 'not good enough'])(
    'not a judgment: %s',
    (sentence) => expect(grades(sentence)).toEqual([]),
  );
  it.each([
    ['was graded good at preventing crime', ['good']],
    ["rated 'requires improvement' for", ['requires-improvement']],
    ['Investigating crime – Adequate', ['adequate']],
    ['were judged to require improvement', ['requires-improvement']],
    ['The one part rated good was its call handling.', ['good']],
    ['The only aspect judged inadequate is how it protects children.', ['inadequate']],
  ])('a judgment: %s', (sentence, expected) => expect(grades(sentence)).toEqual(expected));
  it.each(['The good work was praised.', 'The outstanding issues remain.'])('still prose after a noun: %s', (sentence) => expect(grades(sentence)).toEqual([]));
});

describe('grades in context', () => {
  it('pairs grades forward and backward within a sentence', () => {
    const result = article('Kent Police PEEL report', [
      'Kent Police was rated good for preventing crime, but investigating crime was judged to require improvement.',
      'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services published the PEEL report today.',
    ]);
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`).sort()).toEqual(['investigating-crime:requires-improvement', 'preventing-crime:good']);
  });

  it('reads a grade given by the grader in a relative clause', () => {
    const result = article('Kent Police PEEL report', [
      'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services published its PEEL report on Kent Police today.',
      'Its weakest area was responding to the public, which inspectors graded requires improvement.',
    ]);
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`)).toEqual(['responding-to-public:requires-improvement']);
  });

  it('pairs a grade named before its area ("the area graded X was Y") and after it (", where it was rated X")', () => {
    const result = article('Essex Police PEEL report', [
      'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services published its PEEL report on Essex Police today.',
      'The single area graded inadequate was the force’s handling of crime investigations.',
      'It fared better on how it treats people, where it was rated good.',
    ]);
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`).sort()).toEqual(['investigating-crime:inadequate', 'police-powers-public-treatment:good']);
  });

  it('gives grades listed as "its good grades were for X and for Y"', () => {
    const result = article('Essex Police PEEL report', [
      'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services published its PEEL report on Essex Police today.',
      'Its two good grades were for managing offenders and for the way it answers the public.',
    ]);
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`).sort()).toEqual(['managing-offenders:good', 'responding-to-public:good']);
  });

  it('shares a grade with the areas after ", as was"', () => {
    const result = article('Essex Police child protection inspection', [
      'Essex Police’s work to protect children has been examined in a national child protection inspection by His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services.',
      'The force’s initial response to children in danger was judged adequate, as was its assessment of risk, but its investigations were found to require improvement.',
    ]);
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`).sort()).toEqual(['initial-response:adequate', 'investigation:requires-improvement', 'risk-assessment-referral:adequate']);
  });

  it('reads "rated X [with a short qualifier] as Y" and "found X [qualifier] to be Y"', () => {
    const result = article('Essex Police child protection inspection', [
      'Essex Police’s work to protect children has been examined in a national child protection inspection by His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services.',
      'Inspectors rated its work with partners such as schools in Harlow as good.',
      'They found the force’s initial response in the north of the county to be inadequate.',
    ]);
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`).sort()).toEqual(['initial-response:inadequate', 'partnership-working:good']);
  });

  it('reads "how it treats people" as public treatment, but not the people who work for it', () => {
    const result = article('Essex Police PEEL report', [
      'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services published its PEEL report on Essex Police today.',
      'Essex Police was rated good on how it treats people, and adequate in how it treats the people who work for it.',
    ]);
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`).sort()).toEqual(['police-powers-public-treatment:good', 'workforce:adequate']);
  });

  it('carries a grade given "in that area" back to the one area of the sentence before, and only one', () => {
    const result = article('Essex Police child protection inspection', [
      'Essex Police’s work to protect children has been examined in a national child protection inspection by His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services.',
      'Inspectors had doubts about the force’s investigations of child sexual abuse. In that area, the report said, the force requires improvement.',
      'It has improved its work with partners and its initial response. On that front the force was rated good.',
    ]);
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`)).toEqual(['investigation:requires-improvement']);
  });

  it('carries a grade given to "it" or "them" back to the areas of the sentence before', () => {
    const result = article('Kent Police PEEL report', [
      'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services published its PEEL report on Kent Police today.',
      'Investigating crime and managing offenders were the weakest areas. Inspectors judged them inadequate.',
      'Responding to the public was singled out. It was rated as requiring improvement.',
      'Preventing crime and the workforce came up at the launch. It was good to see so many officers there.',
    ]);
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`).sort()).toEqual([
      'investigating-crime:inadequate',
      'managing-offenders:inadequate',
      'responding-to-public:requires-improvement',
    ]);
  });

  it('is not about an inspection when the inspectorate is only named in passing at the end', () => {
    const court = article('Former Kent Police officer jailed for misusing databases', [
      'A former Kent Police constable has been jailed for 18 months for misconduct in public office.',
      'Maidstone Crown Court heard he made more than 100 unauthorised searches over two years.',
      'The force said it now audits every search, a change the police inspectorate had recommended to all forces.',
    ]);
    expect(court.relevant).toBe(false);
    const report = article('Kent Police told to speed up 999 answering', [
      'Kent Police must answer emergency calls faster, a report published today has found.',
      'Call handlers were stretched at weekends, the report said.',
      'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services rated the force requires improvement at responding to the public.',
    ]);
    expect(report.relevant).toBe(true);
  });

  it('takes inspectors at work on police forces for the police inspectorate, unless another is named', () => {
    const national = article('Stalking victims let down by recording failures', [
      'Stalking victims may be missing out on protection because police record their cases as harassment, a watchdog has said.',
      'Inspectors reviewed cases from forces including Kent, Dorset and Cumbria.',
    ]);
    expect(national.relevant).toBe(true);
    const ofsted = article('Children’s services told to improve', [
      'Ofsted inspectors said the council and police must share information faster.',
      'Inspectors reviewed cases referred by police in the county.',
    ]);
    expect(ofsted.relevant).toBe(false);
  });

  it('reads "the constabulary" in the lead as the one force the article names further down', () => {
    const radio = article('Island to get quicker answers on police calls', [
      'People on the island should get quicker answers when they phone police, after a report this week praised the constabulary’s prevention work.',
      'The inspectors singled out the island’s neighbourhood teams.',
      'Dorset Police covers the island as well as the county.',
    ]);
    expect(radio.forces.primary).toEqual(['dorset']);
    // Two forces named: "the constabulary" could be either, so neither is taken.
    const two = article('Island to get quicker answers on police calls', [
      'People on the island should get quicker answers when they phone police, after a report this week praised the constabulary’s prevention work.',
      'The inspectors singled out the island’s neighbourhood teams.',
      'Dorset Police and Devon and Cornwall Police both cover islands.',
    ]);
    expect(two.forces.primary).toEqual([]);
  });

  it('gives the pillar a single-pillar report is about to a grade of the force itself', () => {
    const grades = (title: string, paragraphs: string[]) => article(title, paragraphs, '2016-11-03T09:00:00Z').grades.map((grade) => `${grade.force}:${grade.area}:${grade.grade}`);
    expect(grades('Commissioner welcomes legitimacy report', [
      'The Police and Crime Commissioner for Dorset has welcomed the PEEL legitimacy inspection of Dorset Police by Her Majesty’s Inspectorate of Constabulary.',
      'HMIC graded the force as good. The commissioner thanked officers.',
    ])).toEqual(['dorset:legitimacy:good']);
    // Not when the grade is the overall one, nor when the lead names two pillars.
    expect(grades('Dorset Police PEEL report', [
      'Her Majesty’s Inspectorate of Constabulary has published its PEEL efficiency inspection of Dorset Police.',
      'Overall the force was rated good.',
    ])).toEqual([]);
    expect(grades('Dorset Police PEEL reports', [
      'Her Majesty’s Inspectorate of Constabulary has published PEEL efficiency and PEEL legitimacy reports on Dorset Police.',
      'HMIC graded the force as good.',
    ])).toEqual([]);
  });

  it('gives a grade to each of two forces joined as its subject ("A and B were both rated good")', () => {
    const result = article('Durham Constabulary told to improve', [
      'Her Majesty’s Inspectorate of Constabulary rated Durham Constabulary as requiring improvement for effectiveness in its PEEL assessment.',
      'Neighbouring Cleveland Police and Northumbria Police were both rated good for effectiveness this year.',
    ], '2017-03-02T09:00:00Z');
    expect(result.grades.map((grade) => `${grade.force}:${grade.area}:${grade.grade}`).sort()).toEqual(['cleveland:effectiveness:good', 'durham:effectiveness:requires-improvement', 'northumbria:effectiveness:good']);
  });

  it('reads a grade handed out as a noun ("gave the force a good for legitimacy")', () => {
    const result = article('Durham Constabulary praised', ['The inspectorate’s yearly PEEL check-up gave Durham Constabulary a good for legitimacy and a good for efficiency.'], '2017-03-02T09:00:00Z');
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`).sort()).toEqual(['efficiency:good', 'legitimacy:good']);
  });

  it('reads "rated that part of its work good" back, and "rating that area as" forward', () => {
    const result = article('Police praised for work with partners', [
      'Essex Police’s work to protect children has been examined in a national child protection inspection by His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services.',
      'The force works closely with councils and schools. Inspectors rated that part of its work good.',
      'But they said it must improve how it investigates child abuse, rating that area as requires improvement.',
    ]);
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`).sort()).toEqual(['investigation:requires-improvement', 'partnership-working:good']);
  });

  it('carries "Its verdict: good." back to the area of the sentence before', () => {
    const result = article('Thumbs-up for county police budgeting', [
      'Dorset Police has been praised by inspectors for balancing its books.',
      'Her Majesty’s Inspectorate of Constabulary examined how efficiently the force operates. Its verdict: good.',
    ], '2016-11-03T09:00:00Z');
    expect(result.grades.map((grade) => `${grade.force}:${grade.area}:${grade.grade}`)).toEqual(['dorset:efficiency:good']);
  });

  it('knows an HMIC-era PEEL report by its pillar question', () => {
    const result = article('Thumbs-up for county police’s budgeting', [
      'Dorset Police has been praised by inspectors for balancing its books.',
      'Her Majesty’s Inspectorate of Constabulary assessed how efficiently the force operates.',
    ], '2016-11-03T09:00:00Z');
    expect(result.inspectionType).toBe('peel');
  });

  it('does not read a case-level count as a graded area', () => {
    const result = article('Kent Police child protection inspection', [
      'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services published its child protection inspection of Kent Police.',
      'The response was inadequate in 28 cases examined by inspectors.',
    ]);
    expect(result.grades).toEqual([]);
  });
});

describe('roles', () => {
  it.each([
    ['Det Supt', 'Detective Superintendent'],
    ['Det Chief Supt', 'Detective Chief Superintendent'],
    ['ACC', 'Assistant Chief Constable'],
    ['PCC', 'Police and Crime Commissioner'],
    ['Ch Supt', 'Chief Superintendent'],
  ])('%s → %s', (short, full) => expect(expandRole(short, '2025-01-01')).toBe(full));
  it('HM Inspector follows the monarch of the day', () => {
    expect(expandRole('HM Inspector of Constabulary', '2021-05-01')).toBe("Her Majesty's Inspector of Constabulary");
    expect(expandRole('HM Inspector of Constabulary', '2023-05-01')).toBe("His Majesty's Inspector of Constabulary");
  });
});

describe('people described where the name is not', () => {
  const people = (paragraphs: string[]) =>
    article('Kent Police child protection inspection', ['Kent Police’s child protection work was examined by His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services.', ...paragraphs]).officials.map((o) => [o.name, o.role, o.organisation]);

  it('takes a role given at a later mention ("Ms Surname, a detective superintendent,")', () => {
    expect(people(['Fenella Quarrie, who leads the force’s safeguarding teams, said the findings were fair.', 'Ms Quarrie, a detective superintendent, said: “We have work to do.”'])[0]?.slice(0, 2)).toEqual(['Fenella Quarrie', 'Detective superintendent']);
  });

  it('reads a description that ends the sentence after "says Name,"', () => {
    expect(people(['“We will hold them to it,” says Idris Pemberton-Lowe, director of the Wrenfield Children’s Trust.'])).toEqual([['Idris Pemberton-Lowe', 'Director', 'Wrenfield Children’s Trust']]);
  });

  it('knows a judge by the title, which is not part of the name', () => {
    expect(people(['Judge Ottilie Ravensbourne told the officer his conduct was “a betrayal of the public”.'])).toEqual([['Ottilie Ravensbourne', 'Judge', null]]);
  });

  it('reads "Name is chief executive of Body" and gives the writer her quote', () => {
    const result = article('Kent Police child protection inspection', [
      'Kent Police’s child protection work was examined by His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services.',
      'Saoirse Lanyon is chief executive of Brightpath Advocacy, a charity for young victims.',
      '“Every child deserves a detective who calls back,” she wrote.',
    ]);
    expect(result.officials.map((o) => [o.name, o.role, o.organisation])).toEqual([['Saoirse Lanyon', 'Chief executive', 'Brightpath Advocacy']]);
    expect(result.quotes.map((quote) => quote.speaker)).toEqual(['Saoirse Lanyon']);
  });

  it('reads a portfolio that is a list ("Cabinet Member for Children, Families and Education")', () => {
    expect(people(['Cllr Barnaby Okonjo, Cabinet Member for Children, Families and Education, said: “Safeguarding is everyone’s business.”'])).toEqual([['Barnaby Okonjo', 'Cabinet Member for Children, Families and Education', null]]);
  });

  it('reads a councillor\'s description that ends the sentence after "said"', () => {
    expect(people(['“This belongs to our social workers,” said Councillor Imogen Threlkeld, the council’s cabinet member for children and young people.'])).toEqual([['Imogen Threlkeld', 'Cabinet member for children and young people', null]]);
  });

  it('takes the office from ", who chairs <Body>," but not from "who leads on <topic>"', () => {
    expect(people(['Councillor Delphine Arkwright, who chairs Kent Fire Authority, said the report was “fair”.'])).toEqual([['Delphine Arkwright', 'Chair', 'Kent Fire Authority']]);
    expect(people(['Hana Lister, who leads on child protection for the force, said: “We will learn from this.”']).map((person) => person[1])).toEqual([null]);
  });

  it('reads the present office before "and a former …"', () => {
    expect(people(['Professor Wilhelmina Achterberg, professor of youth justice at Fenmoor University and a former probation officer, said: “This is overdue.”'])).toEqual([['Wilhelmina Achterberg', 'Professor of youth justice', 'Fenmoor University']]);
  });

  it('lets a described role replace the title that stood in for one', () => {
    expect(people(['Professor Lucan Harrowby said the board would act.', 'The board accepts the findings, and its independent scrutineer, Professor Lucan Harrowby, said an audit would follow.'])).toEqual([['Lucan Harrowby', 'Independent scrutineer', null]]);
  });

  it('reads a title with commas of its own, and "who as <office> oversees"', () => {
    expect(people(['Ottoline Barraclough, the Police, Fire and Crime Commissioner for Kent, said the turnaround was “welcome”.'])[0]?.slice(0, 2)).toEqual(['Ottoline Barraclough', 'Police, Fire and Crime Commissioner']);
    expect(people(['Isolde Prentice-Karim, who as His Majesty’s Inspector of Constabulary oversees forces in the south east, said: “We will return.”'])[0]?.slice(0, 2)).toEqual(['Isolde Prentice-Karim', 'His Majesty’s Inspector of Constabulary']);
  });

  it('writes out a temporary rank ("T/ACC") and drops the portfolio after a rank', () => {
    expect(people(['T/ACC Mirela Costache said the force accepted every recommendation.'])[0]?.slice(0, 2)).toEqual(['Mirela Costache', 'Temporary Assistant Chief Constable']);
    expect(people(['The force’s assistant chief constable for crime and safeguarding, Oswin Treharne, said the delays were unacceptable.'])[0]?.slice(0, 2)).toEqual(['Oswin Treharne', 'Assistant Chief Constable']);
  });

  it('reads an inspector of constabulary written without "of Constabulary", or as "one of" them', () => {
    const before = article('Kent Police legitimacy', ['Her Majesty’s Inspectorate of Constabulary published its PEEL legitimacy report on Kent Police.', 'Her Majesty’s Inspector Anwen Castellan said officers treated people fairly.'], '2016-02-11T09:00:00Z');
    expect(before.officials.map((o) => o.role)).toEqual(['Her Majesty’s Inspector of Constabulary']);
    expect(people(['Mr Lorcan Abernethy, one of His Majesty’s Inspectors of Constabulary, said forces had to do better.'])[0]?.slice(0, 2)).toEqual(['Lorcan Abernethy', 'His Majesty’s Inspector of Constabulary']);
  });

  it('reads ", who led the inspection for <Body>," as the lead inspector', () => {
    expect(people(['Dr Tamsin Okafor, who led the inspection for HM Inspectorate of Prisons, said: “Detainees were treated with respect.”'])).toEqual([['Tamsin Okafor', 'Lead Inspector', 'HM Inspectorate of Prisons']]);
  });

  it('reads a portfolio holder whose portfolio is a list', () => {
    expect(people(['Cllr Perpetua Nwankwo, portfolio holder for children, young people and schools, said: “We will keep working with the police.”'])[0]?.slice(0, 2)).toEqual(['Perpetua Nwankwo', 'Portfolio holder for children, young people and schools']);
  });

  it('completes "Commissioner" and "Her deputy" from the story around them', () => {
    const roles = (paragraphs: string[]) => article('Commissioner responds', paragraphs).officials.map((o) => `${o.name}: ${o.role}`);
    const pcc = ['Kent Police was inspected by HMICFRS, and the police and crime commissioner responded today.'];
    expect(roles([...pcc, 'Commissioner Rosalind Achebe said the force must improve.', 'Her deputy, Caspian Welford, said: “We will be watching every month.”'])).toEqual([
      'Rosalind Achebe: Police and Crime Commissioner', 'Caspian Welford: Deputy Police and Crime Commissioner',
    ]);
    expect(roles(['The Metropolitan Police was inspected by HMICFRS.', 'Commissioner Rosalind Achebe said the Met must improve.'])).toEqual(['Rosalind Achebe: Commissioner']);
  });

  it('reads "the inspectorate’s chief operating officer, Name," with the possessive as its owner', () => {
    expect(people(['The inspectorate’s chief operating officer, Leopold Mbatha, said the cuts would not reduce inspections.'])[0]?.slice(0, 2)).toEqual(['Leopold Mbatha', 'Chief operating officer']);
  });

  it('reads the office held now after what a person was or does ("a former X who now chairs Y", "who owns … and chairs Y")', () => {
    expect(people(['Morwenna Tregaskis, a former custody sergeant who now chairs the independent custody visiting scheme, said the findings were fair.'])[0]?.slice(0, 2)).toEqual(['Morwenna Tregaskis', 'Chair']);
    expect(people(['Barnabas Oyelaran, who runs a garage in Ashford and chairs the Ashford Traders’ Forum, said: “We report every theft.”'])).toEqual([['Barnabas Oyelaran', 'Chair', 'Ashford Traders’ Forum']]);
  });

  it('gives "His Suffolk counterpart, Name," the office of the person before', () => {
    expect(people(['Norfolk PCC Thaddeus Greenhalgh welcomed the report.', 'His Suffolk counterpart, Imelda Rooksby, said she would ask for a timetable.']).map((person) => person.slice(0, 2))).toEqual([
      ['Thaddeus Greenhalgh', 'Police and Crime Commissioner'], ['Imelda Rooksby', 'Police and Crime Commissioner'],
    ]);
  });

  it('keeps a portfolio as part of the title ("Director of Children’s Services")', () => {
    expect(people(['“We will help,” said Amara Fitzwilliam, Director of Children’s Services.'])).toEqual([['Amara Fitzwilliam', 'Director of Children’s Services', null]]);
  });
});

describe('quotes and speakers', () => {
  it('follows a quotation over paragraphs and a pronoun back to its speaker', () => {
    const result = article('Durham Constabulary inspection', [
      'Durham Constabulary was inspected by HMICFRS.',
      'Chief Constable Ruth Aldergate said: “We accept the findings and we will act on every one of them.',
      '“Our officers deserve credit for what the inspectors found in the control room.”',
      '“We will publish a plan within a month,” she added.',
    ]);
    expect(result.quotes.map((quote) => quote.speaker)).toEqual(['Ruth Aldergate', 'Ruth Aldergate', 'Ruth Aldergate']);
    expect(result.officials).toEqual([{ name: 'Ruth Aldergate', role: 'Chief Constable', organisation: 'Durham Constabulary' }]);
  });

  it('finds the speaker after a quotation behind a title and a name, or behind "said our <role>,"', () => {
    const result = article('Prison and police', [
      'HMICFRS and the prisons inspectorate reported on custody at Kent Police.',
      '“I have seldom seen cells kept so clean and so calm,” the Chief Inspector of Prisons, Ottilie Marsh, said.',
      '“Nobody held in a cell should wait hours for a solicitor,” said our head of research, Gethin Abernathy.',
    ]);
    expect(result.quotes.map((quote) => quote.speaker)).toEqual(['Ottilie Marsh', 'Gethin Abernathy']);
    expect(result.officials.find((official) => official.name === 'Gethin Abernathy')?.role).toBe('Head of research');
  });

  it('finds "the Deputy Mayor" by the head of the office, and "the Commissioner" is not the deputy commissioner', () => {
    const result = article('Commissioner and mayor respond', [
      'Kent Police was inspected by HMICFRS.',
      'The Police and Crime Commissioner, Annika Strand, and her deputy, Deputy Police and Crime Commissioner Fergus Alleyne, responded.',
      '“This report is a fair account of where the force stands,” the Commissioner said.',
      'West Yorkshire’s Deputy Mayor for Policing and Crime, Salma Qureshi, also spoke.',
      '“We will be asking hard questions of the force every month,” the Deputy Mayor said.',
    ]);
    expect(result.quotes.map((quote) => quote.speaker)).toEqual(['Annika Strand', 'Salma Qureshi']);
  });

  it('does not take an apostrophe for a closing quote', () => {
    const result = article('Essex Police', ["Essex Police's ACC Dana Brightwell said: 'The force's response wasn't good enough for those children.'"]);
    expect(result.quotes).toEqual([{ speaker: 'Dana Brightwell', text: "The force's response wasn't good enough for those children." }]);
  });
});

describe('rules found by the independent corpora', () => {
  it('counts places listed as the forces inspected', () => {
    const ids = findForceMentions('The forces inspected were Dyfed-Powys, Humberside, the Met and West Yorkshire.').filter((m) => m.kind !== 'bare').map((m) => m.force);
    expect(ids).toEqual(['dyfed-powys', 'humberside', 'metropolitan', 'west-yorkshire']);
  });

  it('reads an elliptical second grade ("judged X to be good, and Y adequate")', () => {
    const result = article('Kent Police child protection inspection', [
      'HMICFRS published its national child protection inspection of Kent Police today.',
      'Inspectors judged its leadership and its work with safeguarding partners to be good, and its initial response and its investigations adequate.',
    ]);
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`).sort()).toEqual([
      'initial-response:adequate', 'investigation:adequate', 'leadership:good', 'partnership-working:good',
    ]);
  });

  it('tells efficiency from effectiveness by the adverb, not the mission statement', () => {
    const result = article('Dorset Police efficiency', [
      'Dorset Police has been judged good at how efficiently it keeps people safe and reduces crime, Her Majesty’s Inspectorate of Constabulary said in its PEEL report.',
    ], '2016-11-03T09:00:00Z');
    expect(result.grades.map((grade) => `${grade.area}:${grade.grade}`)).toEqual(['efficiency:good']);
  });

  it('follows a single-quoted quotation over paragraphs', () => {
    const result = article('Essex Police inspection', [
      'HMICFRS inspected Essex Police.',
      "PCC Morwen Tresize said: ‘I have been saying for two years that the force must answer calls faster.",
      '‘I will hold the chief constable to account for every one of these findings.’',
    ]);
    expect(result.quotes.map((quote) => quote.speaker)).toEqual(['Morwen Tresize', 'Morwen Tresize']);
  });

  it('attributes a statement to the organisation that made it', () => {
    const result = article('Burglary inspection', [
      'HMICFRS published a thematic inspection of burglary across six police forces in England and Wales.',
      'A Home Office spokesperson said: "Every victim should have an officer visit their home after a burglary."',
      'In a statement, the Met said: “We accept the findings and will act on them this year.”',
    ]);
    expect(result.quotes.map((quote) => quote.speaker)).toEqual(['Home Office', 'Metropolitan Police Service']);
    expect(result.officials).toEqual([]);
  });
});

describe('text helpers', () => {
  it('reads numbers in words', () => {
    expect([parseNumber('nine'), parseNumber('thirty-eight'), parseNumber('74'), parseNumber('many')]).toEqual([9, 38, 74, null]);
  });
  it('does not split after titles', () => {
    expect(splitSentences('Det. Supt. Jones spoke. Then Mr. Smith left.').map((sentence) => sentence.text)).toEqual(['Det. Supt. Jones spoke.', 'Then Mr. Smith left.']);
  });
});

describe('hostile text', () => {
  // Each of these made a naive regex backtrack for seconds; extraction must stay linear.
  it.each([
    ['quote marks', '“'.repeat(50_000)],
    ['capitalised words', 'Aaa Bbb '.repeat(20_000)],
    ['grade words', 'good good adequate requires improvement '.repeat(10_000)],
    ['numbers and cases', '12 of 34 cases were good and '.repeat(5_000)],
    ['commas', `${'x, '.repeat(50_000)}said`],
  ])('%s', (_name, text) => {
    const result = article('Kent Police inspection', [text.slice(0, 200_000)]);
    expect(result.schema).toBe(1);
  });
});

describe('deeply nested pages', () => {
  it('flattens nesting beyond the limit, keeping the text, and leaves ordinary pages alone', async () => {
    const { flattenDeepNesting, readPage } = await import('../../src/ingest/page-reader.js');
    const ordinary = '<html><body><!-- c --><article><p>Text <b>bold</b><br/></p></article></body></html>';
    expect(flattenDeepNesting(ordinary)).toBe(ordinary);
    const deep = `<html><body><article><p>${'Kent Police was rated good at preventing crime by the inspectorate. '.repeat(8)}</p></article>${'<div><span>'.repeat(2_500)}deep text${'</span></div>'.repeat(2_500)}</body></html>`;
    const flattened = flattenDeepNesting(deep);
    expect(flattened).toContain('deep text');
    expect((flattened.match(/<div>/g) ?? []).length).toBeLessThan(100);
    const page = readPage(deep, 'https://news.example/deep');
    expect(page.paragraphs.join(' ')).toContain('Kent Police was rated good');
  });
});

describe('an office with its area or body before the name', () => {
  const people = (paragraphs: string[]) =>
    article('Kent Police inspection', ['Kent Police was inspected by His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services.', ...paragraphs]).officials.map((o) => [o.name, o.role]);
  it.each([
    ['“It is a credit to officers,” said the Police and Crime Commissioner for Kent, Dafydd Rhys-Pemberton.', ['Dafydd Rhys-Pemberton', 'Police and Crime Commissioner']],
    ['The acting Commissioner of the Metropolitan Police, Sir Anthony Whitlow, said the force would learn from it.', ['Anthony Whitlow', 'Acting Commissioner of the Metropolitan Police']],
    ['The Deputy Mayor for Policing, Fire and Crime for York and North Yorkshire, Leonie Salt, said she welcomed it.', ['Leonie Salt', 'Deputy Mayor for Policing, Fire and Crime']],
  ])('%s', (sentence, expected) => expect(people([sentence])).toContainEqual(expected));
});

describe('names', () => {
  it('keeps lower-case particles inside a name, and a professor without another role is a Professor', () => {
    const result = article('Gwent Police leaves enhanced monitoring', [
      'HMICFRS said Gwent Police had left its enhanced monitoring process.',
      'Chief Constable Rhodri ap Iorwerth said: “Leaving Engage is not the finish line for this force.”',
      'Professor Hamish Urquhart said the change was “a sign that the force has steadied itself at last”.',
    ]);
    expect(result.officials.map((official) => [official.name, official.role])).toEqual([
      ['Rhodri ap Iorwerth', 'Chief Constable'],
      ['Hamish Urquhart', 'Professor'],
    ]);
    expect(result.quotes.map((quote) => quote.speaker)).toEqual(['Rhodri ap Iorwerth', 'Hamish Urquhart']);
  });
});

describe('grades: phrasings found by corpora g and h', () => {

  it('takes a grade from the body before the headline, which compresses', () => {
    const result = article('Kent Police outstanding on offender management, told to improve investigations', [
      PEEL_LEAD,
      'The force was rated outstanding for managing offenders and requires improvement for investigating crime.',
    ]);
    expect(graded(result)).toEqual(['kent:investigating-crime:requires-improvement', 'kent:managing-offenders:outstanding']);
  });

  it('does not read "good to" as a grade unless a verb of grading comes first', () => {
    const result = article('Kent Police PEEL report', [PEEL_LEAD, 'The chief constable said: “It is good to see our officers’ use of stop and search recognised by the report.”']);
    expect(result.grades).toEqual([]);
  });

  it.each([
    'The report comes a year after the force’s last PEEL inspection, in which it was rated adequate for protecting vulnerable people.',
    'When inspectors last graded the force in 2021, it was good at responding to the public.',
    'Its investigations of crime were poor this time, although they were judged good only two years ago.',
  ])('leaves the grade of an earlier report: %s', (sentence) => {
    expect(article('Kent Police PEEL report', [PEEL_LEAD, sentence]).grades).toEqual([]);
  });

  it('carries "Inspectors said it …" and "That was rated …" back to the area before, across a paragraph break', () => {
    const result = article('Kent Police child protection inspection', [
      CP_LEAD,
      'Much of the report is about the leadership of its child protection work.',
      'Inspectors said it required improvement.',
      'The way the force works alongside councils and schools was a brighter spot. That was rated good.',
    ]);
    expect(graded(result)).toEqual(['kent:leadership:requires-improvement', 'kent:partnership-working:good']);
  });

  it('carries "that part of its work is" and "that grade has slipped to" back to the area before', () => {
    const result = article('Kent Police PEEL report', [
      PEEL_LEAD,
      'Callers to 101 wait too long, and the report looks hard at how the force answers calls from the public.',
      'Inspectors say that part of its work is inadequate.',
      'Kent used to lead the region in managing offenders. This year that grade has slipped to adequate.',
    ]);
    expect(graded(result)).toEqual(['kent:managing-offenders:adequate', 'kent:responding-to-public:inadequate']);
  });

  it('reads areas listed between dashes, "was praised and rated", "grading both as", and "placed … at"', () => {
    const result = article('Kent Police PEEL report', [
      PEEL_LEAD,
      'The other three – how it uses its powers, managing offenders and supporting its workforce – were adequate.',
      'Its work against serious and organised crime was praised and rated good.',
      'Inspectors singled out preventing crime and responding to the public, grading both as outstanding.',
      'The report placed investigating crime and protecting vulnerable people at requires improvement.',
    ]);
    expect(graded(result)).toEqual([
      'kent:investigating-crime:requires-improvement', 'kent:managing-offenders:adequate', 'kent:police-powers-public-treatment:adequate',
      'kent:preventing-crime:outstanding', 'kent:protecting-vulnerable-people:requires-improvement', 'kent:responding-to-public:outstanding',
      'kent:serious-organised-crime:good', 'kent:workforce:adequate',
    ]);
  });

  it('stops a grade at ", and has …", a clause of its own', () => {
    const result = article('Kent Police PEEL report', [PEEL_LEAD, 'The force is now rated good for managing offenders, and has climbed out of the lowest grade for investigating crime.']);
    expect(graded(result)).toEqual(['kent:managing-offenders:good']);
  });

  it('gives a second clause about another force the areas of the first ("…, while Y was rated good")', () => {
    const result = article('Kent Police PEEL report', [
      PEEL_LEAD,
      'By comparison, Essex Police was rated inadequate for responding to the public, while Sussex Police was judged good in the same area.',
    ]);
    expect(graded(result)).toEqual(['essex:responding-to-public:inadequate', 'sussex:responding-to-public:good']);
  });

  it('takes the subject outside a relative clause that names another force', () => {
    const result = article('Kent Police PEEL report', [PEEL_LEAD, 'Essex Police, which borders Kent, was rated good for investigating crime.']);
    expect(graded(result)).toEqual(['essex:investigating-crime:good']);
  });

  it('gives the grade to every force before ", both of which were rated"', () => {
    const result = article('Kent Police child protection inspection', [
      CP_LEAD,
      'The report follows inspections of Essex Police and Sussex Police last spring, both of which were rated good for their initial response to children.',
    ]);
    expect(graded(result)).toEqual(['essex:initial-response:good', 'sussex:initial-response:good']);
  });

  it('in a report on one pillar, grades named forces and list lines with that pillar', () => {
    const result = article('Efficiency league table for the north', [
      'HMIC’s PEEL efficiency report on forces in the north was published today.',
      'Durham Constabulary — outstanding',
      'Cleveland Police: requires improvement',
      'Cumbria Constabulary, which covers the Lake District, was also rated good.',
    ], '2016-11-03T09:00:00Z');
    expect(graded(result)).toEqual(['cleveland:efficiency:requires-improvement', 'cumbria:efficiency:good', 'durham:efficiency:outstanding']);
  });

  it('takes the area a pointer in the same sentence refers back to ("…, and this area was judged …")', () => {
    const result = article('Kent Police child protection inspection', [
      CP_LEAD,
      'The report found that risk assessments made when children are referred to social care were weak, and this area was judged to require improvement.',
      'Kent Police will clear its backlog of child abuse investigations by summer, after inspectors rated that part of its work inadequate.',
    ]);
    expect(graded(result)).toEqual(['kent:investigation:inadequate', 'kent:risk-assessment-referral:requires-improvement']);
  });

  it('keeps to the report’s own framework: no child protection topic in a PEEL story, no PEEL area in a child protection one', () => {
    const peel = article('Kent Police PEEL report', [PEEL_LEAD, 'Inspectors judged the force good at protecting vulnerable people, including its work with partners to support victims of domestic abuse.']);
    expect(graded(peel)).toEqual(['kent:protecting-vulnerable-people:good']);
    const cp = article('Kent Police child protection inspection', [CP_LEAD, 'Its partnership working was rated good.', 'Separately, the force was rated adequate for protecting vulnerable people.']);
    expect(graded(cp)).toEqual(['kent:partnership-working:good']);
  });

  it('reads a qualifier between commas before "as <grade>", and "gave the same grade to <force>"', () => {
    const cp = article('Kent Police child protection inspection', [CP_LEAD, 'Inspectors graded the force’s work with partners, including schools and the county’s health trusts, as good.']);
    expect(graded(cp)).toEqual(['kent:partnership-working:good']);
    const peel = article('Kent Police PEEL report', [PEEL_LEAD, 'Inspectors graded Kent Police adequate for tackling serious and organised crime and gave the same grade to Essex Police.']);
    expect(graded(peel)).toEqual(['essex:serious-organised-crime:adequate', 'kent:serious-organised-crime:adequate']);
  });

  it('reads "X, an area it rated good, and …" backwards, and "A and B were both told they require improvement"', () => {
    const result = article('Kent Police PEEL report', [
      PEEL_LEAD,
      'Inspectors said the force had got better at investigating crime, an area it rated good, and still worked hard to prevent crime.',
      'Kent Police was rated adequate for responding to the public, while Essex Police and Sussex Police were both told they require improvement.',
    ]);
    expect(graded(result)).toEqual(['essex:responding-to-public:requires-improvement', 'kent:investigating-crime:good', 'kent:responding-to-public:adequate', 'sussex:responding-to-public:requires-improvement']);
  });

  it('gives no grades for a joint custody inspection, which is not graded', () => {
    const result = article('Kent Police custody inspection', [
      'HM Inspectorate of Prisons and HMICFRS published their joint inspection of police custody in Kent.',
      'Custody inspections are not graded, but risk assessments of detainees at booking-in were described as good.',
    ]);
    expect(result.inspectionType).toBe('custody');
    expect(result.grades).toEqual([]);
  });

  it('reads "keeping people safe and reducing crime within its budget" as efficiency', () => {
    const result = article('Cleveland Police efficiency', ['Cleveland Police is good at keeping people safe and reducing crime within its budget, HMIC said in its PEEL report.'], '2016-11-03T09:00:00Z');
    expect(graded(result)).toEqual(['cleveland:efficiency:good']);
  });

  it('reads two areas, one a long phrase, before "were both found to require improvement"', () => {
    const result = article('Kent Police child protection inspection', [
      CP_LEAD,
      'Leadership of the force’s child protection work, and the way it assesses risk and refers children to other agencies, were both found to require improvement.',
    ]);
    expect(graded(result)).toEqual(['kent:leadership:requires-improvement', 'kent:risk-assessment-referral:requires-improvement']);
  });

  it('gives "was given the same rating" the grade of the sentence before', () => {
    const result = article('Kent Police child protection inspection', [CP_LEAD, 'Inspectors graded the force’s investigations as requiring improvement. Its leadership of child protection was given the same rating.']);
    expect(graded(result)).toEqual(['kent:investigation:requires-improvement', 'kent:leadership:requires-improvement']);
  });

  it('shares a grade with ", and so was X" and "; so does X"', () => {
    const result = article('Kent Police child protection inspection', [
      CP_LEAD,
      'Its initial response to children was judged to require improvement, and so was its investigation of abuse.',
      'Partnership working requires improvement; so does the way officers assess risk, in the report’s words.',
    ]);
    expect(graded(result)).toEqual([
      'kent:initial-response:requires-improvement', 'kent:investigation:requires-improvement', 'kent:partnership-working:requires-improvement', 'kent:risk-assessment-referral:requires-improvement',
    ]);
  });

  it('gives an area the grade it changed to within the sentence, not the one it changed from', () => {
    const result = article('Kent Police PEEL report', [PEEL_LEAD, 'Investigating crime, judged inadequate in 2022, has moved up to requires improvement.']);
    expect(graded(result)).toEqual(['kent:investigating-crime:requires-improvement']);
  });

  it('knows the one pillar a lead names without calling it a report', () => {
    const result = article('HMIC efficiency: Cleveland holds its ground', [
      'Cleveland Police was graded good for efficiency by Her Majesty’s Inspectorate of Constabulary.',
      'Durham Constabulary — outstanding',
    ], '2015-10-20T09:00:00Z');
    expect(graded(result)).toEqual(['cleveland:efficiency:good', 'durham:efficiency:outstanding']);
  });

  it('in an inspection of vetting named only in passing, grades forces with the topic', () => {
    const result = article('Vetting renewals late at two Welsh forces', [
      'Hundreds of officers in Gwent and Dyfed-Powys had their vetting renewed late, a watchdog has found.',
      'The joint unit run by Gwent Police and Dyfed-Powys Police was inspected last year.',
      'Gwent was judged to require improvement, while Dyfed-Powys was rated adequate.',
    ]);
    expect(result.inspectionType).toBe('other');
    expect(graded(result)).toEqual(['dyfed-powys:other:adequate', 'gwent:other:requires-improvement']);
  });

  it('knows a standalone vetting inspection: type other, its grades of the topic', () => {
    const result = article('Vetting backlog at Gwent Police', [
      'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services has published its inspection of vetting and counter-corruption in Gwent Police.',
      'Gwent Police was judged to require improvement.',
    ]);
    expect(result.inspectionType).toBe('other');
    expect(graded(result)).toEqual(['gwent:other:requires-improvement']);
  });

  it('takes the force of a commissioner whose statement never names it', () => {
    const result = article('Commissioner welcomes report', [
      'Wiltshire Police and Crime Commissioner Ffion Marlow has welcomed today’s PEEL inspection report, which found the force to be good at preventing crime.',
    ]);
    expect(result.forces.primary).toEqual(['wiltshire']);
    expect(result.inspectionType).toBe('peel');
    expect(graded(result)).toEqual(['wiltshire:preventing-crime:good']);
  });

  it('reads the inspectorate’s grade scale applied to a force in the lead as an inspection', () => {
    const result = article('Vetting delays criticised', ['Durham Constabulary has been told it requires improvement in how it vets its officers and staff.']);
    expect(result.relevant).toBe(true);
  });

  it.each([
    ['Kent Police was judged good for police powers and its treatment of the public.', 'police-powers-public-treatment'],
    ['Kent Police was judged good for its workforce.', 'workforce'],
    ['Kent Police is good at responding when people call for help.', 'responding-to-public'],
    ['Kent Police is good at stopping crime from happening.', 'preventing-crime'],
  ])('knows the PEEL area in: %s', (sentence, area) => {
    expect(article('Kent Police PEEL report', [PEEL_LEAD, sentence]).grades.map((grade) => grade.area)).toEqual([area]);
  });

  it.each([
    ['The way the force first responds to children at risk was judged to require improvement.', 'initial-response'],
    ['It was rated good for the way its senior officers lead and manage child protection.', 'leadership'],
    ['It was adequate for both partnership working and risk assessment.', 'partnership-working,risk-assessment-referral'],
    ['Investigations of child abuse, neglect and exploitation also require improvement.', 'investigation'],
    ['It was rated good for the way it works alongside partner agencies.', 'partnership-working'],
  ])('knows the child protection area in: %s', (sentence, areas) => {
    expect(article('Kent Police child protection inspection', [CP_LEAD, sentence]).grades.map((grade) => grade.area).join(',')).toBe(areas);
  });
});

describe('case audits: phrasings found by corpora g and h', () => {
  const audits = (paragraphs: string[]) =>
    article('Kent Police child protection inspection', ['His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services published its child protection inspection of Kent Police.', ...paragraphs]).caseAudits;

  it('reads counts over the three short sentences after the total, "needed improvement" among them', () => {
    expect(audits(['Inspectors examined 52 cases. Only 9 were handled well enough to be called good. 25 needed improvement. 18 were inadequate.'])).toEqual([
      { force: 'kent', total: 52, good: 9, 'requires-improvement': 25, inadequate: 18 },
    ]);
  });

  it('reads "were still judged" and a second total named by its force ("of the 30 from Essex Police")', () => {
    expect(audits(['Of the 44 Kent Police cases audited, 20 were judged good and six were still judged inadequate; of the 30 from Essex Police, 11 were good.'])).toEqual([
      { force: 'kent', total: 44, good: 20, inadequate: 6 },
      { force: 'essex', total: 30, good: 11 },
    ]);
  });
});

describe('phrasings found by corpus-i', () => {

  it('reads grade headings with a preposition or a count ("Good at: A; B", "good on three: A; B; and C")', () => {
    const result = article('Kent Police PEEL report', [
      PEEL_LEAD,
      'Good at: preventing crime and antisocial behaviour; managing offenders and suspects.',
      'Of the other areas, the force was adequate on two: investigating crime; and responding to the public.',
    ]);
    expect(graded(result)).toEqual(['kent:investigating-crime:adequate', 'kent:managing-offenders:good', 'kent:preventing-crime:good', 'kent:responding-to-public:adequate']);
  });

  it('gives a grade whose areas are listed after it ("in four other areas. Those were …", "in three areas:" and bullets)', () => {
    const result = article('Kent Police PEEL report', [
      PEEL_LEAD,
      'The report also said the force required improvement in two other areas. Those were investigating crime and protecting vulnerable people.',
      'The force was graded good in two areas:',
      '• preventing crime',
      '• managing offenders',
      'Kent Police was rated adequate for the rest.',
    ]);
    expect(graded(result)).toEqual(['kent:investigating-crime:requires-improvement', 'kent:managing-offenders:good', 'kent:preventing-crime:good', 'kent:protecting-vulnerable-people:requires-improvement']);
  });

  it('reads "So was X." as the grade of the sentence before', () => {
    const result = article('Kent Police child protection inspection', [CP_LEAD, 'Its investigation of child abuse was rated as requiring improvement. So was its first response to children at risk.']);
    expect(graded(result)).toEqual(['kent:initial-response:requires-improvement', 'kent:investigation:requires-improvement']);
  });

  it('carries "That part of its work requires improvement" and "requires improvement in that area" back, counting only the report’s own areas', () => {
    const result = article('Kent Police PEEL report', [
      PEEL_LEAD,
      'The force has been told the way it deals with calls from the public is too slow.',
      'That part of its work requires improvement.',
      'Inspectors said it must get better at protecting vulnerable people, after officers failed to assess the risk to some victims.',
      'The force is inadequate in that area, the report says.',
    ]);
    expect(graded(result)).toEqual(['kent:protecting-vulnerable-people:inadequate', 'kent:responding-to-public:requires-improvement']);
  });

  it('reads "came out adequate", "…, which requires improvement" and a semicolon list of "area, grade"', () => {
    const result = article('Kent Police child protection inspection', [
      CP_LEAD,
      'Risk assessment and referral came out adequate, and the weakest judgment was for investigation, which requires improvement.',
      'It rated leadership as good; partnership working, outstanding; and initial response, adequate.',
    ]);
    expect(graded(result)).toEqual([
      'kent:initial-response:adequate', 'kent:investigation:requires-improvement', 'kent:leadership:good', 'kent:partnership-working:outstanding', 'kent:risk-assessment-referral:adequate',
    ]);
  });

  it('leaves the grades of an earlier report named at the start of the sentence', () => {
    const result = article('Kent Police child protection review', [
      'HMICFRS has published a post-inspection review of child protection at Kent Police.',
      'In its March 2024 national child protection inspection, HMICFRS graded the force inadequate for its investigation of child abuse.',
      'In the force’s previous inspection, its initial response to children was rated adequate.',
    ], '2025-11-20T09:00:00Z');
    expect(result.grades).toEqual([]);
    expect(result.reinspection).toBe(true);
  });

  it('reads an HMIC effectiveness report’s question names and "the overall effectiveness grade of good"', () => {
    const result = article('Staffordshire Police effectiveness', [
      'Her Majesty’s Inspectorate of Constabulary published its PEEL effectiveness report on Staffordshire Police.',
      'The force’s overall effectiveness grade of good hides a mixed picture.',
      'Investigating crime and reducing re-offending – requires improvement',
      'Protecting vulnerable people and supporting victims – good',
    ], '2016-03-03T09:00:00Z');
    expect(graded(result)).toEqual(['staffordshire:effectiveness:good', 'staffordshire:investigating-crime:requires-improvement', 'staffordshire:protecting-vulnerable-people:good']);
  });

  it('reads the areas "deals with calls from the public" and "answers and responds to calls"', () => {
    const result = article('Kent Police PEEL report', [PEEL_LEAD, 'Inspectors rated the way it answers and responds to calls from the public as good.']);
    expect(graded(result)).toEqual(['kent:responding-to-public:good']);
  });

  it('reads case-audit counts listed as lines after "out of 62 cases:"', () => {
    const result = article('Kent Police child protection inspection', [CP_LEAD, 'Inspectors also audited case files. Their findings, out of 62 cases:', '– good: 24', '– requires improvement: 27', '– inadequate: 11']);
    expect(result.caseAudits).toEqual([{ force: 'kent', total: 62, good: 24, 'requires-improvement': 27, inadequate: 11 }]);
  });

  it('knows a returning inspection from "went back in to check"', () => {
    const result = article('Kent Police safer for children', ['Kent Police has changed the way it protects children, according to inspectors who went back in to check on it.'], '2025-11-20T09:00:00Z');
    expect(result.reinspection).toBe(true);
  });

  it('reads people: a role given after the full name in the same paragraph, a lead inspector, a research fellow, an apology', () => {
    const officials = (paragraphs: string[]) => article('Kent Police inspection', ['Kent Police was inspected by HMICFRS.', ...paragraphs]).officials.map((o) => `${o.name}: ${o.role}`);
    expect(officials(['The report was “a fair one for our county”, said Leontyne Harrowgate. Ms Harrowgate, who became the force’s chief constable in 2023, added: “We will act.”'])).toEqual(['Leontyne Harrowgate: Chief Constable']);
    expect(officials(['Lead inspector Emrys Pengelly, of HM Inspectorate of Prisons, said: “The staff we met were caring and professional.”'])).toEqual(['Emrys Pengelly: Lead inspector']);
    expect(officials(['Dr Tamar Eskdale, a senior research fellow at the Weald Institute, said the grades were fair.'])).toEqual(['Tamar Eskdale: Senior research fellow']);
    expect(officials(['The chief constable, Ruaridh Penhallow, has apologised publicly for the delays.'])).toEqual(['Ruaridh Penhallow: Chief Constable']);
  });
});

describe('report kinds found by corpora g to i', () => {
  it('knows a child protection re-inspection by a child at risk, or abuse, neglect and exploitation', () => {
    const result = article('Kent Police re-inspection: progress, but not enough', [
      'Yesterday’s re-inspection report on Kent Police shows the force has changed how it deals with a child at risk of exploitation.',
      'Investigating abuse, neglect and exploitation remains the weakest part of its work.',
    ]);
    expect(result.inspectionType).toBe('child-protection');
  });

  it('reads a report on a topic whose opening names no force as national, with the forces named later as examples', () => {
    const result = article('Inspectorate report on car theft and shop theft: what retailers should know', [
      'The policing inspectorate’s report on shop theft landed yesterday, with something to welcome for retailers.',
      'Investigators too often failed to collect CCTV, inspectors found.',
      'Kent Police was praised for its business crime officers, and Kent Police’s rural team for visiting farm shops.',
    ]);
    expect(result.relevant).toBe(true);
    expect(result.forces).toEqual({ primary: [], mentioned: ['kent'] });
    expect(result.inspectionType).toBe('thematic');
  });

  it('counts "the inspectorate" of a report on a policing topic as the police inspectorate', () => {
    const result = article('The burglary report: the call that never came', [
      'When the inspectorate published its report on burglary last week, one finding stood out: victims rarely hear from the police again.',
      'The report covered Essex Police, among others.',
    ]);
    expect(result.relevant).toBe(true);
    expect(result.forces.primary).toEqual([]);
  });
});

describe('phrasings found by corpus-j', () => {
  it('lets a grade the area now has replace the old one read earlier ("is now adequate", "improved to")', () => {
    const result = article('Kent Police no longer ‘inadequate’ on child protection', [
      'HMICFRS has re-inspected child protection at Kent Police.',
      'A year ago the force’s initial response to children at risk and its investigation of child abuse were both rated inadequate by inspectors at the original inspection.',
      'In its first report the initial response was rated inadequate.',
      'The re-inspection found the initial response is now adequate, while investigations have improved to requires improvement.',
    ]);
    expect(graded(result)).toEqual(['kent:initial-response:adequate', 'kent:investigation:requires-improvement']);
  });

  it('reads "no longer inadequate" as no grade', () => {
    expect(article('Kent Police no longer ‘inadequate’ on child protection, inspectors find', [CP_LEAD]).grades).toEqual([]);
  });

  it('reads a grade alone as the answer to the question before it', () => {
    const result = article('Durham Constabulary effectiveness', [
      'Her Majesty’s Inspectorate of Constabulary published its PEEL effectiveness report on Durham Constabulary.',
      'How effective is the force at investigating crime and reducing re-offending? Requires improvement',
      'How effective is the force at protecting from harm those who are vulnerable, and supporting victims? Good',
      'Overall effectiveness judgment: Good',
    ], '2016-02-18T09:00:00Z');
    expect(graded(result)).toEqual(['durham:effectiveness:good', 'durham:investigating-crime:requires-improvement', 'durham:protecting-vulnerable-people:good']);
  });

  it('in a one-pillar report, grades "inspectors now rating the force good" with the pillar named in the sentence, and not an earlier assessment', () => {
    const result = article('County police climb a grade', [
      'Durham Constabulary has climbed a grade in the national assessment of police effectiveness, with inspectors now rating the force good.',
      'HMIC had rated the force requires improvement in its previous effectiveness assessment, published in 2014.',
    ], '2016-02-18T09:00:00Z');
    expect(graded(result)).toEqual(['durham:effectiveness:good']);
  });

  it('gives "The report states:" and "…,” the inspectorate said." quotations to the inspectorate', () => {
    const result = article('Kent Police inspection', [
      'HMICFRS published its report on Kent Police.',
      'The report states: “In several cases officers wrote that children were safe without having seen them.”',
      '"Too many victims are let down before an investigation has even started," the inspectorate said in its report.',
      'The report does praise the force’s leaders: “Senior leaders have made crime recording a priority for every team.”',
    ]);
    expect(result.quotes.map((quote) => quote.speaker)).toEqual(['HMICFRS', 'HMICFRS', 'HMICFRS']);
  });

  it('reads people with letters after the name, Met ranks, a place before the office, and a role run into a title', () => {
    const officials = (paragraphs: string[]) => article('Kent Police inspection', ['Kent Police was inspected by HMICFRS.', ...paragraphs]).officials.map((o) => `${o.name}: ${o.role}`);
    expect(officials(['Tobias Marwood AM, Chair of the London Assembly Police and Crime Committee, has responded to the report.'])).toEqual(['Tobias Marwood: Chair']);
    expect(officials(['DAC Ines Brackley said the grade was fair.', 'Cmdr Osric Pell, who leads public protection, said more detectives were coming.'])).toEqual([
      'Ines Brackley: Deputy Assistant Commissioner', 'Osric Pell: Commander',
    ]);
    expect(officials(['Its Kent chair, Hamish Lowrie, said officers were “running on empty” after a summer of cancelled leave.'])).toEqual(['Hamish Lowrie: Chair']);
    expect(officials(['Council leader Cllr Winifred Ashgrove said: “This is a good budget in hard times.”'])).toEqual(['Winifred Ashgrove: Leader']);
  });

  it('counts "25 had been handled well enough to be rated good" towards a case audit', () => {
    const result = article('Kent Police child protection inspection', [CP_LEAD, 'Inspectors looked at 72 cases and found that 25 had been handled well enough to be rated good.']);
    expect(result.caseAudits).toEqual([{ force: 'kent', total: 72, good: 25 }]);
  });
});

describe('phrasings found by corpora k and l', () => {
  it('reads a table with a column per force ("Area | Kent | Essex")', () => {
    const result = article('Kent and Essex joint PEEL report', [
      'His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services published its joint PEEL report on Kent Police and Essex Police.',
      'Area | Kent | Essex',
      'Preventing crime | Good | Adequate',
      'Responding to the public | Requires improvement | Good',
    ]);
    expect(graded(result)).toEqual(['essex:preventing-crime:adequate', 'essex:responding-to-public:good', 'kent:preventing-crime:good', 'kent:responding-to-public:requires-improvement']);
  });

  it('reads areas set off by dashes after "in N areas", graded before or after them', () => {
    const result = article('Kent Police PEEL report', [
      PEEL_LEAD,
      'In three areas — preventing crime, managing offenders, and the way it looks after its staff — Kent Police was rated good, and in the remaining two — investigating crime and protecting vulnerable people — it was judged adequate.',
    ]);
    expect(graded(result)).toEqual(['kent:investigating-crime:adequate', 'kent:managing-offenders:good', 'kent:preventing-crime:good', 'kent:protecting-vulnerable-people:adequate', 'kent:workforce:good']);
    const before = article('Kent Police PEEL report', [PEEL_LEAD, 'The force was rated good in two areas – responding to the public and managing offenders – and adequate in one: investigating crime.']);
    expect(graded(before)).toEqual(['kent:investigating-crime:adequate', 'kent:managing-offenders:good', 'kent:responding-to-public:good']);
  });

  it('takes a force named between an area and its verb as the subject, and a parenthetical "however"', () => {
    const result = article('Kent Police PEEL report', [
      PEEL_LEAD,
      'On investigating crime, Kent Police and Essex Police were both rated adequate, and Sussex Police was rated good.',
      'Protecting vulnerable people, however, requires improvement, the report said.',
    ]);
    expect(graded(result)).toEqual(['essex:investigating-crime:adequate', 'kent:investigating-crime:adequate', 'kent:protecting-vulnerable-people:requires-improvement', 'sussex:investigating-crime:good']);
  });

  it('reads a table set out in spaces ("Leadership   Good"), and "They rated it …"', () => {
    const result = article('Kent Police child protection inspection', [CP_LEAD, 'Leadership                    Good', 'Partnership working           Outstanding', 'The report looked hard at its investigation of child abuse. They rated it requires improvement.']);
    expect(graded(result)).toEqual(['kent:investigation:requires-improvement', 'kent:leadership:good', 'kent:partnership-working:outstanding']);
  });

  it('does not read a negated grade ("was not rated inadequate in any area", "the ‘no inadequate’ club")', () => {
    const result = article('Kent Police joins the ‘no inadequate’ club', [PEEL_LEAD, 'Kent Police was not rated inadequate in any area, nearly five years after its crime recording failures.']);
    expect(result.grades).toEqual([]);
  });

  it('drops pillar grades from a PEEL story of the area-graded years, and a grade dated "in 2017, when"', () => {
    const result = article('Kent Police PEEL report', [PEEL_LEAD, 'The grades cannot be compared with those from 2017, when the force was rated inadequate for effectiveness.', 'Kent Police was rated good for preventing crime.'], '2022-07-14T09:00:00Z');
    expect(graded(result)).toEqual(['kent:preventing-crime:good']);
  });

  it('knows the areas "shares information with social services", "work with councils, schools and the NHS", "the front door", "keeps tabs on sex offenders"', () => {
    const cp = article('Kent Police child protection inspection', [
      CP_LEAD,
      'Inspectors judged the force’s work with councils, schools and the NHS to be outstanding.',
      'They said what they called the front door — where a call about a child is first dealt with — requires improvement.',
      'The way it shares information with social services was graded good.',
    ]);
    expect(graded(cp)).toEqual(['kent:initial-response:requires-improvement', 'kent:partnership-working:outstanding']);
    expect(graded(article('Kent Police child protection inspection', [CP_LEAD, 'The way it shares information with social services was graded good.']))).toEqual(['kent:partnership-working:good']);
    const peel = article('Kent Police PEEL report', [PEEL_LEAD, 'Kent Police has been rated outstanding for the way it keeps tabs on sex offenders.', 'Its handling of organised crime gangs was also rated good.']);
    expect(graded(peel)).toEqual(['kent:managing-offenders:outstanding', 'kent:serious-organised-crime:good']);
  });

  it('gives bullets the grade of "good in N areas" only after a heading that ends in a colon', () => {
    const result = article('Kent Police PEEL report', [PEEL_LEAD, '• Kent Police is good in five further areas and adequate in two', '• Inspectors want quicker, better-supervised investigations']);
    expect(result.grades).toEqual([]);
  });
});

describe('people, quotes and report kinds found by corpora k and l', () => {
  const officials = (paragraphs: string[]) => article('Kent Police child protection inspection', [CP_LEAD, ...paragraphs]).officials.map((o) => `${o.name}: ${o.role}`);

  it('reads a director whose portfolio is a list, before or after the name, and "Ms Name is the council’s …"', () => {
    expect(officials(['The council’s Corporate Director for Children, Families and Libraries, Petronella Askwith, said the plan would be ready in March.'])).toEqual([
      'Petronella Askwith: Corporate Director for Children, Families and Libraries',
    ]);
    expect(officials(['Lorcan Ashdown said the council would help.', 'Mr Ashdown, the council’s Corporate Director for Children, Young People and Education, added that cases would be reviewed.'])).toEqual([
      'Lorcan Ashdown: Corporate Director for Children, Young People and Education',
    ]);
    expect(officials(['Tamsin Roskilly said: “We share the concern about missing children.”', 'Ms Roskilly is the council’s Strategic Director for Children and Families.'])).toEqual([
      'Tamsin Roskilly: Strategic Director for Children and Families',
    ]);
  });

  it('reads "Temporary Superintendent Name", a described role ending in "who …", and the commissioner’s title as the story writes it', () => {
    expect(officials(['Temporary Superintendent Ophelia Brankstone said training would follow.'])).toEqual(['Ophelia Brankstone: Temporary Superintendent']);
    expect(officials(['Dr Caspar Wenlock, a senior lecturer in social work at the University of Weald who has studied referrals, said the findings were fair.'])).toEqual(['Caspar Wenlock: Senior lecturer in social work']);
    expect(officials(['The Police, Crime and Victims’ Commissioner for the county welcomed the report.', 'Commissioner Rosamund Eldridge said the force must now answer calls faster.'])).toEqual([
      'Rosamund Eldridge: Police, Crime and Victims’ Commissioner',
    ]);
  });

  it('gives the report the quotation "according to the report" and "what the report calls …"', () => {
    const result = article('Kent Police PEEL report', [
      PEEL_LEAD,
      'Too many investigations "were closed without the victim being told why", according to the report.',
      'The force was left with what the report calls "a workforce shaped by the cuts rather than by demand".',
    ]);
    expect(result.quotes.map((quote) => quote.speaker)).toEqual(['HMICFRS', 'HMICFRS']);
  });

  it('reads cases "handled well" as good in a case audit', () => {
    expect(article('Kent Police child protection inspection', [CP_LEAD, 'Of 40 cases they examined, 22 were handled well, 12 required improvement and 6 were judged inadequate.']).caseAudits).toEqual([
      { force: 'kent', total: 40, good: 22, 'requires-improvement': 12, inadequate: 6 },
    ]);
  });

  it('knows a fire brigade’s inspection is not a police one, and forces "looked at together" as a joint report', () => {
    expect(article('Kent Fire Brigade good at preventing fires', ['Kent Fire Brigade has been rated good at preventing fires by His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services.']).relevant).toBe(false);
    const joint = article('Suffolk Police told to answer 101 calls faster', [
      'Suffolk’s police force has been told by inspectors it needs to answer calls more quickly.',
      'Inspectors looked at Suffolk Constabulary and Norfolk Constabulary together, because the two forces share many teams.',
    ]);
    expect(joint.forces.primary.sort()).toEqual(['norfolk', 'suffolk']);
  });
});

describe('phrasings found by corpus-l', () => {
  it('reads a table of "Area ..... Grade" rows with dot leaders', () => {
    const result = article('Kent Police PEEL report', [PEEL_LEAD, 'Inspectors graded the force as follows:', 'Managing offenders and suspects ..... Outstanding', 'Recording data about crime ..... Good', 'Responding to the public ..... Requires improvement']);
    expect(graded(result)).toEqual(['kent:crime-data-integrity:good', 'kent:managing-offenders:outstanding', 'kent:responding-to-public:requires-improvement']);
  });
});

describe('phrasings found by corpus-n', () => {
  it('reads case audits with the grade before its share ("inadequate in seven of the ten cases"), "In five, …", "eight in which …", and the counts after "N of the M cases were good"', () => {
    const audits = (sentence: string) => article('Kent Police child protection inspection', [CP_LEAD, sentence]).caseAudits;
    expect(audits('Inspectors judged the police response inadequate in seven of the ten missing-from-home cases they reviewed.')).toEqual([{ force: 'kent', total: 10, inadequate: 7 }]);
    expect(audits('The report found inadequate practice in nineteen of the seventy-four child protection cases it looked at.')).toEqual([{ force: 'kent', total: 74, inadequate: 19 }]);
    expect(audits('Inspectors looked at eight cases in which a child had gone missing. In five, they judged the response inadequate.')).toEqual([{ force: 'kent', total: 8, inadequate: 5 }]);
    expect(audits('Inspectors audited 41 cases and found eight in which the handling was inadequate.')).toEqual([{ force: 'kent', total: 41, inadequate: 8 }]);
    expect(audits('Last year, twelve of the sixty cases were good, twenty-five required improvement and twenty-three were inadequate.')).toEqual([
      { force: 'kent', total: 60, good: 12, 'requires-improvement': 25, inadequate: 23 },
    ]);
  });

  it('reads the areas "responds when a child is first reported at risk", "senior leaders’ grip on child protection", "works alongside social workers", "joint work with the police"', () => {
    const result = article('Kent Police child protection inspection', [
      CP_LEAD,
      'The way the force responds when a child is first reported at risk was judged adequate.',
      'Its senior leaders’ grip on child protection was judged good too.',
      'The council said inspectors found its joint work with the police to be good.',
    ]);
    expect(graded(result)).toEqual(['kent:initial-response:adequate', 'kent:leadership:good', 'kent:partnership-working:good']);
    expect(graded(article('Kent Police child protection inspection', [CP_LEAD, 'The way the constabulary works alongside social workers, schools and health visitors is good.']))).toEqual(['kent:partnership-working:good']);
  });

  it('reads "the first response itself adequate" and leaves a sentence dated to an earlier year', () => {
    const result = article('Kent Police child protection review', [
      'HMICFRS has published a post-inspection review of child protection at Kent Police.',
      'In August 2024, the inspectorate reported that the force’s initial response to children at risk was inadequate.',
      'Inspectors found the first response itself adequate.',
    ], '2025-06-19T09:00:00Z');
    expect(graded(result)).toEqual(['kent:initial-response:adequate']);
  });
});

describe('phrasings found by corpus-m', () => {
  it('reads "Good grades also went to A, B and C", "was the single area to require improvement", and "how accurately we record crime"', () => {
    const result = article('Kent Police PEEL report', [
      PEEL_LEAD,
      'Good grades also went to prevention and to managing offenders.',
      'Investigating crime was the single area to require improvement.',
      'Two of them, how we respond to the public and how accurately we record crime, were graded inadequate.',
    ]);
    expect(graded(result)).toEqual([
      'kent:crime-data-integrity:inadequate', 'kent:investigating-crime:requires-improvement', 'kent:managing-offenders:good', 'kent:preventing-crime:good', 'kent:responding-to-public:inadequate',
    ]);
  });

  it('leaves a clause that opens on an earlier year, and takes "the same area" back within the sentence', () => {
    const result = article('Kent Police PEEL report', [PEEL_LEAD, 'In 2022 the force was graded inadequate for responding to the public; this week HMICFRS rated the same area good.'], '2026-03-19T09:00:00Z');
    expect(graded(result)).toEqual(['kent:responding-to-public:good']);
  });

  it('does not take a force named in an aside about the subject ("X, Y’s northern neighbour, was graded …")', () => {
    const result = article('Kent Police PEEL report', [PEEL_LEAD, 'Essex Police, Kent’s northern neighbour, was graded requires improvement for managing offenders.']);
    expect(graded(result)).toEqual(['essex:managing-offenders:requires-improvement']);
  });

  it('in an HMIC report on one pillar, gives no grade to the other pillars it describes', () => {
    const result = article('Kent police told to improve complaints handling', [
      'Kent Police was graded as requiring improvement in HMIC’s assessment of police legitimacy, one of the three pillars of its PEEL inspections, which also look at how effective and how efficient forces are.',
    ], '2016-02-11T09:00:00Z');
    expect(graded(result)).toEqual(['kent:legitimacy:requires-improvement']);
  });
});
