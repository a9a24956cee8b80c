extension Document {
    /// Every block and inline in document order (pre-order: a node before its children).
    ///
    /// Iterative, so it follows any depth.
    public func forEachNode(_ body: (Node, _ depth: Int) throws -> Void) rethrows {
        var stack: [(Node, Int)] = blocks.reversed().map { (.block($0), 1) }
        while let (node, depth) = stack.popLast() {
            try body(node, depth)
            switch node {
            case .block(let block):
                // Inlines of a block come before its child blocks (a figure's image description
                // before its caption).
                for child in block.childBlocks.reversed() { stack.append((.block(child), depth + 1)) }
                for child in block.childInlines.reversed() { stack.append((.inline(child), depth + 1)) }
            case .inline(let inline):
                for child in inline.children.reversed() { stack.append((.inline(child), depth + 1)) }
            }
        }
    }

    /// The results of `transform` over every node, in document order (like pandoc's `query`).
    public func query<T>(_ transform: (Node) throws -> T?) rethrows -> [T] {
        var results: [T] = []
        try forEachNode { node, _ in
            if let value = try transform(node) { results.append(value) }
        }
        return results
    }

    /// Every block, at any depth, in document order.
    public var allBlocks: [Block] {
        query { node in if case .block(let b) = node { b } else { nil } }
    }

    /// Every inline, at any depth, in document order.
    public var allInlines: [Inline] {
        query { node in if case .inline(let i) = node { i } else { nil } }
    }

    /// Every entity with the inlines it covers, in document order.
    public var entities: [(entity: Entity, content: [Inline])] {
        query { node in
            if case .inline(let inline) = node, case .entity(let entity, let content) = inline.kind {
                (entity, content)
            } else { nil }
        }
    }

    /// How deeply blocks and inlines nest: 0 for an empty body, 1 for a body of childless blocks.
    public var depth: Int {
        var deepest = 0
        forEachNode { _, depth in deepest = max(deepest, depth) }
        return deepest
    }

    /// Rewrites the document bottom-up (like pandoc's `walk`): every block's children are
    /// rewritten first, then the block is passed to `blocks`, which returns what replaces it
    /// (itself, several blocks, or none). Inlines go through `inlines` likewise.
    ///
    /// - Throws: ``DepthLimitExceeded`` when the document nests deeper than `depthLimit`; any
    ///   error the closures throw.
    public func rewritten(
        depthLimit: Int = DocumentLimits.maximumDepth,
        blocks: (Block) throws -> [Block] = { [$0] },
        inlines: (Inline) throws -> [Inline] = { [$0] }
    ) throws -> Document {
        var copy = self
        copy.blocks = try walkBlocks(
            self.blocks, depth: 1, limit: depthLimit, { block, out in out += try blocks(block) },
            { inline, out in out += try inlines(inline) })
        return copy
    }

    /// Rewrites the document bottom-up like ``rewritten(depthLimit:blocks:inlines:)``, where
    /// each node is replaced by one node or removed (nil). Cheaper for the common case, as no
    /// array is made per node.
    public func rewrittenOneToOne(
        depthLimit: Int = DocumentLimits.maximumDepth,
        blocks: (Block) throws -> Block?,
        inlines: (Inline) throws -> Inline?
    ) throws -> Document {
        try edited(
            depthLimit: depthLimit, blocks: { try blocks($0).map(NodeEdit.replace) ?? .remove },
            inlines: { try inlines($0).map(NodeEdit.replace) ?? .remove })
    }

    /// Edits the document bottom-up like ``rewrittenOneToOne(depthLimit:blocks:inlines:)``,
    /// where each closure also says when it leaves its node as it is (``NodeEdit/keep``):
    /// a list in which nothing changed is kept as it was, so a document that an edit mostly
    /// leaves alone costs no new arrays and no copies.
    public func edited(
        depthLimit: Int = DocumentLimits.maximumDepth,
        blocks: (Block) throws -> NodeEdit<Block>,
        inlines: (Inline) throws -> NodeEdit<Inline>
    ) throws -> Document {
        var copy = self
        if let changed = try editBlocks(self.blocks, depth: 1, limit: depthLimit, blocks, inlines) {
            copy.blocks = changed
        }
        return copy
    }

    /// Rewrites every block bottom-up; see ``rewritten(depthLimit:blocks:inlines:)``.
    public func rewritingBlocks(_ rule: (Block) throws -> [Block]) throws -> Document {
        try rewritten(blocks: rule)
    }

    /// Rewrites every inline bottom-up; see ``rewritten(depthLimit:blocks:inlines:)``.
    public func rewritingInlines(_ rule: (Inline) throws -> [Inline]) throws -> Document {
        try rewritten(inlines: rule)
    }

    /// Throws ``DepthLimitExceeded`` if the document nests deeper than `limit`. Iterative.
    ///
    /// A paragraph or heading of leaf inlines (text, breaks, code, raw), most blocks of most
    /// documents, is two levels deep and is passed over without copying its nodes; the rest
    /// is walked with a stack.
    public func checkDepth(limit: Int = DocumentLimits.maximumDepth) throws {
        var stack: [(Node, Int)] = []
        for index in blocks.indices {
            if limit >= 2 && Self.isTwoLevelsDeep(blocks[index]) { continue }
            stack.append((.block(blocks[index]), 1))
            try Self.walkDepth(&stack, limit: limit)
        }
    }

    /// True when `block` is a paragraph or heading whose inlines hold nothing.
    private static func isTwoLevelsDeep(_ block: Block) -> Bool {
        switch block.kind {
        case .paragraph(let content), .heading(_, let content):
            for index in content.indices {
                switch content[index].kind {
                case .text, .softBreak, .lineBreak, .code, .raw: continue
                default: return false
                }
            }
            return true
        default:
            return false
        }
    }

    private static func walkDepth(_ stack: inout [(Node, Int)], limit: Int) throws {
        while let (node, depth) = stack.popLast() {
            if depth > limit { throw DepthLimitExceeded(limit: limit) }
            switch node {
            case .block(let block):
                for child in block.childBlocks { stack.append((.block(child), depth + 1)) }
                for child in block.childInlines { stack.append((.inline(child), depth + 1)) }
            case .inline(let inline):
                for child in inline.children { stack.append((.inline(child), depth + 1)) }
            }
        }
    }
}

