import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnpr, splitMultipart } from './parse-anpr.js';

const ANPR = join(import.meta.dirname, '../../../tests/fixtures/anpr');
const XML = readFileSync(join(ANPR, 'hikvision_isapi_anpr_event.xml'));
const DAHUA = readFileSync(join(ANPR, 'dahua_rpc_notifyEventStream_TrafficJunction.txt'));
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0x0d, 0x0a, 0xff, 0xd9]);

describe('parseAnpr', () => {
  it('reads the real Hikvision alert: plate, confidence and time', () => {
    expect(parseAnpr(XML, 'application/xml')).toEqual({ kind: 'hikvision', status: 'read', plate: '8369FQ', confidence: 1, cameraTime: '2022-02-10T08:27:40.000Z', images: [] });
  });
  it('splits a multipart post binary-safe, keeping the JPEG parts (CRLF inside the image included)', () => {
    const b = 'xYz';
    const body = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="anpr.xml"\r\nContent-Type: application/xml\r\n\r\n`),
      XML,
      Buffer.from(`\r\n--${b}\r\nContent-Disposition: form-data; name="licensePlatePicture.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      JPEG,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    expect(splitMultipart(body, `multipart/form-data; boundary=${b}`)).toHaveLength(2);
    const report = parseAnpr(body, `multipart/form-data; boundary="${b}"`);
    expect(report).toMatchObject({ kind: 'hikvision', status: 'read', plate: '8369FQ' });
    expect(report.images).toEqual([JPEG]);
  });
  it('calls a Hikvision alert without a plate unread', () => {
    const none = XML.toString().replace('<licensePlate>8369FQ</licensePlate>', '<licensePlate>unknown</licensePlate>');
    expect(parseAnpr(Buffer.from(none), 'text/xml')).toMatchObject({ kind: 'hikvision', status: 'unread' });
  });
  it('tolerates the real Dahua push, which is not valid JSON, and finds its empty plate unread', () => {
    expect(() => JSON.parse(DAHUA.toString()) as unknown).toThrow();
    expect(parseAnpr(DAHUA, 'text/plain')).toEqual({ kind: 'dahua', status: 'unread', cameraTime: '2024-01-30T07:34:55.000Z', images: [] });
  });
  it('takes PlateNumber from a Dahua push that has one', () => {
    const text = DAHUA.toString().replace('"Category": "Unknown",', '"Category": "Unknown", "PlateNumber": "浙A12345",');
    expect(parseAnpr(Buffer.from(text), 'application/json')).toMatchObject({ kind: 'dahua', status: 'read', plate: '浙A12345' });
  });
  it('reads the JSON webhook, with its base64 JPEG', () => {
    const body = Buffer.from(JSON.stringify({ plate: ' 浙A12345 ', confidence: 0.9, seenAt: '2026-01-01T08:00:00+08:00', image: JPEG.toString('base64') }));
    expect(parseAnpr(body, 'application/json')).toEqual({ kind: 'json', status: 'read', plate: '浙A12345', confidence: 0.9, cameraTime: '2026-01-01T00:00:00.000Z', images: [JPEG] });
    expect(parseAnpr(Buffer.from('{"plate":""}'), 'application/json')).toMatchObject({ kind: 'json', status: 'unread' });
  });
  it('calls an image without text unread, keeping the image for a plate reader', () => {
    expect(parseAnpr(JPEG, 'image/jpeg')).toEqual({ kind: 'image', status: 'unread', images: [JPEG] });
    const b = 'q';
    const body = Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="pic"\r\n\r\n`), JPEG, Buffer.from(`\r\n--${b}--\r\n`)]);
    expect(parseAnpr(body, `multipart/form-data; boundary=${b}`)).toEqual({ kind: 'image', status: 'unread', images: [JPEG] });
  });
  it('calls anything else unreadable, never throwing', () => {
    for (const body of ['', 'hello', '{"plate":', '<foo/>', '{"car":"x"}', '[1,2]', '\u0000\u00ff'])
      expect(parseAnpr(Buffer.from(body), 'application/octet-stream')).toMatchObject({ status: 'unreadable', images: [] });
    expect(parseAnpr(undefined, '')).toMatchObject({ status: 'unreadable' });
    expect(parseAnpr(Buffer.from('--b\r\nbroken'), 'multipart/form-data; boundary=b')).toMatchObject({ status: 'unreadable' });
    expect(parseAnpr(Buffer.from('x'), 'multipart/form-data')).toMatchObject({ status: 'unreadable' });
  });
});
