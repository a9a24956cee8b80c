import DocumentModel

/// Turns (part of) an ``HTMLTree`` into AST blocks: every element mapped to its node, text
/// white space collapsed as a browser shows it, spans from the source.
struct HTMLConverter {
    let tree: HTMLTree
    /// Nodes left out, with everything inside them.
    var removed: [Bool]
    /// Keep `div`, `section` and the like as divisions, and ids and classes (body mode);
    /// otherwise their content stands in their place and only language and direction stay.
    var keepContainers: Bool
    /// For each node, whether a block element (not removed) is inside it.
    private var hasBlock: [Bool]

    init(tree: HTMLTree, removed: [Bool], keepContainers: Bool) {
        self.tree = tree
        self.removed = removed
        self.keepContainers = keepContainers
        var hasBlock = [Bool](repeating: false, count: tree.nodes.count)
        // Children come after their parents: one backward pass fills the flags in.
        var i = tree.nodes.count - 1
        while i > 0 {
            let node = tree.nodes[i]
            if !removed[i] && node.kind == .element && !node.is(.invisible) {
                if hasBlock[i] || node.is(.block) { hasBlock[node.parent] = true }
            }
            i -= 1
        }
        self.hasBlock = hasBlock
    }

    static func isBlock(_ name: String) -> Bool {
        HTMLTree.blockElements.contains(name)
    }

    /// The blocks for `nodes` taken as a run of siblings.
    func blocks(of nodes: [Int]) -> [Block] {
        var out: [Block] = []
        var pending: [Inline] = []
        var pendingSpan: SourceSpan? = nil
        var pendingOnlyTime = true
        func flush() {
            defer {
                pending = []
                pendingSpan = nil
                pendingOnlyTime = true
            }
            // A date standing alone between blocks (`<time>` under the headline) is the
            // dateline, kept in the metadata, not a paragraph of the story.
            if !keepContainers && pendingOnlyTime { return }
            for part in Self.splitAtDoubleBreaks(pending) { out.append(Block(.paragraph(part), span: pendingSpan)) }
        }
        for i in nodes where !removed[i] {
            let node = tree.nodes[i]
            switch node.kind {
            case .text:
                pending.append(Inline(.text(node.text)))
                if !node.text.utf8.allSatisfy(HTMLTree.isSpace) {
                    pendingOnlyTime = false
                    extend(&pendingSpan, node.span)
                }
            case .element:
                if node.is(.invisible) { continue }
                if node.is(.block) || hasBlock[i] {
                    flush()
                    out += block(i)
                } else {
                    if node.name != "time" { pendingOnlyTime = false }
                    pending += inline(i)
                    extend(&pendingSpan, node.span)
                }
            case .document:
                out += blocks(of: node.children)
            }
        }
        flush()
        return out
    }

    private func extend(_ span: inout SourceSpan?, _ other: SourceSpan?) {
        guard let other else { return }
        if span == nil { span = other } else { span!.end = max(span!.end, other.end) }
    }

