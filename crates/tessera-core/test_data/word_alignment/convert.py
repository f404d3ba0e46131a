#!/usr/bin/env python3
"""Validate the hand-made zh-en word-alignment gold (gold.txt) and write gold.tsv.

Standard library only.  Usage:  python3 convert.py [gold.txt] [gold.tsv]
Exit status 1 (and nothing written) if any block is invalid.

gold.txt: blocks separated by blank lines.

    # id: s001  source: samples/000
    zh: <Chinese sentence>
    en: <English sentence>
    ZH_SPAN = EN_SPAN        sure link block
    ZH_SPAN ~ EN_SPAN        possible link block
    # any other comment line
    # shared: ZH_SPAN        characters of ZH_SPAN may be in more than one sure block

A span is an exact substring of its sentence.  `SPAN@N` selects the N-th
occurrence (1-based); it is required when the span occurs more than once and
refused when it occurs once.  Several pieces joined by " + " form one
discontinuous span (`在 + 期间 = during`).  Chinese occurrences are counted as
raw substrings; English occurrences only where the span starts and ends on
token boundaries (so `China` is not found inside `Chinas`).

gold.tsv: id TAB zh TAB en TAB sure TAB possible, links `i-j`:
  i = index of the Chinese character among the non-whitespace characters of zh,
  j = index of the English token (regex EN_TOKEN below) in en.
Each block links every non-punctuation character of its zh span to every
non-punctuation token of its en span.  possible = sure + possible blocks (S ⊆ P).
"""
import re
import sys
import unicodedata
from collections import OrderedDict

EN_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|[^\sA-Za-z0-9]")
LINK = re.compile(r"^(.+?) ([=~]) (.+)$")
OCC = re.compile(r"^(.*\S)@(\d+)$")
NOT_PUNCT = set("%&#@")


def is_punct(s):
    """A single character (or one-character token) that is punctuation."""
    return len(s) == 1 and unicodedata.category(s).startswith("P") and s not in NOT_PUNCT


class GoldError(Exception):
    pass


def zh_index_map(zh):
    """Position in zh -> index among non-whitespace characters (None for whitespace)."""
    m, k = [], 0
    for ch in zh:
        if ch.isspace():
            m.append(None)
        else:
            m.append(k)
            k += 1
    return m


def en_tokens(en):
    return [(t.start(), t.end(), t.group()) for t in EN_TOKEN.finditer(en)]


def zh_occurrences(zh, piece):
    out, p = [], zh.find(piece)
    while p >= 0:
        out.append(p)
        p = zh.find(piece, p + 1)
    return out


def en_occurrences(en, toks, piece):
    starts = {s: i for i, (s, e, t) in enumerate(toks)}
    ends = {e: i for i, (s, e, t) in enumerate(toks)}
    out, p = [], en.find(piece)
    while p >= 0:
        if p in starts and p + len(piece) in ends:
            out.append((starts[p], ends[p + len(piece)]))
        p = en.find(piece, p + 1)
    return out


def split_pieces(span):
    pieces = []
    for raw in span.split(" + "):
        raw = raw.strip()
        if not raw:
            raise GoldError("empty piece in span %r" % span)
        m = OCC.match(raw)
        if m:
            pieces.append((m.group(1), int(m.group(2)), raw))
        else:
            pieces.append((raw, None, raw))
    return pieces


def pick(occs, piece, n, raw, side):
    if not occs:
        raise GoldError("%s span %r not found" % (side, piece))
    if n is None:
        if len(occs) > 1:
            raise GoldError("%s span %r occurs %d times: write %s@N" % (side, piece, len(occs), piece))
        return occs[0]
    if len(occs) == 1:
        raise GoldError("%s span %r occurs once: drop the @%d" % (side, piece, n))
    if not 1 <= n <= len(occs):
        raise GoldError("%s span %r has %d occurrences, not %d" % (side, piece, len(occs), n))
    return occs[n - 1]


def zh_span_indices(zh, zmap, span):
    idx = []
    for piece, n, raw in split_pieces(span):
        p = pick(zh_occurrences(zh, piece), piece, n, raw, "zh")
        for q in range(p, p + len(piece)):
            if zmap[q] is not None and not is_punct(zh[q]):
                idx.append(zmap[q])
    if not idx:
        raise GoldError("zh span %r has no alignable character" % span)
    return idx


def en_span_indices(en, toks, span):
    idx = []
    for piece, n, raw in split_pieces(span):
        a, b = pick(en_occurrences(en, toks, piece), piece, n, raw, "en")
        idx.extend(j for j in range(a, b + 1) if not is_punct(toks[j][2]))
    if not idx:
        raise GoldError("en span %r has no alignable token" % span)
    return idx


