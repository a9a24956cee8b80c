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
    /// `gazetteer:` and the gazetteer's name (its file name without `.tsv`), as the entity's
    /// source says it: made once per file, not once per match.
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
    private(set) var names = PhraseTrie<GazetteerEntry>()
    private(set) var firstNames = PhraseTrie<Bool>()
    /// What a word can start, as bits of ``start(_:)``.
    enum Start {
        static let name: Int32 = 1
        static let firstName: Int32 = 2
    }

    /// What a word (one reading's hash) can start: bits of ``Start``, 0 for nothing.
    @inline(__always) func start(_ hash: UInt64) -> Int32 {
        var bits: Int32 = 0
        if names.starts(with: hash) { bits = Start.name }
        if firstNames.starts(with: hash) { bits |= Start.firstName }
        return bits
    }

    /// The files read, in order.
    var files: [String] = []

    static let wikidata = "http://www.wikidata.org/entity/"

    /// Loads files and folders (every `.tsv` below a folder, in name order).
    ///
    /// - Throws: a ``Diagnostic`` naming `file:line:column` for a malformed line, or a file
    ///   that cannot be read.
    static func load(_ paths: [String], normalization: TextNormalization, articleOptional: Bool) throws(Diagnostic) -> Gazetteer {
        var gazetteer = Gazetteer()
        var contents: [(path: String, bytes: [UInt8])] = []
        for path in paths {
            for file in try files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw .error("gazetteer-unreadable", "cannot read the gazetteer '\(file)'", at: SourceLocation(path: file))
                }
                contents.append((file, [UInt8](data)))
            }
        }
        // Size the tables once for every line, rather than growing them by doubling.
        let lines = contents.reduce(0) { total, file in total + file.bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + 1 }
        gazetteer.names.reserve(phrases: lines)
        let map = ScalarMap(normalization)
        for (file, bytes) in contents {
            try gazetteer.read(file, bytes: bytes, normalization: normalization, articleOptional: articleOptional, map: map)
        }
        gazetteer.indexStarts()
        return gazetteer
    }

    /// Builds the tries' filters of first words: with a million names the table of edges is far
    /// larger than the caches, and most words of a text start no name, which the filter's one
    /// bit (in a table of about a byte a name) tells at once.
    mutating func indexStarts() {
        names.buildBitFilter()
        firstNames.buildBitFilter()
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

    /// What reading the lines of a file reuses from line to line.
    struct LineScratch {
        /// The normalization's one-for-one scalars: a name made only of them needs no more.
        let map: ScalarMap
        /// Whether the whole file is valid UTF-8, so that no line needs checking alone.
        let validFile: Bool
        var scalars: [UInt32] = []
        var tokens: [Token] = []
        var lastKind: (bytes: [UInt8], text: String)? = nil
    }

    mutating func read(
        _ path: String, bytes: [UInt8], normalization: TextNormalization, articleOptional: Bool, map: ScalarMap? = nil
    ) throws(Diagnostic) {
        var scratch = LineScratch(map: map ?? ScalarMap(normalization), validFile: String(validating: bytes, as: UTF8.self) != nil)
        files.append(path)
        let source = String(path.split(separator: "/").last ?? Substring(path)).replacingOccurrences(of: ".tsv", with: "")
        let tag = "gazetteer:" + source
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
                bytes[lineStart..<contentEnd], path: path, line: lineNumber, source: tag, normalization: normalization,
                articleOptional: articleOptional, scratch: &scratch)
            lineStart = lineEnd + 1
        }
    }

    private mutating func parseLine(
        _ line: ArraySlice<UInt8>, path: String, line lineNumber: Int, source: String, normalization: TextNormalization,
        articleOptional: Bool, scratch: inout LineScratch
    ) throws(Diagnostic) {
        // Blank lines and comments.
        var first = line.startIndex
        while first < line.endIndex && (line[first] == 0x20 || line[first] == 0x09) { first += 1 }
        if first == line.endIndex || line[first] == 0x23 { return }
        // Fields, split at tabs on the bytes.
        var fieldRanges: [Range<Int>] = []
        var fieldStart = line.startIndex
        for k in line.indices where line[k] == 0x09 {
            fieldRanges.append(fieldStart..<k)
            fieldStart = k + 1
        }
        fieldRanges.append(fieldStart..<line.endIndex)
        func field(_ k: Int) -> String? { String(validating: line[fieldRanges[k]], as: UTF8.self).map(Self.trimmed) }
        func fail(_ message: String, field k: Int, notes: [String] = []) -> Diagnostic {
            // The column (1-based, in scalars) where the field starts.
            let column = String(decoding: line[line.startIndex..<fieldRanges[min(k, fieldRanges.count - 1)].lowerBound], as: UTF8.self).unicodeScalars.count + 1
            return .error("gazetteer-line", message, at: location(path, lineNumber, column, line), notes: notes)
        }
        let format = "a line is name<TAB>kind[<TAB>reference[<TAB>canonical name]]"
        guard scratch.validFile || String(validating: line, as: UTF8.self) != nil else {
            throw .error("gazetteer-encoding", "the line is not valid UTF-8", at: location(path, lineNumber, 1, line))
        }
        guard fieldRanges.count >= 2 else {
            throw .error(
                "gazetteer-line", "expected a kind after the name, separated by a tab",
                at: location(path, lineNumber, String(decoding: line, as: UTF8.self).unicodeScalars.count + 1, line), notes: [format])
        }
        guard fieldRanges.count <= 4 else { throw fail("too many fields: at most four (name, kind, reference, canonical name)", field: 4, notes: [format]) }
        // The common name, made only of scalars that normalize one for one and not starting
        // with "(" (for "(ال)"), is hashed straight from its bytes.
        var fastHashes: [UInt64]? = nil
        var nameStart = fieldRanges[0].lowerBound
        var nameEnd = fieldRanges[0].upperBound
        while nameStart < nameEnd && line[nameStart] == 0x20 { nameStart += 1 }
        while nameEnd > nameStart && line[nameEnd - 1] == 0x20 { nameEnd -= 1 }
        if nameStart < nameEnd, line[nameStart] != 0x28,
            line[nameStart..<nameEnd].withUnsafeBufferPointer({ scratch.map.fill(&scratch.scalars, utf8: $0) })
        {
            scratch.tokens.removeAll(keepingCapacity: true)
            Tokenizer.append(scratch.scalars, to: &scratch.tokens)
            if scratch.tokens.contains(where: { $0.kind != .punctuation }) { fastHashes = scratch.tokens.map(\.hash) }
        }
        var name = fastHashes != nil ? String(decoding: line[nameStart..<nameEnd], as: UTF8.self) : field(0)!
        var optional = articleOptional
        if fastHashes == nil, name.hasPrefix("(ال)") {
            name.removeFirst(4)
            optional = true
        }
        guard !name.isEmpty else { throw fail("the name is empty", field: 0, notes: [format]) }
        let kindBytes = line[fieldRanges[1]]
        guard !kindBytes.isEmpty, kindBytes.allSatisfy({ (0x61...0x7A).contains($0) || $0 == 0x2D }) else {
            throw fail(
                "bad kind '\(field(1)!)': a kind is a lowercase word such as person, place, organization or first-name", field: 1)
        }
        let kindText: String
        if let last = scratch.lastKind, last.bytes.elementsEqual(kindBytes) {
            kindText = last.text
        } else {
            kindText = String(decoding: kindBytes, as: UTF8.self)
            scratch.lastKind = (Array(kindBytes), kindText)
        }
        var reference: String? = nil
        if fieldRanges.count >= 3 {
            let r = field(2)!
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
        if fieldRanges.count == 4, let c = field(3), !c.isEmpty { canonical = c }
        let hashes: [UInt64]
        if let fastHashes {
            hashes = fastHashes
        } else {
            let prepared = PreparedText(normalized: normalization.apply(to: name, trim: true))
            guard prepared.tokens.contains(where: { $0.kind != .punctuation }) else { throw fail("the name has no letters or digits", field: 0) }
            hashes = prepared.tokens.map(\.hash)
        }
        if kindText == "first-name" {
            firstNames.insert(hashes, true)
        } else {
            let entry = GazetteerEntry(
                kind: EntityKind(rawValue: kindText), reference: reference, canonical: canonical, source: source, articleOptional: optional)
            // The first listing wins, but a later one can allow the article.
            names.insert(hashes, entry, replace: { old in !old.articleOptional && optional && old.kind == entry.kind })
        }
    }

    /// The text without spaces and tabs at either end.
    static func trimmed(_ s: String) -> String {
        guard s.first == " " || s.last == " " else { return s }
        var sub = Substring(s)
        while sub.first == " " { sub.removeFirst() }
        while sub.last == " " { sub.removeLast() }
        return String(sub)
    }

    private func location(_ path: String, _ line: Int, _ column: Int, _ bytes: ArraySlice<UInt8>) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column, sourceLine: String(decoding: bytes, as: UTF8.self))
    }
}

extension Gazetteer {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
