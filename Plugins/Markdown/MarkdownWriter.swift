import DocumentModel
import WarraqKit

/// Writes a document's body as Markdown, collecting what it had to change or drop.
///
/// Blocks become *chunks* of lines; a container prefixes its children's lines (`> `, a list
/// marker and its indentation), and chunks at one level are separated by a blank line.
/// Recursion follows the document's nesting, which the caller bounds with
/// `Document.checkDepth()`.
struct MarkdownWriter {
    enum Flavor: String { case commonmark, gfm }
    enum EntityStyle: String { case plain, spans }

    let flavor: Flavor
    let entities: EntityStyle
    /// The document's direction, for the alignment of pipe-table columns.
    let direction: TextDirection?
    /// What was changed or dropped, reported as warnings once per document.
    var report = Report()

    init(flavor: Flavor, entities: EntityStyle, direction: TextDirection?) {
        self.flavor = flavor
        self.entities = entities
        self.direction = direction
    }

    /// The Markdown of `blocks`, ending with a newline, or empty when nothing is written.
    mutating func body(_ blocks: [Block]) -> String {
        let lines = joined(chunks(blocks), tight: false)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Chunks

    /// Lines that form one or more Markdown blocks, and what a list around them needs to know.
    struct Chunk {
        enum Kind: Equatable {
            case paragraph
            /// A list, with the marker it used (`-`, `+`, `.`, `)`) and whether it could interrupt a
            /// paragraph (bullet or starting at 1, first item not empty).
            case list(ordered: Bool, marker: Character, interruptsParagraph: Bool)
            /// Several blocks at this level, separated by blank lines (an HTML table with
            /// Markdown cells, raw text with blank lines).
            case several
            case other
        }

        var lines: [String]
        var kind: Kind
    }

    /// The chunks of a sequence of blocks, divisions opened up in place.
    mutating func chunks(_ blocks: [Block]) -> [Chunk] {
        var result: [Chunk] = []
        for block in Self.openingDivisions(blocks) {
            switch block.kind {
            case .list(let ordered, let start, let items):
                // Two lists in a row would read as one: the second takes another marker.
                var avoid: Character?
                if case .list(ordered, let marker, _)? = result.last?.kind { avoid = marker }
                if let chunk = list(ordered: ordered, start: start, items: items, avoiding: avoid) {
                    result.append(chunk)
                }
            default:
                result += self.block(block)
            }
        }
        return result
    }

    /// `blocks` with every division, at any depth, replaced by its blocks.
    static func openingDivisions(_ blocks: [Block]) -> [Block] {
        guard blocks.contains(where: { if case .division = $0.kind { true } else { false } }) else { return blocks }
        var result: [Block] = []
        var stack: [Block] = blocks.reversed()
        while let block = stack.popLast() {
            if case .division(let children) = block.kind {
                stack += children.reversed()
            } else {
                result.append(block)
            }
        }
        return result
    }

    /// The lines of chunks, with a blank line between chunks (or none, for a tight list item).
    func joined(_ chunks: [Chunk], tight: Bool) -> [String] {
        var lines: [String] = []
        for (i, chunk) in chunks.enumerated() {
            if i > 0 && !tight { lines.append("") }
            lines += chunk.lines
        }
        return lines
    }

    private mutating func block(_ block: Block) -> [Chunk] {
        switch block.kind {
        case .heading(let level, let content):
            let marks = String(repeating: "#", count: min(max(level, 1), 6))
            let text = inlines(content, mode: .heading)
            return [Chunk(lines: [text.isEmpty ? marks : marks + " " + text], kind: .other)]
        case .paragraph(let content):
            return paragraph(content)
        case .blockQuote(let children):
            let inner = joined(chunks(children), tight: false)
            let lines = inner.isEmpty ? [">"] : inner.map { $0.isEmpty ? ">" : "> " + $0 }
            return [Chunk(lines: lines, kind: .other)]
        case .codeBlock(let language, let text):
            return [codeBlock(language: language, text: text)]
        case .table(let table):
            return self.table(table, direction: block.attributes.direction)
        case .figure(let image, let caption):
            return paragraph([Inline(.image(image))]) + chunks(caption)
        case .thematicBreak:
            // `***`, not `---`: that under a paragraph line would make a heading.
            return [Chunk(lines: ["***"], kind: .other)]
        case .raw(let format, let text):
            return raw(format: format, text: text)
        case .division(let children):
            return chunks(children)
        case .list(let ordered, let start, let items):
            return list(ordered: ordered, start: start, items: items, avoiding: nil).map { [$0] } ?? []
        }
    }

    private mutating func paragraph(_ content: [Inline]) -> [Chunk] {
        let text = inlines(content, mode: .paragraph)
        if text.isEmpty { return [] }
        return [Chunk(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), kind: .paragraph)]
    }

