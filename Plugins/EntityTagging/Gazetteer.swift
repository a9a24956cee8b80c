import DocumentModel
import Foundation
import WarraqKit

/// One name of a gazetteer: what it is, and optionally a reference and a canonical name.
struct GazetteerEntry: Sendable {
    var kind: EntityKind
    /// A Wikidata URI (from a QID in the file) or another URI, as written.
    var reference: String?
    /// The canonical name, or the name as listed.
    var canonical: String
    /// The gazetteer's name (its file name without `.tsv`).
    var source: String
    /// Whether the name, listed without the article ال, also matches with it.
    var articleOptional: Bool
}

/// Names from TSV files compiled into one automaton over normalized tokens.
///
/// A line is `name<TAB>kind[<TAB>reference[<TAB>canonical name]]`; `#` starts a comment line;
/// blank lines are skipped. A name written `(ال)عراق` matches both عراق and العراق. The kind
/// `first-name` marks given names, which the person rule uses and which are not tagged alone.
struct Gazetteer: Sendable {
    var names = PhraseTrie<GazetteerEntry>()
    var firstNames = PhraseTrie<Bool>()
    /// The files read, in order.
    var files: [String] = []

    static let wikidata = "http://www.wikidata.org/entity/"

    /// Loads files and folders (every `.tsv` below a folder, in name order).
    ///
    /// - Throws: a ``Diagnostic`` naming `file:line:column` for a malformed line, or a file
    ///   that cannot be read.
    static func load(_ paths: [String], normalization: TextNormalization, articleOptional: Bool) throws(Diagnostic) -> Gazetteer {
        var gazetteer = Gazetteer()
        for path in paths {
            for file in try files(at: path) {
                try gazetteer.read(file, normalization: normalization, articleOptional: articleOptional)
            }
        }
        return gazetteer
    }

    static func files(at path: String) throws(Diagnostic) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .error("gazetteer-missing", "gazetteer '\(path)' does not exist", at: SourceLocation(path: path))
        }
        guard isDirectory.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            throw .error("gazetteer-unreadable", "cannot list the gazetteer folder '\(path)'", at: SourceLocation(path: path))
        }
        var found: [String] = []
        while let item = enumerator.nextObject() as? String {
            if item.hasSuffix(".tsv") && !item.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                found.append((path.hasSuffix("/") ? path : path + "/") + item)
            }
        }
        return found.sorted()
    }

    mutating func read(_ path: String, normalization: TextNormalization, articleOptional: Bool) throws(Diagnostic) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .error("gazetteer-unreadable", "cannot read the gazetteer '\(path)'", at: SourceLocation(path: path))
        }
        files.append(path)
        let source = String(path.split(separator: "/").last ?? Substring(path)).replacingOccurrences(of: ".tsv", with: "")
        let bytes = [UInt8](data)
        var lineStart = 0
        var lineNumber = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { lineStart = 3 }
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            try parseLine(
                bytes[lineStart..<contentEnd], path: path, line: lineNumber, source: source, normalization: normalization,
                articleOptional: articleOptional)
            lineStart = lineEnd + 1
        }
    }

    private mutating func parseLine(
        _ line: ArraySlice<UInt8>, path: String, line lineNumber: Int, source: String, normalization: TextNormalization,
        articleOptional: Bool
    ) throws(Diagnostic) {
        // Blank lines and comments.
        var first = line.startIndex
        while first < line.endIndex && (line[first] == 0x20 || line[first] == 0x09) { first += 1 }
        if first == line.endIndex || line[first] == 0x23 { return }
        guard let text = String(validating: line, as: UTF8.self) else {
            throw .error("gazetteer-encoding", "the line is not valid UTF-8", at: location(path, lineNumber, 1, line))
        }
        let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
        // Columns (1-based, in scalars) where each field starts.
        var columns: [Int] = []
        var column = 1
        for f in fields {
            columns.append(column)
            column += f.unicodeScalars.count + 1
        }
        func fail(_ message: String, field: Int, notes: [String] = []) -> Diagnostic {
            .error("gazetteer-line", message, at: location(path, lineNumber, columns[min(field, columns.count - 1)], line), notes: notes)
        }
        let format = "a line is name<TAB>kind[<TAB>reference[<TAB>canonical name]]"
        guard fields.count >= 2 else {
            throw .error(
                "gazetteer-line", "expected a kind after the name, separated by a tab",
                at: location(path, lineNumber, text.unicodeScalars.count + 1, line), notes: [format])
        }
        guard fields.count <= 4 else { throw fail("too many fields: at most four (name, kind, reference, canonical name)", field: 4, notes: [format]) }
        var name = String(fields[0]).trimmingCharacters(in: .whitespaces)
        var optional = articleOptional
        if name.hasPrefix("(ال)") {
            name.removeFirst(4)
            optional = true
        }
        guard !name.isEmpty else { throw fail("the name is empty", field: 0, notes: [format]) }
        let kindText = fields[1].trimmingCharacters(in: .whitespaces)
        guard !kindText.isEmpty, kindText.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "-" }) else {
            throw fail(
                "bad kind '\(kindText)': a kind is a lowercase word such as person, place, organization or first-name", field: 1)
        }
        var reference: String? = nil
        if fields.count >= 3 {
            let r = fields[2].trimmingCharacters(in: .whitespaces)
            if !r.isEmpty {
                if r.first == "Q", r.count > 1, r.dropFirst().allSatisfy(\.isASCII), r.dropFirst().allSatisfy(\.isNumber) {
                    reference = Self.wikidata + r
                } else if r.contains(":"), !r.contains(" ") {
                    reference = r
                } else {
                    throw fail("bad reference '\(r)': give a Wikidata QID (Q858) or a URI", field: 2)
                }
            }
        }
        var canonical = name
        if fields.count == 4 {
            let c = fields[3].trimmingCharacters(in: .whitespaces)
            if !c.isEmpty { canonical = c }
        }
        let normalized = normalization.apply(to: name, trim: true)
        let prepared = PreparedText(normalized: normalized)
        guard prepared.tokens.contains(where: { $0.kind != .punctuation }) else { throw fail("the name has no letters or digits", field: 0) }
        let hashes = prepared.tokens.map(\.hash)
        if kindText == "first-name" {
            firstNames.insert(hashes, true)
        } else {
            let entry = GazetteerEntry(
                kind: EntityKind(rawValue: kindText), reference: reference, canonical: canonical, source: source, articleOptional: optional)
            // The first listing wins, but a later one can allow the article.
            names.insert(hashes, entry, replace: { old in !old.articleOptional && optional && old.kind == entry.kind })
        }
    }

    private func location(_ path: String, _ line: Int, _ column: Int, _ bytes: ArraySlice<UInt8>) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column, sourceLine: String(decoding: bytes, as: UTF8.self))
    }
}

extension Gazetteer {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
