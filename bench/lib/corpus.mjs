// Generated benchmark data: realistic news pages about police inspection reports (varied length,
// with the furniture real sites put around an article), plain article texts for extraction alone,
// feeds, and stored stories. Deterministic: everything comes from a seeded generator.

/** mulberry32: a small seeded PRNG, so every run benchmarks the same bytes. */
export function rng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

export const FORCES = [
  ['avon-and-somerset', 'Avon and Somerset Constabulary', 'Bristol'], ['bedfordshire', 'Bedfordshire Police', 'Luton'],
  ['cheshire', 'Cheshire Constabulary', 'Chester'], ['cumbria', 'Cumbria Constabulary', 'Carlisle'],
  ['derbyshire', 'Derbyshire Constabulary', 'Derby'], ['devon-and-cornwall', 'Devon and Cornwall Police', 'Plymouth'],
  ['dorset', 'Dorset Police', 'Bournemouth'], ['durham', 'Durham Constabulary', 'Darlington'], ['essex', 'Essex Police', 'Chelmsford'],
  ['greater-manchester', 'Greater Manchester Police', 'Manchester'], ['gwent', 'Gwent Police', 'Newport'],
  ['hampshire', 'Hampshire and Isle of Wight Constabulary', 'Southampton'], ['kent', 'Kent Police', 'Maidstone'],
  ['lancashire', 'Lancashire Constabulary', 'Preston'], ['merseyside', 'Merseyside Police', 'Liverpool'],
  ['metropolitan', 'Metropolitan Police Service', 'London'], ['norfolk', 'Norfolk Constabulary', 'Norwich'],
  ['northumbria', 'Northumbria Police', 'Newcastle'], ['south-wales', 'South Wales Police', 'Cardiff'],
  ['sussex', 'Sussex Police', 'Brighton'], ['thames-valley', 'Thames Valley Police', 'Oxford'],
  ['west-midlands', 'West Midlands Police', 'Birmingham'], ['west-yorkshire', 'West Yorkshire Police', 'Leeds'],
];
export const ALL_FORCE_IDS = [
  'avon-and-somerset', 'bedfordshire', 'cambridgeshire', 'cheshire', 'city-of-london', 'cleveland', 'cumbria', 'derbyshire',
  'devon-and-cornwall', 'dorset', 'durham', 'dyfed-powys', 'essex', 'gloucestershire', 'greater-manchester', 'gwent', 'hampshire',
  'hertfordshire', 'humberside', 'kent', 'lancashire', 'leicestershire', 'lincolnshire', 'merseyside', 'metropolitan', 'norfolk',
  'north-wales', 'north-yorkshire', 'northamptonshire', 'northumbria', 'nottinghamshire', 'south-wales', 'south-yorkshire',
  'staffordshire', 'suffolk', 'surrey', 'sussex', 'thames-valley', 'warwickshire', 'west-mercia', 'west-midlands', 'west-yorkshire',
  'wiltshire', 'btp', 'northern-ireland', 'police-scotland', 'ministry-of-defence', 'civil-nuclear',
];
const OUTLETS = ['Northern Echo Online', 'The County Ledger', 'Policing Review', 'Evening Courier', 'Radio Tyneside News', 'The Daily Dispatch'];
const PEEL_AREAS = ['Police powers and public treatment', 'Preventing crime and antisocial behaviour', 'Responding to the public', 'Investigating crime', 'Protecting vulnerable people', 'Managing offenders and suspects', 'Building, supporting and protecting the workforce', 'Leadership and force management'];
const GRADES = ['outstanding', 'good', 'adequate', 'requires improvement', 'inadequate'];
const FIRST = ['Sarah', 'James', 'Priya', 'Michael', 'Helen', 'David', 'Aisha', 'Thomas', 'Fiona', 'Robert', 'Grace', 'Daniel'];
const LAST = ['Whitfield', 'Okafor', 'Harrington', 'Patel', 'McAllister', 'Brennan', 'Castellano', 'Davies', 'Lindqvist', 'Ashworth'];
const FILLER = [
  'Inspectors spoke to officers and staff across the force area and reviewed a sample of case files over several weeks.',
  'The report found that neighbourhood teams know their communities well and use problem-solving plans to tackle the places causing most harm.',
  'Too many people calling the non-emergency number abandoned their calls before they were answered, the inspectorate said.',
  'The force has recruited more than two hundred new officers in the past year, many of whom are still in their probation period.',
  'Supervisors did not always check that investigations were progressing, and some victims were not updated for weeks at a time.',
  'Local councillors said residents had raised concerns about response times in rural areas during public meetings last winter.',
  'The force said it had already started work on several of the recommendations before the inspection took place.',
  'Stop and search was generally used fairly, and the force scrutinises its use of force with a panel of independent advisers.',
  'A spokesperson for the police and crime commissioner said the findings would be discussed at the next public accountability meeting.',
  'The inspectorate will return within twelve months to check on progress against the causes of concern it identified.',
  'Officers told inspectors that high workloads and a shortage of detectives made it difficult to give every case the attention it needed.',
  'Data provided by the force showed that the proportion of emergency calls answered within ten seconds fell during the summer months.',
];
const NAV = ['Home', 'News', 'Crime', 'Courts', 'Politics', 'Business', 'Sport', 'Opinion', 'Weather', 'Traffic', 'Jobs', 'Contact'];

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The article's own paragraphs: an inspection story with grades, quotes and a case audit. */
export function articleParagraphs(random, paragraphCount) {
  const [, forceName, place] = random.pick(FORCES);
  const inspector = `${random.pick(FIRST)} ${random.pick(LAST)}`;
  const chief = `${random.pick(FIRST)} ${random.pick(LAST)}`;
  const audited = random.int(20, 90);
  const good = random.int(5, Math.floor(audited / 2));
  const paragraphs = [
    `${forceName} has been told it must improve how it responds to the public, according to a report published today by His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS).`,
    `The inspectorate assessed the force as part of its PEEL (police effectiveness, efficiency and legitimacy) programme and graded it in ${PEEL_AREAS.length} areas.`,
  ];
  for (const area of PEEL_AREAS) paragraphs.push(`${area}: ${random.pick(GRADES).replace(/^./, (c) => c.toUpperCase())}`);
  paragraphs.push(`Of ${audited} cases audited, ${good} were good and ${audited - good} required improvement, inspectors said.`);
  while (paragraphs.length < paragraphCount) {
    const roll = random.next();
    if (roll < 0.15) {
      paragraphs.push(`His Majesty’s Inspector of Constabulary ${inspector} said: “${random.pick(FILLER)} ${random.pick(FILLER)}”`);
    } else if (roll < 0.25) {
      paragraphs.push(`Chief Constable ${chief} said: “We accept the findings. ${random.pick(FILLER)}”`);
    } else if (roll < 0.3) {
      paragraphs.push(`In ${place}, ${random.pick(FILLER).replace(/^./, (c) => c.toLowerCase())}`);
    } else {
      paragraphs.push(`${random.pick(FILLER)} ${random.chance(0.5) ? random.pick(FILLER) : ''}`.trim());
    }
  }
  return { forceName, paragraphs: paragraphs.slice(0, Math.max(paragraphCount, 4)) };
}

