# tests/e2e/xsdequiv.sh KEFU — kefu's own structure checks of XML record
# files against the kinds' XSDs (issue 15). Ingest no longer runs libxml2's
# XSD validator (it cost a third of XML ingest's CPU); src/xmlin.c enforces
# the same structure itself. This is the evidence that nothing got in that
# the validator would have stopped: for every record kind, a corpus of
# documents — each structural rule broken and kept, and random mutations of
# a valid document — is judged by `xmllint --schema schemas/KIND.xsd` and by
# `kefu inspect` (its "error:" line is a file refused for its structure;
# value errors of single rows are another matter, listed under "errors:").
#
# - every document xmllint rejects, kefu rejects;
# - every document xmllint accepts, kefu accepts, except where kefu is the
#   stricter on purpose: xsi: attributes (a validator lets them through;
#   record files use no attributes) and a value over 65,536 bytes that is
#   under 65,536 characters;
# - the corpus holds both verdicts for every kind, so neither check above
#   is empty;
# - each XSD names exactly the fields kefu knows for its kind (kinds.c).
. "$(dirname "$0")/lib.sh"

check "xmllint installed" sh -c 'command -v xmllint >/dev/null'

python3 - "$KEFU" "$ROOT/schemas" "$T_DIR" > "$T_DIR/out" 2>&1 <<'PY'
import os, random, re, subprocess, sys
kefu, schemas, work = sys.argv[1:4]
kinds = sorted(f[:-4] for f in os.listdir(schemas) if f.endswith(".xsd")
               and f[:-4] not in ("policy", "mapping", "template"))
rng = random.Random(15)

def fields_of(kind):
    xsd = open(os.path.join(schemas, kind + ".xsd"), encoding="utf-8").read()
    return re.findall(r'<xs:element name="([a-z_]+)" type="value"', xsd)

def doc(k, body):
    return '<?xml version="1.0" encoding="UTF-8"?>\n<%s>%s</%s>\n' % (k, body, k)

def rec(fs, extra=""):
    return "<record>" + "".join("<%s>1</%s>" % (f, f) for f in fs) + extra + "</record>"

