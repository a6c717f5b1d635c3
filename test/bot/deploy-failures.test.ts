/**
 * Registering the slash commands against a Discord that misbehaves: an answer that is not JSON,
 * and no answer at all. Each failure is one line that says what happened and what to check.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDeployFailure, registerCommands } from '../../src/bot/deploy.js';

let server: Server;
let apiUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.includes('/applications/111111/')) {
      // Says JSON, sends an HTML error page: what a captive portal or a wrong proxy does.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('<html>Bad gateway</html>');
    }
    // Anything else: never answered.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const failureOf = (applicationId: string) =>
  registerCommands({ token: 'x'.repeat(30), applicationId, apiUrl, timeoutMs: 300 }, []).then(
    () => expect.fail('registration should have failed'),
    (error: unknown) => describeDeployFailure(error, apiUrl),
  );

describe('describeDeployFailure', () => {
  it('says an answer that is not JSON probably did not come from Discord, naming the address', async () => {
    const line = await failureOf('111111');
    expect(line).toMatch(/^The answer from http:\/\/127\.0\.0\.1:\d+ was not JSON, so it is probably not Discord's API: check DISCORD_API_URL/);
    expect(line).not.toMatch(/Unexpected token|JSON at position/);
  });

  it('says Discord did not answer in time, not "This operation was aborted"', async () => {
    const line = await failureOf('222222');
    expect(line).toMatch(/^Discord did not answer in time, so the commands were not registered: check the network connection and DISCORD_API_URL/);
    expect(line).not.toMatch(/aborted/);
  });
});