    /// The blocks one element makes.
    func block(_ i: Int) -> [Block] {
        let node = tree.nodes[i]
        let attributes = self.attributes(of: node)
        let span = node.span
        func make(_ kind: Block.Kind, _ extra: Attributes? = nil) -> Block {
            Block(kind, attributes: extra ?? attributes, span: span)
        }
        switch node.name {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            if hasBlock[i] { return container(i, attributes) }
            var content = inlines(of: node.children)
            Self.collapseSpaces(&content)
            guard !content.isEmpty else { return [] }
            return [make(.heading(level: Int(String(node.name.last!))!, content: content))]
        case "p":
            if hasBlock[i] { return container(i, attributes) }
            return Self.splitAtDoubleBreaks(inlines(of: node.children)).map { make(.paragraph($0)) }
        case "blockquote":
            let inner = blocks(of: node.children)
            return inner.isEmpty ? [] : [make(.blockQuote(inner))]
        case "ul", "ol", "menu", "dir":
            var items: [[Block]] = []
            var loose: [Int] = []
            func flushLoose() {
                let b = blocks(of: loose)
                if !b.isEmpty { items.append(b) }
                loose = []
            }
            for child in node.children where !removed[child] {
                if tree.nodes[child].name == "li" {
                    flushLoose()
                    let b = blocks(of: tree.nodes[child].children)
                    if !b.isEmpty { items.append(b) }
                } else {
                    loose.append(child)
                }
            }
            flushLoose()
            guard !items.isEmpty else { return [] }
            let ordered = node.name == "ol"
            let start = ordered ? Int(node.attribute("start")?.trimmingSpaces() ?? "") ?? 1 : 1
            return [make(.list(ordered: ordered, start: start, items: items))]
        case "pre", "listing", "xmp", "plaintext":
            var text = rawText(i)
            if text.hasPrefix("\n") { text.removeFirst() }
            while text.hasSuffix("\n") { text.removeLast() }
            guard !text.isEmpty else { return [] }
            return [make(.codeBlock(language: codeLanguage(i), text: text))]
        case "table":
            return table(i, attributes)
        case "figure":
            return figure(i, attributes)
        case "hr":
            return [make(.thematicBreak)]
        case "li", "dd", "dt", "figcaption", "caption", "td", "th", "summary", "legend":
            // Out of their usual place: their content as blocks.
            if !hasBlock[i] && node.name != "dd" && node.name != "li" {
                var content = inlines(of: node.children)
                Self.collapseSpaces(&content)
                return content.isEmpty ? [] : [make(.paragraph(content))]
            }
            return container(i, attributes)
        default:
            return container(i, attributes)
        }
    }

    /// A generic container: a division in body mode, its content alone otherwise.
    private func container(_ i: Int, _ attributes: Attributes) -> [Block] {
        let node = tree.nodes[i]
        let inner = blocks(of: node.children)
        guard !inner.isEmpty else { return [] }
        guard keepContainers else {
            // Language and direction that differ stay on the blocks inside.
            guard attributes.language != nil || attributes.direction != nil else { return inner }
            return inner.map { block in
                var b = block
                if b.attributes.language == nil { b.attributes.language = attributes.language }
                if b.attributes.direction == nil { b.attributes.direction = attributes.direction }
                return b
            }
        }
        var a = attributes
        if !["div", "span"].contains(node.name) { a.classes.insert(node.name, at: 0) }
        return [Block(.division(inner), attributes: a, span: node.span)]
    }

    private func figure(_ i: Int, _ attributes: Attributes) -> [Block] {
        let node = tree.nodes[i]
        var imageNode: Int? = nil
        var captionNode: Int? = nil
        tree.walk(i) { k in
            if removed[k] { return false }
            let n = tree.nodes[k]
            if n.name == "img" && imageNode == nil && image(k) != nil { imageNode = k }
            if n.name == "figcaption" && captionNode == nil { captionNode = k }
            return true
        }
        guard let imageNode, let image = image(imageNode) else { return container(i, attributes) }
        var caption: [Block] = []
        if let captionNode {
            caption = blocks(of: tree.nodes[captionNode].children)
        }
        // Anything else in the figure (a quote, a video's text) follows it.
        var rest: [Int] = []
        for child in node.children where child != captionNode && !removed[child] {
            var holdsImage = false
            tree.walk(child) { k in
                if k == imageNode || k == captionNode { holdsImage = true }
                return !holdsImage
            }
            if !holdsImage { rest.append(child) }
        }
        return [Block(.figure(image: image, caption: caption), attributes: attributes, span: node.span)] + blocks(of: rest)
    }

