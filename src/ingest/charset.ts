// Turns fetched bytes into text. Feeds and pages in the wild declare their encoding in one of
// several places (or wrongly, or not at all); this follows the usual precedence: byte order mark,
// then the HTTP Content-Type, then the document's own declaration, then UTF-8.
import iconv from 'iconv-lite';

export type DocumentKind = 'xml' | 'html';

const DEFAULT_CHARSET = 'utf-8';
/** How far into an HTML document a <meta> charset is looked for (browsers use 1024; be generous). */
const HTML_SNIFF_BYTES = 2048;
const XML_PROLOG_SNIFF_BYTES = 512;

const BYTE_ORDER_MARKS: ReadonlyArray<{ bytes: readonly number[]; charset: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
];

function byteOrderMark(body: Buffer): { charset: string; length: number } | null {
  for (const { bytes, charset } of BYTE_ORDER_MARKS) {
    if (bytes.every((byte, index) => body[index] === byte)) return { charset, length: bytes.length };
  }
  return null;
}

function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1] ?? null;
}

/** The head of the document read as Latin-1, which maps bytes 1:1 so ASCII markup is legible whatever the real charset. */
function asciiHead(body: Buffer, length: number): string {
  return body.subarray(0, length).toString('latin1');
}

function charsetFromXmlProlog(body: Buffer): string | null {
  const match = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']+)["']/i.exec(asciiHead(body, XML_PROLOG_SNIFF_BYTES));
  return match?.[1] ?? null;
}

function charsetFromHtmlMeta(body: Buffer): string | null {
  const head = asciiHead(body, HTML_SNIFF_BYTES);
  const metaCharset = /<meta[^>]+charset\s*=\s*["']?\s*([^"'\s/>;]+)/i.exec(head);
  return metaCharset?.[1] ?? null;
}

/**
 * Maps a declared label onto a decoder iconv-lite knows, or null for unknown labels. As in
 * browsers (WHATWG Encoding), Latin-1 and ASCII labels decode as windows-1252: publishers who say
 * ISO-8859-1 routinely send 1252's curly quotes and euro sign in the 0x80-0x9F range.
 */
function supportedCharset(label: string | null): string | null {
  if (!label) return null;
  const normalised = label.trim().toLowerCase();
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'us-ascii', 'ascii'].includes(normalised)) return 'windows-1252';
  return iconv.encodingExists(normalised) ? normalised : null;
}

/** Rewrites the prolog's encoding, since the text handed on is no longer in the declared one. */
function declareUtf8InProlog(xml: string): string {
  return xml.replace(/^(\s*<\?xml[^>]*?\sencoding\s*=\s*)(["'])[^"']*\2/i, '$1$2utf-8$2');
}

export function decodeBody(body: Buffer, contentType: string | null, kind: DocumentKind): string {
  const bom = byteOrderMark(body);
  const declared = kind === 'xml' ? charsetFromXmlProlog(body) : charsetFromHtmlMeta(body);
  const charset =
    bom?.charset ??
    supportedCharset(charsetFromContentType(contentType)) ??
    supportedCharset(declared) ??
    DEFAULT_CHARSET;
  const text = iconv.decode(bom ? body.subarray(bom.length) : body, charset, { stripBOM: true });
  return kind === 'xml' ? declareUtf8InProlog(text) : text;
}
