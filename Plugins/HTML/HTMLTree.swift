import DocumentModel

/// A parsed HTML document as plain Swift values: a flat array of nodes in document order
/// (a parent before its children), so that walking it needs no recursion.
///
/// Everything after parsing (extraction, metadata, conversion) works on this tree; the parser
/// that fills it (``GumboParser``) can be replaced without touching them.
struct HTMLTree: Sendable {
    /// The kinds of node kept; comments are not kept.
    enum Kind: UInt8, Sendable {
        case document, element, text
    }

    /// What an element's name says about it, worked out once when the node is made, so that
    /// the passes over the tree test a bit instead of hashing the name.
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt16
        /// In ``HTMLTree/invisibleElements``.
        static let invisible = Flags(rawValue: 1 << 0)
        /// In ``HTMLTree/blockElements``.
        static let block = Flags(rawValue: 1 << 1)
        /// In ``Measures/divToParagraphElements``.
        static let divToParagraph = Flags(rawValue: 1 << 2)
        /// In ``Measures/textishElements``.
        static let textish = Flags(rawValue: 1 << 3)
        /// `img`, `iframe`, `object`, `embed`, `video`, `picture`: media, counted as content.
        static let media = Flags(rawValue: 1 << 4)
        /// `iframe`, `object`, `embed`, `video`, `picture`: media whose text is not text.
        static let embeddedMedia = Flags(rawValue: 1 << 5)
        /// Named in ``Measures/ownCounts(_:)``: `p`, `img`, `li`, `input`, `object`, `embed`,
        /// `iframe`, `ul`, `ol`, `h1`–`h6`, `table`.
        static let counted = Flags(rawValue: 1 << 6)
        /// `br`.
        static let lineBreak = Flags(rawValue: 1 << 7)
        /// In ``ArticleExtractor/tagsToScore``.
        static let scored = Flags(rawValue: 1 << 8)
        /// `div`, `section`, `header`, `h1`–`h6`: left out when they hold no text and no media.
        static let goesWhenEmpty = Flags(rawValue: 1 << 9)
        /// `div`.
        static let div = Flags(rawValue: 1 << 10)
        /// `p`.
        static let paragraph = Flags(rawValue: 1 << 11)

