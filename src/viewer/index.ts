/**
 * The source viewer: a small read-only web page per article, as indexed, with a quote's
 * characters highlighted. Served by the bot when VIEWER_PORT is set, or alone by `npm run viewer`.
 */
export { CONTENT_SECURITY_POLICY, CONTEXT_CHARS, escapeHtml, MAX_QUOTE_CHARS, sourcePage, type SourceView } from './page.js';
export { createViewerServer, startViewer, viewOf, type RunningViewer, type SourceReader, type ViewerOptions } from './server.js';
export { followServedGeneration } from './follow-generation.js';