    // MARK: - Lists

    /// A list, its marker other than `avoiding` (the marker of a list just before it).
    private mutating func list(ordered: Bool, start: Int, items: [[Block]], avoiding: Character?) -> Chunk? {
        guard !items.isEmpty else { return nil }
        let bodies = items.map { chunks($0) }
        // Tight when every item is one block, or a paragraph with a list that can follow it
        // without a blank line; otherwise loose, with blank lines between items and blocks.
        let tight = bodies.allSatisfy { body in
            if body.count <= 1 { return body.first?.kind != .several }
            if body.count == 2, body[0].kind == .paragraph, case .list(_, _, true) = body[1].kind { return true }
            return false
        }
        let limit = 999_999_999  // CommonMark reads at most nine digits
        var first = start
        if start < 0 || start > limit {
            first = min(max(start, 0), limit)
            report.listStartsChanged += 1
        }
        let counts = first + items.count - 1 <= limit
        let contents = bodies.map { joined($0, tight: tight) }
        // A bullet item whose first line is a list with an empty item would read `- - -`, a
        // thematic break: such a list takes `+` (or `*`, after a `+` list).
        let marker: Character = ordered
            ? (avoiding == "." ? ")" : ".")
            : (["-", "+", "*"] as [Character]).first { marker in
                marker != avoiding && !contents.contains { Self.isThematicBreak(String(marker) + " " + ($0.first ?? "")) }
            }!
        var lines: [String] = []
        for (i, content) in contents.enumerated() {
            if i > 0 && !tight { lines.append("") }
            let label = ordered ? "\(counts ? first + i : first)\(marker)" : String(marker)
            guard let head = content.first else {
                lines.append(label)
                continue
            }
            let indent = String(repeating: " ", count: label.count + 1)
            lines.append(label + " " + head)
            for line in content.dropFirst() { lines.append(line.isEmpty ? "" : indent + line) }
        }
        let interrupts = (!ordered || first == 1) && !(bodies.first?.isEmpty ?? true)
        return Chunk(lines: lines, kind: .list(ordered: ordered, marker: marker, interruptsParagraph: interrupts))
    }

    /// Whether CommonMark reads `line` as a thematic break: three or more of one of `-`, `*`,
    /// `_`, with nothing else but spaces and tabs.
    static func isThematicBreak(_ line: String) -> Bool {
        let marks = line.unicodeScalars.filter { $0 != " " && $0 != "\t" }
        guard marks.count >= 3, let mark = marks.first, mark == "-" || mark == "*" || mark == "_" else { return false }
        return marks.allSatisfy { $0 == mark }
    }

    // MARK: - Code and raw blocks

