#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the compose and parse harnesses.

Run from anywhere: python3 tests/fuzz/make_seeds.py. It rewrites
tests/fuzz/corpus/compose/seed-* and tests/fuzz/corpus/parse/seed-*, and
copies a sample of the real-world fields of tests/corpus into
tests/fuzz/corpus/parse/real-* (third-party test vectors: their sources
and licences are listed in tests/corpus/README.md). The binary layout of a compose input is
documented at the top of fuzz_compose.c; this file spells it out again as
code so that seeds stay readable.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, 'corpus')

# indexes into the lists of fuzz_compose.c
HOST = dict(mx=0, lit4=1, lit6=2, a=3, alabel=4, long=5, mixed=6, ulabel=7,
            bad=8)
ID = dict(none=0, atom=1, exim=2, msgid=3, msgid_lit=4, long=5, bad=6)
ADDR = dict(none=0, v4=1, v6=2, mapped=3, tagged=4, zone=5, zero=6,
            sa4=7, sa6=8, samapped=9, bad=10)
PROD = dict(none=0, librcvd=1, postfix=2, space=3, specials=4)
HELO, EHLO, LHLO = 1, 2, 3
TLS, AUTH, UTF8 = 1, 2, 4
O_CRLF, O_VALUE, O_NO_COMMENT, O_NO_CLAUSE, O_FORCE_FOR, O_HIDE, O_SHOW_AUTH = (
    1, 2, 4, 8, 16, 32, 64)


def s(v):
    if v is None:
        return b'\xff'
    if isinstance(v, str):
        v = v.encode('utf-8')
    n = len(v)
    if n < 0xf0:
        return bytes([n]) + v
    return bytes([0xf0 + (n >> 8), n & 0xff]) + v


def compose(host='mx', id='atom', addr='v4', prod='librcvd', time=0,
            greeting=EHLO, flags=0, session=False, implicit=False,
            options=0, count=0, cap=0, bits=32, helo='client.example',
            rdns='client.example', rcpt='<user@example.org>',
            sender='<sender@example.net>', identity=None, tls_version=None,
            tls_cipher=None):
    b5 = greeting | (4 if session else 0) | (flags << 3) | (64 if implicit else 0)
    head = bytes([HOST[host], ID[id], ADDR[addr], PROD[prod], time, b5,
                  options, count, cap, bits])
    return head + b''.join(s(x) for x in (helo, rdns, rcpt, sender, identity,
                                          tls_version, tls_cipher))


COMPOSE = {
    'plain': compose(),
    'esmtpsa-all': compose(flags=TLS | AUTH, options=O_SHOW_AUTH,
                           identity='user@example.org', tls_version='TLSv1.3',
                           tls_cipher='TLS_AES_256_GCM_SHA384'),
    'session-lmtp-utf8': compose(greeting=LHLO, flags=TLS | AUTH | UTF8,
                                 session=True, identity='j\u00f6rg',
                                 rcpt='j\u00f6rg@b\u00fccher.example',
                                 host='ulabel', tls_cipher='0x1302'),
    'session-implicit': compose(session=True, implicit=True, flags=AUTH,
                                identity='u', tls_version='TLSv1.2',
                                tls_cipher='ECDHE-RSA-AES256-GCM-SHA384'),
    'session-no-greeting': compose(greeting=0, session=True),
    'no-greeting': compose(greeting=0),
    'bad-flags': compose()[:5] + bytes([EHLO | 0xc0]) + compose()[6:],
    'helo-inject': compose(helo='x with ESMTPA id FAKE by evil.example (authenticated)',
                           rdns='evil..example.', sender='a b@c',
                           tls_version='TLSv1.3) (authenticated as root'),
    'helo-8bit': compose(helo='h\u00e9llo\u202eevil\x00\x7f\r\n ', flags=UTF8),
    'helo-8bit-ascii': compose(helo='h\u00e9llo\u00a0x', flags=0),
    'helo-literal': compose(helo='[192.0.2.1]', addr='v4'),
    'helo-literal-no-addr': compose(helo='[192.0.2.1]', addr='none'),
    'helo-long': compose(helo='a' * 300 + '.example', options=O_CRLF),
    'helo-long-session': compose(session=True, helo='b' * 600),
    'rcpt-many': compose(count=3 + 4 * 5, rcpt='<a@b.example>'),
    'rcpt-force': compose(count=3, options=O_FORCE_FOR),
    'rcpt-zero': compose(count=2),
    'rcpt-quoted': compose(rcpt='<"a b"@example.org>'),
    'rcpt-long': compose(rcpt='x' * 64 + '@' + ('y' * 60 + '.') * 3 + 'exampl'),
    'rcpt-too-long': compose(rcpt='x' * 64 + '@' + ('y' * 60 + '.') * 3 + 'example'),
    'sender-null': compose(sender='<>'),
    'sender-empty': compose(sender=''),
    'hide': compose(options=O_HIDE | O_SHOW_AUTH, flags=TLS | AUTH,
                    identity='secret', tls_version='TLSv1.3',
                    tls_cipher='TLS_AES_128_GCM_SHA256'),
    'value-only-crlf': compose(options=O_VALUE | O_CRLF, host='lit6',
                               addr='sa6', id='msgid'),
    'value-only-lf': compose(options=O_VALUE, host='long', addr='samapped',
                             id='long', prod='specials'),
    'no-tls-parts': compose(flags=TLS, options=O_NO_COMMENT | O_NO_CLAUSE,
                            tls_cipher='TLS_AES_256_GCM_SHA384'),
    'helo-session': compose(greeting=HELO, session=True, flags=TLS | AUTH | UTF8),
    'helo-info-utf8': compose(greeting=HELO, flags=TLS | AUTH | UTF8,
                              helo='\u00e9.example'),
    'max-everything': compose(host='long', id='long', addr='tagged',
                              prod='space', options=O_CRLF | O_SHOW_AUTH,
                              flags=TLS | AUTH | UTF8, helo='\u00e9' * 200,
                              rdns=('r' * 63 + '.') * 3 + 'r' * 60 + '.',
                              rcpt='u' * 64 + '@' + ('d' * 60 + '.') * 3 + 'example',
                              sender='\u00fc' * 200, identity='\u00e7' * 200,
                              tls_version='v' * 60, tls_cipher='C' * 64,
                              bits=255),
    'err-host': compose(host='bad'),
    'err-host-ulabel': compose(host='ulabel'),
    'err-id': compose(id='bad'),
    'err-addr': compose(addr='bad'),
    'err-range': compose(time=8),
    'err-zone': compose(time=9),
    'zone-unknown': compose(time=3, addr='zone'),
    'time-1900': compose(time=5, addr='mapped'),
    'time-9999': compose(time=6, addr='sa4', id='exim'),
    'cap-short': compose(cap=1),
    'cap-zero': compose(cap=6),
    'cap-small': compose(cap=3 + 4 * 10),
    'empty': b'',
}

