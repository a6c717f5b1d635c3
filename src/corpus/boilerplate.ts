import { countWords } from './passages.js';
import type { BoilerplateKind } from './types.js';

/*
 * Boilerplate is recognised one line at a time. News pages put their furniture (captions,
 * credits, share buttons, comment forms, embedded posts) on lines of their own, so a whole line is
 * either article text or not. Deciding per line means an article sentence is never cut in half,
 * and offsets never move: boilerplate is only left out, never removed from the text.
 *
 * The one exception is a wire-photo caption: its slug and its parenthesised credit are furniture,
 * but the sentences between them state facts (where, when, who said what) that are often printed
 * nowhere else in the article, so `captionParts` hands that middle back as article text.
 *
 * Every pattern below is anchored to the whole line and most carry a length cap, because the cost
 * of a false positive (a real sentence the bot can never quote) is higher than the cost of a false
 * negative (a caption that might be quoted).
 */

/** Lines longer than this are never taken for a prompt or a credit: those are always short. */
const SHORT_LINE = 120;
/** Captions and copyright lines can be longer, but not article-paragraph long. */
const MEDIUM_LINE = 300;

const AGENCIES =
  String.raw`(?:Getty\s+Images|AFP|Reuters|AP(?:\s+Photo)?|The\s+Associated\s+Press|Associated\s+Press|EPA(?:-EFE)?|` +
  String.raw`Shutterstock|Bloomberg|Alamy|Pool|UPI|Xinhua|Anadolu(?:\s+Agency)?|NurPhoto|SOPA\s+Images|LightRocket|` +
  String.raw`Sipa\s+USA|Wikimedia\s+Commons|Unsplash|Pexels|iStock(?:photo)?|Corbis|Zuma\s+Press|ZUMA\s+Wire)`;

/** A capitalised name of up to five words: the photographer before a slash ("Juan Barreto/AFP"). */
const PHOTOGRAPHER = String.raw`\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,4}`;

/**
 * A credit line and nothing else: "AFP via Getty Images", "Juan Barreto/AFP via Getty Images",
 * "Reuters/Leonardo Fernandez", "AP Photo/Ariana Cubillos". The whole line must be names and an
 * agency, so "He sold the photos to Getty Images." (lower-case words) is not a credit.
 */
const CREDIT_LINE = new RegExp(
  String.raw`^(?:${PHOTOGRAPHER}\s*\/\s*)?(?:(?:\p{Lu}[\p{L}.-]*\s+){0,3}via\s+)?${AGENCIES}` +
    String.raw`(?:\s*\/\s*${PHOTOGRAPHER})?\.?$`,
  'u',
);

/** "Photo by …", "Photograph courtesy of …" on a short line of its own. */
const CREDIT_PREFIX = /^(?:photo(?:graph)?s?|images?|pictures?|video)\s+(?:by|courtesy\s+of|credit)\b/i;
/** "Courtesy of the White House" on a line of its own. */
const COURTESY_LINE = /^courtesy\s+(?:of\s+)?\p{Lu}[^.!?]*$/iu;

/** Labels that introduce a caption or credit: "Featured image: …", "Cover photo: …", "FILE PHOTO: …". */
const CAPTION_LABEL =
  /^(?:featured\s+image|cover\s+(?:photo|image)|header\s+image|lead\s+image|top\s+image|hero\s+image|main\s+image|file\s+photo|photo(?:graph)?|image|picture|photo\s+credit|image\s+credit|image\s+source|caption|pictured|illustration|credit)\s*:/i;

/** Wire-photo slugs that open a caption: "TOPSHOT – Venezuela's President …". Upper case only. */
const CAPTION_SLUG = /^(?:TOPSHOTS?|TOP\s+SHOT|FILE\s+PHOTO|EDITORS?\s+NOTE)\b/;
/**
 * The whole slug as `captionParts` cuts it off: the keyword, any upper-case topic words joined by
 * hyphens ("TOPSHOTS-VENEZUELA-POLITICS"), and the dash, colon and spaces that follow. A topic word
 * needs two capitals and no lower case after it, so "TOPSHOT-A crowd …" keeps its "A".
 */
const CAPTION_SLUG_WITH_SEPARATOR = new RegExp(
  String.raw`${CAPTION_SLUG.source}(?:-[\p{Lu}\d]{2,}(?!\p{Ll}))*[\s:–—-]*`,
  'u',
);

