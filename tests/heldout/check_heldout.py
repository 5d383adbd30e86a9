#!/usr/bin/env python3
"""Validate the Wenfeng held-out set and print gold-span counts per category.

    python3 tests/heldout/check_heldout.py          # check marks, lengths, long sentences
    python3 tests/heldout/check_heldout.py --lint   # also print heuristic warnings

Same format and conventions as tests/devset (see tests/devset/README.md):
every mark is ⟦category|text⟧, category one of cliche claim residue stale style, no nesting,
no padded or multi-line spans; a style span never contains another span; plain text of each
draft is 300..1200 characters (newlines not counted); every sentence longer than 90
characters lies inside a style span. Exit status 1 on any error.
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


def parse_draft(raw):
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
            bad.append(text[s:e])
    return bad


SOFT = ("高度重视", "狠抓落实", "多措并举", "凝心聚力", "走深走实", "落地落实", "赋能", "抓手",
        "同频共振", "保驾护航", "久久为功", "真抓实干")
FIRSTS = ("首创", "领先", "第一", "率先", "空白", "最")


def has_digits(s):
    s = re.sub(r"20[0-9X]{2}年|[0-9]{1,2}月|[0-9]{1,2}日", "", s)
    return re.search(r"[0-9０-９%]", s) is not None


def lint(name, text, spans):
    warns, sents = [], text_sentences(text)

    def ctx(p):
        for k, (s, e) in enumerate(sents):
            if s <= p < e:
                return "".join(text[a:b] for a, b in sents[k:k + 2])
        return ""
    for a, b, cat, t in spans:
        c = ctx(a)
        if cat == "cliche" and len(t) <= 6 and any(w in t for w in SOFT) and has_digits(c):
            warns.append("%s: soft cliche %r has a number nearby" % (name, t))
        if cat == "claim" and not any(w in t for w in FIRSTS) and has_digits(c):
            warns.append("%s: claim %r has a number nearby" % (name, t))
    for s, e in sents:
        if 80 < e - s <= LONG:
            warns.append("%s: sentence of %d chars, close to the limit: %s…" % (name, e - s, text[s:s + 20]))
    return warns


def main(argv):
    errors, warns = [], []
    counts = dict.fromkeys(CATS, 0)
    files = sorted(glob.glob(os.path.join(HERE, "drafts", "*.txt")))
    total, unlabelled = 0, 0
    print("%-24s %6s %s" % ("file", "chars", " ".join("%7s" % c for c in CATS)))
    for f in files:
        name = os.path.basename(f)
        text, spans, errs = parse_draft(open(f, encoding="utf-8").read())
        errors += ["%s: %s" % (name, e) for e in errs]
        n = len(text.replace("\n", ""))
        total += n
        if not 300 <= n <= 1200:
            errors.append("%s: %d characters, outside 300..1200" % (name, n))
        for a, b, c, _ in spans:
            if c == "style" and any(x != (a, b, c) and a <= x[0] and x[1] <= b for x in
                                     [(p, q, r) for p, q, r, _ in spans]):
                errors.append("%s: style span at %d contains another span" % (name, a))
        for s in long_uncovered(text, spans):
            errors.append("%s: sentence of %d chars not labelled style: %s…" % (name, len(s), s[:20]))
        per = dict.fromkeys(CATS, 0)
        for _, _, c, _ in spans:
            if c in CATS:
                per[c] += 1
                counts[c] += 1
        if not spans:
            unlabelled += 1
        print("%-24s %6d %s" % (name, n, " ".join("%7d" % per[c] for c in CATS)))
        if "--lint" in argv:
            warns += lint(name, text, spans)
    for w in warns:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    print("drafts: %d files (%d without any label), %d characters" % (len(files), unlabelled, total))
    for c in CATS:
        print("%-8s %5d" % (c, counts[c]))
    print("%-8s %5d" % ("all", sum(counts.values())))
    print("OK" if not errors else "%d error(s)" % len(errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
