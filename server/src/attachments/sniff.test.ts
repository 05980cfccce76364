import { describe, expect, it } from 'vitest';
import { cleanFileName, FILE_NAME_MAX, normaliseClaimedType, readAsText, sniffContentType } from './sniff.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
const ZIP = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64'); // an empty zip archive
const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]);

describe('sniffContentType', () => {
  it.each([
    ['a PNG sent as image/png', PNG, 'image/png', 'image/png'],
    ['a PNG sent with no type', PNG, '', 'image/png'],
    ['a JPEG sent as image/jpg', JPEG, 'image/jpg', 'image/jpeg'],
    ['a PDF sent as octet-stream', PDF, 'application/octet-stream', 'application/pdf'],
    ['a zip sent as application/x-zip-compressed', ZIP, 'application/x-zip-compressed', 'application/zip'],
    ['a log sent as text/plain', Buffer.from('12:00 started\n12:01 ERROR disk full\n'), 'text/plain', 'text/plain'],
    ['a log sent as text/x-log; charset=utf-8', Buffer.from('line\n'), 'text/x-log; charset=utf-8', 'text/plain'],
    ['CSV sent as text/csv', Buffer.from('id,name\n1,Ada\n'), 'text/csv', 'text/csv'],
    ['JSON sent as application/json', Buffer.from('{"a":[1,2]}'), 'application/json', 'application/json'],
    ['JSON with a byte order mark', Buffer.from('\uFEFF[1]'), 'application/json', 'application/json'],
    ['JSON sent with no type', Buffer.from(' {"ok":true}\n'), 'application/octet-stream', 'application/json'],
    ['text that only starts like JSON, sent with no type', Buffer.from('{ not json'), '', 'text/plain'],
    ['UTF-8 text in another script', Buffer.from('Ошибка: принтер не отвечает'), 'text/plain', 'text/plain'],
  ])('accepts %s as %s', async (_what, bytes, claimed, expected) => {
    expect(await sniffContentType(bytes, claimed)).toEqual({ ok: true, contentType: expected });
  });

  it('refuses HTML sent as image/png: the bytes are text', async () => {
    expect(await sniffContentType(Buffer.from('<html><body>hi</body></html>'), 'image/png')).toEqual({
      ok: false,
      message: 'the file is sent as image/png but its bytes are text',
    });
  });

  it('refuses a JPEG sent as image/png: the claim and the bytes disagree', async () => {
    expect(await sniffContentType(JPEG, 'image/png')).toEqual({ ok: false, message: 'the file is sent as image/png but its bytes are image/jpeg' });
  });

  it('refuses an executable whatever it claims, naming its type', async () => {
    const verdict = await sniffContentType(ELF, 'text/plain');
    expect(verdict).toMatchObject({ ok: false, message: expect.stringMatching(/^files of type application\/x-elf \(\.elf\) are not accepted \(sent as text\/plain\)/) });
  });

  it('refuses markup even when sent as plain text or with no type', async () => {
    for (const [bytes, claimed] of [
      ['<!DOCTYPE html><p>x</p>', 'text/plain'],
      ['  <html><body>x</body></html>', ''],
    ] as const) {
      expect(await sniffContentType(Buffer.from(bytes), claimed)).toMatchObject({ ok: false, message: expect.stringContaining('markup') });
    }
    // XML and SVG have signatures file-type knows; they are refused by type.
    expect(await sniffContentType(Buffer.from('<?xml version="1.0"?><a/>'), 'application/octet-stream')).toMatchObject({ ok: false, message: expect.stringContaining('application/xml') });
    expect(await sniffContentType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), '')).toMatchObject({ ok: false });
  });

  it('refuses text types outside the allow-list by their claim', async () => {
    expect(await sniffContentType(Buffer.from('alert(1)'), 'text/javascript')).toMatchObject({ ok: false, message: expect.stringContaining('text/javascript are not accepted') });
  });

  it('refuses JSON that does not parse, with the parser’s reason', async () => {
    expect(await sniffContentType(Buffer.from('{"a":'), 'application/json')).toMatchObject({ ok: false, message: expect.stringMatching(/^the file is sent as JSON but does not parse: /) });
  });

  it('refuses bytes that are neither a known format nor text', async () => {
    expect(await sniffContentType(Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x10]), '')).toMatchObject({
      ok: false,
      message: expect.stringContaining('could not be recognised'),
    });
  });
});

describe('readAsText', () => {
  it('takes valid UTF-8 and refuses NUL bytes and broken sequences', () => {
    expect(readAsText(Buffer.from('héllo'))).toBe('héllo');
    expect(readAsText(Buffer.from('a\0b'))).toBeNull();
    expect(readAsText(Buffer.from([0x61, 0xc3]))).toBeNull();
  });
});

describe('normaliseClaimedType', () => {
  it('lower-cases, drops parameters and resolves aliases', () => {
    expect(normaliseClaimedType('Image/JPG; q=1')).toBe('image/jpeg');
    expect(normaliseClaimedType(undefined)).toBe('');
  });
});

describe('cleanFileName', () => {
  it('keeps the last path segment only', () => {
    expect(cleanFileName('C:\\Users\\ada\\Desktop\\shot.png')).toBe('shot.png');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
  });

  it('drops control and direction-override characters', () => {
    expect(cleanFileName('inv\u202Egnp.exe')).toBe('invgnp.exe');
    expect(cleanFileName('a\r\nb.txt')).toBe('ab.txt');
  });

  it('names a nameless file "attachment"', () => {
    for (const raw of [undefined, '', '   ', '..', '/']) expect(cleanFileName(raw)).toBe('attachment');
  });

  it('shortens a long name to the limit, keeping its extension', () => {
    const cleaned = cleanFileName(`${'a'.repeat(500)}.png`);
    expect([...cleaned]).toHaveLength(FILE_NAME_MAX);
    expect(cleaned.endsWith('.png')).toBe(true);
  });
});
