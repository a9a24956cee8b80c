import DocumentModel
import Foundation

/// A document's shape as Markdown can carry it: blocks and inline markup with their text
/// (white space collapsed), without the details Markdown does not keep (attributes, where
/// white space sits at the edge of emphasis, whether a list is tight).
///
/// Built twice, independently: from the AST by the mapping the README documents, and from
/// what cmark-gfm reads in the writer's Markdown. The two must be equal.
struct Shape: Equatable, CustomStringConvertible {
    var name: String
    /// Attributes that must survive: a heading's level, a link's destination and title.
    var detail = ""
    /// The node's text, white space collapsed to single spaces and trimmed.
    var text = ""
    var children: [Shape] = []

    var description: String { outline(0) }

    func outline(_ depth: Int) -> String {
        var line = String(repeating: "  ", count: depth) + name
        if !detail.isEmpty { line += " [" + detail + "]" }
        if !text.isEmpty { line += " " + String(reflecting: text) }
        return ([line] + children.map { $0.outline(depth + 1) }).joined(separator: "\n")
    }

    /// The first line where two outlines differ, for test messages.
    static func difference(_ got: [Shape], _ expected: [Shape]) -> String? {
        let a = got.map(\.description).joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let b = expected.map(\.description).joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        if a == b { return nil }
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        func around(_ lines: [Substring]) -> String {
            lines[max(0, line - 3)..<min(lines.count, line + 4)].joined(separator: "\n")
        }
        return "shapes differ at line \(line + 1)\n--- read back by cmark-gfm:\n\(around(a))\n--- expected:\n\(around(b))"
    }
}

/// White space collapsed to single spaces, trimmed.
func collapsed(_ text: String) -> String {
    var out = ""
    var pendingSpace = false
    for c in text.unicodeScalars {
        if c.properties.isWhitespace {
            pendingSpace = !out.isEmpty
        } else {
            if pendingSpace { out += " " }
            pendingSpace = false
            out.unicodeScalars.append(c)
        }
    }
    return out
}

// MARK: - From cmark-gfm

extension Shape {
    /// The shape of the document cmark-gfm read.
    static func read(_ document: CMark.Node) -> [Shape] {
        blocks(document.children)
    }

    private static func blocks(_ nodes: [CMark.Node]) -> [Shape] {
        var result: [Shape] = []
        var i = 0
        while i < nodes.count {
            let node = nodes[i]
            if node.name == "html_block", node.literal.hasPrefix("<table>") {
                let (table, next) = htmlTable(nodes, from: i)
                result.append(table)
                i = next
                continue
            }
            result.append(block(node))
            i += 1
        }
        return result
    }

    private static func block(_ node: CMark.Node) -> Shape {
        switch node.name {
        case "paragraph":
            return Shape(name: "paragraph", text: collapsed(text(node.children)), children: inlines(node.children))
        case "heading":
            return Shape(name: "heading", detail: node.attributes["level"] ?? "?", text: collapsed(text(node.children)), children: inlines(node.children))
        case "block_quote":
            return Shape(name: "quote", children: blocks(node.children))
        case "list":
            let kind = node.attributes["type"] == "ordered" ? "ordered from \(node.attributes["start"] ?? "1")" : "bullet"
            return Shape(name: "list", detail: kind, children: node.children.map { Shape(name: "item", children: blocks($0.children)) })
        case "code_block":
            return Shape(name: "code", detail: node.attributes["info"] ?? "", text: String(reflecting: node.literal))
        case "thematic_break":
            return Shape(name: "break")
        case "html_block":
            return Shape(name: "html", text: collapsed(node.literal))
        case "table":
            return Shape(name: "table", children: node.children.map { row in
                Shape(name: "row", children: row.children.map { cell in
                    Shape(name: "cell", text: collapsed(text(cell.children)), children: inlines(cell.children))
                })
            })
        default:
            return Shape(name: "unexpected " + node.name)
        }
    }

    /// An HTML table written with Markdown cells: HTML blocks of tags, one a line, with the
    /// cells' Markdown blocks between them.
    private static func htmlTable(_ nodes: [CMark.Node], from start: Int) -> (Shape, Int) {
        var stack: [Shape] = []
        var i = start
        while i < nodes.count {
            let node = nodes[i]
            i += 1
            let tableTags = ["table", "caption", "thead", "tbody", "tr", "th", "td"]
            let isTableStructure = node.name == "html_block" && node.literal.split(separator: "\n").allSatisfy { line in
                tableTags.contains(String(line.drop { $0 == "<" || $0 == "/" }.prefix { $0.isLetter }))
            }
            guard isTableStructure else {
                stack[stack.count - 1].children.append(block(node))
                continue
            }
            for line in node.literal.split(separator: "\n") {
                let tag = String(line)
                if tag.hasPrefix("</") {
                    let done = stack.removeLast()
                    if stack.isEmpty { return (done, i) }
                    stack[stack.count - 1].children.append(done)
                } else {
                    let name = String(tag.dropFirst().prefix { $0.isLetter })
                    let attributes = String(tag.dropFirst(1 + name.count).prefix { $0 != ">" })
                    let element = Shape(name: name == "table" ? "html-table" : name, detail: attributes.trimmingCharacters(in: .whitespaces))
                    if tag.hasSuffix("</\(name)>") {
                        stack[stack.count - 1].children.append(element)
                    } else {
                        stack.append(element)
                    }
                }
            }
        }
        return (Shape(name: "unclosed html-table", children: stack), i)
    }