def parse_blocks(text):
    blocks, cur = [], []
    for lineno, line in enumerate(text.split("\n"), 1):
        if line.strip() == "":
            if cur:
                blocks.append(cur)
                cur = []
        else:
            cur.append((lineno, line.rstrip("\r")))
    if cur:
        blocks.append(cur)
    return blocks


def process_block(block):
    head_line, head = block[0]
    m = re.match(r"^# id: (\S+)\s+source: (.+)$", head)
    if not m:
        raise GoldError("line %d: a block must start with '# id: ID  source: SOURCE'" % head_line)
    bid, source = m.group(1), m.group(2).strip()
    zh = en = None
    links, shared = [], []
    for lineno, line in block[1:]:
        if line.startswith("zh: "):
            if zh is not None:
                raise GoldError("line %d: second zh line" % lineno)
            zh = line[4:]
        elif line.startswith("en: "):
            if en is not None:
                raise GoldError("line %d: second en line" % lineno)
            en = line[4:]
        elif line.startswith("# shared: "):
            shared.append((lineno, line[len("# shared: "):].strip()))
        elif line.startswith("#"):
            continue
        else:
            lm = LINK.match(line)
            if not lm:
                raise GoldError("line %d: not 'ZH = EN' or 'ZH ~ EN': %r" % (lineno, line))
            links.append((lineno, lm.group(1).strip(), lm.group(2), lm.group(3).strip()))
    if zh is None or en is None:
        raise GoldError("block %s: zh or en line missing" % bid)
    if "\t" in zh or "\t" in en:
        raise GoldError("block %s: tab in sentence" % bid)
    if not links:
        raise GoldError("block %s: no links" % bid)
    zmap = zh_index_map(zh)
    toks = en_tokens(en)
    sure, possible = set(), set()
    owner = {}  # zh index -> line of the sure block that claims it
    shared_idx = set()
    for lineno, span in shared:
        try:
            shared_idx.update(zh_span_indices(zh, zmap, span))
        except GoldError as e:
            raise GoldError("block %s line %d: %s" % (bid, lineno, e))
    for lineno, zspan, kind, espan in links:
        try:
            zi = zh_span_indices(zh, zmap, zspan)
            ej = en_span_indices(en, toks, espan)
        except GoldError as e:
            raise GoldError("block %s line %d: %s" % (bid, lineno, e))
        pairs = {(i, j) for i in zi for j in ej}
        if kind == "=":
            for i in set(zi):
                if i in owner and i not in shared_idx:
                    raise GoldError("block %s line %d: zh character %r already in the sure block of line %d"
                                    % (bid, lineno, zh.replace(" ", "")[i], owner[i]))
                owner[i] = lineno
            sure |= pairs
        possible |= pairs
    return OrderedDict(id=bid, source=source, zh=zh, en=en,
                       sure=sorted(sure), possible=sorted(possible | sure),
                       nzh=sum(1 for x in zmap if x is not None), nen=len(toks))


def fmt(links):
    return " ".join("%d-%d" % p for p in links)


def main(argv):
    src = argv[1] if len(argv) > 1 else "gold.txt"
    dst = argv[2] if len(argv) > 2 else "gold.tsv"
    with open(src, encoding="utf-8") as f:
        text = f.read()
    out, errors, seen = [], [], set()
    for block in parse_blocks(text):
        try:
            rec = process_block(block)
            if rec["id"] in seen:
                raise GoldError("duplicate id %s" % rec["id"])
            seen.add(rec["id"])
            out.append(rec)
        except GoldError as e:
            errors.append(str(e))
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    if errors:
        print("%d error(s); %s not written" % (len(errors), dst), file=sys.stderr)
        return 1
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        for r in out:
            f.write("\t".join([r["id"], r["zh"], r["en"], fmt(r["sure"]), fmt(r["possible"])]) + "\n")
    n_s = sum(len(r["sure"]) for r in out)
    n_p = sum(len(r["possible"]) for r in out)
    n_samples = sum(1 for r in out if r["source"].startswith("samples/"))
    zc = sum(r["nzh"] for r in out)
    et = sum(r["nen"] for r in out)
    print("%d pairs (%d from the sample articles, %d from other sources), %d zh chars, %d en tokens, "
          "%d sure links, %d possible links (sure included)"
          % (len(out), n_samples, len(out) - n_samples, zc, et, n_s, n_p))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
