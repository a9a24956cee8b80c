#!/usr/bin/env python3
"""Score warraq's `html` input, and trafilatura beside it, on pages with a known answer.

Usage: html_extraction_compare.py [--pages DIR] [--no-trafilatura] [--show N] HTML_BENCHMARK

HTML_BENCHMARK is the HTMLBenchmark executable (Benchmarks/HTML): build it with
`swift build -c release --product HTMLBenchmark` and pass `.build/release/HTMLBenchmark`.

DIR (default: ../shared/datasets/readability-test-pages/test/test-pages beside the package)
holds one folder per page with `source.html`, the article text a good extractor keeps
(`expected.html`) and its metadata (`expected-metadata.json`), as in Mozilla Readability's
test suite.

For each page the text each system extracts is compared with the text of `expected.html`,
token by token (lowercased `\\w+` words, counted as a multiset): precision, recall and F1,
averaged over the pages. Title, byline (the authors) and publication date are compared with
`expected-metadata.json` where it gives them: titles and bylines equal after folding case,
punctuation and white space (a leading "By" dropped), dates equal as YYYY-MM-DD.

Speed: documents per second on one core, bytes to document with metadata, each system in
its own process over the pages already in memory: the benchmark's best of three rounds
against the best of three rounds of trafilatura's `bare_extraction` (text and
metadata).

trafilatura is `pip install trafilatura lxml_html_clean`; without it (or with
--no-trafilatura) only warraq is scored. Exit status 0, or 2 when the pages are missing.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text):
    return WORD.findall((text or "").lower())


def prf(extracted, expected):
    from collections import Counter
    a, b = Counter(tokens(extracted)), Counter(tokens(expected))
    if not a and not b:
        return 1.0, 1.0, 1.0
    overlap = sum((a & b).values())
    p = overlap / max(1, sum(a.values()))
    r = overlap / max(1, sum(b.values()))
    f = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    return p, r, f


BLOCKS = set("""address article aside blockquote body br caption dd details dialog div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre section summary
table tbody td tfoot th thead tr ul""".split())


def html_text(path):
    """The text of an HTML file as a browser shows it: block elements (and line breaks)
    separate words, inline ones (`Z<span>imbabwe</span>`) do not."""
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.skip += 1
            if tag in BLOCKS:
                self.parts.append(" ")

        def handle_endtag(self, tag):
            if tag in ("script", "style") and self.skip:
                self.skip -= 1
            if tag in BLOCKS:
                self.parts.append(" ")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    c = Collector()
    with open(path, encoding="utf-8", errors="replace") as f:
        c.feed(f.read())
    return "".join(c.parts)


def ast_text(node):
    """The text of AST JSON blocks: text and code inlines and code blocks, in order (not the
    alternative text of images, which a reader does not see)."""
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            t = n.get("type")
            if t in ("text", "code", "codeBlock") and isinstance(n.get("text"), str):
                out.append(n["text"])
            if t in ("softBreak", "lineBreak"):
                out.append(" ")
            for key in reversed(list(n.keys())):
                # Images and their alternative text are not text a reader sees.
                if key in ("image", "metadata", "description"):
                    continue
                v = n[key]
                if isinstance(v, (list, dict)):
                    stack.append(v)
        elif isinstance(n, list):
            for item in reversed(n):
                stack.append(item)
                stack.append(" ")
        elif isinstance(n, str) and n == " ":
            out.append(" ")
    return "".join(out)


def fold(text):
    text = (text or "").lower()
    text = re.sub(r"^\s*by\s+", "", text)
    return " ".join(tokens(text))


def date_of(value):
    if not value:
        return None
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return m.group(0)
    try:
        from email.utils import parsedate_to_datetime
        return parsedate_to_datetime(value).date().isoformat()
    except Exception:
        return None


def score(name, results, pages, expected, seconds):
    n = len(pages)
    ps, rs, fs = zip(*[prf(results[p][0], expected[p][0]) for p in pages])
    title = byline = date = 0
    title_n = byline_n = date_n = 0
    for p in pages:
        meta, want = results[p][1], expected[p][1]
        if want.get("title"):
            title_n += 1
            title += fold(meta.get("title")) == fold(want["title"])
        if want.get("byline"):
            byline_n += 1
            byline += fold(meta.get("byline")) == fold(want["byline"])
        if want.get("publishedTime") and date_of(want["publishedTime"]):
            date_n += 1
            date += date_of(meta.get("date")) == date_of(want["publishedTime"])
    speed = f"{n / seconds:8.1f}" if seconds else "       -"
    print(f"{name:12} {sum(ps) / n:9.3f} {sum(rs) / n:7.3f} {sum(fs) / n:7.3f}"
          f"   {title}/{title_n:<3} {byline}/{byline_n:<3} {date}/{date_n:<3} {speed}")
    return sum(fs) / n


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--pages", default=os.path.join(root, "..", "shared", "datasets", "readability-test-pages", "test", "test-pages"))
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--show", type=int, default=0, help="list the N pages with the lowest F1")
    args = parser.parse_args()
    if not os.path.isdir(args.pages):
        print(f"no pages at {args.pages}")
        return 2
    pages = sorted(os.path.join(args.pages, d) for d in os.listdir(args.pages)
                   if os.path.isfile(os.path.join(args.pages, d, "source.html")))
    expected = {}
    for p in pages:
        with open(os.path.join(p, "expected-metadata.json"), encoding="utf-8") as f:
            expected[p] = (html_text(os.path.join(p, "expected.html")), json.load(f))

    print(f"{len(pages)} pages from {os.path.relpath(args.pages, root)}")
    print(f"{'system':12} {'precision':>9} {'recall':>7} {'F1':>7}   title byline date    docs/s")

    with tempfile.TemporaryDirectory() as scratch:
        jsonl = os.path.join(scratch, "warraq.jsonl")
        run = subprocess.run([args.binary, "--rounds", "3", "--jsonl", jsonl, args.pages], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr)
            return 1
        # The `html input` stage: bytes to document with metadata, as trafilatura is timed.
        speed = re.search(r"^html input +[0-9.]+ MB/s +([0-9.]+) documents/s", run.stdout, re.MULTILINE)
        seconds = len(pages) / float(speed.group(1)) if speed else None
        results = {}
        with open(jsonl, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                document = record["document"]
                meta = document.get("metadata", {})
                results[os.path.join(args.pages, record["page"])] = (
                    ast_text(document.get("blocks", [])),
                    {"title": meta.get("title"), "byline": ", ".join(meta.get("authors", [])) or None,
                     "date": meta.get("published")})
    for p in pages:
        results.setdefault(p, ("", {}))
    warraq_f1 = score("warraq", results, pages, expected, seconds)

    if not args.no_trafilatura:
        try:
            import trafilatura
        except ImportError:
            print("trafilatura is not installed (pip install trafilatura lxml_html_clean): not compared")
            trafilatura = None
        if trafilatura:
            sources = {}
            for p in pages:
                with open(os.path.join(p, "source.html"), "rb") as f:
                    sources[p] = f.read()
            seconds = None
            for _ in range(3):
                tresults = {}
                start = time.perf_counter()
                for p in pages:
                    doc = trafilatura.bare_extraction(sources[p], include_comments=False, include_tables=True, with_metadata=True)
                    tresults[p] = doc
                elapsed = time.perf_counter() - start
                seconds = elapsed if seconds is None else min(seconds, elapsed)
            for p in pages:
                doc = tresults[p]
                if doc is None:
                    tresults[p] = ("", {})
                    continue
                get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
                tresults[p] = (get("text") or "", {"title": get("title"), "byline": get("author"), "date": get("date")})
            score(f"trafilatura", tresults, pages, expected, seconds)

    if args.show:
        worst = sorted(pages, key=lambda p: prf(results[p][0], expected[p][0])[2])[: args.show]
        for p in worst:
            pp, rr, ff = prf(results[p][0], expected[p][0])
            print(f"  {os.path.basename(p):40} P {pp:.2f} R {rr:.2f} F1 {ff:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