    static let wrapperTags = ["em": "em", "strong": "strong", "del": "del", "sup": "sup", "sub": "sub"]

    /// Inline markup; HTML tags the writer uses in place of Markdown read as what they stand for.
    private static func inlines(_ nodes: [CMark.Node]) -> [Shape] {
        var result: [Shape] = []
        var i = 0
        while i < nodes.count {
            let node = nodes[i]
            i += 1
            switch node.name {
            case "emph", "strong", "strikethrough":
                let name = ["emph": "em", "strong": "strong", "strikethrough": "del"][node.name]!
                result.append(Shape(name: name, text: collapsed(text(node.children)), children: inlines(node.children)))
            case "code":
                result.append(Shape(name: "code", text: node.literal))
            case "link", "image":
                let detail = (node.attributes["destination"] ?? "") + " " + String(reflecting: node.attributes["title"] ?? "")
                result.append(Shape(name: node.name, detail: detail, text: collapsed(text(node.children)), children: inlines(node.children)))
            case "html_inline":
                let literal = node.literal
                if literal == "<br>" { continue }
                if literal.hasPrefix("<"), literal.hasSuffix(">"), let name = wrapperTags[String(literal.dropFirst().dropLast())] {
                    // Find the matching closing tag among the following siblings.
                    var depth = 1, j = i
                    while j < nodes.count {
                        if nodes[j].name == "html_inline" && nodes[j].literal == "<\(name)>" { depth += 1 }
                        if nodes[j].name == "html_inline" && nodes[j].literal == "</\(name)>" {
                            depth -= 1
                            if depth == 0 { break }
                        }
                        j += 1
                    }
                    let inside = Array(nodes[i..<min(j, nodes.count)])
                    result.append(Shape(name: name, text: collapsed(text(inside)), children: inlines(inside)))
                    i = j + 1
                } else {
                    result.append(Shape(name: "html", text: literal))
                }
            default:
                break
            }
        }
        return result
    }

    /// The text of inline nodes: text, code, and a space for each break.
    private static func text(_ nodes: [CMark.Node]) -> String {
        nodes.map { node in
            switch node.name {
            case "text", "code": node.literal
            case "softbreak", "linebreak": " "
            case "html_inline": node.literal == "<br>" ? " " : ""
            default: text(node.children)
            }
        }.joined()
    }
}

// MARK: - From the AST

extension Shape {
    /// The shape the writer's Markdown must have, by the documented mapping.
    struct Expectation {
        var gfm: Bool
        var spans: Bool

        func blocks(_ blocks: [Block]) -> [Shape] {
            blocks.flatMap(block)
        }

        private func block(_ block: Block) -> [Shape] {
            switch block.kind {
            case .heading(let level, let content):
                return [Shape(name: "heading", detail: "\(min(max(level, 1), 6))", text: collapsed(text(content)), children: inlines(content))]
            case .paragraph(let content):
                guard hasVisibleContent(content) else { return [] }
                return [Shape(name: "paragraph", text: collapsed(text(content)), children: inlines(content))]
            case .blockQuote(let children):
                return [Shape(name: "quote", children: blocks(children))]
            case .list(let ordered, let start, let items):
                if items.isEmpty { return [] }
                let kind = ordered ? "ordered from \(min(max(start, 0), 999_999_999))" : "bullet"
                return [Shape(name: "list", detail: kind, children: items.map { Shape(name: "item", children: blocks($0)) })]
            case .codeBlock(let language, let code):
                var literal = withoutControls(code)
                if !literal.isEmpty && !literal.hasSuffix("\n") { literal += "\n" }
                let info = withoutControls(language ?? "").replacingOccurrences(of: "\n", with: " ")
                    .trimmingCharacters(in: CharacterSet(charactersIn: " \t")).replacingOccurrences(of: "\t", with: " ")
                return [Shape(name: "code", detail: info, text: String(reflecting: literal))]
            case .table(let table):
                return self.table(table)
            case .figure(let image, let caption):
                return self.block(Block(.paragraph([Inline(.image(image))]))) + blocks(caption)
            case .thematicBreak:
                return [Shape(name: "break")]
            case .division(let children):
                return blocks(children)
            case .raw(let format, let text):
                if format == "html" { return [Shape(name: "html", text: collapsed(text))] }
                if format == "markdown" { return [Shape(name: "raw markdown: no expectation")] }
                return []
            }
        }