/// The one bottom-up walk behind both rewrites: each node's children are rewritten first,
/// then `blockRule`/`inlineRule` append what replaces the node (nothing, itself, or more).
private func walkBlocks(
    _ list: [Block], depth: Int, limit: Int,
    _ blockRule: (Block, inout [Block]) throws -> Void, _ inlineRule: (Inline, inout [Inline]) throws -> Void
) throws -> [Block] {
    if depth > limit { throw DepthLimitExceeded(limit: limit) }
    var result: [Block] = []
    result.reserveCapacity(list.count)
    for block in list {
        let inner = try block.mapChildren(
            blocks: { try walkBlocks($0, depth: depth + 1, limit: limit, blockRule, inlineRule) },
            inlines: { try walkInlines($0, depth: depth + 1, limit: limit, inlineRule) })
        try blockRule(inner, &result)
    }
    return result
}

private func walkInlines(
    _ list: [Inline], depth: Int, limit: Int, _ inlineRule: (Inline, inout [Inline]) throws -> Void
) throws -> [Inline] {
    if depth > limit { throw DepthLimitExceeded(limit: limit) }
    var result: [Inline] = []
    result.reserveCapacity(list.count)
    for inline in list {
        let children = inline.children
        let inner = children.isEmpty ? inline : inline.withChildren(try walkInlines(children, depth: depth + 1, limit: limit, inlineRule))
        try inlineRule(inner, &result)
    }
    return result
}

