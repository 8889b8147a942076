#!/usr/bin/env python3
"""bagcheck.py — an independent BagIt validator for kefu's .tar.gz bundles.

Standard library only (tarfile, hashlib), written apart from src/bag.c so
that a bug in one is not silently shared by the other; it stands in for a
packaged BagIt validator (Debian packages none). It streams the archive
once, so it does not care whether tag files come first.

Checks: one top directory holding everything; only files and directories;
no absolute or '..' names; bagit.txt (BagIt-Version M.N, UTF-8 encoding);
every manifest-ALG.txt and tagmanifest-ALG.txt line against the digest of
the named file; every payload file listed in every payload manifest and
every listed file present; bag-info.txt Payload-Oxum.

Usage: bagcheck.py BUNDLE.tar.gz   exit 0 valid, 1 invalid (messages on
stderr, one per problem), 2 usage or unreadable archive.
"""
import hashlib
import sys
import tarfile

ALGS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
MAX_TAG = 64 << 20


def main(argv):
    if len(argv) != 2:
        print("usage: bagcheck.py BUNDLE.tar.gz", file=sys.stderr)
        return 2
    path = argv[1]
    problems = []
    tags = {}        # tag file path -> bytes
    payload = {}     # payload path -> (size, {alg: hexdigest})
    top = None
    have_data = False
    try:
        with tarfile.open(path, "r:*") as tf:
            for m in tf:
                name = m.name
                while name.startswith("./"):
                    name = name[2:]
                name = name.rstrip("/")
                parts = name.split("/")
                if name.startswith("/") or ".." in parts:
                    problems.append(f"{m.name}: unsafe name")
                    continue
                if top is None:
                    top = parts[0]
                if parts[0] != top:
                    problems.append(f"{m.name}: outside the top directory {top}/")
                    continue
                rel = "/".join(parts[1:])
                if m.isdir():
                    if rel == "data":
                        have_data = True
                    continue
                if not m.isfile():
                    problems.append(f"{rel}: not a regular file or directory")
                    continue
                if rel in tags or rel in payload:
                    problems.append(f"{rel}: appears twice")
                f = tf.extractfile(m)
                if rel.startswith("data/"):
                    hs = {a: hashlib.new(a) for a in ALGS}
                    size = 0
                    while True:
                        chunk = f.read(1 << 20)
                        if not chunk:
                            break
                        size += len(chunk)
                        for h in hs.values():
                            h.update(chunk)
                    payload[rel] = (size, {a: h.hexdigest() for a, h in hs.items()})
                else:
                    if m.size > MAX_TAG:
                        problems.append(f"{rel}: tag file too large")
                        continue
                    tags[rel] = f.read()
    except (tarfile.TarError, OSError, EOFError) as exc:
        print(f"bagcheck: {path}: cannot read archive: {exc}", file=sys.stderr)
        return 2

    if not have_data:
        problems.append("data/: payload directory missing")
    bagit = tags.get("bagit.txt")
    if bagit is None:
        problems.append("bagit.txt: missing")
    else:
        lines = bagit.decode("utf-8", "replace").splitlines()
        if len(lines) < 2 or not lines[0].startswith("BagIt-Version: ") \
                or lines[1] != "Tag-File-Character-Encoding: UTF-8":
            problems.append("bagit.txt: expected 'BagIt-Version: M.N' and "
                            "'Tag-File-Character-Encoding: UTF-8'")
        else:
            ver = lines[0][len("BagIt-Version: "):]
            a, dot, b = ver.partition(".")
            if not (dot and a.isdigit() and b.isdigit()):
                problems.append(f"bagit.txt: bad version '{ver}'")

    manifests = [t for t in tags if "/" not in t and t.startswith("manifest-") and t.endswith(".txt")]
    if not manifests:
        problems.append("no payload manifest")
    for man in sorted(manifests):
        alg = man[len("manifest-"):-4]
        if alg not in ALGS:
            problems.append(f"{man}: unsupported algorithm")
            continue
        listed = set()
        for no, line in enumerate(tags[man].decode("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            digest, _, fpath = line.partition(" ")
            fpath = fpath.lstrip(" ")
            fpath = fpath.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
            if fpath in listed:
                problems.append(f"{man}:{no}: {fpath} listed twice")
            listed.add(fpath)
            if fpath not in payload:
                problems.append(f"{fpath}: listed in {man}:{no} but missing")
            elif payload[fpath][1][alg] != digest.lower():
                problems.append(f"{fpath}: {alg} checksum mismatch ({man}:{no})")
        for p in sorted(payload):
            if p not in listed:
                problems.append(f"{p}: not listed in {man}")

    for tman in sorted(t for t in tags if "/" not in t and t.startswith("tagmanifest-") and t.endswith(".txt")):
        alg = tman[len("tagmanifest-"):-4]
        if alg not in ALGS:
            problems.append(f"{tman}: unsupported algorithm")
            continue
        for no, line in enumerate(tags[tman].decode("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            digest, _, fpath = line.partition(" ")
            fpath = fpath.lstrip(" ")
            if fpath not in tags:
                problems.append(f"{fpath}: listed in {tman}:{no} but missing")
            elif hashlib.new(alg, tags[fpath]).hexdigest() != digest.lower():
                problems.append(f"{fpath}: {alg} checksum mismatch ({tman}:{no})")

    info = tags.get("bag-info.txt")
    if info is not None:
        for line in info.decode("utf-8").splitlines():
            label, colon, value = line.partition(":")
            if colon and label.strip() == "Payload-Oxum":
                octets, dot, count = value.strip().partition(".")
                have = (sum(s for s, _ in payload.values()), len(payload))
                if not (dot and octets.isdigit() and count.isdigit()) \
                        or (int(octets), int(count)) != have:
                    problems.append(f"bag-info.txt: Payload-Oxum {value.strip()} but payload has "
                                    f"{have[0]}.{have[1]}")

    for p in problems:
        print(f"bagcheck: {path}: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"bagcheck: {path}: valid ({len(payload)} payload files)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