/** A complete news page: head metadata, scripts, navigation, the article, comments, related links, footer. */
export function articlePage(seed, paragraphCount) {
  const random = rng(seed);
  const outlet = random.pick(OUTLETS);
  const { forceName, paragraphs } = articleParagraphs(random, paragraphCount);
  const headline = `${forceName} told to improve after inspection finds slow responses to the public`;
  const day = random.int(1, 28);
  const published = `2025-10-${String(day).padStart(2, '0')}T08:${String(random.int(10, 59))}:00+01:00`;
  const url = `https://news-${slug(outlet)}.example.org/news/2025/10/${slug(forceName)}-inspection-${seed}`;
  const e = escapeHtml;
  const navLinks = NAV.map((n) => `<li><a href="/${slug(n)}">${n}</a></li>`).join('');
  const body = paragraphs
    .map((p, i) => (i > 2 && i % 17 === 0 ? `<blockquote><p>${e(p)}</p></blockquote>` : i % 23 === 11 ? `<h2>${e(p.slice(0, 40))}</h2>` : `<p>${e(p)}</p>`))
    .join('\n');
  const comments = Array.from({ length: Math.floor(paragraphCount / 10) }, (_, i) =>
    `<li class="comment"><span class="author">reader${i}</span><p>${e(random.pick(FILLER))}</p><a href="#reply-${i}">Reply</a></li>`).join('\n');
  const related = Array.from({ length: 8 }, (_, i) => `<li><a href="/news/related-${i}">${e(random.pick(FORCES)[1])} news: ${e(random.pick(FILLER).slice(0, 60))}</a></li>`).join('\n');
  const megaFooter = Array.from({ length: 12 }, (_, c) => `<div class="footer-col"><h4>${NAV[c]}</h4><ul>${FORCES.map(([id, name]) => `<li><a href="/${slug(NAV[c])}/${id}" class="footer-link" data-track="footer-${c}">${e(name)}</a></li>`).join('')}</ul></div>`).join('\n');
  const analytics = `window.dataLayer=window.dataLayer||[];${'dataLayer.push({event:"view",section:"crime",ts:Date.now()});'.repeat(30)}`;
  const html = `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${e(headline)} | ${e(outlet)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="${e(paragraphs[0])}">
<link rel="canonical" href="${url}"><meta property="og:type" content="article">
<meta property="og:site_name" content="${e(outlet)}"><meta property="og:title" content="${e(headline)}">
<meta property="article:published_time" content="${published}">
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline, datePublished: published, publisher: { '@type': 'Organization', name: outlet } })}</script>
<style>${'.site-header{display:flex;gap:1rem}.article p{line-height:1.6}'.repeat(20)}</style>
<script>${analytics}</script></head>
<body class="article-page">
<div class="cookie-consent" role="dialog"><p>We use cookies to improve your experience.</p><button>Accept</button></div>
<header class="site-header"><a class="logo" href="/">${e(outlet)}</a><nav aria-label="Main"><ul>${navLinks}</ul></nav></header>
<div class="ad-slot" id="ad-top"><iframe src="/ads/top"></iframe></div>
<main><article class="article">
<h1>${e(headline)}</h1>
<p class="byline">By ${e(random.pick(FIRST))} ${e(random.pick(LAST))}, Crime Reporter</p>
<time datetime="${published}">${day} October 2025</time>
<figure><img src="/img/hq.jpg" alt="Police headquarters"><figcaption>The force headquarters. Picture: Agency</figcaption></figure>
<div class="article-body">
${body}
</div>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
</article>
<aside class="related"><h2>Related stories</h2><ul>${related}</ul></aside>
<section class="comments"><h2>Comments</h2><ol>${comments}</ol></section>
<div class="newsletter-signup"><h3>Get the crime newsletter</h3><form><input type="email"><button>Sign up</button></form></div>
</main>
<div class="most-read"><h2>Most read</h2><ol>${related}</ol></div>
<footer><ul>${navLinks}</ul><div class="mega-footer">${megaFooter}</div><p>© 2025 ${e(outlet)}. All rights reserved.</p></footer>
<script>${analytics}</script>
</body></html>`;
  return { url, html, paragraphs: paragraphs.length };
}

