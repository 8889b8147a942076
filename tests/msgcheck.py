#!/usr/bin/env python3
"""tests/msgcheck.py [SRCDIR] — every message of kefu has its Chinese.

Reads the C sources of SRCDIR (default: src) and the catalogue in
SRCDIR/msg.c, and checks:

1. Every format given to a function that builds or prints a message —
   kerr_set, msg_tr, printf, fprintf, usage_error, and the modules' own
   printf-like helpers (MESSAGE_FUNCS below) — has an entry in the
   catalogue, unless it holds no word to translate ("kefu: %s\\n").
2. Each entry's Chinese takes the same arguments as its English: the same
   conversions in the same order (or numbered ones, %1$s, that map to the
   same types), so printf reads the arguments it was given.
3. No code calls strerror, whose text is the C locale's English, instead
   of msg_strerror.
4. A literal given to a formatting function that is not a message function
   (xasprintf, snprintf, sbuf_printf, sbuf_adds, fputs, reject_field) and
   reads as English prose is either wrapped in msg_tr(...) or listed in
   NOT_MESSAGES below with its reason: a new message cannot slip past (1)
   by being built with xasprintf. So is an English phrase given as an
   argument to a message ("holder unknown" for its %s).

Not seen: a phrase a helper returns or stores in a variable
(`why = "..."`) before it reaches a message; wrap those in msg_tr where
they are written.

On failure it prints the missing entries as catalogue lines, ready to be
filled in and pasted into msg.c. Ends with "N passed, N failed" (tests/run.sh
adds that up) and exits 1 on any failure.
"""
import glob
import os
import re
import sys

# function name -> index of its format argument (0-based)
MESSAGE_FUNCS = {
    'kerr_set': 2, 'msg_tr': 0, 'usage_error': 0, 'printf': 0, 'fprintf': 1,
    'add_problem': 2,   # policy.c: one policy problem
    'rep_add': 2, 'ERR': 1, 'WARN': 1,   # bag.c: the verifier's report
    'xs_fail': 2,       # xlsx.c: a sheet error
    'set_bad': 1,       # csv.c: a bad record
    'record_err': 3,    # xmlin.c: a record error
}
# helpers whose name is used for other functions elsewhere: only in this file
MESSAGE_FUNCS_IN = {('pdf.c', 'fail'): 2}
# formatting functions that also build paths, JSON, SQL and report text
OTHER_FUNCS = {'xasprintf': 0, 'snprintf': 2, 'sbuf_printf': 1, 'sbuf_adds': 1, 'fputs': 0,
               'reject_field': 4}

# Literals of OTHER_FUNCS that read as prose but are not messages: file and
# literal, with the reason. Everything else that reads as prose must be a
# message (wrapped in msg_tr).
NOT_MESSAGES = {
    ('cli.c', ' [options]'): 'the synopsis, built from the command table in both languages',
    ('lock.c', 'pid %ld, started %s, kefu %s\n'): 'the lock file\'s holder note (data)',
    ('pdf.c', 'Page %zu of %zu'): 'report text: the report language (--lang), from the template',
    ('pdf.c', 'kefu (libharu %s)'): 'PDF producer metadata',
    ('pdf.c', 'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n'): 'PDF ToUnicode CMap',
    ('purge.c', 'batch '): 'the input of the batch content hash',
    ('report.c', 'Witness %d %s'): 'report text (English report)',
    ('report.c', ' (adopted %s)'): 'report text (English report)',
    ('report.c', '%s (adopted %s)'): 'report text (English report)',
    ('report.c', ' sha256 %.16s'): 'report footer',
    ('report.c', ' | kefu %s'): 'report footer',
    ('report.c', 'kefu; %s; %s; %s'): 'PDF keywords metadata',
    ('run.c', '%s %s %s stored=%ld rejected=%ld replaced=%ld'): 'a bag-info value of the bundle (data)',
    ('run.c', '%s %s rejected-whole'): 'a bag-info value of the bundle (data)',
    ('policy.c', '%s line %d: %s'): 'the embedded schema does not compile: a build error',
}
# Formats of MESSAGE_FUNCS that have words but nothing to translate.
NO_WORDS = {
    'kefu %s\nSQLite %s, libxml2 %s, zlib %s, libharu %s, nettle %s\n': 'library names (--version)',
}

