import { describe, expect, it } from 'vitest';
import { bands, hammingDistance, isNearDuplicate, NEAR_DUPLICATE_BITS, simhash, words } from '../../src/stories/fingerprint.js';

// A wire story about one report, about 380 words, as a regional daily would run it.
const WIRE_PARAGRAPHS = [
  'West Midlands Police has been told it must improve the way it protects children after an inspection found serious weaknesses in how officers respond to concerns raised by schools, doctors and social workers.',
  "His Majesty's Inspectorate of Constabulary and Fire and Rescue Services said the force was good at working with partner organisations and inadequate at assessing risk and making referrals.",
  'Inspectors examined 38 cases and found that officers attending incidents did not always speak to the children involved or record what they saw and heard at the scene.',
  'The report said supervisors were not reviewing investigations often enough and that some children had been left at risk of harm for longer than was necessary.',
  'In one case a teenager who had gone missing from home six times in a month was not referred to the local authority until a neighbour contacted the council directly.',
  "Inspectors also found that the force's specialist teams were carrying caseloads well above the level the force itself considered safe, and that training had lapsed during a restructure.",
  "However, the report praised the force's new multi-agency safeguarding hub, which it said was helping partners share information more quickly than before.",
  'Jen Mattinson, the assistant chief constable responsible for public protection, said the force accepted the findings in full and had already acted on several of them.',
  '"We are determined that every child who needs our help gets it quickly, and we have put more detectives into our child abuse teams since the inspection took place," she said.',
  '"We will not rest until the improvements are embedded across every part of the force, and we will be open with the public about our progress."',
  'The police and crime commissioner said she would hold the chief constable to account for delivering the improvements and would publish regular updates on her website.',
  'The inspectorate made eight recommendations and said it would return to the force within a year to check on progress against each of them.',
  "Children's charities welcomed the report but said it showed how much work remained to be done across the region to keep young people safe from exploitation.",
  'The force covers a population of almost three million people and employs more than seven thousand officers across its local policing areas.',
];
const WIRE = WIRE_PARAGRAPHS.join('\n');

// Another outlet's own account of the same report: same facts, its own words.
const OWN_ACCOUNT = [
  'Child protection work at the region\'s biggest force falls short, according to a watchdog report published on Thursday.',
  'The inspection graded West Midlands Police inadequate for the way it assesses risk to children and refers cases on to councils, though partnership working was rated good.',
  'Of the 38 case files inspectors looked at, many showed officers had failed to capture the voice of the child, the report says.',
  'Assistant Chief Constable Jen Mattinson told this paper that more detectives had been moved into child abuse investigation since the inspectors visited last spring.',
  'Campaigners in Birmingham said the findings echoed concerns families had raised for years, and called for an independent review of missing-from-home cases.',
  'The commissioner has promised quarterly reports on progress, the first of which is due before Easter.',
].join('\n');

// A different report altogether: a custody inspection of another force.
const OTHER_REPORT = [
  'Custody suites run by Cumbria Constabulary are safe and detainees are treated respectfully, an unannounced inspection has found.',
  'Inspectors from the police and prisons inspectorates visited suites in Carlisle, Workington and Barrow over two weeks in the summer.',
  'They found that healthcare was good and that detainees were offered a solicitor promptly, but that some cells were dirty and had graffiti on the walls.',
  'The force was told to improve the way it records the use of force on people in custody and to make sure strip searches are justified and recorded.',
  'Chief Superintendent Alan Reeve said the force was pleased that the report recognised the care shown by custody staff and would act on the recommendations.',
].join('\n');

describe('simhash', () => {
  it('is 16 hex digits, deterministic, and all zeros for a text too short to shingle', () => {
    expect(simhash(WIRE)).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash(WIRE)).toBe(simhash(WIRE));
    expect(simhash('two words')).toBe('0000000000000000');
  });

  it('ignores case, punctuation and accents', () => {
    expect(words('Café, CAFÉ — café!')).toEqual(['cafe', 'cafe', 'cafe']);
    expect(simhash(WIRE.toUpperCase().replace(/,/g, ' ;'))).toBe(simhash(WIRE));
  });

  it('matches a syndicated copy whose intro line was rewritten', () => {
    const intros = [
      'A police force has been told to improve how it protects children, a watchdog says.',
      "Inspectors have criticised the region's largest police force over its handling of child abuse cases, in a report published today.",
      'The way one of the country\'s biggest forces deals with vulnerable children has been found wanting.',
    ];
    for (const intro of intros) {
      const copy = [intro, ...WIRE_PARAGRAPHS.slice(1)].join('\n');
      expect(hammingDistance(simhash(WIRE), simhash(copy)), intro).toBeLessThanOrEqual(NEAR_DUPLICATE_BITS);
      expect(isNearDuplicate(simhash(WIRE), simhash(copy)), intro).toBe(true);
    }
  });

  it('matches a copy with an update line on top and the outlet\'s own sign-off below', () => {
    const copy = ['Updated 10:42 GMT', WIRE, 'Do you have a story for us? Email the newsdesk or call 0121 000 0000.'].join('\n');
    expect(isNearDuplicate(simhash(WIRE), simhash(copy))).toBe(true);
  });

  it('does not match different articles, about the same report or another one', () => {
    expect(isNearDuplicate(simhash(WIRE), simhash(OWN_ACCOUNT))).toBe(false);
    expect(isNearDuplicate(simhash(WIRE), simhash(OTHER_REPORT))).toBe(false);
    expect(hammingDistance(simhash(WIRE), simhash(OTHER_REPORT))).toBeGreaterThan(2 * NEAR_DUPLICATE_BITS);
  });

  it('never treats two empty fingerprints as duplicates', () => {
    expect(isNearDuplicate('0000000000000000', '0000000000000000')).toBe(false);
  });
});

describe('bands', () => {
  it('share at least one band between any two fingerprints within the near-duplicate distance', () => {
    const base = simhash(WIRE);
    // Flip NEAR_DUPLICATE_BITS bits spread over the hash, in several placements.
    for (let start = 0; start < 64; start += 5) {
      let value = BigInt(`0x${base}`);
      for (let flip = 0; flip < NEAR_DUPLICATE_BITS; flip += 1) value ^= 1n << BigInt((start + flip * 9) % 64);
      const near = value.toString(16).padStart(16, '0');
      expect(hammingDistance(base, near)).toBe(NEAR_DUPLICATE_BITS);
      const shared = bands(base).filter((band) => bands(near).includes(band));
      expect(shared.length, `flips from bit ${start}`).toBeGreaterThan(0);
    }
  });

  it('are distinct keys per band position', () => {
    const keys = bands('0000000000000000');
    expect(new Set(keys).size).toBe(keys.length);
  });
});