    private func table(_ i: Int, _ attributes: Attributes) -> [Block] {
        var table = Table()
        func row(_ r: Int) -> TableRow {
            var cells: [TableCell] = []
            for c in tree.nodes[r].children where !removed[c] {
                let cell = tree.nodes[c]
                guard cell.name == "td" || cell.name == "th" else { continue }
                let content = blocks(of: cell.children)
                let rowSpan = min(max(Int(cell.attribute("rowspan")?.trimmingSpaces() ?? "") ?? 1, 1), 1000)
                let columnSpan = min(max(Int(cell.attribute("colspan")?.trimmingSpaces() ?? "") ?? 1, 1), 1000)
                var alignment: TableCell.Alignment? = nil
                switch cell.attribute("align")?.lowercased() {
                case "left"?: alignment = .start
                case "center"?: alignment = .center
                case "right"?: alignment = .end
                default: break
                }
                cells.append(TableCell(
                    content, isHeader: cell.name == "th", rowSpan: rowSpan, columnSpan: columnSpan, alignment: alignment,
                    attributes: self.attributes(of: cell)))
            }
            return TableRow(cells: cells, attributes: self.attributes(of: tree.nodes[r]))
        }
        for child in tree.nodes[i].children where !removed[child] {
            let n = tree.nodes[child]
            switch n.name {
            case "caption": table.caption = blocks(of: n.children)
            case "thead":
                for r in n.children where !removed[r] && tree.nodes[r].name == "tr" { table.head.append(row(r)) }
            case "tbody", "tfoot":
                for r in n.children where !removed[r] && tree.nodes[r].name == "tr" { table.body.append(row(r)) }
            case "tr": table.body.append(row(child))
            default: break
            }
        }
        table.body.removeAll { $0.cells.isEmpty }
        if table.head.isEmpty, let first = table.body.first, first.cells.allSatisfy(\.isHeader), table.body.count > 1 {
            table.head = [first]
            table.body.removeFirst()
        }
        guard !table.head.isEmpty || !table.body.isEmpty else { return table.caption }
        return [Block(.table(table), attributes: attributes, span: tree.nodes[i].span)]
    }

    /// The inlines for a run of sibling nodes.
    func inlines(of nodes: [Int]) -> [Inline] {
        var out: [Inline] = []
        for i in nodes where !removed[i] { out += inline(i) }
        return out
    }

    /// The inlines one node makes.
    func inline(_ i: Int) -> [Inline] {
        let node = tree.nodes[i]
        if node.kind == .text { return [Inline(.text(node.text))] }
        guard node.kind == .element, !node.is(.invisible) else { return [] }
        let attributes = self.attributes(of: node)
        func wrap(_ kind: ([Inline]) -> Inline.Kind) -> [Inline] {
            let children = inlines(of: node.children)
            guard !children.isEmpty else { return [] }
            return [Inline(kind(children), attributes: attributes)]
        }
        switch node.name {
        case "em", "i", "cite", "dfn", "var": return wrap { .emphasis($0) }
        case "strong", "b": return wrap { .strong($0) }
        case "s", "strike", "del": return wrap { .strikeout($0) }
        case "sup": return wrap { .superscript($0) }
        case "sub": return wrap { .subscript($0) }
        case "q": return wrap { .quoted(.double, $0) }
        case "code", "kbd", "samp", "tt":
            let text = rawText(i)
            return text.isEmpty ? [] : [Inline(.code(text), attributes: attributes)]
        case "br": return [Inline(.lineBreak)]
        case "wbr": return []
        case "img":
            guard let image = image(i) else { return [] }
            return [Inline(.image(image), attributes: attributes)]
        case "a":
            let children = inlines(of: node.children)
            guard let href = node.attribute("href")?.trimmingSpaces(), !href.isEmpty, !href.lowercased().hasPrefix("javascript:") else {
                return spanOrContent(children, attributes)
            }
            guard !children.isEmpty else { return [] }
            let title = node.attribute("title").map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
            return [Inline(.link(Link(target: href, title: title), children), attributes: attributes)]
        default:
            var a = attributes
            if keepContainers {
                switch node.name {
                case "u", "ins", "mark", "small", "abbr", "time", "button", "label":
                    a.classes.insert(node.name, at: 0)
                default: break
                }
                if node.name == "time", let datetime = node.attribute("datetime") { a.pairs.append(KeyValue("datetime", datetime)) }
                if node.name == "abbr", let title = node.attribute("title") { a.pairs.append(KeyValue("title", title)) }
            }
            return spanOrContent(inlines(of: node.children), a)
        }
    }

