#!/usr/bin/env python3
"""A warraq output plugin: writes a document as a newsroom's XML.

Standard library only. warraq sends the document's AST JSON on standard input; what this
prints on standard output is the output file. Options are in WARRAQ_PLUGIN.
"""
import json
import os
import sys
from xml.sax.saxutils import escape, quoteattr

context = json.loads(os.environ.get("WARRAQ_PLUGIN", "{}"))
desk = context.get("options", {}).get("desk", "news")
document = json.load(sys.stdin)
metadata = document.get("metadata", {})


def text(nodes):
    return "".join(n.get("text", "") + text(n.get("content", [])) for n in nodes)


lines = ['<?xml version="1.0" encoding="UTF-8"?>']
lines.append(f"<story desk={quoteattr(desk)} lang={quoteattr(metadata.get('language', 'und'))}>")
lines.append(f"  <headline>{escape(metadata.get('title', ''))}</headline>")
lines.append("  <body>")
for block in document.get("blocks", []):
    if block["type"] == "paragraph":
        lines.append(f"    <p>{escape(text(block['content']))}</p>")
    elif block["type"] == "heading" and block.get("level", 1) > 1:
        lines.append(f"    <subhead>{escape(text(block['content']))}</subhead>")
lines.append("  </body>")
lines.append("</story>")
sys.stdout.write("\n".join(lines) + "\n")