# the integer macros of <inttypes.h>, spelt as on this platform's glibc
# (the check compares the key and the catalogue with the same spelling)
PRI = {'PRIu64': 'lu', 'PRId64': 'ld', 'PRIo64': 'lo', 'PRIx64': 'lx', 'PRIi64': 'li'}

TOKEN = re.compile(r'''(?P<com>/\*.*?\*/|//[^\n]*)|(?P<pp>^[ \t]*\#(?:[^\n]*\\\n)*[^\n]*)'''
                   r'''|(?P<str>"(?:\\.|[^"\\\n])*")|(?P<chr>'(?:\\.|[^'\\\n])*')'''
                   r'''|(?P<id>[A-Za-z_]\w*)|(?P<num>\d[\w.]*)|(?P<p>[()\[\]{},;?:])|(?P<o>\S)''',
                   re.S | re.M)
CJK = re.compile('[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]')
SPEC = re.compile(r'%(?:(\d+)\$)?([-+ #0\']*)(\*(?:\d+\$)?|\d+)?(?:\.(\*(?:\d+\$)?|\d+))?'
                  r'(hh|h|ll|l|j|z|t|L)?([diouxXeEfFgGaAcspn%])')


def tokens(text):
    out = []
    line, upto = 1, 0
    for m in TOKEN.finditer(text):
        line += text.count('\n', upto, m.start())
        upto = m.start()
        k = m.lastgroup
        if k in ('com', 'pp'):
            continue
        out.append((k, m.group(k), line))
    return out


def c_string(lit):
    """The value of one C string literal's body (escapes decoded to bytes, then UTF-8)."""
    b = bytearray()
    raw = lit.encode('utf-8')
    i = 0
    while i < len(raw):
        c = raw[i]
        if c != 0x5c:
            b.append(c)
            i += 1
            continue
        n = raw[i + 1:i + 2]
        i += 2
        simple = {b'n': 10, b't': 9, b'r': 13, b'0': 0, b'\\': 92, b'"': 34, b"'": 39,
                  b'a': 7, b'b': 8, b'f': 12, b'v': 11, b'?': 63}
        if n == b'x':
            j = i
            while j < len(raw) and chr(raw[j]) in '0123456789abcdefABCDEF':
                j += 1
            b.append(int(raw[i:j], 16) & 0xff)
            i = j
        elif n in b'01234567' and n != b'':
            j = i - 1
            k = j
            while k < len(raw) and k < j + 3 and chr(raw[k]) in '01234567':
                k += 1
            b.append(int(raw[j:k], 8) & 0xff)
            i = k
        else:
            b.append(simple.get(n, n[0]))
    return b.decode('utf-8', errors='replace')


def literal_runs(arg):
    """Each run of adjacent string literals (with PRI macros) in one argument:
    (its value, its line, its spelling in C)."""
    runs, cur = [], []
    for k, v, ln in arg:
        if k == 'str':
            cur.append((c_string(v[1:-1]), ln, v))
        elif k == 'id' and v in PRI:
            cur.append((PRI[v], ln, v))
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return [(''.join(s for s, _, _ in r), r[0][1], ' '.join(c for _, _, c in r)) for r in runs]


def calls(toks, names):
    """Yields (name, args, line) for each call of a name in `names`: args is
    a list of token lists, one per top-level argument."""
    for i, (k, v, ln) in enumerate(toks):
        if k != 'id' or v not in names or i + 1 >= len(toks) or toks[i + 1][1] != '(':
            continue
        if i > 0 and toks[i - 1][1] in ('int', 'void', 'char', 'static', 'define'):
            continue   # a declaration or definition
        depth, args, j = 0, [[]], i + 1
        while j < len(toks):
            kk, vv, _ = toks[j]
            if kk == 'p' and vv in '([{':
                depth += 1
                if depth == 1:
                    j += 1
                    continue
            elif kk == 'p' and vv in ')]}':
                depth -= 1
                if depth == 0:
                    break
            if depth == 1 and kk == 'p' and vv == ',':
                args.append([])
            else:
                args[-1].append(toks[j])
            j += 1
        yield v, args, ln


def show(s):
    """s as a C string body, on one line."""
    return s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')


def has_words(fmt):
    text = SPEC.sub(' ', fmt)
    words = re.findall(r'[A-Za-z]{2,}', text)
    return any(w != 'kefu' for w in words)


