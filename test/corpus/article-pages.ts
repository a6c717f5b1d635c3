/**
 * News pages in the shapes real sites serve (JSON-LD only, Open Graph only, a byline with <time>,
 * no metadata at all), each wrapped in the chrome a reader never wants quoted: navigation, a
 * cookie banner, share prompts, related links, an ad, a newsletter box, an app prompt, scripts and
 * a footer. Invented text; every page's paragraphs are listed so tests can look for them.
 */

/** Paragraphs of the lighthouse story. */
export const LIGHTHOUSE = [
  'The harbour council of Port Elsby voted on Tuesday to restore the Kestrel Point lighthouse, which has stood dark since a storm cracked its lantern room in 2019.',
  'Councillor Mara Quennell said the restoration would cost about 2.4 million euros and take eighteen months, with most of the money coming from a regional heritage fund.',
  '"A working light is a promise to every boat that comes home at night," Quennell told the meeting, which ran past midnight.',
  'Fishermen who opposed the plan argued that satellite navigation had made the tower obsolete, but the vote passed by seven to two.',
];

/** Paragraphs of the orchard story. */
export const ORCHARD = [
  'Growers in the Vell valley expect the smallest apple harvest in thirty years after a late frost in April killed most of the blossom on the lower slopes.',
  'The growers\u2019 cooperative said yields could fall by half, and that several family orchards would not pick at all this autumn.',
  'Agronomist Teodor Blanch said the frost arrived three weeks later than any on record, when the trees were already in full flower.',
];

/** Paragraphs of the tram story. */
export const TRAM = [
  'The city of Arnholt will open its first tram line in four decades next spring, transport director Ilse Varga announced at a press conference on Monday.',
  'The eleven-kilometre line links the central station with the university campus and the new hospital, and is expected to carry forty thousand passengers a day.',
  'Varga said the trams would run every six minutes at peak hours and that tickets would cost the same as on the buses.',
];

/** Paragraphs of the library story. */
export const LIBRARY = [
  'The public library of Dunmore reopened on Saturday after a two-year renovation that doubled its reading rooms and added a children\u2019s wing.',
  'Head librarian Oskar Penn said more than three thousand people visited on the first day, many of them returning books borrowed before the closure.',
  'The renovation was paid for by the town and a bequest from a local teacher who left her house to the library in her will.',
];

/** Everything a news page carries besides the article: none of it may reach the corpus. */
export const CHROME_PHRASES = ['Accept all cookies', 'Share on Facebook', 'Sign up for our newsletter', 'Download our app', 'Related stories', 'Buy one get one free', 'All rights reserved', 'window.dataLayer'];

function chrome(article: string): string {
  return `
<nav class="site-nav"><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies or manage your preferences in settings.</p><button>Accept all cookies</button></div>
<div class="ad-slot"><p>Buy one get one free at Harbour Mart this weekend only, while stocks last.</p></div>
<main>
${article}
</main>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Storm damages pier</a></li><li><a href="/b">Ferry timetable changes</a></li></ul></aside>
<div class="newsletter"><p>Sign up for our newsletter and get the day\u2019s top stories in your inbox every morning.</p></div>
<div class="app-promo"><p>Download our app for breaking news alerts wherever you are.</p></div>
<footer><p>\u00a9 2025 Harbour Times. All rights reserved.</p></footer>
<script>window.dataLayer = window.dataLayer || []; window.dataLayer.push({event: 'pageview'});</script>`;
}

const share = '<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>';
const paragraphs = (lines: readonly string[]) => lines.map((line) => `<p>${line.replace(/&/g, '&amp;')}</p>`).join('\n');

/** JSON-LD only: no Open Graph, no <meta name="author">, no <time>. */
export function jsonLdPage(): string {
  const ld = {
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'WebSite', name: 'Harbour Times site' },
      {
        '@type': 'NewsArticle',
        headline: 'Port Elsby votes to relight Kestrel Point lighthouse',
        datePublished: '2025-11-25T08:30:00Z',
        author: [{ '@type': 'Person', name: 'Ana Brisk' }, { '@type': 'Person', name: 'Tom Hale' }],
        publisher: { '@type': 'Organization', name: 'Harbour Times' },
      },
    ],
  };
  return `<!doctype html><html><head><title>Lighthouse | Harbour Times</title>
<script type="application/ld+json">${JSON.stringify(ld)}</script>
<link rel="canonical" href="/2025/11/25/lighthouse-vote">
</head><body>${chrome(`<article><h1>Port Elsby votes to relight Kestrel Point lighthouse</h1>${share}
<div class="article-body">${paragraphs(LIGHTHOUSE)}</div>${share}</article>`)}</body></html>`;
}

/** Open Graph only. */
export function openGraphPage(): string {
  return `<!doctype html><html><head><title>Frost | Valley Post</title>
<meta property="og:title" content="Late frost leaves Vell valley orchards bare">
<meta property="og:site_name" content="Valley Post">
<meta property="article:published_time" content="2025-04-30">
<meta property="og:url" content="https://valleypost.example/frost">
</head><body>${chrome(`<article><h1>Late frost leaves Vell valley orchards bare</h1>${paragraphs(ORCHARD)}</article>`)}</body></html>`;
}

/** A byline with <time datetime> and <meta name="author">, nothing else. */
export function bylinePage(): string {
  return `<!doctype html><html><head><title>Arnholt tram line to open next spring</title>
<meta name="author" content="Lena Ostrova">
</head><body>${chrome(`<article><h1>Arnholt tram line to open next spring</h1>
<p class="byline">By Lena Ostrova, <time datetime="2025-03-10T09:00:00+01:00">10 March 2025</time></p>
${paragraphs(TRAM)}</article>`)}</body></html>`;
}

/** No metadata at all: a bare page of paragraphs, as an old CMS serves it. */
export function bareMetadataPage(): string {
  return `<html><body>${chrome(`<div id="story"><h2>Dunmore library reopens</h2>${paragraphs(LIBRARY)}</div>`)}</body></html>`;
}

/** A page whose text is written by a script: Readability finds nothing to keep. */
export function scriptOnlyPage(): string {
  return `<!doctype html><html><head><title>Loading…</title></head><body><div id="root"></div>
<noscript>Please enable JavaScript to read this article.</noscript><script>document.getElementById('root').textContent = 'hello';</script></body></html>`;
}
