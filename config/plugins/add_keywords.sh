#!/bin/sh
# A warraq transform in shell and jq: adds the words of the `keywords` option (separated by
# commas) to the document's metadata.keywords. AST JSON in on standard input, out on standard
# output; the options are in the WARRAQ_PLUGIN environment variable.
set -eu
exec jq -c --argjson ctx "$WARRAQ_PLUGIN" '
  .metadata.keywords = ((.metadata.keywords // [])
    + ($ctx.options.keywords // "" | split(",") | map(gsub("^ +| +$"; "")) | map(select(. != "")))
    | unique)'
