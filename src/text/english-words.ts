/**
 * The English word lists that reading questions, ranking sentences and finding actors share.
 * Each list is written once here: a month added for one reader is a month for every reader.
 */

/** Lower-case particles inside a name: "Cartel de los Soles", "Ludwig van Beethoven", "Osama bin Laden". */
export const NAME_PARTICLES: ReadonlySet<string> = new Set('de del la las los da das do dos di van von der den bin ibn al el y'.split(' '));

/**
 * Lower-case words that join the parts of one name: its particles, and English "of" and "the"
 * ("Bank of England", "Bank of the North", "William the Conqueror"). A reader joins words through
 * them only when a capitalised word follows.
 */
export const NAME_CONNECTORS: ReadonlySet<string> = new Set([...NAME_PARTICLES, 'of', 'the']);

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** A month's name or its usual abbreviation ("Jan", "Sept"), a whole word in any case. */
export const MONTH_WORD = new RegExp(`\\b(?:${MONTH_NAMES.map((m) => `${m.slice(0, 3)}(?:${m.slice(3)})?`).join('|')}|sept)\\b`, 'i');

/** A month's name or abbreviation, capitalised (not the verb "may"). */
const MONTH_CAPITALISED = `(?:${MONTH_NAMES.map((m) => `${m.slice(0, 3)}(?:${m.slice(3)})?`).join('|')}|Sept)`;

/**
 * A day named: a day of a month ("Sept. 9", "9 September", "the 9th of May"), a weekday, or
 * today, yesterday or tomorrow. What "On what date…?" and "What day…?" ask for; a year alone does not say it.
 */
export const DAY_DATE = new RegExp(
  String.raw`\b${MONTH_CAPITALISED}\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?![\d,.]*\d)|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_CAPITALISED}\b|\b(?:${WEEKDAY_NAMES.join('|')})\b|\b(?:today|yesterday|tomorrow)\b`,
  'u',
);

/** The agency a report comes from, in brackets after a dateline: "(Reuters)", "(AP)". */
const DATELINE_AGENCY = String.raw`\(\p{Lu}[\p{L} .&'’-]{0,39}\)`;

/**
 * A news dateline: the place in capitals and the day the report was filed, with or without the
 * agency's name, before a dash ("LINDHOLM, Nov. 3 — ", "LONDON, May 3 (Reuters) - "), or the place
 * and the agency alone ("WASHINGTON (AP) — "). Its day is when the news was written, not when the
 * event happened; its place and agency are where and by whom, not whom the news is about.
 */
export const DATELINE = new RegExp(
  String.raw`^\s*\p{Lu}[\p{Lu} .'’-]*(?:,\s+${MONTH_CAPITALISED}\.?\s+\d{1,2}(?:,\s+\d{4})?(?:\s*${DATELINE_AGENCY})?|\s*${DATELINE_AGENCY})\s*[—–-]+\s*`,
  'u',
);

