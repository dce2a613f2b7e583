import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/ingest/charset.js';

const xmlDeclaring = (encoding: string, body: string): string => `<?xml version="1.0" encoding="${encoding}"?><rss>${body}</rss>`;

describe('decodeBody', () => {
  it('defaults to UTF-8', () => {
    expect(decodeBody(Buffer.from('<p>Café ’ €</p>', 'utf8'), null, 'html')).toBe('<p>Café ’ €</p>');
  });

  it('decodes windows-1252 declared in the XML prolog, including ’ and €, and rewrites the prolog', () => {
    const bytes = iconv.encode(xmlDeclaring('windows-1252', 'Force’s €2m “overspend”'), 'windows-1252');
    expect(bytes.includes(0x92)).toBe(true); // really 1252 bytes, not UTF-8
    expect(decodeBody(bytes, 'text/xml', 'xml')).toBe('<?xml version="1.0" encoding="utf-8"?><rss>Force’s €2m “overspend”</rss>');
  });

  it('decodes ISO-8859-1 declared in the XML prolog', () => {
    const bytes = Buffer.from(xmlDeclaring('ISO-8859-1', 'Café £2m'), 'latin1');
    expect(decodeBody(bytes, 'application/xml', 'xml')).toBe('<?xml version="1.0" encoding="utf-8"?><rss>Café £2m</rss>');
  });

  it('reads 0x80-0x9F under a Latin-1 label as windows-1252, as browsers do', () => {
    const bytes = Buffer.from([0x46, 0x6f, 0x72, 0x63, 0x65, 0x92, 0x73, 0x20, 0x80, 0x35]);
    expect(decodeBody(bytes, 'text/html; charset=ISO-8859-1', 'html')).toBe('Force’s €5');
  });

  it('prefers the Content-Type charset over the prolog', () => {
    const bytes = iconv.encode(xmlDeclaring('utf-8', 'Café'), 'latin1');
    expect(decodeBody(bytes, 'application/rss+xml; charset="iso-8859-1"', 'xml')).toContain('<rss>Café</rss>');
  });

  it('prefers a byte order mark over everything, and strips it', () => {
    const utf8WithBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xmlDeclaring('windows-1252', '€'), 'utf8')]);
    expect(decodeBody(utf8WithBom, 'text/xml; charset=windows-1252', 'xml')).toBe('<?xml version="1.0" encoding="utf-8"?><rss>€</rss>');

    const utf16WithBom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xmlDeclaring('UTF-16', 'Zürich'), 'utf16le')]);
    expect(decodeBody(utf16WithBom, null, 'xml')).toBe('<?xml version="1.0" encoding="utf-8"?><rss>Zürich</rss>');
  });

  it('finds <meta charset> and http-equiv declarations in HTML', () => {
    const withMeta = iconv.encode('<html><head><meta charset="windows-1252"></head><body>’</body></html>', 'windows-1252');
    expect(decodeBody(withMeta, 'text/html', 'html')).toContain('<body>’</body>');

    const withHttpEquiv = iconv.encode(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>é</body></html>',
      'latin1',
    );
    expect(decodeBody(withHttpEquiv, null, 'html')).toContain('<body>é</body>');
  });

  it('ignores a <meta charset> beyond the first 2 KiB', () => {
    const late = Buffer.concat([
      Buffer.from(`<html><head><!-- ${'x'.repeat(2100)} -->`),
      Buffer.from('<meta charset="windows-1252"></head><body>Café</body></html>', 'utf8'),
    ]);
    expect(decodeBody(late, null, 'html')).toContain('<body>Café</body>');
  });

  it('falls back to UTF-8 for unknown charset names instead of throwing', () => {
    const bytes = Buffer.from(xmlDeclaring('x-klingon', 'Café'), 'utf8');
    expect(decodeBody(bytes, 'text/xml; charset=x-unknown-1', 'xml')).toBe('<?xml version="1.0" encoding="utf-8"?><rss>Café</rss>');
  });

  it('leaves documents without a prolog alone', () => {
    expect(decodeBody(Buffer.from('<rss version="2.0"/>'), null, 'xml')).toBe('<rss version="2.0"/>');
  });
});