def is_json(s):
    """1 for a JSON shape printed directly: its keys are no message."""
    return bool(re.match(r'\s*[{\[,]"', s)) or '":' in s


def reads_as_prose(s):
    if CJK.search(s) or re.search(r'"\s*:|[{\[,]"|^"', s):   # Chinese already, or JSON
        return False
    t = SPEC.sub(' ', s).strip()
    if re.match(r'(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|AND|OR|WHERE|FROM)\b|[</&{,\[]', t):   # SQL
        return False
    return bool(re.search(r"\b[A-Za-z][a-z]*,? +[a-z('][a-z]+\b|\b[A-Z]{2,} [A-Z]{2,} [A-Z]{2,}\b", t))


def arg_types(fmt):
    """The types printf reads for fmt, in argument order, or an error text."""
    seq, pos = [], {}
    numbered = None
    for m in SPEC.finditer(fmt):
        num, flags, width, prec, length, conv = m.groups()
        if conv == '%':
            continue
        is_num = num is not None
        if numbered is None:
            numbered = is_num
        elif numbered != is_num:
            return None, 'mixes numbered and unnumbered conversions'
        kind = {'d': 'int', 'i': 'int', 'o': 'uint', 'u': 'uint', 'x': 'uint', 'X': 'uint',
                'c': 'int', 's': 'str', 'p': 'ptr', 'n': 'nptr'}.get(conv, 'double')
        t = (length or '') + kind
        stars = [w for w in (width, prec) if w and w.startswith('*')]
        if is_num:
            for s in stars:
                if len(s) == 1:
                    return None, 'a numbered conversion with an unnumbered *'
                pos[int(s[1:-1])] = 'int'
            pos[int(num)] = t
        else:
            seq.extend('int' for _ in stars)
            seq.append(t)
    if numbered:
        n = max(pos) if pos else 0
        if sorted(pos) != list(range(1, n + 1)):
            return None, 'numbered conversions skip a number'
        return [pos[i] for i in range(1, n + 1)], None
    return seq, None


def read_catalogue(path):
    text = open(path, encoding='utf-8').read()
    a = text.find('BEGIN CATALOGUE')
    b = text.find('END CATALOGUE')
    if a < 0 or b < 0:
        sys.exit(f'{path}: no BEGIN CATALOGUE / END CATALOGUE markers')
    start = text.rfind('\n', 0, a) + 1
    line0 = text.count('\n', 0, start)
    toks = tokens(text[start:b])
    entries = []   # (en, zh, line)
    i = 0
    while i < len(toks):
        if toks[i][1] == '{':
            j = i + 1
            parts = [[]]
            while j < len(toks) and toks[j][1] != '}':
                if toks[j][1] == ',':
                    parts.append([])
                else:
                    parts[-1].append(toks[j])
                j += 1
            en = literal_runs(parts[0])
            zh = literal_runs(parts[1]) if len(parts) > 1 else []
            if len(en) == 1 and len(zh) == 1:
                en, zh = en[:1], zh[:1]
            ln = toks[i][2] + line0
            if len(en) != 1 or len(zh) != 1:
                entries.append((None, None, ln))
            else:
                entries.append((en[0][0], zh[0][0], ln))
            i = j
        i += 1
    return entries


def bilingual(arg):
    """1 when an argument carries its text in both languages itself, or is
    a message already: msg_tr(...), report text L(rc, zh, en), help text
    T(en, zh), or a choice on the report's language (rc->en ? … : …)."""
    for i, (k, v, _) in enumerate(arg):
        if k == 'id' and v in ('msg_tr', 'L', 'T'):
            return True
        if k == 'id' and v in ('en', 'english') and i + 1 < len(arg) and arg[i + 1][1] == '?':
            return True
    return False


def n_fmt_wrapped(name, args):
    """1 when a call of OTHER_FUNCS has its format wrapped in msg_tr."""
    n = OTHER_FUNCS.get(name)
    if n is None or n >= len(args) or not args[n]:
        return False
    a = args[n]
    return a[0][0] == 'id' and a[0][1] == 'msg_tr'