        private func table(_ table: Table) -> [Shape] {
            let rows = table.head + table.body
            let columns = rows.map { $0.cells.reduce(0) { $0 + max(1, $1.columnSpan) } }.max() ?? 0
            if columns == 0 { return blocks(table.caption) }
            let cells = rows.flatMap(\.cells)
            let pipe = gfm && table.head.count <= 1 && cells.allSatisfy { cell in
                guard cell.rowSpan <= 1 && cell.columnSpan <= 1 else { return false }
                if cell.blocks.isEmpty { return true }
                if cell.blocks.count == 1, case .paragraph = cell.blocks[0].kind { return true }
                return false
            }
            if pipe {
                func row(_ cells: [TableCell]) -> Shape {
                    var shapes = cells.map { cell -> Shape in
                        guard case .paragraph(let content)? = cell.blocks.first?.kind else { return Shape(name: "cell") }
                        return Shape(name: "cell", text: collapsed(text(content)), children: inlines(content))
                    }
                    shapes += Array(repeating: Shape(name: "cell"), count: columns - shapes.count)
                    return Shape(name: "row", children: shapes)
                }
                let header = row(table.head.first?.cells ?? [])
                return [Shape(name: "table", children: [header] + table.body.map { row($0.cells) })] + blocks(table.caption)
            }
            var shape = Shape(name: "html-table")
            let caption = blocks(table.caption)
            if !caption.isEmpty { shape.children.append(Shape(name: "caption", children: caption)) }
            for (name, rows) in [("thead", table.head), ("tbody", table.body)] where !rows.isEmpty {
                shape.children.append(Shape(name: name, children: rows.map { row in
                    Shape(name: "tr", children: row.cells.map { cell in
                        var attributes: [String] = []
                        if cell.rowSpan > 1 { attributes.append("rowspan=\"\(cell.rowSpan)\"") }
                        if cell.columnSpan > 1 { attributes.append("colspan=\"\(cell.columnSpan)\"") }
                        if let alignment = cell.alignment { attributes.append("style=\"text-align: \(alignment.rawValue)\"") }
                        return Shape(name: cell.isHeader ? "th" : "td", detail: attributes.joined(separator: " "), children: blocks(cell.blocks))
                    })
                }))
            }
            return [shape]
        }

        /// Inline markup, links inside links reduced to their text, code spans side by side
        /// merged into one.
        private func inlines(_ content: [Inline], inLink: Bool = false) -> [Shape] {
            var result: [Shape] = []
            collect(content, inLink: inLink, into: &result)
            return result.filter { $0.name != "gap" }
        }

        /// Appends the shapes of `content`, with a `gap` for text and breaks, which keep code
        /// spans apart.
        private func collect(_ content: [Inline], inLink: Bool, into result: inout [Shape]) {
            for inline in content {
                switch inline.kind {
                case .text(let s):
                    if !withoutControls(s).isEmpty { result.append(Shape(name: "gap")) }
                case .softBreak, .lineBreak:
                    result.append(Shape(name: "gap"))
                case .emphasis(let c), .strong(let c), .strikeout(let c), .superscript(let c), .subscript(let c):
                    guard hasVisibleContent(c, wrapped: true, inLink: inLink) else {
                        // An empty wrapper goes, its white space stays.
                        collect(c, inLink: inLink, into: &result)
                        break
                    }
                    let name = ["emphasis": "em", "strong": "strong", "strikeout": "del", "superscript": "sup", "subscript": "sub"][inline.typeName]!
                    result.append(Shape(name: name, text: collapsed(text(c, inLink: inLink)), children: inlines(c, inLink: inLink)))
                case .code(let code):
                    let literal = withoutControls(code).replacingOccurrences(of: "\n", with: " ")
                    if literal.isEmpty { break }
                    if result.last?.name == "code" {
                        result[result.count - 1].text += literal
                    } else {
                        result.append(Shape(name: "code", text: literal))
                    }
                case .link(let link, let c):
                    if inLink {
                        collect(c, inLink: true, into: &result)
                    } else {
                        result.append(Shape(
                            name: "link", detail: destination(link.target) + " " + String(reflecting: title(link.title)),
                            text: collapsed(text(c, inLink: true)), children: inlines(c, inLink: true)))
                    }
                case .image(let image):
                    result.append(Shape(
                        name: "image", detail: destination(image.source) + " " + String(reflecting: title(image.title)),
                        text: collapsed(text(image.description, inLink: inLink)), children: inlines(image.description, inLink: inLink)))
                case .quoted(_, let c):
                    result.append(Shape(name: "gap"))
                    collect(c, inLink: inLink, into: &result)
                    result.append(Shape(name: "gap"))
                case .span(let c):
                    collect(c, inLink: inLink, into: &result)
                case .entity(_, let c):
                    let bracketed = spans && producesOutput(c, inLink: inLink)
                    if bracketed { result.append(Shape(name: "gap")) }
                    collect(c, inLink: inLink, into: &result)
                    if bracketed { result.append(Shape(name: "gap")) }
                case .raw(let format, let raw):
                    if format == "html" {
                        // Each tag is one HTML inline to cmark.
                        var rest = Substring(raw)
                        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
                            result.append(Shape(name: "html", text: String(rest[open...close])))
                            rest = rest[rest.index(after: close)...]
                        }
                    } else if format == "markdown" {
                        result.append(Shape(name: "raw markdown: no expectation"))
                    }
                }
            }
        }

