#!/usr/bin/env python3
"""Validate the Wenfeng final test set and print gold-span counts per category.

    python3 tests/testset/check_testset.py [--lint]

Checks every ⟦category|text⟧ mark in drafts/*.txt: well formed, category known, no nesting or
stray brackets, no padded or multi-line spans; plain text 400..1000 characters (newlines not
counted); every sentence longer than 90 characters lies inside a `style` span; no style span
contains another span (marks never nest, so this holds by construction). Prints per-file and
per-category counts. Exit status 1 on any error.
"""
import glob
import os
import re
import sys

CATS = ("cliche", "claim", "residue", "stale", "style")
MARK = re.compile(r"⟦([^⟦⟧|]*)\|([^⟦⟧]*)⟧")
END = "。！？!?"
CLOSE = "”’」』）)】"
LONG = 90
HERE = os.path.dirname(os.path.abspath(__file__))


def sentences(line):
    out, i, n, start = [], 0, len(line), 0
    while i < n:
        if line[i] in END:
            j = i + 1
            while j < n and line[j] in END:
                j += 1
            while j < n and line[j] in CLOSE:
                j += 1
            out.append((start, j))
            start = i = j
        else:
            i += 1
    if start < n:
        out.append((start, n))
    res = []
    for s, e in out:
        while s < e and line[s] in " \u3000\t":
            s += 1
        while e > s and line[e - 1] in " \u3000\t":
            e -= 1
        if e > s:
            res.append((s, e))
    return res


def text_sentences(text):
    off, res = 0, []
    for line in text.split("\n"):
        for s, e in sentences(line):
            res.append((off + s, off + e))
        off += len(line) + 1
    return res


def parse(raw):
    errs, spans, plain, i, pos = [], [], [], 0, 0
    for m in MARK.finditer(raw):
        seg = raw[i:m.start()]
        if "⟦" in seg or "⟧" in seg:
            errs.append("stray or nested bracket before offset %d" % m.start())
        plain.append(seg)
        pos += len(seg)
        cat, text = m.group(1), m.group(2)
        if cat not in CATS:
            errs.append("unknown category %r" % cat)
        if not text or text != text.strip() or "\n" in text:
            errs.append("empty, padded or multi-line span %r" % text[:20])
        spans.append((pos, pos + len(text), cat, text))
        plain.append(text)
        pos += len(text)
        i = m.end()
    if "⟦" in raw[i:] or "⟧" in raw[i:]:
        errs.append("stray bracket after last mark")
    plain.append(raw[i:])
    return "".join(plain), spans, errs


def long_uncovered(text, spans):
    bad = []
    for s, e in text_sentences(text):
        moved = True
        while moved:
            moved = False
            for a, b, c, _ in spans:
                if c == "residue" and a <= s < b:
                    s, moved = b, True
            while s < e and text[s] in " \u3000\t":
                s, moved = s + 1, True
        if e - s > LONG and not any(c == "style" and a <= s and b >= e for a, b, c, _ in spans):
            bad.append((e - s, text[s:e]))
    return bad


def long_labelled(text, spans):
    """style spans that are single long sentences (for the summary)."""
    n = 0
    for a, b, c, _ in spans:
        if c == "style" and b - a > LONG and len(text_sentences(text[a:b])) == 1:
            n += 1
    return n


def main(argv):
    errors, counts, total = [], dict.fromkeys(CATS, 0), 0
    files = sorted(glob.glob(os.path.join(HERE, "drafts", "*.txt")))
    good = 0
    print("%-36s %5s  %s" % ("file", "chars", " ".join("%7s" % c for c in CATS)))
    for f in files:
        name = os.path.basename(f)
        raw = open(f, encoding="utf-8").read()
        text, spans, errs = parse(raw)
        errors += ["%s: %s" % (name, e) for e in errs]
        n = len(text.replace("\n", ""))
        total += n
        if not 400 <= n <= 1000:
            errors.append("%s: %d characters, outside 400..1000" % (name, n))
        for ln, s in long_uncovered(text, spans):
            errors.append("%s: sentence of %d chars not labelled style: %s…" % (name, ln, s[:20]))
        per = dict.fromkeys(CATS, 0)
        for _, _, c, _ in spans:
            if c in CATS:
                per[c] += 1
                counts[c] += 1
        if name.endswith("_good.txt") and spans:
            errors.append("%s: a _good draft carries labels" % name)
        if not spans:
            good += 1
        print("%-36s %5d  %s" % (name, n, " ".join("%7d" % per[c] for c in CATS)))
        if "--lint" in argv:
            for s, e in text_sentences(text):
                if e - s > 80:
                    print("   note: %d-char sentence: %s…" % (e - s, text[s:s + 20]))
    for e in errors:
        print("ERROR", e)
    print("drafts: %d files (%d without any label), %d characters" % (len(files), good, total))
    for c in CATS:
        print("%-8s %4d" % (c, counts[c]))
    print("%-8s %4d" % ("all", sum(counts.values())))
    print("OK" if not errors else "%d error(s)" % len(errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
