#!/usr/bin/env python3
"""A warraq transform: drops paragraphs shorter than `min-words` words.

Standard library only. warraq sends the document's AST JSON on standard input and reads the
transformed document from standard output; options and context are in the WARRAQ_PLUGIN
environment variable. In stream mode (one process, many documents) each line is a document.
"""
import json
import os
import sys

context = json.loads(os.environ.get("WARRAQ_PLUGIN", "{}"))
min_words = int(context.get("options", {}).get("min-words", 5))


def text(nodes):
    """The plain text of a list of inlines."""
    return "".join(n.get("text", "") + text(n.get("content", [])) for n in nodes)


def transform(document):
    kept = []
    for block in document["blocks"]:
        if block["type"] == "paragraph" and len(text(block["content"]).split()) < min_words:
            print(f"dropped: {text(block['content'])[:40]}", file=sys.stderr)
            continue
        kept.append(block)
    document["blocks"] = kept
    return document


if context.get("mode") == "stream":
    for line in sys.stdin:
        print(json.dumps(transform(json.loads(line)), ensure_ascii=False), flush=True)
else:
    json.dump(transform(json.load(sys.stdin)), sys.stdout, ensure_ascii=False)
