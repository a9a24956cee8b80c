#!/usr/bin/env python3
"""Compare warraq's `normalize` transform with CAMeL Tools' normalization, line by line.

Usage: camel_compare.py [--max-lines N] [--generated N] WARRAQ_BINARY [TEXT_FILE ...]

Each text file is read as lines (a BOM and CR line ends removed; at most N with
--max-lines); a NewsFANE file (`token<TAB>tag` a line) contributes its tokens. --generated N
adds N lines made at random (fixed seed) from Arabic letters, diacritics, hamza and madda as
combining marks, tatweel, presentation forms, Quranic marks, spaces and Latin, Hangul and
combining sequences: text neither tool was tuned on. For each pair of matching settings the
lines go through CAMeL Tools (camel-tools==1.6.0, `pip install --no-deps camel-tools==1.6.0
emoji six`) and through `warraq run` (one AST JSON paragraph a line), and the script prints
the share of lines on which the two agree, with the first few that differ.

Exit status: 0 when every comparison agrees on every line except the documented
differences (see README, "Normalization"), 1 otherwise, 2 when CAMeL Tools is missing.
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata

try:
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (normalize_alef_ar, normalize_alef_maksura_ar,
                                             normalize_teh_marbuta_ar, normalize_unicode)
except ImportError:
    print("camel_tools is not installed: pip install --no-deps camel-tools==1.6.0 emoji six")
    sys.exit(2)


def read_lines(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        lines = [line.rstrip("\r\n").rstrip("\r") for line in f]
    if lines and all("\t" in line for line in lines if line):
        return [line.split("\t", 1)[0] for line in lines]
    return lines


def generated_lines(count):
    rng = random.Random(5)
    letters = [chr(c) for c in range(0x0621, 0x064B)] + list("ٱیکەۀ٠١٢۳۴")
    marks = [chr(c) for c in range(0x064B, 0x0656)] + ["\u0670"]
    other = (["\u0640", " ", "\u00a0", "\u200c", "\u200f", "e\u0301", "\u1100\u1161", "\u0627\u0654",
              "\u0648\u0654", "\u064a\u0654", "\u0627\u0653", "\u0627\u0655", "\u06d6", "\u06e5", "\u06ed", "A", "1"]
             + [chr(c) for c in range(0xFB50, 0xFBB2, 7)] + [chr(c) for c in range(0xFE70, 0xFEFD, 3)]
             + [chr(c) for c in range(0xFDF0, 0xFDFE)] + ["\ufc5e", "\ufc60", "\ufef5", "\ufefb"])
    lines = []
    for _ in range(count):
        pieces = []
        for _ in range(rng.randint(1, 25)):
            roll = rng.random()
            pieces.append(rng.choice(letters) if roll < 0.55 else rng.choice(marks) if roll < 0.8 else rng.choice(other))
        lines.append("".join(pieces))
    return lines


# Each comparison: a name, warraq's options (every other option off), and CAMeL's function.
UNICODE_OFF = {"unicode": "none"}
COMPARISONS = [
    ("unicode nfc", {"unicode": "nfc"}, lambda s: normalize_unicode(s, compatibility=False)),
    ("unicode nfkc", {"unicode": "nfkc"}, lambda s: normalize_unicode(s)),
    ("alef unify", dict(UNICODE_OFF, alef="unify"), normalize_alef_ar),
    ("alef-maksura to-yeh", dict(UNICODE_OFF, **{"alef-maksura": "to-yeh"}), normalize_alef_maksura_ar),
    ("teh-marbuta to-heh", dict(UNICODE_OFF, **{"teh-marbuta": "to-heh"}), normalize_teh_marbuta_ar),
    ("diacritics remove", dict(UNICODE_OFF, diacritics="remove"), dediac_ar),
    ("all of them", {"unicode": "nfkc", "alef": "unify", "alef-maksura": "to-yeh", "teh-marbuta": "to-heh",
                     "diacritics": "remove"},
     lambda s: dediac_ar(normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(normalize_unicode(s)))))),
]

# Deliberate differences, documented in README: warraq writes what Unicode's NFKC says for
# U+FDFC (rial, with a Persian yeh) and U+FDFD (the basmala ligature, which NFKC leaves
# alone); CAMeL Tools replaces both with Arabic words first. warraq's `diacritics: remove`
# also removes the Quranic annotation marks (U+06D6–U+06ED), which CAMeL's `dediac_ar` keeps.
# warraq's `alef: unify` also removes a madda or hamza written as a combining mark (U+0653–
# U+0655) after an alef (diacritics between), which CAMeL's `normalize_alef_ar` keeps.
ALEF_THEN_MARK = re.compile("[\u0622\u0623\u0625\u0627\u0671][\u064b-\u0652\u0670\u06d6-\u06ed]*[\u0653-\u0655]")

# With a Unicode form on, warraq applies it to the result of the letter options too (so that
# normalizing twice changes nothing): ى then U+0654 becomes ي then U+0654, which NFC
# composes to ئ; CAMeL Tools normalizes Unicode first and leaves ي and U+0654 apart.
MAKSURA_THEN_HAMZA = re.compile("\u0649[\u064b-\u0652\u0670\u06d6-\u06ed]*\u0654")


def documented_difference(line):
    return (any(c in line for c in "\ufdfc\ufdfd") or any(0x06D6 <= ord(c) <= 0x06ED for c in line)
            or ALEF_THEN_MARK.search(unicodedata.normalize("NFKD", line)) is not None
            or MAKSURA_THEN_HAMZA.search(unicodedata.normalize("NFKD", line)) is not None)


def run_warraq(binary, lines, options, workdir):
    document = {"warraq-ast": "1.0", "metadata": {},
                "blocks": [{"type": "paragraph", "content": [{"type": "text", "text": line}] if line else []}
                           for line in lines]}
    source = os.path.join(workdir, "lines.json")
    with open(source, "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False)
    recipe = os.path.join(workdir, "compare.yaml")
    with open(recipe, "w", encoding="utf-8") as f:
        f.write("warraq: 1\ninput: json\nsteps:\n  - normalize:\n")
        for key, value in options.items():
            f.write(f"      {key}: {value}\n")
        f.write("output:\n  format: json\n  options: {pretty: false}\n")
    result = subprocess.run([binary, "run", recipe, source], capture_output=True, check=True)
    blocks = json.loads(result.stdout.decode("utf-8"))["blocks"]
    out = []
    for block in blocks:
        out.append("".join(node.get("text", "") for node in block.get("content", [])))
    return out


def main():
    args = sys.argv[1:]
    max_lines, generated = None, 0
    while args and args[0].startswith("--"):
        if args[0] == "--max-lines" and len(args) > 1:
            max_lines = int(args[1])
        elif args[0] == "--generated" and len(args) > 1:
            generated = int(args[1])
        else:
            print(__doc__)
            return 1
        args = args[2:]
    if not args:
        print(__doc__)
        return 1
    binary, files = args[0], args[1:]
    sources = [(os.path.basename(path), read_lines(path)[:max_lines]) for path in files]
    if generated:
        sources.append(("generated", generated_lines(generated)))
    ok = True
    with tempfile.TemporaryDirectory() as workdir:
        for name, lines in sources:
            print(f"{name}: {len(lines)} lines")
            for name, options, camel in COMPARISONS:
                ours = run_warraq(binary, lines, options, workdir)
                if len(ours) != len(lines):
                    print(f"  {name}: warraq gave {len(ours)} lines for {len(lines)}")
                    ok = False
                    continue
                theirs = [camel(line) for line in lines]
                differ = [i for i in range(len(lines)) if ours[i] != theirs[i]]
                undocumented = [i for i in differ if not documented_difference(lines[i])]
                share = 100.0 * (len(lines) - len(differ)) / max(1, len(lines))
                print(f"  {name}: {share:.3f}% of lines agree ({len(differ)} differ, "
                      f"{len(differ) - len(undocumented)} of them documented differences)")
                for i in undocumented[:5]:
                    print(f"    line {i + 1}: {lines[i]!r}\n      warraq: {ours[i]!r}\n      camel:  {theirs[i]!r}")
                if undocumented:
                    ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
