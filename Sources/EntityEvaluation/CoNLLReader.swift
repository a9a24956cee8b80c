import DocumentModel
import WarraqKit

/// A gold file in CoNLL/BIO form, read into documents of sentences of tagged tokens.
public struct GoldCorpus: Sendable {
    public struct Token: Sendable {
        public var text: String
        public var tag: String
        /// 1-based line in its file.
        public var line: Int
    }

    public struct Sentence: Sendable {
        public var tokens: [Token]
        public var file: String
    }

    /// `-DOCSTART-` lines separate documents; a file without them is one document.
    public var documents: [[Sentence]] = []

    public init() {}

    /// Reads CoNLL/BIO files: a token and its tag on each line, separated by spaces or tabs
    /// (the tag is the last field, so CoNLL-2003's four columns work too), blank lines
    /// between sentences, `-DOCSTART-` lines between documents. A byte-order mark, carriage
    /// returns and the bidi marks U+200E and U+200F around tokens are dropped.
    ///
    /// - Throws: a ``Diagnostic`` at `file:line:column` for a line without a tag, a tag that is
    ///   not `O`, `B-TYPE` or `I-TYPE`, a type the mapping does not know, or bytes that are not UTF-8.
    public static func read(_ path: String, bytes: [UInt8], mapping: TagMapping, into corpus: inout GoldCorpus) throws(Diagnostic) {
        var document: [Sentence] = []
        var sentence: [Token] = []
        func endSentence() {
            if !sentence.isEmpty { document.append(Sentence(tokens: sentence, file: path)) }
            sentence = []
        }
        func endDocument() {
            endSentence()
            if !document.isEmpty { corpus.documents.append(document) }
            document = []
        }
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var lineNumber = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var contentEnd = end
            if contentEnd > start && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let slice = bytes[start..<contentEnd]
            guard let line = String(validating: slice, as: UTF8.self) else {
                throw .error("bad-gold", "the line is not valid UTF-8", at: SourceLocation(path: path, line: lineNumber, column: 1))
            }
            start = end + 1
            func location(_ column: Int) -> SourceLocation {
                SourceLocation(path: path, line: lineNumber, column: column, sourceLine: line)
            }
            // Fields and the columns (1-based, in scalars) where they start.
            var fields: [(String, Int)] = []
            var current = String.UnicodeScalarView()
            var column = 0
            var fieldStart = 0
            for scalar in line.unicodeScalars {
                column += 1
                if scalar == " " || scalar == "\t" {
                    if !current.isEmpty { fields.append((String(current), fieldStart)) }
                    current = String.UnicodeScalarView()
                } else if scalar == "\u{200E}" || scalar == "\u{200F}" {
                    continue
                } else {
                    if current.isEmpty { fieldStart = column }
                    current.append(scalar)
                }
            }
            if !current.isEmpty { fields.append((String(current), fieldStart)) }
            if fields.isEmpty {
                endSentence()
                continue
            }
            if fields[0].0 == "-DOCSTART-" {
                endDocument()
                continue
            }
            guard fields.count >= 2 else {
                throw .error(
                    "bad-gold", "expected a token and a tag separated by a space or a tab", at: location(max(1, column + 1)),
                    notes: ["each line is TOKEN TAG; blank lines separate sentences"])
            }
            let (tag, tagColumn) = fields[fields.count - 1]
            if tag != "O" {
                let parts = tag.split(separator: "-", maxSplits: 1)
                guard parts.count == 2, ["B", "I"].contains(parts[0]), !parts[1].isEmpty else {
                    throw .error("bad-gold", "bad tag '\(tag)': expected O, B-TYPE or I-TYPE", at: location(tagColumn))
                }
                let type = String(parts[1])
                guard mapping.kind(of: type) != nil else {
                    throw .error(
                        "bad-gold", "unknown entity type '\(type)'", at: location(tagColumn + 2),
                        notes: ["map it with --tag-map \(type)=KIND (person, place, organization, … or ignore)"])
                }
            }
            sentence.append(Token(text: fields[0].0, tag: tag, line: lineNumber))
        }
        endDocument()
    }
}