    private mutating func codeBlock(language: String?, text: String) -> Chunk {
        let cleaned = clean(text)
        var code = cleaned
        if code.hasSuffix("\n") { code.removeLast() }
        let info = String(String.UnicodeScalarView(clean(language ?? "").unicodeScalars.map { $0 == "\n" ? " " : $0 }))
        // A backtick fence cannot have a backtick in its info string; a tilde fence can.
        let fenceCharacter: Unicode.Scalar = info.contains("`") ? "~" : "`"
        let fence = String(repeating: Character(fenceCharacter), count: max(3, MarkdownEscaping.longestRun(of: fenceCharacter, in: code) + 1))
        let escapedInfo = MarkdownEscaping.infoString(info.trimmingSpaces())
        var lines = [fence + escapedInfo]
        if !cleaned.isEmpty { lines += code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        lines.append(fence)
        return Chunk(lines: lines, kind: .other)
    }

    private mutating func raw(format: String, text: String) -> [Chunk] {
        switch format.lowercased() {
        case "markdown", "html":
            var lines = clean(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            while lines.first?.trimmingSpaces().isEmpty == true { lines.removeFirst() }
            while lines.last?.trimmingSpaces().isEmpty == true { lines.removeLast() }
            if lines.isEmpty { return [] }
            let several = lines.contains { $0.trimmingSpaces().isEmpty }
            return [Chunk(lines: lines, kind: several ? .several : .other)]
        default:
            report.droppedRaw[format, default: 0] += 1
            return []
        }
    }

    // MARK: - Characters

    /// `text` with line ends made LF and the C0 control characters that Markdown cannot hold
    /// (all but tab and line feed) removed and counted.
    mutating func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" }) else { return text }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for c in text.unicodeScalars {
            defer { previousCR = c == "\r" }
            if c == "\r" {
                out.append("\n")
            } else if c == "\n" {
                if !previousCR { out.append(c) }
            } else if c.value < 0x20 && c != "\t" {
                report.controlCharacters += 1
                report.controlExamples.insert(c.value)
            } else {
                out.append(c)
            }
        }
        return String(out)
    }
}

extension MarkdownWriter {
    /// What the writer changed or left out, counted so that each kind is reported once.
    struct Report {
        var controlCharacters = 0
        var controlExamples: Set<UInt32> = []
        var droppedRaw: [String: Int] = [:]
        var htmlTables: [String: Int] = [:]
        var strikeoutsAsHTML = 0
        var linksInLinks = 0
        var listStartsChanged = 0

        /// Adds the warnings to `context`, in a fixed order.
        func emit(into context: inout PluginContext) {
            if controlCharacters > 0 {
                let codes = controlExamples.sorted().map { "U+" + hex4($0) }.joined(separator: ", ")
                context.warn(
                    "control-characters",
                    "\(controlCharacters) control \(plural(controlCharacters, "character")) (\(codes)) left out: Markdown cannot hold them")
            }
            for (format, count) in droppedRaw.sorted(by: { $0.key < $1.key }) {
                context.warn("raw-dropped", "\(count) raw '\(format)' \(plural(count, "passage")) left out: Markdown passes through only raw markdown and html")
            }
            for (reason, count) in htmlTables.sorted(by: { $0.key < $1.key }) {
                context.warn("table-as-html", "\(count) \(plural(count, "table")) written as HTML: \(reason)")
            }
            if strikeoutsAsHTML > 0 {
                context.warn(
                    "strikeout-as-html", "\(strikeoutsAsHTML) \(plural(strikeoutsAsHTML, "strikeout")) written as HTML <del>: CommonMark has no strikethrough",
                    notes: ["-O flavor=gfm writes ~~strikethrough~~"])
            }
            if linksInLinks > 0 {
                context.warn("link-in-link", "\(linksInLinks) \(plural(linksInLinks, "link")) inside another link written as plain text: Markdown links cannot nest")
            }
            if listStartsChanged > 0 {
                context.warn("list-start", "\(listStartsChanged) ordered \(plural(listStartsChanged, "list")) renumbered: Markdown lists start from 0 to 999999999")
            }
        }

        private func plural(_ count: Int, _ word: String) -> String { count == 1 ? word : word + "s" }

        private func hex4(_ value: UInt32) -> String {
            let digits = Array("0123456789ABCDEF")
            return String((0..<4).reversed().map { digits[Int((value >> (4 * UInt32($0))) & 0xF)] })
        }
    }
}

extension String {
    /// The string without spaces and tabs at either end.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(scalars[start...end])
    }
}