/// What an edit does with one node: see ``Document/edited(depthLimit:blocks:inlines:)``.
public enum NodeEdit<Node> {
    /// The node stays as it came (with its children already edited).
    case keep
    /// The node is replaced by this one.
    case replace(Node)
    /// The node goes.
    case remove
}

/// The walk behind ``Document/edited(depthLimit:blocks:inlines:)``: nil when nothing in the
/// list changed, else the new list (made on the first change, from the untouched prefix).
private func editBlocks(
    _ list: [Block], depth: Int, limit: Int,
    _ blockRule: (Block) throws -> NodeEdit<Block>, _ inlineRule: (Inline) throws -> NodeEdit<Inline>
) throws -> [Block]? {
    if depth > limit { throw DepthLimitExceeded(limit: limit) }
    var result: [Block]? = nil
    for (index, block) in list.enumerated() {
        var childrenChanged = false
        var inner = block
        if block.hasChildren {
            inner = try block.mapChildren(
                blocks: { children in
                    guard let edited = try editBlocks(children, depth: depth + 1, limit: limit, blockRule, inlineRule) else {
                        return children
                    }
                    childrenChanged = true
                    return edited
                },
                inlines: { children in
                    guard let edited = try editInlines(children, depth: depth + 1, limit: limit, inlineRule) else {
                        return children
                    }
                    childrenChanged = true
                    return edited
                })
        }
        let edit = try blockRule(childrenChanged ? inner : block)
        record(edit, of: block, edited: inner, childrenChanged: childrenChanged, at: index, in: list, into: &result)
    }
    return result
}

private func editInlines(
    _ list: [Inline], depth: Int, limit: Int, _ inlineRule: (Inline) throws -> NodeEdit<Inline>
) throws -> [Inline]? {
    if depth > limit { throw DepthLimitExceeded(limit: limit) }
    var result: [Inline]? = nil
    for (index, inline) in list.enumerated() {
        var inner = inline
        var childrenChanged = false
        let children = inline.children
        if !children.isEmpty, let edited = try editInlines(children, depth: depth + 1, limit: limit, inlineRule) {
            inner = inline.withChildren(edited)
            childrenChanged = true
        }
        let edit = try inlineRule(inner)
        record(edit, of: inline, edited: inner, childrenChanged: childrenChanged, at: index, in: list, into: &result)
    }
    return result
}

/// Adds what `edit` makes of `list[index]` to `result`, which stays nil while every node so
/// far is kept as it was (the caller then returns its list untouched); the first change copies
/// the nodes before it. `inner` is the node with its edited children.
@inline(__always)
private func record<Node>(
    _ edit: NodeEdit<Node>, of node: Node, edited inner: Node, childrenChanged: Bool, at index: Int, in list: [Node],
    into result: inout [Node]?
) {
    if case .keep = edit, !childrenChanged {
        result?.append(node)
        return
    }
    if result == nil {
        result = []
        result!.reserveCapacity(list.count)
        result!.append(contentsOf: list[..<index])
    }
    switch edit {
    case .keep: result!.append(inner)
    case .replace(let replacement): result!.append(replacement)
    case .remove: break
    }
}

extension Document {
    /// Empties the body without recursion.
    ///
    /// Swift releases a nested value recursively, so dropping a tree nested tens of thousands
    /// of levels deep could overflow the stack. Readers refuse such trees, but code that builds
    /// one by hand can take it apart with this first.
    public mutating func removeAllBlocksIteratively() {
        var blocks: [Block] = []
        var inlines: [Inline] = []
        swap(&blocks, &self.blocks)
        while !blocks.isEmpty || !inlines.isEmpty {
            if var block = blocks.popLast() {
                blocks += block.childBlocks
                inlines += block.childInlines
                block.kind = .thematicBreak  // its children are now held by the work lists
            } else if var inline = inlines.popLast() {
                inlines += inline.children
                inline.kind = .lineBreak
            }
        }
    }
}
