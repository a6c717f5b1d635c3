/**
 * News outlets, wire services and photo agencies. They appear in articles as sources and credits
 * ("told the Wall Street Journal", "Reuters reported", "AFP via Getty Images"): the actors never
 * count them as actors, and a who-question is not answered by the outlet that reported the answer.
 */
export const OUTLETS: ReadonlySet<string> = new Set(
  [
    'AP', 'AFP', 'Reuters', 'Getty', 'Getty Images', 'Associated Press', 'Bloomberg', 'CNN', 'CBS', 'NBC',
    'ABC', 'BBC', 'MSNBC', 'Fox', 'Fox News', 'NPR', 'PBS', 'Newsmax', 'Axios', 'Politico', 'Xinhua', 'TASS',
    'RT', 'Al Jazeera', 'El País', 'El Pais', 'Le Monde', 'Der Spiegel', 'EFE', 'Telesur', 'Breitbart',
    'HuffPost', 'Vox', 'Semafor', 'Substack', 'YouTube', 'Twitter', 'Facebook', 'Instagram', 'TikTok',
    'Shutterstock', 'EPA', 'UPI', 'ANSA', 'DPA', 'Sputnik',
  ].map((o) => o.toLowerCase()),
);

/** Last words that make a name a publication: "The New York Times", "Miami Herald", "Fox News Digital". */
export const OUTLET_LAST_WORDS: ReadonlySet<string> = new Set(
  'Times Post Journal Herald Sun Tribune Gazette Telegraph Guardian Chronicle Digital Magazine Press News Daily Observer Examiner Mirror Express Courier Dispatch Inquirer Bulletin Wire Newsweek Economist Images Photos'.split(' '),
);

/**
 * Whether a name as written ("Reuters", "the Associated Press", "The Miami Herald") is a news
 * outlet: a known one, or a name of two words or more ending in a publication's word.
 */
export function isOutletName(name: string): boolean {
  const written = name.trim().replace(/^the\s+/i, '');
  if (OUTLETS.has(written.toLowerCase())) return true;
  const parts = written.split(/\s+/);
  return parts.length > 1 && OUTLET_LAST_WORDS.has(parts.at(-1)!);
}
