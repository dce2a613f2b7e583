// The process logger: JSON lines (or pino-pretty's), levels, and secrets replaced in messages,
// in fields, and wherever something shaped like a secret appears.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, createScrubber } from '../../src/log.js';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('logger', () => {
  it('writes one JSON object per line with level, time, message and fields', () => {
    const out = capture();
    const log = createLogger({ level: 'info', stream: out.stream });
    log.info('poll: 3 feeds', { poll: { feeds: 3, created: 1 } });
    log.warn('feed failing');
    log.error('broken');
    const records = out.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => [record.level, record.msg])).toEqual([
      ['info', 'poll: 3 feeds'],
      ['warn', 'feed failing'],
      ['error', 'broken'],
    ]);
    expect(records[0]).toMatchObject({ poll: { feeds: 3, created: 1 }, pid: process.pid });
    expect(Date.parse(String(records[0]!.time))).not.toBeNaN();
  });

  it('honours the level, and falls back to info for an unknown one', () => {
    const quiet = capture();
    createLogger({ level: 'warn', stream: quiet.stream }).info('not shown');
    expect(quiet.lines()).toEqual([]);
    const silent = capture();
    createLogger({ level: 'silent', stream: silent.stream }).error('not shown');
    expect(silent.lines()).toEqual([]);
    const typo = capture();
    const log = createLogger({ level: 'verbose', stream: typo.stream });
    log.debug('not shown');
    log.info('shown');
    expect(typo.lines()).toHaveLength(1);
  });

  it('replaces known secrets and secret-shaped text in messages and fields', () => {
    const out = capture();
    const log = createLogger({ level: 'info', stream: out.stream, secrets: ['MTIzNDU2.bot-token', 'abcdef0123456789', undefined, 'short'] });
    log.warn('gateway said MTIzNDU2.bot-token is invalid; key abcdef0123456789', {
      url: 'https://discord.com/api/v10/webhooks/1234567890/aToken-_xyz?wait=true',
      nested: { store: 'redis://:hunter2@redis:6379/0', list: ['https://feeds.example/f.xml?token=s3cret&page=2'] },
      token: 'anything at all',
      publicKey: 'whatever',
    });
    const line = out.lines()[0]!;
    for (const secret of ['MTIzNDU2.bot-token', 'abcdef0123456789', 'aToken-_xyz', 'hunter2', 's3cret', 'anything at all', 'whatever']) expect(line).not.toContain(secret);
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(record.msg).toBe('gateway said *** is invalid; key ***');
    expect(record).toMatchObject({
      url: 'https://discord.com/api/v10/webhooks/1234567890/***?wait=true',
      nested: { store: 'redis://***@redis:6379/0', list: ['https://feeds.example/f.xml?token=***&page=2'] },
      token: '***',
      publicKey: '***',
    });
  });

  it('writes readable lines instead when asked to be pretty', () => {
    const out = capture();
    createLogger({ level: 'info', stream: out.stream, pretty: true }).info('hello there');
    expect(out.lines().join('\n')).toContain('hello there');
    expect(() => JSON.parse(out.lines()[0]!)).toThrow();
  });
});

describe('scrubber', () => {
  const scrub = createScrubber();
  it.each([
    ['https://hooks.slack.com/services/T000/B000/XXXX', 'https://hooks.slack.com/services/***'],
    ['postgres://forcewatch:pa55@db:5432/forcewatch', 'postgres://***@db:5432/forcewatch'],
    ['Authorization: Bot MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs', 'Authorization: Bot ***'],
    ['https://example.org/hook?sig=abc123&x=1', 'https://example.org/hook?sig=***&x=1'],
    ['https://example.org/feed.xml', 'https://example.org/feed.xml'],
    ['redis://redis:6379', 'redis://redis:6379'],
  ])('%s', (input, expected) => {
    expect(scrub(input)).toBe(expected);
  });
});