PARSE = {
    'composed': b'Received: from client.example (client.example [192.0.2.1])\n'
                b'\tby mx.example.org (librcvd) with ESMTPS id 4Q1abc\n'
                b'\tfor <user@example.org> tls TLS_AES_256_GCM_SHA384;\n'
                b'\tSun, 29 Nov 2026 05:00:38 +0000\n',
    'composed-crlf': b'Received: from [192.0.2.1] (unknown [192.0.2.1])\r\n'
                     b'\tby [IPv6:2001:db8::25] ([IPv6:2001:db8::25]) with LMTPA\r\n'
                     b'\t(helo=a%20b)\r\n\t(envelope-from <>)\r\n'
                     b'\t; Mon, 01 Jan 1900 00:00:00 -0000\r\n',
    'unfolded': b'Received: from a.example by b.example with SMTP id x; '
                b'Thu, 01 Jan 1970 00:00:00 +0000',
    'quoted-pair-fold': b'Received: from a.example (comment \\ with\\) quoted) '
                        b'by b.example; Thu, 01 Jan 1970 00:00:00 +0000',
    'blank-line': b'Received: from a.example\r\n \r\n by b.example; '
                  b'Thu, 01 Jan 1970 00:00:00 +0000\r\n',
    'obsolete-date': b'Received: from a by b; 1 Jan 70 00:00 EST',
    'block': b'Received: from a by b; Thu, 01 Jan 1970 00:00:00 +0000\n'
             b'X-Other: y\nReceived: by c\n\tid 1; Fri, 02 Jan 1970 00:00:00 +0100\n'
             b'\nReceived: not a header any more\n',
    'nul-bytes': b'Received: from a\x00b by c; Thu, 01 Jan 1970 00:00:00 +0000',
    'deep-comments': b'Received: from a ' + b'(' * 200 + b'x' + b')' * 199 +
                     b' by b; Thu, 01 Jan 1970 00:00:00 +0000',
    'long-line': b'Received: from ' + b'a' * 1000 + b' by b; Thu, 01 Jan 1970 00:00:00 +0000',
    'utf8': 'Received: from b\u00fccher.example by mx.example with UTF8SMTPS '
            'for <j\u00f6rg@b\u00fccher.example>; Sun, 29 Nov 2026 05:00:38 +0530'.encode(),
    'valid-via-clause': b'Received: from a.example (b.example [192.0.2.1]) (c) by d.example '
                        b'(e) via TCP with ESMTP id <x.y@z.example> for <"q u"@example.org> '
                        b'tls 0x1301 (f (nested)); Thu, 1 Jan 1970 00:00:00 +0000',
    'valid-no-dayname': b'Received: from a by b; 29 Nov 2026 05:00 -0330',
    'valid-literals': b'Received: from [192.0.2.1] ([192.0.2.1]) by [IPv6:2001:db8::1] '
                      b'(x.example [IPv6:2001:db8::1]); Sun, 29 Nov 2026 05:00:38 +1345',
    'valid-general-literal': b'Received: from x.example ([tag:content]) by y; '
                             b'Sun, 29 Nov 2026 05:00:60 +0000',
    'valid-utf8': 'Received: from b\u00fccher.example by m.example with UTF8SMTP '
                  'for <\u00f6@b\u00fccher.example> (\u00e9t\u00e9); '
                  'Sun, 29 Nov 2026 05:00:38 +0000\r\n'.encode(),
    'empty': b'',
}


def write(sub, name, data):
    d = os.path.join(CORPUS, sub)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def main():
    for name, data in COMPOSE.items():
        write('compose', 'seed-' + name, data)
    for name, data in PARSE.items():
        write('parse', 'seed-' + name, data)
    # Every 8th real-world field: each server family, small enough to commit.
    src = os.path.join(HERE, '..', 'corpus', 'received-realworld.jsonl')
    with open(src, encoding='utf-8') as f:
        for i, line in enumerate(f):
            if i % 8 == 0:
                field = json.loads(line)['field']
                write('parse', 'real-%03d' % i, field.encode('utf-8', 'surrogateescape'))


if __name__ == '__main__':
    main()