def main():
    srcdir = sys.argv[1] if len(sys.argv) > 1 else 'src'
    catpath = os.path.join(srcdir, 'msg.c')
    passed = failed = 0
    problems = []

    entries = read_catalogue(catpath)
    cat = {}
    for en, zh, ln in entries:
        if en is None:
            problems.append(f'{catpath}:{ln}: an entry that is not {{ "English", "Chinese" }}')
            continue
        if en in cat:
            problems.append(f'{catpath}:{ln}: the English "{show(en)}" has a second entry')
        cat[en] = (zh, ln)

    formats = {}     # fmt -> first place "file:line"
    unmarked = []    # (place, literal)
    for path in sorted(glob.glob(os.path.join(srcdir, '*.c'))):
        base = os.path.basename(path)
        if base == 'msg.c':
            continue
        toks = tokens(open(path, encoding='utf-8').read())
        names = dict(MESSAGE_FUNCS)
        names.update({f: n for (b, f), n in MESSAGE_FUNCS_IN.items() if b == base})
        for name, args, ln in calls(toks, {'strerror'}):
            unmarked.append((f'{path}:{ln}', 'strerror(...)'))
        for name, args, ln in calls(toks, set(names) | set(OTHER_FUNCS)):
            is_message = False
            if name in names:
                n = names[name]
                if n < len(args):
                    is_message = True
                    for fmt, fl, spelt in literal_runs(args[n]):
                        if has_words(fmt) and fmt not in NO_WORDS and not is_json(fmt):
                            formats.setdefault(fmt, (f'{path}:{fl}', spelt))
            elif n_fmt_wrapped(name, args):
                is_message = True
            if is_message:
                # a phrase given to a message as an argument is part of it
                for arg in args[names.get(name, OTHER_FUNCS.get(name, 0)) + 1:]:
                    if bilingual(arg):
                        continue
                    for lit, fl, _ in literal_runs(arg):
                        if reads_as_prose(lit) and (base, lit) not in NOT_MESSAGES:
                            unmarked.append((f'{path}:{fl}', lit))
            if name in OTHER_FUNCS:
                n = OTHER_FUNCS[name]
                # msg_tr: a message; L(rc, zh, en), T(en, zh), rc->en ? en : zh:
                # report and help text that carries both languages itself
                if n >= len(args) or bilingual(args[n]):
                    continue
                for lit, fl, _ in literal_runs(args[n]):
                    if reads_as_prose(lit) and (base, lit) not in NOT_MESSAGES:
                        unmarked.append((f'{path}:{fl}', lit))

    missing = []
    for fmt, (place, spelt) in sorted(formats.items(), key=lambda x: x[1]):
        if fmt not in cat:
            missing.append((place, spelt))
            failed += 1
            continue
        zh, ln = cat[fmt]
        te, err_e = arg_types(fmt)
        tz, err_z = arg_types(zh)
        if not zh.strip():
            problems.append(f'{catpath}:{ln}: no Chinese yet for "{show(fmt)}" ({place})')
            failed += 1
        elif err_z:
            problems.append(f'{catpath}:{ln}: the Chinese of "{show(fmt)}" {err_z}')
            failed += 1
        elif te != tz:
            problems.append(f'{catpath}:{ln}: the Chinese of "{show(fmt)}" ({place}) takes '
                            f'({", ".join(tz)}), the English ({", ".join(te or [])})')
            failed += 1
        else:
            passed += 1
    for place, lit in unmarked:
        if lit == 'strerror(...)':
            problems.append(f'{place}: strerror(...) is the C locale\'s English: use msg_strerror(...)')
            failed += 1
            continue
        problems.append(f'{place}: "{show(lit)}" reads as a message: wrap it in msg_tr(...), '
                        f'or list it in NOT_MESSAGES of tests/msgcheck.py with the reason')
        failed += 1
    if any(p.startswith(catpath) and 'entry' in p for p in problems):
        failed += 1

    for p in problems:
        print('FAIL ' + p)
    if missing:
        print(f'FAIL {len(missing)} message formats have no Chinese in {catpath}; '
              f'fill in these lines and add them to its catalogue:')
        for place, spelt in missing:
            print(f'    /* {place} */')
            print(f'    {{ {spelt}, "" }},')
    stale = [en for en in cat if en not in formats]
    if stale:
        print(f'note: {len(stale)} catalogue entries match no message in {srcdir} (their message changed or went):')
        for en in stale:
            print(f'    {catpath}:{cat[en][1]}: "{show(en)}"')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
