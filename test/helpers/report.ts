/**
 * Figures a test measures along the way (the seed questions not answered as expected, crash kill
 * points, live-swap rates, embedding cosines). A passing run prints nothing beyond the runner's own
 * summary; set VERBATIM_TEST_REPORT=1 to see them: `VERBATIM_TEST_REPORT=1 npx vitest run test/answer`.
 */
export function testReport(text: string): void {
  if (process.env.VERBATIM_TEST_REPORT === '1') console.info(text);
}