/** The place a dateline names ("LINDHOLM" of "LINDHOLM, Nov. 3 — ", "WASHINGTON" of "WASHINGTON (AP) — "). */
export function datelinePlace(dateline: string): string {
  return dateline.split(/[,(]/)[0]!.trim();
}

/** The day something was said: "investigators said on Tuesday", "the ministry announced yesterday". */
const SAID_ON_DAY = new RegExp(String.raw`\b(?:said|says|announced|told|reported|confirmed|stated|added|wrote)\s+(?:[\p{Ll}]+\s+){0,2}?(?:on\s+)?(?:${WEEKDAY_NAMES.join('|')}|today|yesterday)\b`, 'gu');

/**
 * A text with the days it was reported blanked out (offsets are kept): its dateline ("LINDHOLM,
 * Nov. 3 — ") and the day something was said ("said on Tuesday"). What is left dates the events.
 */
export function withoutReportingDays(text: string): string {
  const blank = (match: string) => ' '.repeat(match.length);
  return text.replace(DATELINE, blank).replace(SAID_ON_DAY, blank);
}

/** A month's or a weekday's full name, capitalised, as a whole word: a date in running text. */
export const CALENDAR_NAME = new RegExp(`\\b(?:${[...MONTH_NAMES, ...WEEKDAY_NAMES].join('|')})\\b`, 'u');

// "Sundays" too: "rostered on two Sundays a month" is a time, not a name (a who-question bolded it).
const CALENDAR_WORDS = new Set([...MONTH_NAMES, ...WEEKDAY_NAMES, ...WEEKDAY_NAMES.map((w) => `${w}s`)].map((w) => w.toLowerCase()));

/** Whether a word is a month's or a weekday's name, or weekdays' (in any case): a time, not a person or place. */
export function isCalendarWord(word: string): boolean {
  return CALENDAR_WORDS.has(word.toLowerCase());
}

const CARDINALS =
  'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion dozen';
const FRACTIONS = 'half halves third thirds quarter quarters fourth fourths fifth fifths sixth sixths seventh sevenths eighth eighths ninth ninths tenth tenths';
const MULTIPLES = 'twice thrice double doubled doubling triple tripled tripling quadrupled quadrupling halved halving';

/**
 * An amount written in words, as a whole word: a cardinal and its plural ("dozens", "millions"),
 * a fraction ("a third", "two-thirds", "half"), a multiple ("fourfold", "tripled", "twice"),
 * "several", "percent". A how-much question is answered by one as well as by digits.
 */
export const NUMBER_WORD = new RegExp(
  `\\b(?:(?:${CARDINALS.split(' ').join('|')})(?:s|-?fold)?|${FRACTIONS.split(' ').join('|')}|${MULTIPLES.split(' ').join('|')}|several|percent)\\b`,
  'i',
);

/** The finite forms of "be" that follow a question word: "What is…", "Who were…". */
export const COPULAS: ReadonlySet<string> = new Set(['is', 'are', 'was', 'were']);

/** Every form of "be" that links a subject to what it is: the copulas and "be", "been", "being". */
export const BE_FORMS: ReadonlySet<string> = new Set([...COPULAS, 'be', 'been', 'being']);

/** Words that open a noun phrase: articles, possessives and demonstratives ("the", "their", "this"). */
export const DETERMINERS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'his', 'her', 'its', 'their', 'our', 'my', 'your', 'this', 'that']);

/** The words that ask: "what", "who", "how"… */
export const QUESTION_WORDS = ['what', 'which', 'who', 'whom', 'whose', 'where', 'when', 'why', 'how'] as const;

/** The forms of "do", which a question leans on ("What did they do?") without naming a topic. */
export const DO_FORMS: ReadonlySet<string> = new Set(['do', 'does', 'did', 'done', 'doing']);

/** Auxiliaries that open a question or follow its question word: "did", "is", "can"… */
export const AUXILIARIES = ['did', 'does', 'do', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'can', 'could', 'will', 'would', 'should'] as const;

/** A question word as a whole word, in any case; `new RegExp(QUESTION_WORD.source, 'gi')` finds every one. */
export const QUESTION_WORD = new RegExp(`\\b(?:${QUESTION_WORDS.join('|')})\\b`, 'i');

/**
 * Words that give a reason outright: "because", "due to", "in order to", "so that", "the reason
 * is", "led to"… A why-question is answered by a sentence holding one. "Since" gives a reason
 * unless a time follows it ("since 1998", "since last year"). "Due to" after "is" and before a verb
 * schedules ("talks are due to resume", "due to be signed"): a reason only before a noun phrase
 * that a determiner or a number opens ("was due to the storm").
 */
