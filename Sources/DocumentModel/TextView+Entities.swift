extension Block {
    /// The entities of the block, at any depth, in document order (an entity before those
    /// nested in it), each with the stretch of ``textView`` it covers: Unicode-scalar offsets,
    /// as Python and spaCy count them. An entity that covers no text has an empty range where
    /// it stands.
    public func entityRanges(in view: TextView) -> [(entity: Entity, range: Range<Int>)] {
        var result: [(entity: Entity, range: Range<Int>)] = []
        // Paths as TextView counts them: child blocks level by level, then inlines.
        func visit(_ block: Block, blockPath: [Int]) {
            for (i, inline) in block.childInlines.enumerated() { visit(inline, blockPath: blockPath, inlinePath: [i]) }
            for (i, child) in block.childBlocks.enumerated() { visit(child, blockPath: blockPath + [i]) }
        }
        func visit(_ inline: Inline, blockPath: [Int], inlinePath: [Int]) {
            if case .entity(let entity, _) = inline.kind {
                let runs = view.runs.filter { $0.blockPath == blockPath && $0.inlinePath.starts(with: inlinePath) && !$0.isSeparator }
                let start =
                    runs.first?.range.lowerBound
                    ?? (view.runs.last { $0.blockPath == blockPath && $0.inlinePath.lexicographicallyPrecedes(inlinePath) }?.range.upperBound ?? 0)
                let end = runs.last?.range.upperBound ?? start
                result.append((entity, start..<end))
            }
            for (i, child) in inline.children.enumerated() { visit(child, blockPath: blockPath, inlinePath: inlinePath + [i]) }
        }
        visit(self, blockPath: [])
        return result
    }
}