/** `count` pages whose article lengths spread (log-uniformly) from about 4 to 250 paragraphs. */
export function pageSet(count, seed = 1) {
  const random = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const paragraphs = Math.round(Math.exp(Math.log(4) + random.next() * (Math.log(250) - Math.log(4))));
    return articlePage(seed * 100_000 + i, paragraphs);
  });
}

/** An ArticleText of about `chars` characters, for extraction alone. Shapes stress different rules. */
export function articleText(chars, shape, seed = 7) {
  const random = rng(seed);
  const { paragraphs } = articleParagraphs(random, Math.max(14, Math.ceil(chars / 120)));
  let text = [];
  let length = 0;
  for (const paragraph of paragraphs) {
    if (length >= chars) break;
    text.push(paragraph);
    length += paragraph.length + 1;
  }
  while (length < chars) {
    const extra = `${random.pick(FILLER)} ${random.pick(FILLER)}`;
    text.push(extra);
    length += extra.length + 1;
  }
  if (shape === 'one-paragraph') text = [text.join(' ')];
  if (shape === 'quotes') text = text.map((p, i) => (i % 2 ? `“${p}” said ${random.pick(FIRST)} ${random.pick(LAST)}, the chief constable.` : `“${p}`));
  return { url: `https://news.example.org/${shape}/${chars}`, title: 'Kent Police told to improve after PEEL inspection', outlet: 'Bench', published: '2025-10-09T08:00:00Z', standfirst: '', paragraphs: text };
}

/** An RSS feed of `count` items; `version` changes the body (and so the ETag) without changing the items. */
export function rssFeed(baseUrl, feedIndex, count, version) {
  const items = Array.from({ length: count }, (_, i) => {
    const id = `${feedIndex}-${i}`;
    return `<item><title>Inspection report ${id}: force told to improve</title><link>${baseUrl}/news/${id}</link><guid isPermaLink="false">bench-${id}</guid>` +
      `<pubDate>${new Date(Date.UTC(2025, 9, 1 + (i % 28), 9)).toUTCString()}</pubDate><description>${escapeHtml(FILLER[i % FILLER.length])}</description></item>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Bench feed ${feedIndex}</title><link>${baseUrl}/</link>` +
    `<description>Feed ${feedIndex}</description><lastBuildDate>${new Date(Date.UTC(2025, 9, 1) + version * 60_000).toUTCString()}</lastBuildDate>\n${items}\n</channel></rss>\n`;
}