export const REASON_CUE =
  /\b(?:because|(?<!\b(?:is|are|was|were|be|been|being|not|now|also|still|'s|’s)\s+)due to(?!\s+be\b)|due to(?=\s+(?:the|a|an|his|her|its|their|our|your|this|that|these|those|some|\d))|owing to|thanks to|since(?!\s+(?:\d|then\b|last\b|early\b|late\b|mid\b|the (?:start|end|beginning|early|late|mid)\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b))|as a result|in order to|so that|so as to|the reason|reasons? (?:is|was|are|were|for)|that is why|this is why|which is why|led to|caused(?: by)?|prompted by|in response to|in protest|citing|blamed (?:[\w-]+ ){0,3}on|(?:been|was|were|is|are) traced (?:back )?to|traced (?:the |a |an |this |that |its )?(?:[\w-]+ ){0,3}?(?:problem|fault|failure|cause|source|contamination|leak|outbreak|fire|blaze|error|defect|infection|impurity|breach|crash|accident|illness|poisoning)s? (?:back )?to|(?:likely|probable|main|root|possible|suspected|official) cause|cause of|to blame\b|(?:dispute|protest|row|strike|walkout|fight) over|aimed at|to (?:avoid|prevent|ensure|protect|counter|stop|secure|punish|pressure))\b/i;

/**
 * Words that often give a reason without saying so: the event something came after or the
 * climate it came in ("after a strike", "amid protests", "following the vote", "as they feared").
 */
export const CIRCUMSTANCE_CUE = /\b(?:after|amid|amidst|following|over fears|as (?:it|they|he|she|we))\b/i;

/** An hour of the day ("11:15 p.m.", "6 a.m.", "noon"), what a question asking what time wants. */
export const CLOCK_TIME =
  /\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\b\.?|p\.?m\b\.?|h\b|hours\b)|\b\d{1,2}:\d{2}\b|\b(?:noon|midday|midnight|o['’]clock|dawn|dusk|sunrise|sunset|morning|afternoon|evening|night|overnight)\b/i;

/** A number that can be a year, 1000 to 2099 ("1874", "2016"): one pattern for every rule that reads years. */
export const YEAR_NUMBER = /(?:1\d{3}|20\d{2})/;

/**
 * Words that speak of what is still to come: a future verb ("will reopen", "would resume"), a plan
 * or an expectation ("expected to", "due to", "scheduled"), or a time ahead ("by Friday", "next
 * week", "until March", "later this year", "to be available in 2016"). What "When will…?" needs
 * of its answer.
 */
export const FUTURE_CUE = new RegExp(
  [
    String.raw`\b(?:will|would|shall|should|won['’]t|expect(?:s|ed|ing)?|due (?:to (?!(?:an?|the|its|their|his|her|this|that)\b)[a-z]+|in|on|by|for|back)|scheduled (?:to|for)|set to|plan(?:s|ned)? (?:to|for)|aim(?:s|ed)? to|hope(?:s|d)? to|intend(?:s|ed)? to|(?:is|are|was|were) to|next|until|till|later|soon|tomorrow|upcoming|coming (?:days|weeks|months))\b`,
    String.raw`['’]ll\b`,
    // "products to be available in 2016", "to reopen on Monday": an infinitive with its time is a plan.
    String.raw`\bto (?:be )?[a-z]+ (?:in|on|by|from) (?:early |late |mid-?)?(?:${MONTH_WORD.source}|\b(?:${WEEKDAY_NAMES.join('|')}|${YEAR_NUMBER.source})\b)`,
    String.raw`\bby (?:the (?:end|middle|start) of |early |late |mid-?)?(?:${MONTH_WORD.source}|\b(?:${WEEKDAY_NAMES.join('|')}|spring|summer|autumn|fall|winter|${YEAR_NUMBER.source})\b)`,
    // A timetable told in the present: "opens in cinemas across the UK in February", "resumes on Monday".
    String.raw`\b(?:opens|reopens|starts|begins|goes|returns|resumes|launches|arrives|closes|ends|comes|premieres)\b[^.;]{0,40}?\b(?:in|on|from) (?:early |late |mid-?)?(?:${MONTH_WORD.source}|\b(?:${WEEKDAY_NAMES.join('|')})\b)`,
  ].join('|'),
  'i',
);

/**
 * A time told by an event rather than a date: "as soon as the lake recovers", "once repairs are
 * done", "only if riders can be identified", "until further notice". It answers "When will…?" as
 * a date would.
 */
export const EVENT_TIME = /\b(?:as soon as|once (?:the|it|its|they|their|repairs|work|levels)|only (?:if|when|after|once)|until|till)\b/i;

/** Words that set a time to a beginning: "would come into force on Monday", "takes effect", "began". */
export const START_CUE = /\b(?:com(?:e|es|ing) into (?:force|effect)|came into (?:force|effect)|tak(?:e|es|ing) effect|took effect|begin|begins|began|begun|start|starts|started|starting|launch|launches|launched|introduce|introduces|introduced|kick(?:s|ed)? off|opened|founded|established)\b/i;

/** Verbs that tell of an end: what "When will the ban end / be lifted?" asks about, and what answers it. */
export const END_VERBS = [
  'end', 'ends', 'ended', 'ending', 'finish', 'finishes', 'finished', 'lift', 'lifts', 'lifted', 'expire', 'expires', 'expired',
  'stop', 'stops', 'stopped', 'conclude', 'concludes', 'concluded', 'run out', 'runs out', 'wrap up',
  'closed', 'closes', 'shut', 'shuts', 'shut down',
];

/** Words that set a time to an end: "until March", "would be lifted", "expires", "is due to last 72 hours". */
export const END_CUE = new RegExp(String.raw`\b(?:until|till|through|lasts|lasted|to last|no longer|${END_VERBS.join('|')})\b`, 'i');

/** Words that tell of deaths: "killed", "died", "dead", "fatalities", "lost their lives". */
export const DEATH_WORD = /\b(?:kill(?:s|ed|ing)?|die[ds]?|dying|dead|deaths?|deadly|fatal(?:ly|ities|ity)?|lost their lives|death toll|perish(?:ed)?)\b/i;

/**
 * Words that report what someone said, or a quotation: "said", "told reporters", "warned",
 * "according to", "in a statement", quotation marks. What "What did X say…?" needs of its answer;
 * not "reacted angrily" or "responded by cutting prices", which tell no words.
 */
export const REPORTED_SPEECH =
  /\b(?:say|says|said|saying|tell|tells|told|add(?:s|ed)|stat(?:es|ed)|statement|warn(?:s|ed)|insist(?:s|ed)|argu(?:es|ed)|claim(?:s|ed)|admit(?:s|ted)|explain(?:s|ed)|announc(?:es|ed)|not(?:es|ed)|comment(?:s|ed)?|suggest(?:s|ed)|urg(?:es|ed)|vow(?:s|ed)|pledg(?:es|ed)|promis(?:es|ed)|acknowledg(?:es|ed)|conced(?:es|ed)|den(?:ies|ied)|repl(?:ies|ied)|wr(?:ites|ote)|describ(?:es|ed)|call(?:s|ed) (?:it|the|them|him|her|this|that)|welcom(?:es|ed)|critici[sz](?:es|ed)|condemn(?:s|ed)|dismiss(?:es|ed)|reject(?:s|ed)|prais(?:es|ed)|apologi[sz](?:es|ed)|blam(?:es|ed)|accus(?:es|ed)|complain(?:s|ed)|confirm(?:s|ed)|according to|spokes(?:man|woman|person))\b|["“”]/i;

/** Words that tell of injuries: "injured", "hurt", "wounded", "treated for injuries". */
export const INJURY_WORD = /\b(?:injur(?:e|es|ed|ing|y|ies)|hurt|wound(?:s|ed)?|hospitali[sz]ed)\b/i;

/** Roles of one who leads: "chief executive", "head of", "chairwoman", "union general secretary". */
export const LEADING_ROLES = [
  'boss', 'head', 'chief', 'lead', 'leader', 'secretary', 'chair', 'chairman', 'chairwoman', 'chairperson', 'director', 'president',
  'manager', 'executive', 'ceo', 'commander', 'captain',
];

/** Verbs of leading: "who led the inquiry", "who chairs the committee". */
export const LEADING_VERBS = ['leads', 'led', 'heads', 'headed', 'runs', 'ran', 'chairs', 'chaired', 'manages', 'managed', 'directs', 'directed', 'oversees', 'oversaw', 'commands', 'commanded'];

/** Titles written before a person's name ("Dr.", "Gov.", "Capt."), without the full stop. */
export const NAME_TITLE = /(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Capt|Col|Lt|Sgt|Adm|Fr|Rev)\.?/;

/**
 * A sum of money's currency: a sign ("$", "€", "₹"), a currency's name ("francs", "kronor",
 * "rupees") or its code ("CHF", "USD"). Names that are also common words ("won", "real", "rand")
 * count only after a number ("5 billion won").
 */
export const CURRENCY =
  /[$€£¥₹₩₽₺₪₦]|\b(?:dollars?|euros?|pounds?|pence|cents?|yuan|renminbi|yen|rubles?|roubles?|bolivars?|bolívares|francs?|kron(?:a|or|e|er)|zlot(?:y|ys|ies)|forints?|rupees?|rupiah|pesos?|reais|dinars?|dirhams?|riyals?|rials?|shekels?|liras?|ringgit|baht|naira|shillings?|cedis?|kwacha|hryvnias?|tenge|USD|EUR|GBP|CHF|JPY|CNY|SEK|NOK|DKK|INR|AUD|CAD)\b|\d\s*(?:(?:million|billion|trillion|thousand|bn|m)\s+)?(?:won|real|rand|dong|lei|leva?|lira|lire)\b/i;

/**
 * Names a country goes by in news, each group one country: "Britain" is "the UK" and "British";
 * "America" is "American". ("US" is left out: folded, it is the pronoun "us".)
 */
const COUNTRY_NAME_GROUPS: readonly (readonly string[])[] = [
  ['britain', 'uk', 'british', 'united kingdom'],
  ['america', 'american'],
];

/**
 * The other names of a country named by one word (as folded or stemmed: the names above are their
 * own stems), each as its words ("uk" → ["britain"], ["british"], ["united", "kingdom"]).
 */
export function countryNameAliases(word: string): readonly (readonly string[])[] {
  const group = COUNTRY_NAME_GROUPS.find((names) => names.includes(word));
  return group ? group.filter((name) => name !== word).map((name) => name.split(' ')) : [];
}