    private func spanOrContent(_ children: [Inline], _ attributes: Attributes) -> [Inline] {
        guard !children.isEmpty else { return [] }
        return attributes.isEmpty ? children : [Inline(.span(children), attributes: attributes)]
    }

    /// The image an `img` shows: its source (or a lazy-loading attribute's), title and
    /// alternative text; nil without a usable source.
    func image(_ i: Int) -> Image? {
        let node = tree.nodes[i]
        var source = node.attribute("src")?.trimmingSpaces() ?? ""
        if source.isEmpty || source.hasPrefix("data:") {
            for name in ["data-src", "data-original", "data-lazy-src", "data-url", "data-srcset", "srcset"] {
                if let v = node.attribute(name)?.trimmingSpaces(), !v.isEmpty {
                    source = String(v.split(separator: " ").first ?? "")
                    break
                }
            }
        }
        guard !source.isEmpty else { return nil }
        let alt = node.attribute("alt")?.trimmingSpaces() ?? ""
        let title = node.attribute("title")?.trimmingSpaces()
        return Image(source: source, title: title?.isEmpty == false ? title : nil, description: alt.isEmpty ? [] : [.text(alt)])
    }

    /// The text inside, white space as written (for `pre` and `code`).
    func rawText(_ i: Int) -> String {
        var out = ""
        tree.walk(i) { k in
            if removed[k] { return false }
            let n = tree.nodes[k]
            if n.kind == .text { out += n.text }
            if n.name == "br" { out += "\n" }
            return !n.is(.invisible)
        }
        return out
    }

    private func codeLanguage(_ i: Int) -> String? {
        var candidates = [tree.nodes[i]]
        if let code = tree.nodes[i].children.first(where: { tree.nodes[$0].name == "code" }) { candidates.append(tree.nodes[code]) }
        for node in candidates {
            for cls in (node.attribute("class") ?? "").split(separator: " ") {
                for prefix in ["language-", "lang-"] where cls.hasPrefix(prefix) && cls.count > prefix.count {
                    return String(cls.dropFirst(prefix.count))
                }
            }
        }
        return nil
    }

    /// id, classes, language and direction; in article mode only language and direction.
    func attributes(of node: HTMLTree.Node) -> Attributes {
        var a = Attributes()
        for (name, value) in node.attributes {
            switch name {
            case "id" where keepContainers:
                let v = value.trimmingSpaces()
                if !v.isEmpty { a.id = v }
            case "class" where keepContainers:
                a.classes = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
            case "lang", "xml:lang":
                let v = value.trimmingSpaces()
                if !v.isEmpty { a.language = v }
            case "dir":
                a.direction = TextDirection(rawValue: value.trimmingSpaces().lowercased())
            default: break
            }
        }
        return a
    }