        /// The text a reader sees: quotation marks included, entity spans' brackets and class
        /// in `spans` style, control characters left out.
        func text(_ content: [Inline], inLink: Bool = false) -> String {
            content.map { inline -> String in
                switch inline.kind {
                case .text(let s): withoutControls(s)
                case .softBreak, .lineBreak: " "
                case .code(let s): withoutControls(s)
                case .image(let image): text(image.description, inLink: inLink)
                case .link(_, let c): text(c, inLink: true)
                case .quoted(let kind, let c):
                    (kind == .double ? "\u{201C}" : "\u{2018}") + text(c, inLink: inLink) + (kind == .double ? "\u{201D}" : "\u{2019}")
                case .entity(let entity, let c):
                    spans && producesOutput(c, inLink: inLink) ? "[" + text(c, inLink: inLink) + "]{.\(entity.kind.rawValue)}" : text(c, inLink: inLink)
                case .raw(let format, let raw):
                    // The text between an HTML passage's tags.
                    format == "html" ? raw.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression) : ""
                default: text(inline.children, inLink: inLink)
                }
            }.joined()
        }

        /// Whether inlines leave anything to write: in a paragraph, anything but spaces, tabs,
        /// line ends and control characters; inside emphasis and the like, anything but Unicode
        /// white space (which the writer moves outside).
        func hasVisibleContent(_ content: [Inline], wrapped: Bool = false, inLink: Bool = false) -> Bool {
            content.contains { inline in
                switch inline.kind {
                case .text(let s):
                    return withoutControls(s).unicodeScalars.contains { wrapped ? !$0.properties.isWhitespace && $0 != "\u{C}" : !" \t\n\r".unicodeScalars.contains($0) }
                case .softBreak, .lineBreak: return false
                case .code(let s): return !withoutControls(s).isEmpty
                case .link(_, let c): return !inLink || hasVisibleContent(c, wrapped: wrapped, inLink: true)
                case .image, .quoted: return true
                case .entity(_, let c): return spans ? producesOutput(c, inLink: inLink) : hasVisibleContent(c, wrapped: wrapped, inLink: inLink)
                case .raw(let format, let raw): return (format == "html" || format == "markdown") && !withoutControls(raw).isEmpty
                default: return hasVisibleContent(inline.children, wrapped: wrapped, inLink: inLink)
                }
            }
        }

        /// Whether inlines give the writer anything at all inside an entity span: any text,
        /// even white space, a break, code, a link, an image, a quotation, a raw passage.
        func producesOutput(_ content: [Inline], inLink: Bool = false) -> Bool {
            content.contains { inline in
                switch inline.kind {
                case .text(let s): return !withoutControls(s).isEmpty
                case .link(_, let c): return !inLink || producesOutput(c, inLink: true)
                case .softBreak, .lineBreak, .image, .quoted: return true
                case .code(let s): return !withoutControls(s).isEmpty
                case .raw(let format, let raw): return (format == "html" || format == "markdown") && !withoutControls(raw).isEmpty
                default: return producesOutput(inline.children, inLink: inLink)
                }
            }
        }

        private func destination(_ url: String) -> String {
            url.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? String(format: "%%%02X", $0.value) : String($0) }.joined()
        }

        /// A title as cmark's XML gives it back: line ends as spaces, and tabs too (an XML
        /// reader normalizes white space in attribute values).
        private func title(_ title: String?) -> String {
            withoutControls(title ?? "").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
        }
    }
}

/// `text` without the C0 control characters the writer leaves out; CR and CRLF read as LF.
func withoutControls(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var previousCR = false
    for c in text.unicodeScalars {
        defer { previousCR = c == "\r" }
        if c == "\r" { out.append("\n") } else if c == "\n" { if !previousCR { out.append(c) } } else if c.value >= 0x20 || c == "\t" { out.append(c) }
    }
    return String(out)
}
