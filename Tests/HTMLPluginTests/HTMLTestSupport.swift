import DocumentModel
import Foundation
@testable import HTMLPlugin
import TestSupport
import WarraqKit

/// Reads `bytes` with the html input and the given options.
func readHTML(_ bytes: [UInt8], _ options: [String: String] = [:], path: String? = "page.html") throws -> (Document, [Diagnostic]) {
    let plugin = HTMLInput()
    let values = try OptionValues.check(
        options.sorted(by: { $0.key < $1.key }).map { RawOption(name: $0.key, value: $0.value) }, against: plugin.options,
        plugin: plugin.name)
    var context = PluginContext(inputName: path ?? "<stdin>")
    let document = try plugin.read(InputSource(bytes: bytes, path: path), options: values, context: &context)
    return (document, context.diagnostics)
}

func readHTML(_ html: String, _ options: [String: String] = [:]) throws -> (Document, [Diagnostic]) {
    try readHTML(Array(html.utf8), options)
}

/// The document without source spans, to compare documents read from different bytes.
func withoutSpans(_ document: Document) throws -> Document {
    try document.rewrittenOneToOne(
        blocks: { block in
            var b = block
            b.span = nil
            return b
        },
        inlines: { inline in
            var i = inline
            i.span = nil
            return i
        })
}

/// Token-level precision, recall and F1 of `extracted` against `expected`: lowercased words
/// (letters, digits and `_`, as Python's `\w+`), compared as multisets.
func tokenScores(_ extracted: String, _ expected: String) -> (precision: Double, recall: Double, f1: Double) {
    func tokens(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { counts[String(current), default: 0] += 1 }
            current = String.UnicodeScalarView()
        }
        for s in text.lowercased().unicodeScalars {
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
                .letterNumber, .otherNumber:
                current.append(s)
            default:
                if s == "_" { current.append(s) } else { flush() }
            }
        }
        flush()
        return counts
    }
    let a = tokens(extracted), b = tokens(expected)
    let na = a.values.reduce(0, +), nb = b.values.reduce(0, +)
    if na == 0 && nb == 0 { return (1, 1, 1) }
    let overlap = a.reduce(0) { $0 + min($1.value, b[$1.key] ?? 0) }
    let p = Double(overlap) / Double(max(1, na)), r = Double(overlap) / Double(max(1, nb))
    return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r))
}

/// The text of a document's blocks, one block a line (images' descriptions left out).
func documentText(_ document: Document) -> String {
    var lines: [String] = []
    for block in document.allBlocks {
        switch block.kind {
        case .paragraph, .heading, .codeBlock: lines.append(block.plainText)
        default: break
        }
    }
    return lines.joined(separator: "\n")
}