/**
 * A caption ends with its credit in parentheses: "(Photo by X / AFP via Getty Images)",
 * "(AP Photo/Evan Vucci)", "(Photo: Reuters)". A paragraph ending so is a caption, however long.
 */
const CAPTION_TRAILING_CREDIT = new RegExp(
  String.raw`\(\s*(?:(?:photo(?:graph)?s?|images?|pictures?|video|credit)\s*(?:by\b|:|courtesy\b|credit\b)|` +
    String.raw`${AGENCIES}\s*(?:Photo|Images)?\s*\/)[^()]*\)\s*$`,
  'iu',
);

/**
 * A line opening with © is always a notice; after the word "Copyright" a year or "by" must follow,
 * so "Copyright Office officials said …" stays article text.
 */
const COPYRIGHT_START = /^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©\s*)?(?:\d{4}|by\b))/i;
const RIGHTS_RESERVED = /\ball\s+rights\s+reserved\.?$/i;

const COMMENT_PROMPT =
  /^(?:leave\s+a\s+(?:reply|comment)|post\s+a\s+comment|add\s+a\s+comment|cancel\s+reply|\d+\s+comments?|comments?|join\s+the\s+(?:conversation|discussion)|comments?\s+(?:are\s+)?closed|show\s+comments|view\s+comments)\s*[.:!]?$/i;

/**
 * What may follow a navigation keyword: nothing, or a separator and a linked title. A dash counts
 * only with spaces around it, so "Next post-election talks …" and "Related-party deals …" stay text.
 */
const AFTER_KEYWORD = String.raw`(?:\s*[:»›→>|…].*|\s+[–—-]\s.*)?`;

/** "Previous post", "Next article: Title…", "« Older posts". Any text after a separator is allowed. */
const NAVIGATION = new RegExp(
  String.raw`^[«‹←<]*\s*(?:previous|next|older|newer)\s+(?:post|article|story|page|entry|posts|articles|stories|entries)${AFTER_KEYWORD}$`,
  'i',
);

/** "Related: …", "Read more: …", "See also". The keyword must end the line or meet a separator. */
const READ_MORE = new RegExp(
  String.raw`^(?:related(?:\s+(?:articles?|stories|posts|coverage|content|reading|news))?|read\s+(?:more|also|next)|see\s+also|recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like|more\s+stories|most\s+read|trending(?:\s+now)?|continue\s+reading|keep\s+reading)${AFTER_KEYWORD}$`,
  'i',
);

const SHARE_PROMPT =
  /^(?:share\s+(?:this(?:\s+(?:article|story|post|page))?|on\s+\p{L}+|via\s+\p{L}+|the\s+(?:article|story))|click\s+(?:here\s+)?to\s+(?:share|subscribe|print|email|tweet|read)|subscribe\b|sign\s+up\b|follow\s+us\b|like\s+us\s+on\b|join\s+(?:us|our)\s+(?:on|newsletter|mailing\s+list|telegram|channel|community)|get\s+(?:our|the)\s+(?:newsletter|app|latest\s+(?:news|updates))|download\s+(?:our|the)\s+app|tweet\s+this|email\s+this|print\s+this|(?:share|tweet|email|print|facebook|twitter|whatsapp|linkedin|reddit)$|advertisement$|sponsored(?:\s+content)?$|(?:story|article)\s+continues\s+(?:below|after)|continue\s+reading\s+below|scroll\s+(?:down\s+)?to\s+continue)/iu;

/** Text of an embedded post: it carries the post's media link. */
const SOCIAL_LINK = /(?:\bpic\.twitter\.com\/\w+|\bhttps?:\/\/t\.co\/\w+)/i;
/**
 * The signature under an embedded post: "— The Associated Press (@AP) November 16, 2025".
 * The dash and the @handle in parentheses together are what no article sentence has.
 */
const SOCIAL_SIGNATURE =
  /^[—–-]+\s*[^\n]{1,100}?\(@\w{1,30}\)\s*(?:(?:\p{L}+\.?\s+\d{1,2},?\s+\d{4})|(?:\d{1,2}\s+\p{L}+\.?\s+\d{4}))?\s*$/u;
