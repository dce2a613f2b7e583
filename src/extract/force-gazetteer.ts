// The 48 forces of the contract: official name, the place names a force is called by, and the
// abbreviations newsrooms use. Full names ("<place> Police", "<place> Constabulary") identify a
// force on their own; a bare place name only ever refers back to a force named in full elsewhere,
// because on its own it is as likely to be a county, a council or a region.
import type { ForceId } from '../core/types.js';

export interface ForceEntry {
  id: ForceId;
  name: string;
  /** Place names that combine with Police / Constabulary / Police Service. */
  places: string[];
  /** Other full names, matched exactly (case-sensitive). */
  names: string[];
  /** Abbreviations and nicknames, matched case-sensitively as whole words. */
  abbreviations: string[];
}

const entry = (id: ForceId, name: string, places: string[], names: string[] = [], abbreviations: string[] = []): ForceEntry => ({
  id,
  name,
  places,
  names,
  abbreviations,
});

export const FORCES: readonly ForceEntry[] = [
  entry('avon-and-somerset', 'Avon and Somerset Police', ['Avon and Somerset', 'Avon & Somerset'], [], ['A&S', 'ASP']),
  entry('bedfordshire', 'Bedfordshire Police', ['Bedfordshire', 'Beds']),
  entry('cambridgeshire', 'Cambridgeshire Constabulary', ['Cambridgeshire', 'Cambs']),
  entry('cheshire', 'Cheshire Constabulary', ['Cheshire']),
  entry('city-of-london', 'City of London Police', ['City of London'], [], ['CoLP']),
  entry('cleveland', 'Cleveland Police', ['Cleveland']),
  entry('cumbria', 'Cumbria Constabulary', ['Cumbria']),
  entry('derbyshire', 'Derbyshire Constabulary', ['Derbyshire']),
  entry('devon-and-cornwall', 'Devon and Cornwall Police', ['Devon and Cornwall', 'Devon & Cornwall'], [], ['D&C', 'DCP']),
  entry('dorset', 'Dorset Police', ['Dorset']),
  entry('durham', 'Durham Constabulary', ['Durham']),
  entry('dyfed-powys', 'Dyfed-Powys Police', ['Dyfed-Powys', 'Dyfed Powys'], ['Heddlu Dyfed-Powys']),
  entry('essex', 'Essex Police', ['Essex']),
  entry('gloucestershire', 'Gloucestershire Constabulary', ['Gloucestershire', 'Glos']),
  entry('greater-manchester', 'Greater Manchester Police', ['Greater Manchester'], [], ['GMP']),
  entry('gwent', 'Gwent Police', ['Gwent']),
  entry('hampshire', 'Hampshire and Isle of Wight Constabulary', ['Hampshire and Isle of Wight', 'Hampshire & Isle of Wight', 'Hampshire'], [], ['HIOWC']),
  entry('hertfordshire', 'Hertfordshire Constabulary', ['Hertfordshire', 'Herts']),
  entry('humberside', 'Humberside Police', ['Humberside']),
  entry('kent', 'Kent Police', ['Kent']),
  entry('lancashire', 'Lancashire Constabulary', ['Lancashire', 'Lancs']),
  entry('leicestershire', 'Leicestershire Police', ['Leicestershire', 'Leics']),
  entry('lincolnshire', 'Lincolnshire Police', ['Lincolnshire', 'Lincs']),
  entry('merseyside', 'Merseyside Police', ['Merseyside']),
  entry(
    'metropolitan',
    'Metropolitan Police Service',
    ['Metropolitan', 'Met'],
    ['Scotland Yard', 'New Scotland Yard'],
    ['MPS', 'the Met'],
  ),
  entry('norfolk', 'Norfolk Constabulary', ['Norfolk']),
  entry('north-wales', 'North Wales Police', ['North Wales'], ['Heddlu Gogledd Cymru'], ['NWP']),
  entry('north-yorkshire', 'North Yorkshire Police', ['North Yorkshire'], [], ['NYP']),
  entry('northamptonshire', 'Northamptonshire Police', ['Northamptonshire', 'Northants']),
  entry('northumbria', 'Northumbria Police', ['Northumbria']),
  entry('nottinghamshire', 'Nottinghamshire Police', ['Nottinghamshire', 'Notts']),
  entry('south-wales', 'South Wales Police', ['South Wales'], ['Heddlu De Cymru'], ['SWP']),
  entry('south-yorkshire', 'South Yorkshire Police', ['South Yorkshire'], [], ['SYP']),
  entry('staffordshire', 'Staffordshire Police', ['Staffordshire', 'Staffs']),
  entry('suffolk', 'Suffolk Constabulary', ['Suffolk']),
  entry('surrey', 'Surrey Police', ['Surrey']),
  entry('sussex', 'Sussex Police', ['Sussex']),
  entry('thames-valley', 'Thames Valley Police', ['Thames Valley'], [], ['TVP']),
  entry('warwickshire', 'Warwickshire Police', ['Warwickshire']),
  entry('west-mercia', 'West Mercia Police', ['West Mercia']),
  entry('west-midlands', 'West Midlands Police', ['West Midlands'], [], ['WMP']),
  entry('west-yorkshire', 'West Yorkshire Police', ['West Yorkshire'], [], ['WYP']),
  entry('wiltshire', 'Wiltshire Police', ['Wiltshire']),
  entry('btp', 'British Transport Police', ['British Transport'], [], ['BTP']),
  entry(
    'northern-ireland',
    'Police Service of Northern Ireland',
    ['Northern Ireland'],
    ['Police Service of Northern Ireland', 'Police Service for Northern Ireland'],
    ['PSNI'],
  ),
  entry('police-scotland', 'Police Scotland', [], ['Police Scotland', 'Police Service of Scotland']),
  entry('ministry-of-defence', 'Ministry of Defence Police', ['Ministry of Defence', 'MoD', 'MOD'], [], ['MDP']),
  entry('civil-nuclear', 'Civil Nuclear Constabulary', ['Civil Nuclear'], [], ['CNC']),
];

const byId = new Map(FORCES.map((force) => [force.id, force]));

export function forceName(id: ForceId): string {
  return byId.get(id)?.name ?? id;
}

export function forceEntry(id: ForceId): ForceEntry | undefined {
  return byId.get(id);
}
