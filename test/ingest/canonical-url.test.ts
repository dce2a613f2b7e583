import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/stories/canonical-url.js';

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://News.Example.ORG/Policing/Kent', 'https://news.example.org/Policing/Kent'],
    ['https://example.org:443/a', 'https://example.org/a'],
    ['http://example.org:80/a', 'http://example.org/a'],
    ['http://example.org:8080/a', 'http://example.org:8080/a'],
    ['https://example.org/a#comments', 'https://example.org/a'],
    ['https://example.org/a/', 'https://example.org/a'],
    ['https://example.org/a//', 'https://example.org/a'],
    ['https://example.org/', 'https://example.org/'],
    ['https://example.org', 'https://example.org/'],
    ['https://example.org/a?b=2&a=1', 'https://example.org/a?a=1&b=2'],
    ['https://example.org/a?utm_source=x&UTM_Medium=y&id=5&fbclid=abc', 'https://example.org/a?id=5'],
    ['https://example.org/a?gclid=1&mc_cid=2&mc_eid=3&ref_src=4&_ga=5&ocid=6', 'https://example.org/a'],
    ['https://example.org/a?q=two%20words&x=a+b', 'https://example.org/a?q=two%20words&x=a+b'],
    ['https://example.org/a?tag=2&tag=1', 'https://example.org/a?tag=2&tag=1'],
    ['https://example.org/a?&&id=1&', 'https://example.org/a?id=1'],
    ['  https://example.org/a  ', 'https://example.org/a'],
    ['https://example.org/a?utmost=1', 'https://example.org/a?utmost=1'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalUrl(raw)).toBe(expected);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi', 'ftp://example.org/x', 'mailto:a@b.c', 'not a url', '/relative/only', ''])(
    'returns null for %j',
    (raw) => {
      expect(canonicalUrl(raw)).toBeNull();
    },
  );

  it('resolves relative links against a base', () => {
    expect(canonicalUrl('../b/', 'https://example.org/news/a/')).toBe('https://example.org/news/b');
    expect(canonicalUrl('/x?utm_campaign=c', 'https://example.org/news/')).toBe('https://example.org/x');
    expect(canonicalUrl('//cdn.example.org/y', 'https://example.org/')).toBe('https://cdn.example.org/y');
  });

  it('returns null when a relative link resolves to another scheme or the base is unusable', () => {
    expect(canonicalUrl('javascript:void(0)', 'https://example.org/')).toBeNull();
    expect(canonicalUrl('a', 'not a base')).toBeNull();
  });

  it('handles a pathological run of slashes quickly', () => {
    const started = performance.now();
    expect(canonicalUrl(`https://example.org/a${'/'.repeat(100_000)}b${'/'.repeat(100_000)}`)).toBe(
      `https://example.org/a${'/'.repeat(100_000)}b`,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('is idempotent', () => {
    const once = canonicalUrl('HTTP://Example.org:80/A/?z=1&utm_id=2&a=3#top');
    expect(once).toBe('http://example.org/A?a=3&z=1');
    expect(canonicalUrl(once ?? '')).toBe(once);
  });
});