        /// The flags of an element named `name`.
        static func of(_ name: String) -> Flags {
            var f: Flags = []
            if HTMLTree.invisibleElements.contains(name) { f.insert(.invisible) }
            if HTMLTree.blockElements.contains(name) { f.insert(.block) }
            if Measures.divToParagraphElements.contains(name) { f.insert(.divToParagraph) }
            if Measures.textishElements.contains(name) { f.insert(.textish) }
            if ArticleExtractor.tagsToScore.contains(name) { f.insert(.scored) }
            switch name {
            case "div", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6": f.insert(.goesWhenEmpty)
            default: break
            }
            if name == "div" { f.insert(.div) }
            if name == "p" { f.insert(.paragraph) }
            switch name {
            case "img": f.formUnion([.media, .counted])
            case "iframe", "object", "embed": f.formUnion([.media, .embeddedMedia, .counted])
            case "video", "picture": f.formUnion([.media, .embeddedMedia])
            case "p", "li", "input", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table": f.insert(.counted)
            case "br": f.insert(.lineBreak)
            default: break
            }
            return f
        }
    }

    struct Node: Sendable {
        var kind: Kind
        /// The element's lowercase tag name (`p`, `article`, `svg`); empty for other nodes.
        var name: String {
            didSet { flags = kind == .element ? Flags.of(name) : [] }
        }
        var attributes: [(name: String, value: String)]
        /// A text node's text, character references resolved.
        var text: String
        var parent: Int
        var children: [Int]
        /// Where the node starts and ends; nil for elements the parser inserted.
        var span: SourceSpan?
        /// Depth below the document node.
        var depth: Int
        /// What the element's name says (empty for other nodes).
        private(set) var flags: Flags

        /// A node; `flags`, when given, must be `Flags.of(name)` (the parser keeps them by tag).
        init(
            kind: Kind, name: String, attributes: [(name: String, value: String)], text: String, parent: Int, children: [Int],
            span: SourceSpan?, depth: Int, flags: Flags? = nil
        ) {
            self.kind = kind
            self.name = name
            self.attributes = attributes
            self.text = text
            self.parent = parent
            self.children = children
            self.span = span
            self.depth = depth
            self.flags = kind == .element ? flags ?? Flags.of(name) : []
        }

        /// The value of the attribute `name` (lowercase), if present.
        func attribute(_ name: String) -> String? {
            for a in attributes where a.name == name { return a.value }
            return nil
        }

        /// True for an element that is one of `flags`.
        func `is`(_ flags: Flags) -> Bool { !self.flags.isDisjoint(with: flags) }
    }

    /// Nodes in document order; index 0 is the document.
    var nodes: [Node]
    /// True when elements nested deeper than ``maximumDepth`` were attached higher up.
    var flattened = false

    /// Elements deeper than this are attached to their ancestor at this depth, so that every
    /// walk over the tree and the document made from it stays shallow.
    static let maximumDepth = 160

    subscript(index: Int) -> Node { nodes[index] }

    /// Indices of the elements named `name`, in document order.
    func elements(named name: String) -> [Int] {
        // The length first: most names differ in it, and it costs no comparison of strings.
        let count = name.utf8.count
        return nodes.indices.filter { nodes[$0].kind == .element && nodes[$0].name.utf8.count == count && nodes[$0].name == name }
    }

    /// The first element named `name` below `root` (document order).
    func first(_ name: String, in root: Int = 0) -> Int? {
        var result: Int?
        walk(root) { i in
            if result != nil { return false }
            if nodes[i].kind == .element && nodes[i].name == name && i != root { result = i; return false }
            return true
        }
        return result
    }

    /// Visits `root` and its descendants in document order, without recursion; `visit`
    /// returns false to skip a node's children.
    func walk(_ root: Int, _ visit: (Int) -> Bool) {
        var stack = [root]
        while let i = stack.popLast() {
            guard visit(i) else { continue }
            nodes[i].children.withUnsafeBufferPointer { children in
                var k = children.count
                while k > 0 {
                    k -= 1
                    stack.append(children[k])
                }
            }
        }
    }

    /// The text of `root` and its descendants, white space collapsed and trimmed.
    /// At most about `limit` characters are gathered: nodes are visited until more than
    /// `limit` scalars (other than white space) are, and each text node is taken whole.
    func text(of root: Int, limit: Int = .max, skipping skip: (Int) -> Bool = { _ in false }) -> String {
        gather(root, limit: limit, insideNodes: false, skip).text
    }

    /// The start of ``text(of:limit:skipping:)``: gathering stops as soon as more than `scalars`
    /// scalars (other than white space) are, inside a text node too. `complete` is true when
    /// the text is all of it.
    func textPrefix(of root: Int, scalars: Int, skipping skip: (Int) -> Bool = { _ in false }) -> (text: String, complete: Bool) {
        gather(root, limit: scalars, insideNodes: true, skip)
    }

    private func gather(_ root: Int, limit: Int, insideNodes: Bool, _ skip: (Int) -> Bool) -> (text: String, complete: Bool) {
        // HTML's white space is ASCII, so the text is collapsed as UTF-8 bytes, runs between
        // white space copied whole; a scalar is counted at its first byte.
        var out: [UInt8] = []
        var pendingSpace = false
        var length = 0
        var complete = true
        walk(root) { i in
            if length > limit {
                complete = false
                return false
            }
            if i != root && skip(i) { return false }
            switch nodes[i].kind {
            case .text:
                nodes[i].text.withUTF8Bytes { bytes in
                    let n = bytes.count
                    var k = 0
                    while k < n {
                        if HTMLTree.isSpace(bytes[k]) {
                            pendingSpace = true
                            k += 1
                            continue
                        }
                        if insideNodes && length > limit {
                            complete = false
                            return
                        }
                        var end = k + 1
                        while end < n && !HTMLTree.isSpace(bytes[end]) { end += 1 }
                        if insideNodes {
                            // Stop after the scalar that passes the limit.
                            var j = k
                            var counted = length
                            while j < end {
                                if bytes[j] & 0xC0 != 0x80 {
                                    if counted > limit { break }
                                    counted += 1
                                }
                                j += 1
                            }
                            end = j
                        }
                        if pendingSpace && !out.isEmpty { out.append(0x20) }
                        pendingSpace = false
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[k..<end]))
                        for j in k..<end where bytes[j] & 0xC0 != 0x80 { length += 1 }
                        k = end
                    }
                }
            case .element:
                if nodes[i].is([.block, .lineBreak]) { pendingSpace = true }
            case .document:
                break
            }
            return i == root || !nodes[i].is(.invisible)
        }
        return (String(decoding: out, as: UTF8.self), complete)
    }

    /// The index after the last node under `node`: the nodes are in document order, so its
    /// descendants are the nodes from it to there, each deeper than it.
    func subtreeEnd(_ node: Int) -> Int {
        let depth = nodes[node].depth
        var j = node + 1
        while j < nodes.count && nodes[j].depth > depth { j += 1 }
        return j
    }

    /// True for an ancestor of `node` named `name`, within `limit` levels.
    func hasAncestor(_ node: Int, named name: String, limit: Int = .max) -> Bool {
        var i = nodes[node].parent
        var steps = 0
        while i > 0 && steps < limit {
            if nodes[i].name == name { return true }
            i = nodes[i].parent
            steps += 1
        }
        return false
    }

    /// HTML's white space: space, tab, line feed, form feed, carriage return.
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\n" || s == "\t" || s == "\r" || s == "\u{0C}"
    }

    /// HTML's white space, as a UTF-8 byte (all of it is ASCII, so no byte of a longer
    /// scalar is white space).
    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C
    }

    /// Elements whose content is never text of the page.
    static let invisibleElements: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "svg",
        "canvas", "iframe", "object", "embed", "param", "source", "track", "map", "area", "select", "option",
        "datalist", "input", "textarea", "audio", "video", "picture", "frameset", "frame", "noframes", "dialog",
    ]

    /// Elements that start a new block of text.
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption", "xmp",
        "plaintext", "colgroup", "optgroup", "frameset",
    ]
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes (a native string's own storage, not a copy).
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var string = self
        return try string.withUTF8(body)
    }
}
