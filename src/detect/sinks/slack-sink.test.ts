import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeadLetterFile, type DeadLetterEntry } from './dead-letter.js';
import { DEFAULT_RETRY_POLICY } from './http-delivery.js';
import { SLACK_BATCH_SIZE, createSlackSink, slackMessage, type SlackMessage } from './slack-sink.js';
import { sampleAlert } from './test-support/sample-alert.js';
import { type ScriptedResponse, type ScriptedServer, recordingClock, startScriptedServer } from './test-support/scripted-server.js';

const SECRET_PATH = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
let server: ScriptedServer | undefined;
let dir: string | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function slackSinkFor(responses: ScriptedResponse[]) {
  server = await startScriptedServer(responses, { status: 200, body: 'ok' });
  dir = mkdtempSync(join(tmpdir(), 'eksguard-slack-'));
  const clock = recordingClock();
  const warnings: string[] = [];
  const sink = createSlackSink({
    url: new URL(`${server.url}${SECRET_PATH}`),
    headers: { 'user-agent': 'eksguard/9.9.9' },
    policy: DEFAULT_RETRY_POLICY,
    clock,
    deadLetter: DeadLetterFile.open(join(dir, 'dead.jsonl')),
    warn: (message) => warnings.push(message),
  });
  return { sink, clock, warnings };
}

describe('slack message', () => {
  it('is an incoming-webhook payload: notification text and one mrkdwn section per alert', () => {
    const message = slackMessage([sampleAlert()]);
    expect(message).toEqual({
      text: 'eksguard HIGH: Exec into a pod',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              ':large_orange_circle: *HIGH* Exec into a pod (`k8s-exec-into-pod`)\n' +
              'alice ran a command in pod default/web (command=sh)\n' +
              '*who* alice from 203.0.113.7 · *what* pods/exec default/web · *when* 2024-05-01T12:00:00.000000Z · *MITRE* Execution T1609',
          },
        },
      ],
    });
  });

  it('summarises several alerts by severity in the notification text', () => {
    const message = slackMessage([sampleAlert({ severity: 'critical' }), sampleAlert(), sampleAlert()]);
    expect(message.text).toBe('eksguard: 3 alerts (1 critical, 2 high)');
    expect(message.blocks).toHaveLength(3);
  });

  it('escapes Slack markup in event data so an attacker cannot ping the channel', () => {
    const [block] = slackMessage([sampleAlert({ output: 'created pod <!channel> & <https://evil.example|click>' })]).blocks;
    expect(block!.text.text).toContain('created pod &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(block!.text.text).not.toContain('<!channel>');
  });

  it('keeps a section within Slack\'s 3000 characters', () => {
    const [block] = slackMessage([sampleAlert({ output: 'x'.repeat(5000) })]).blocks;
    expect(block!.text.text).toHaveLength(3000);
    expect(block!.text.text.endsWith('…')).toBe(true);
  });

  it('names an AWS resource by ARN when it has no Kubernetes name', () => {
    const alert = sampleAlert({ source: 'cloudtrail', object: { resource: 'eks.amazonaws.com', arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod' } });
    expect(slackMessage([alert]).blocks[0]!.text.text).toContain('*what* eks.amazonaws.com arn:aws:eks:eu-west-1:111122223333:cluster/prod');
  });
});

describe('slack sink', () => {
  it('posts JSON messages of up to 20 alerts to the webhook URL', async () => {
    const { sink } = await slackSinkFor([]);
    for (let index = 0; index < SLACK_BATCH_SIZE + 1; index++) sink.write(sampleAlert({ eventId: `e${index}` }));
    await sink.flush();
    expect(server!.requests.map((request) => request.path)).toEqual([SECRET_PATH, SECRET_PATH]);
    expect(server!.requests[0]!.headers['content-type']).toBe('application/json');
    const bodies = server!.requests.map((request) => JSON.parse(request.body) as SlackMessage);
    expect(bodies.map((body) => body.blocks.length)).toEqual([20, 1]);
    expect(bodies[1]).toEqual(slackMessage([sampleAlert({ eventId: 'e20' })]));
    expect(sink.stats).toEqual({ delivered: 21, failed: 0, retries: 0 });
  });

  it('honours a 429 Retry-After through the shared delivery code', async () => {
    const { sink, clock } = await slackSinkFor([{ status: 429, headers: { 'retry-after': '1' }, body: '{"ok":false,"error":"ratelimited"}' }]);
    sink.write(sampleAlert());
    await sink.flush();
    expect(clock.sleeps).toEqual([1000]);
    expect(sink.stats).toEqual({ delivered: 1, failed: 0, retries: 1 });
  });

  it('dead-letters on invalid_payload without retrying, and never prints the webhook secret', async () => {
    const { sink, warnings } = await slackSinkFor([{ status: 400, body: 'invalid_payload' }]);
    sink.write(sampleAlert());
    await sink.flush();
    expect(server!.requests).toHaveLength(1);
    expect(sink.name).toMatch(/^slack:http:\/\/127\.0\.0\.1:\d+\/services\/T000…$/);
    const [entry] = readFileSync(join(dir!, 'dead.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as DeadLetterEntry);
    expect(entry!.reason).toBe('HTTP 400: invalid_payload');
    expect(entry!.sink).toBe(sink.name);
    expect([sink.name, ...warnings, JSON.stringify(entry)].join('\n')).not.toContain('XXXXXXXX');
  });
});