const SOCIAL_CHROME =
  /^(?:a\s+post\s+shared\s+by\b|view\s+(?:this|the)\s+(?:post|video|tweet|reel)\s+on\s+(?:instagram|x|twitter|facebook|tiktok|youtube)\b)/i;

const BARE_URL = /^<?(?:https?:\/\/|www\.)\S+>?$/i;

/** Markdown furniture with no sentences in it: rules, images, HTML comments. */
const MARKUP = /^(?:(?:[-*_]\s*){3,}|!\[[^\]]*\]\([^)]*\)|<!--.*-->)$/;

/**
 * What kind of boilerplate a line is, or null when it is article text. `line` is one trimmed line
 * of a document (no newline). Exported so the patterns can be tested on invented text.
 */
export function detectBoilerplateLine(rawLine: string): BoilerplateKind | null {
  const line = rawLine.trim();
  if (line.length === 0) return null;
  const short = line.length <= SHORT_LINE;
  const medium = line.length <= MEDIUM_LINE;

  if (MARKUP.test(line)) return 'markup';
  if (medium && (COPYRIGHT_START.test(line) || RIGHTS_RESERVED.test(line))) return 'copyright';
  if (short && COMMENT_PROMPT.test(line)) return 'comment-prompt';
  if (short && (NAVIGATION.test(line) || READ_MORE.test(line))) return 'navigation';
  if (SOCIAL_LINK.test(line) || SOCIAL_SIGNATURE.test(line) || (short && SOCIAL_CHROME.test(line))) {
    return 'social-embed';
  }
  if (BARE_URL.test(line)) return 'link';
  if (CAPTION_SLUG.test(line) || CAPTION_TRAILING_CREDIT.test(line)) return 'photo-caption';
  if (medium && CAPTION_LABEL.test(line)) return 'photo-caption';
  if (
    short &&
    countWords(line) <= 12 &&
    (CREDIT_LINE.test(line) || CREDIT_PREFIX.test(line) || COURTESY_LINE.test(line))
  ) {
    return 'photo-credit';
  }
  if (short && countWords(line) <= 15 && SHARE_PROMPT.test(line)) return 'share-prompt';
  return null;
}

/** Where a piece of a caption line lies, as offsets into the line given to `captionParts`. */
export interface LineSpan {
  start: number;
  end: number;
}

/** A caption line cut into its wire slug, its own sentences and its parenthesised credit. */
export interface CaptionParts {
  /** "TOPSHOT –", trimmed; null when the caption has no slug. */
  slug: LineSpan | null;
  /** The caption's own text, trimmed: always contains a letter. */
  body: LineSpan;
  /** "(Photo by … / AFP via Getty Images)"; null when the caption has no trailing credit. */
  credit: LineSpan | null;
}

/**
 * Cuts a caption line into slug, body and credit, or null when the line should stay boilerplate
 * whole. Only captions marked by a wire slug or a trailing parenthesised credit are cut: those
 * markers have a known extent, so what lies between them is the caption's own prose. A line with
 * nothing but letterless text between its markers ("TOPSHOTS-VENEZUELA-POLITICS", a bare credit)
 * gives null. So does a line opened by a label ("Featured image: …", "Photo: …") without a slug:
 * such lines describe the picture and its licence ("…, cropped, public domain") rather than report
 * anything, and nothing marks where that description ends.
 *
 * `line` is one trimmed line of a document, as `detectBoilerplateLine` takes it.
 */
export function captionParts(line: string): CaptionParts | null {
  const slugMatch = CAPTION_SLUG_WITH_SEPARATOR.exec(line);
  if (!slugMatch && CAPTION_LABEL.test(line)) return null;
  const creditMatch = CAPTION_TRAILING_CREDIT.exec(line);
  if (!slugMatch && !creditMatch) return null;

  const slug = slugMatch ? trimSpan(line, slugMatch.index, slugMatch.index + slugMatch[0].length) : null;
  const credit = creditMatch ? trimSpan(line, creditMatch.index, line.length) : null;
  const body = trimSpan(line, slug?.end ?? 0, credit?.start ?? line.length);
  if (!/\p{L}/u.test(line.slice(body.start, body.end))) return null;
  return { slug, body, credit };
}

function trimSpan(line: string, start: number, end: number): LineSpan {
  while (start < end && /\s/u.test(line[start]!)) start++;
  while (end > start && /\s/u.test(line[end - 1]!)) end--;
  return { start, end };
}
