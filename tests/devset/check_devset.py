#!/usr/bin/env python3
"""Validate the Wenfeng dev set and print gold-span counts per category.

    python3 tests/devset/check_devset.py            # check drafts + seeds.toml
    python3 tests/devset/check_devset.py --lint     # also print heuristic warnings
    python3 tests/devset/check_devset.py --seeds DIR  # seed speeches elsewhere

Checks
  drafts/*.txt : every ⟦category|text⟧ mark is well formed, category known, no nesting or
                 stray brackets; plain text 300..1500 chars; every sentence > 90 chars lies
                 inside a `style` span (so the gold is complete for the long-sentence rule).
  seeds.toml   : each passage's line range exists; each label resolves inside its passage
                 (`text` occurs at least `nth` times, or `start`/`end` anchors resolve to a
                 span of `length` chars); every sentence > 90 chars of the passage is covered
                 by a `style` span.
Exit status 1 on any error. Needs Python 3.11+ (tomllib). The seed text is read at run time
from ../shared/seeds/ (relative to the repo root) and never copied into the repo.
"""
import os
import re
import sys
import glob
import tomllib

CATS = ("cliche", "claim", "residue", "stale", "style")
MARK = re.compile(r"⟦([^⟦⟧|]*)\|([^⟦⟧]*)⟧")
END = "。！？!?"
CLOSE = "”’」』）)】"
LONG = 90

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def sentences(line):
    """Sentence spans (start, end) of one line: a sentence ends at 。！？!? (runs of them),
    plus any closing quotes/brackets right after; a line end also ends a sentence.
    Semicolons and colons do not end sentences. Leading/trailing blanks are trimmed."""
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
    """Return (plain_text, spans[(start, end, category, text)], errors)."""
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


def occurrences(hay, needle):
    res, i = [], hay.find(needle)
    while i != -1:
        res.append(i)
        i = hay.find(needle, i + 1)
    return res


def long_uncovered(text, spans):
    """Sentences longer than LONG chars not inside any style span."""
    bad = []
    for s, e in text_sentences(text):
        # template junk (a residue span) glued to the front of a sentence is not part of it
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


# ---- heuristic lint (warnings only) -------------------------------------------------
SOFT = ("高度重视", "狠抓落实", "多措并举", "凝心聚力", "走深走实", "落地落实", "赋能", "抓手",
        "同频共振", "保驾护航", "久久为功", "真抓实干")
FIRSTS = ("首创", "领先", "第一", "率先", "空白", "最")


def evidence_digits(s):
    s = re.sub(r"20[0-9X]{2}年|[0-9]{1,2}月|[0-9]{1,2}日", "", s)  # dates are not evidence
    return re.search(r"[0-9０-９%]", s) is not None


def lint(name, text, spans):
    warns = []
    sents = text_sentences(text)

    def ctx(p):
        for k, (s, e) in enumerate(sents):
            if s <= p < e:
                return "".join(text[a:b] for a, b in sents[k:k + 2])
        return ""
    for a, b, cat, t in spans:
        c = ctx(a)
        if cat == "cliche" and len(t) <= 6 and any(w in t for w in SOFT) and evidence_digits(c):
            warns.append("%s: soft cliche %r has a number nearby" % (name, t))
        if cat == "claim" and not any(w in t for w in FIRSTS) and evidence_digits(c):
            warns.append("%s: claim %r has a number nearby" % (name, t))
    return warns


def main(argv):
    seeds_dir = os.path.join(ROOT, "..", "shared", "seeds")
    if "--seeds" in argv:
        seeds_dir = argv[argv.index("--seeds") + 1]
    do_lint = "--lint" in argv
    errors, warns = [], []
    counts = {"drafts": dict.fromkeys(CATS, 0), "seeds": dict.fromkeys(CATS, 0)}

    # ---- drafts
    files = sorted(glob.glob(os.path.join(HERE, "drafts", "*.txt")))
    total_chars = 0
    good = 0
    for f in files:
        name = os.path.basename(f)
        raw = open(f, encoding="utf-8").read()
        text, spans, errs = parse_draft(raw)
        errors += ["%s: %s" % (name, e) for e in errs]
        n = len(text.replace("\n", ""))
        total_chars += n
        if not 300 <= n <= 1500:
            errors.append("%s: %d characters, outside 300..1500" % (name, n))
        for s in long_uncovered(text, spans):
            errors.append("%s: sentence of %d chars not labelled style: %s…" % (name, len(s), s[:20]))
        for _, _, cat, _ in spans:
            if cat in CATS:
                counts["drafts"][cat] += 1
        if not spans:
            good += 1
        if do_lint:
            warns += lint(name, text, spans)

    # ---- seeds
    toml_path = os.path.join(HERE, "seeds.toml")
    data = tomllib.load(open(toml_path, "rb"))
    seed_chars = 0
    passages = data.get("passage", [])
    if not os.path.isdir(seeds_dir):
        errors.append("seed directory not found: %s" % seeds_dir)
        passages = []
    for p in passages:
        where = "%s %s" % (p["file"], p["lines"])
        lines = open(os.path.join(seeds_dir, p["file"]), encoding="utf-8").read().split("\n")
        l1, l2 = p["lines"]
        if not 1 <= l1 <= l2 <= len(lines):
            errors.append("%s: bad line range" % where)
            continue
        ptxt = "\n".join(lines[l1 - 1:l2])
        seed_chars += len(ptxt.replace("\n", ""))
        spans = []
        for lab in p.get("label", []):
            cat, nth = lab.get("category"), lab.get("nth", 1)
            if cat not in CATS:
                errors.append("%s: unknown category %r" % (where, cat))
                continue
            if "text" in lab:
                occ = occurrences(ptxt, lab["text"])
                if len(occ) < nth:
                    errors.append("%s: %r occurs %d times, nth=%d" % (where, lab["text"], len(occ), nth))
                    continue
                a = occ[nth - 1]
                b = a + len(lab["text"])
            else:
                occ = occurrences(ptxt, lab.get("start", "\0"))
                if len(occ) < nth:
                    errors.append("%s: start %r occurs %d times, nth=%d" % (where, lab.get("start"), len(occ), nth))
                    continue
                a = occ[nth - 1]
                e = ptxt.find(lab["end"], a + len(lab["start"]))
                if e == -1:
                    errors.append("%s: end %r not found after start %r" % (where, lab["end"], lab["start"]))
                    continue
                b = e + len(lab["end"])
                if b - a != lab.get("length", b - a):
                    errors.append("%s: anchored span %r..%r is %d chars, expected %d"
                                  % (where, lab["start"], lab["end"], b - a, lab["length"]))
                    continue
            spans.append((a, b, cat, ptxt[a:b]))
            counts["seeds"][cat] += 1
        for s in long_uncovered(ptxt, spans):
            errors.append("%s: sentence of %d chars not labelled style" % (where, len(s)))

    # ---- report
    for w in warns:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    print("drafts: %d files (%d without any label), %d characters" % (len(files), good, total_chars))
    print("seeds : %d passages, %d characters labelled completely" % (len(passages), seed_chars))
    print("%-8s %7s %7s %7s" % ("category", "drafts", "seeds", "total"))
    for c in CATS:
        d, s = counts["drafts"][c], counts["seeds"][c]
        print("%-8s %7d %7d %7d" % (c, d, s, d + s))
    d, s = sum(counts["drafts"].values()), sum(counts["seeds"].values())
    print("%-8s %7d %7d %7d" % ("all", d, s, d + s))
    print("OK" if not errors else "%d error(s)" % len(errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
