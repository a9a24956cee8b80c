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

    struct Node: Sendable {
        var kind: Kind
        /// The element's lowercase tag name (`p`, `article`, `svg`); empty for other nodes.
        var name: String
        var attributes: [(name: String, value: String)]
        /// A text node's text, character references resolved.
        var text: String
        var parent: Int
        var children: [Int]
        /// Where the node starts and ends; nil for elements the parser inserted.
        var span: SourceSpan?
        /// Depth below the document node.
        var depth: Int

        /// The value of the attribute `name` (lowercase), if present.
        func attribute(_ name: String) -> String? {
            for a in attributes where a.name == name { return a.value }
            return nil
        }
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
        nodes.indices.filter { nodes[$0].kind == .element && nodes[$0].name == name }
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
            let children = nodes[i].children
            var k = children.count
            while k > 0 {
                k -= 1
                stack.append(children[k])
            }
        }
    }

    /// The text of `root` and its descendants, white space collapsed and trimmed.
    /// At most about `limit` characters are gathered.
    func text(of root: Int, limit: Int = .max, skipping skip: (Int) -> Bool = { _ in false }) -> String {
        var out = ""
        var pendingSpace = false
        var length = 0
        walk(root) { i in
            if length > limit { return false }
            if i != root && skip(i) { return false }
            let node = nodes[i]
            if node.kind == .text {
                for scalar in node.text.unicodeScalars {
                    if HTMLTree.isSpace(scalar) {
                        pendingSpace = true
                    } else {
                        if pendingSpace && !out.isEmpty { out.unicodeScalars.append(" ") }
                        pendingSpace = false
                        out.unicodeScalars.append(scalar)
                        length += 1
                    }
                }
            } else if node.kind == .element && (HTMLTree.blockElements.contains(node.name) || node.name == "br") {
                pendingSpace = true
            }
            return i == root || !HTMLTree.invisibleElements.contains(node.name)
        }
        return out
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