    /// Paragraphs written as text with blank lines made of `<br><br>` (as older pages do):
    /// split at each run of two or more line breaks.
    /// Each part has its white space collapsed; empty parts are dropped.
    static func splitAtDoubleBreaks(_ inlines: [Inline]) -> [[Inline]] {
        var breaks = 0
        for inline in inlines where inline.kind == .lineBreak { breaks += 1 }
        guard breaks >= 2 else {
            var all = inlines
            collapseSpaces(&all)
            return all.isEmpty ? [] : [all]
        }
        var parts: [[Inline]] = []
        var current: [Inline] = []
        var k = 0
        while k < inlines.count {
            if inlines[k].kind == .lineBreak {
                var end = k
                var count = 0
                while end < inlines.count {
                    if inlines[end].kind == .lineBreak {
                        count += 1
                    } else if case .text(let t) = inlines[end].kind, t.unicodeScalars.allSatisfy({ HTMLTree.isSpace($0) || $0 == "\u{A0}" }) {
                    } else {
                        break
                    }
                    end += 1
                }
                if count >= 2 {
                    collapseSpaces(&current)
                    if !current.isEmpty { parts.append(current) }
                    current = []
                    k = end
                    continue
                }
            }
            current.append(inlines[k])
            k += 1
        }
        collapseSpaces(&current)
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    /// Collapses runs of white space across the inlines to one space, as a browser shows
    /// them, and trims both ends; drops what is left empty.
    static func collapseSpaces(_ inlines: inout [Inline]) {
        var afterSpace = true
        collapse(&inlines, &afterSpace)
        trimEnd(&inlines)
    }

    private static func collapse(_ inlines: inout [Inline], _ afterSpace: inout Bool) {
        var out: [Inline] = []
        out.reserveCapacity(inlines.count)
        for var inline in inlines {
            switch inline.kind {
            case .text(let text):
                let result = collapsed(text, &afterSpace)
                if result.isEmpty { continue }
                // Merge with a text just before: appended in place (the array's reference
                // dropped first), or a line of many short texts would take time that grows
                // with the square of its length.
                if case .text(var previous)? = out.last?.kind, out.last!.attributes.isEmpty, inline.attributes.isEmpty {
                    out[out.count - 1].kind = .softBreak
                    previous += result
                    out[out.count - 1].kind = .text(previous)
                    continue
                }
                inline.kind = .text(result)
            case .lineBreak:
                trimEnd(&out)
                afterSpace = true
            case .code, .raw:
                afterSpace = false
            case .image:
                afterSpace = false
            case .softBreak:
                if afterSpace { continue }
                afterSpace = true
            default:
                var children = inline.children
                collapse(&children, &afterSpace)
                if children.isEmpty { continue }
                inline = inline.withChildren(children)
            }
            out.append(inline)
        }
        inlines = out
    }

    /// `text` with each run of white space made one space, and none at its start when
    /// `afterSpace` (a space ends what came before); `afterSpace` tells the same of its end.
    /// White space is ASCII, so this works on the UTF-8 bytes; a text that needs no change
    /// is returned as it is.
    static func collapsed(_ text: String, _ afterSpace: inout Bool) -> String {
        text.withUTF8Bytes { bytes in
            var changed = false
            var k = 0
            // Up to the first change, nothing is copied.
            while k < bytes.count {
                let b = bytes[k]
                if HTMLTree.isSpace(b) {
                    if afterSpace || b != 0x20 {
                        changed = true
                        break
                    }
                    afterSpace = true
                } else {
                    afterSpace = false
                }
                k += 1
            }
            guard changed else { return text }
            var out = [UInt8](bytes[..<k])
            out.reserveCapacity(bytes.count)
            while k < bytes.count {
                let b = bytes[k]
                if HTMLTree.isSpace(b) {
                    if !afterSpace { out.append(0x20) }
                    afterSpace = true
                } else {
                    out.append(b)
                    afterSpace = false
                }
                k += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func trimEnd(_ inlines: inout [Inline]) {
        while let last = inlines.last {
            switch last.kind {
            case .text(let text):
                var t = text
                while t.unicodeScalars.last.map(HTMLTree.isSpace) == true { t.unicodeScalars.removeLast() }
                if t.isEmpty { inlines.removeLast(); continue }
                inlines[inlines.count - 1].kind = .text(t)
                return
            case .lineBreak, .softBreak:
                inlines.removeLast()
            case .code, .raw, .image:
                return
            default:
                var children = last.children
                trimEnd(&children)
                if children.isEmpty { inlines.removeLast(); continue }
                inlines[inlines.count - 1] = last.withChildren(children)
                return
            }
        }
    }
}