def cases(k, fs):
    f0 = fs[0]
    c = {
        "empty root": doc(k, ""),
        "empty record": doc(k, "<record/>"),
        "every field": doc(k, rec(fs)),
        "fields reversed": doc(k, rec(fs[::-1])),
        "two records, white space": doc(k, "\n  " + rec(fs) + "\n  " + rec(fs[:1]) + "\n"),
        "empty fields": doc(k, "<record>" + "".join("<%s/>" % f for f in fs) + "</record>"),
        "white space value": doc(k, "<record><%s>  </%s></record>" % (f0, f0)),
        "references in a value": doc(k, "<record><%s>a&amp;b&#x41;&lt;</%s></record>" % (f0, f0)),
        "CDATA in a value": doc(k, "<record><%s><![CDATA[a<b]]></%s></record>" % (f0, f0)),
        "comment and PI in a value": doc(k, "<record><%s>a<!-- c -->b<?pi x?></%s></record>" % (f0, f0)),
        "comments between": doc(k, "<!-- a --><record><!-- b -->" + "<%s>1</%s>" % (f0, f0) + "</record>"),
        "unknown field": doc(k, rec(fs[:1], "<zz>1</zz>")),
        "a field twice": doc(k, rec([f0, f0])),
        "attribute on root": '<%s a="1"></%s>' % (k, k),
        "attribute on record": doc(k, '<record a="1"/>'),
        "attribute on field": doc(k, '<record><%s a="1">1</%s></record>' % (f0, f0)),
        "xml:lang on field": doc(k, '<record><%s xml:lang="zh">1</%s></record>' % (f0, f0)),
        "foreign attribute": doc(k, '<record xmlns:x="urn:x" x:a="1"/>'),
        "element in a value": doc(k, "<record><%s>1<b>2</b></%s></record>" % (f0, f0)),
        "text in root": doc(k, "x" + rec(fs[:1])),
        "text in record": doc(k, "<record>x<%s>1</%s></record>" % (f0, f0)),
        "CDATA in root": doc(k, "<![CDATA[x]]>"),
        "white-space CDATA in root": doc(k, "\n<![CDATA[ ]]>\n"),
        "white-space CDATA in record": doc(k, "<record><![CDATA[ ]]></record>"),
        "other element in root": doc(k, "<rec/>"),
        "field in root": doc(k, "<%s>1</%s>" % (f0, f0)),
        "record in record": doc(k, "<record><record/></record>"),
        "root in namespace": '<%s xmlns="urn:x"/>' % k,
        "record in namespace": doc(k, '<x:record xmlns:x="urn:x"/>'),
        "field in namespace": doc(k, '<record><x:%s xmlns:x="urn:x">1</x:%s></record>' % (f0, f0)),
        "default namespace undone": doc(k, '<record xmlns=""/>'),
        "value of 65536 characters": doc(k, "<record><%s>%s</%s></record>" % (f0, "a" * 65536, f0)),
        "value of 65537 characters": doc(k, "<record><%s>%s</%s></record>" % (f0, "a" * 65537, f0)),
        # stricter on purpose, below
        "xsi:nil on field": doc(k, '<record><%s xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                                  'xsi:nil="false">1</%s></record>' % (f0, f0)),
        "xsi:schemaLocation on root": '<%s xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                                      'xsi:noNamespaceSchemaLocation="x.xsd"/>' % k,
        "hanzi value of 30000 characters": doc(k, "<record><%s>%s</%s></record>" % (f0, "汉" * 30000, f0)),
    }
    # random mutations of a valid document: pieces inserted between its tags
    base = ["<record>"] + ["<%s>1</%s>" % (f, f) for f in fs] + ["</record>", "<record>", "</record>"]
    pieces = ["<record>", "</record>", "<zz/>", "<%s>2</%s>" % (f0, f0), "<%s/>" % rng.choice(fs),
              "x", " ", "<![CDATA[ ]]>", "<!-- c -->", '<record a="1">', "<%s>" % k, "</%s>" % fs[-1],
              "<%s>" % fs[-1], "&amp;", "<?p q?>"]
    for i in range(24):
        b = list(base)
        for _ in range(rng.randint(1, 3)):
            b.insert(rng.randint(0, len(b)), rng.choice(pieces))
        c["mutation %d" % i] = doc(k, "".join(b))
    return c

STRICTER = {"xsi:nil on field", "xsi:schemaLocation on root", "hanzi value of 30000 characters"}
bad = 0
for k in kinds:
    fs = fields_of(k)
    if not fs:
        print("not ok %s: no fields found in schemas/%s.xsd" % (k, k)); bad += 1; continue
    nrej = nacc = 0
    for label, text in cases(k, fs).items():
        path = os.path.join(work, "d.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        x = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(schemas, k + ".xsd"), path],
                           capture_output=True).returncode == 0
        r = subprocess.run([kefu, "--lang", "en", "inspect", path], capture_output=True, text=True)
        refused = any(l.startswith("error:") for l in r.stdout.splitlines())
        kefu_ok = not refused and r.returncode in (0, 65)
        if label == "unknown field":
            # the kind's fields as kefu knows them (kinds.c) are those of its XSD
            m = re.search(r"expected one of (.*)$", r.stdout, re.M)
            known = sorted(m.group(1).strip().split(", ")) if m else []
            if known != sorted(fs):
                print("not ok %s: kefu's fields %s are not schemas/%s.xsd's %s" % (k, known, k, sorted(fs)))
                bad += 1
        if x: nacc += 1
        else: nrej += 1
        if not x and kefu_ok:
            print("not ok %s / %s: xmllint rejects it, kefu accepts it:\n%s" % (k, label, text[:400])); bad += 1
        elif x and not kefu_ok and label not in STRICTER:
            print("not ok %s / %s: xmllint accepts it, kefu refuses it: %s" % (k, label, r.stdout.strip()[-300:]))
            bad += 1
        elif label in STRICTER and kefu_ok:
            print("not ok %s / %s: kefu should refuse it (stricter than the XSD)" % (k, label)); bad += 1
    if nrej == 0 or nacc == 0:
        print("not ok %s: the corpus needs both verdicts (%d rejected, %d accepted)" % (k, nrej, nacc)); bad += 1
    else:
        print("ok %s: %d documents xmllint rejects, kefu rejects too; %d it accepts" % (k, nrej, nacc))
sys.exit(1 if bad else 0)
PY
rc=$?
cat "$T_DIR/out"
check_eq "kefu refuses every record document the XSDs refuse" "$rc" 0
check "every record kind was tried" test "$(grep -c '^ok ' "$T_DIR/out")" -ge 15

echo "$T_PASS passed, $T_FAIL failed"
[ "$T_FAIL" -eq 0 ]
