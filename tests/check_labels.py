#!/usr/bin/env python3
"""Validate a labelled Wenfeng set and print gold-span counts per category.

    python3 tests/check_labels.py devset  [--lint] [--seeds DIR]
    python3 tests/check_labels.py heldout [--lint]
    python3 tests/check_labels.py testset [--lint]

One validator for the three sets (tests/devset, tests/heldout, tests/testset); the format and
conventions are described in tests/devset/README.md.

Checks (every set)
  drafts/*.txt : every ⟦category|text⟧ mark is well formed, category known (cliche claim residue
                 stale style), no nesting or stray brackets, no padded, empty or multi-line spans;
                 the plain text (newlines not counted) lies within the set's length bounds; every
                 sentence longer than 90 characters lies inside a `style` span (so the gold is
                 complete for the long-sentence rule); no style span contains another span (marks
                 never nest, so this holds by construction).
Per set
  devset  : drafts 300..1500 characters. seeds.toml: each passage's line range exists; each
            label resolves inside its passage (`text` occurs at least `nth` times, or
            `start`/`end` anchors resolve to a span of `length` chars); every sentence > 90
            chars of the passage is covered by a `style` span. The seed text is read at run
            time from ../shared/seeds/ (relative to the repo root, or --seeds DIR) and never
            copied into the repo. --lint warns about soft cliches and claims with a number nearby.
  heldout : drafts 300..1200 characters; prints per-file counts. --lint warns as for devset
            and about sentences of 81..90 characters (close to the limit).
  testset : drafts 400..1000 characters; a `*_good.txt` draft must carry no label; prints
            per-file counts. --lint notes every sentence over 80 characters.

Exit status 1 on any error (2 on bad usage). Needs Python 3.11+ for devset (tomllib).
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

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)

# Per-set parameters. `table`: header and row formats of the per-file table (None: no table);
# `count`: width of the per-category total column; `lint`: which heuristic warnings
# --lint prints ("numbers", "near-limit", "long-notes"); `seeds`: also check seeds.toml;
# `good_unlabelled`: a *_good.txt draft must carry no label.
SETS = {
    "devset": dict(min=300, max=1500, table=None, count=None, lint=("numbers",),
                   seeds=True, good_unlabelled=False),
    "heldout": dict(min=300, max=1200, table=("%-24s %6s %s", "%-24s %6d %s"), count=5,
                    lint=("numbers", "near-limit"), seeds=False, good_unlabelled=False),
    "testset": dict(min=400, max=1000, table=("%-36s %5s  %s", "%-36s %5d  %s"), count=4,
                    lint=("long-notes",), seeds=False, good_unlabelled=True),
}


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


def style_containing(spans):
    """Start offsets of style spans that contain another span."""
    marks = [(a, b, c) for a, b, c, _ in spans]
    return [a for a, b, c in marks
            if c == "style" and any(x != (a, b, c) and a <= x[0] and x[1] <= b for x in marks)]


# ---- heuristic lint (warnings only) -------------------------------------------------
SOFT = ("高度重视", "狠抓落实", "多措并举", "凝心聚力", "走深走实", "落地落实", "赋能", "抓手",
        "同频共振", "保驾护航", "久久为功", "真抓实干")
FIRSTS = ("首创", "领先", "第一", "率先", "空白", "最")


def evidence_digits(s):
    s = re.sub(r"20[0-9X]{2}年|[0-9]{1,2}月|[0-9]{1,2}日", "", s)  # dates are not evidence
    return re.search(r"[0-9０-９%]", s) is not None


def lint(name, text, spans, kinds):
    warns = []
    sents = text_sentences(text)

    def ctx(p):
        for k, (s, e) in enumerate(sents):
            if s <= p < e:
                return "".join(text[a:b] for a, b in sents[k:k + 2])
        return ""
    if "numbers" in kinds:
        for a, b, cat, t in spans:
            c = ctx(a)
            if cat == "cliche" and len(t) <= 6 and any(w in t for w in SOFT) and evidence_digits(c):
                warns.append("%s: soft cliche %r has a number nearby" % (name, t))
            if cat == "claim" and not any(w in t for w in FIRSTS) and evidence_digits(c):
                warns.append("%s: claim %r has a number nearby" % (name, t))
    if "near-limit" in kinds:
        for s, e in sents:
            if 80 < e - s <= LONG:
                warns.append("%s: sentence of %d chars, close to the limit: %s…"
                             % (name, e - s, text[s:s + 20]))
    return warns


def check_seeds(seeds_dir, errors, counts):
    """Check tests/devset/seeds.toml against the seed speeches; returns (passages, chars)."""
    import tomllib

    data = tomllib.load(open(os.path.join(TESTS, "devset", "seeds.toml"), "rb"))
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
                    errors.append("%s: start %r occurs %d times, nth=%d"
                                  % (where, lab.get("start"), len(occ), nth))
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
            counts[cat] += 1
        for s in long_uncovered(ptxt, spans):
            errors.append("%s: sentence of %d chars not labelled style" % (where, len(s)))
    return len(passages), seed_chars


def check_set(name, argv):
    cfg = SETS[name]
    do_lint = "--lint" in argv
    errors, warns = [], []
    counts = {"drafts": dict.fromkeys(CATS, 0), "seeds": dict.fromkeys(CATS, 0)}
    table = cfg["table"]

    # ---- drafts
    files = sorted(glob.glob(os.path.join(TESTS, name, "drafts", "*.txt")))
    total, good = 0, 0
    if table:
        print(table[0] % ("file", "chars", " ".join("%7s" % c for c in CATS)))
    for f in files:
        fname = os.path.basename(f)
        text, spans, errs = parse_draft(open(f, encoding="utf-8").read())
        errors += ["%s: %s" % (fname, e) for e in errs]
        n = len(text.replace("\n", ""))
        total += n
        if not cfg["min"] <= n <= cfg["max"]:
            errors.append("%s: %d characters, outside %d..%d" % (fname, n, cfg["min"], cfg["max"]))
        for a in style_containing(spans):
            errors.append("%s: style span at %d contains another span" % (fname, a))
        for s in long_uncovered(text, spans):
            errors.append("%s: sentence of %d chars not labelled style: %s…" % (fname, len(s), s[:20]))
        per = dict.fromkeys(CATS, 0)
        for _, _, c, _ in spans:
            if c in CATS:
                per[c] += 1
                counts["drafts"][c] += 1
        if cfg["good_unlabelled"] and fname.endswith("_good.txt") and spans:
            errors.append("%s: a _good draft carries labels" % fname)
        if not spans:
            good += 1
        if table:
            print(table[1] % (fname, n, " ".join("%7d" % per[c] for c in CATS)))
        if do_lint:
            warns += lint(fname, text, spans, cfg["lint"])
            if "long-notes" in cfg["lint"]:
                for s, e in text_sentences(text):
                    if e - s > 80:
                        print("   note: %d-char sentence: %s…" % (e - s, text[s:s + 20]))

    # ---- seeds (devset only)
    if cfg["seeds"]:
        seeds_dir = os.path.join(ROOT, "..", "shared", "seeds")
        if "--seeds" in argv:
            seeds_dir = argv[argv.index("--seeds") + 1]
        passages, seed_chars = check_seeds(seeds_dir, errors, counts["seeds"])

    # ---- report
    for w in warns:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    print("drafts: %d files (%d without any label), %d characters" % (len(files), good, total))
    if cfg["seeds"]:
        print("seeds : %d passages, %d characters labelled completely" % (passages, seed_chars))
        print("%-8s %7s %7s %7s" % ("category", "drafts", "seeds", "total"))
        for c in CATS:
            d, s = counts["drafts"][c], counts["seeds"][c]
            print("%-8s %7d %7d %7d" % (c, d, s, d + s))
        d, s = sum(counts["drafts"].values()), sum(counts["seeds"].values())
        print("%-8s %7d %7d %7d" % ("all", d, s, d + s))
    else:
        w = cfg["count"]
        for c in CATS:
            print("%-8s %*d" % (c, w, counts["drafts"][c]))
        print("%-8s %*d" % ("all", w, sum(counts["drafts"].values())))
    print("OK" if not errors else "%d error(s)" % len(errors))
    return 1 if errors else 0


def main(argv):
    names = [a for a in argv if a in SETS]
    if len(names) != 1:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    return check_set(names[0], argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
