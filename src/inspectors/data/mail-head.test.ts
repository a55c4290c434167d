import { describe, expect, it } from 'vitest';
import { mailHead } from './mail-head.js';

const head = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('mailHead', () => {
  it('knows a message by its headers, folded lines and CRLF included', () => {
    const msg = 'Return-Path: <bbb@zzz.org>\nReceived: by mail.zzz.org (Postfix)\n\tid 27CEAD38CC; Fri,  4 May 2001\nMessage-ID: <15090.61304@aaa.zzz.org>\nFrom: bbb@ddd.com\nSubject: hi\n\nHi,\n';
    expect(mailHead(head(msg))).toBe('message');
    expect(mailHead(head(msg.replace(/\n/g, '\r\n')))).toBe('message');
    expect(mailHead(head('From: aperson@dom.ain\nContent-Type: text/plain\n\nbody\n'))).toBe('message');
  });

  it('knows a mailbox by its From_ line before the headers', () => {
    expect(mailHead(head('From SRS0=aO/p@bounce2.pobox.com  Fri Nov 26 21:40:36 2004\nX-Mozilla-Status: 0000\nReturn-path: <x@y.org>\nMessage-ID: <a@b>\nTo: z@y.org\n\nbody\n'))).toBe('mailbox');
  });

  it('passes over text that only looks like headers: HTTP dumps, config, prose, a From line alone', () => {
    expect(mailHead(head('HTTP/1.1 200 OK\nDate: Mon, 1 Jan 2024\nContent-Type: text/html\n\n<html>'))).toBeUndefined();
    expect(mailHead(head('Host: example.net\nDate: Mon, 1 Jan 2024\nContent-Type: text/html\n\n'))).toBeUndefined();
    expect(mailHead(head('name: train\nsplit: test\nsize: 10\n\n'))).toBeUndefined();
    expect(mailHead(head('Dear team,\nFrom: the board\nTo: everyone\n'))).toBeUndefined();
    expect(mailHead(head('From the desk of the editor, 2024\nwe write.\n'))).toBeUndefined();
    expect(mailHead(head('Subject: notes\nDate: today\n\nno sender\n'))).toBeUndefined();
  });

  it('knows a MIME entity saved on its own: MIME-Version and Content-Type, or a multipart boundary that opens a part', () => {
    // CPython's test_email msg_38.txt and msg_37.txt open so, with no sender or Received line.
    expect(mailHead(head('MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="----- =_aaaaaaaaaa0"\n\n------- =_aaaaaaaaaa0\nContent-Type: text/plain\n\nhi\n'))).toBe('message');
    expect(mailHead(head('Content-Type: text/plain; charset="us-ascii"\nMIME-Version: 1.0\nContent-Transfer-Encoding: 7bit\n\nbody\n'))).toBe('message');
    expect(mailHead(head('Content-Type: multipart/mixed; boundary=ABCDE\n\n--ABCDE\nContent-Type: text/x-one\n\nOne\n--ABCDE--\n'))).toBe('message');
  });

  it('does not take HTTP-like headers, or a multipart type whose boundary opens no part, for a MIME entity', () => {
    expect(mailHead(head('Content-Type: text/plain\nContent-Length: 5\n\nhello\n'))).toBeUndefined();
    expect(mailHead(head('MIME-Version: 1.0\nX-Note: one\n\nbody\n'))).toBeUndefined();
    expect(mailHead(head('Content-Type: multipart/form-data; boundary=XYZ\nContent-Length: 10\n\nno parts here\n'))).toBeUndefined();
  });

  it('judges only whole lines of a head cut mid-line', () => {
    const long = `From: a@b.org\nTo: c@d.org\nSubject: ${'x'.repeat(9000)}`;
    expect(mailHead(head(long).subarray(0, 8192))).toBe('message');
    expect(mailHead(head('From: a@b.org\nTo: c@d.org\nSubj'))).toBe('message');
  });
});
