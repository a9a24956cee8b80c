/// The plain text of a block, with a map from character offsets back to the inlines that
/// hold them.
///
/// Offsets count Unicode scalars, as Python strings and spaCy do, so that stand-off
/// annotations made by other tools line up. Soft breaks read as a space, line breaks as a
/// newline, and the blocks inside a container are separated by a newline; images and raw
/// inlines contribute no text.
public struct TextView: Sendable, Hashable {
    /// The text.
    public private(set) var text: String
    /// Where each piece of the text came from, in order.
    public private(set) var runs: [Run]
    /// The length of `text` in Unicode scalars.
    public private(set) var scalarCount: Int

    /// One stretch of text and the inline it came from.
    public struct Run: Sendable, Hashable {
        /// Scalar offsets of the stretch within ``TextView/text``.
        public var range: Range<Int>
        /// Indices from the viewed block to the inline: `blockPath` walks
        /// ``Block/childBlocks`` level by level (empty for the block itself), then `inlinePath`
        /// walks ``Block/childInlines`` and ``Inline/children``.
        public var blockPath: [Int]
        public var inlinePath: [Int]
        /// Whether the stretch is a separator that no inline holds (between blocks).
        public var isSeparator: Bool
    }

    /// The run that holds the scalar at `offset`, if any.
    public func run(containing offset: Int) -> Run? {
        var low = 0, high = runs.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = runs[mid].range
            if offset < range.lowerBound { high = mid - 1 } else if offset >= range.upperBound { low = mid + 1 } else { return runs[mid] }
        }
        return nil
    }

    /// The text between two scalar offsets.
    public func substring(_ range: Range<Int>) -> String {
        let scalars = text.unicodeScalars
        let start = scalars.index(scalars.startIndex, offsetBy: range.lowerBound)
        let end = scalars.index(start, offsetBy: range.count)
        return String(scalars[start..<end])
    }

    /// - Parameter mapping: record the runs and the scalar count; without, only `text` is
    ///   made (``Block/plainText``), with no path or run allocated.
    init(block: Block, mapping: Bool = true) {
        text = ""
        runs = []
        scalarCount = 0
        enum Item {
            case block(Block, [Int])
            case inline(Inline, [Int], [Int])
        }
        // Iterative, so that any depth is followed without recursion.
        var stack: [Item] = [.block(block, [])]
        var firstBlock = true
        while let item = stack.popLast() {
            switch item {
            case .block(let b, let path):
                let inlines = b.childInlines
                let children = b.childBlocks
                if !(inlines.isEmpty && children.isEmpty) || leafText(b) != nil {
                    if !firstBlock && !text.isEmpty && !text.hasSuffix("\n") {
                        append("\n", blockPath: path, inlinePath: [], separator: true, mapping: mapping)
                    }
                    firstBlock = false
                }
                if let leaf = leafText(b) { append(leaf, blockPath: path, inlinePath: [], separator: false, mapping: mapping) }
                for (i, child) in children.enumerated().reversed() { stack.append(.block(child, mapping ? path + [i] : [])) }
                for (i, inline) in inlines.enumerated().reversed() { stack.append(.inline(inline, path, mapping ? [i] : [])) }
            case .inline(let inline, let bpath, let ipath):
                switch inline.kind {
                case .text(let s), .code(let s): append(s, blockPath: bpath, inlinePath: ipath, separator: false, mapping: mapping)
                case .softBreak: append(" ", blockPath: bpath, inlinePath: ipath, separator: false, mapping: mapping)
                case .lineBreak: append("\n", blockPath: bpath, inlinePath: ipath, separator: false, mapping: mapping)
                case .image, .raw: break
                default:
                    for (i, child) in inline.children.enumerated().reversed() {
                        stack.append(.inline(child, bpath, mapping ? ipath + [i] : []))
                    }
                }
            }
        }
    }

    private func leafText(_ block: Block) -> String? {
        if case .codeBlock(_, let text) = block.kind { return text }
        return nil
    }

    private mutating func append(_ string: String, blockPath: [Int], inlinePath: [Int], separator: Bool, mapping: Bool) {
        guard mapping else {
            text += string
            return
        }
        let count = string.unicodeScalars.count
        guard count > 0 else { return }
        runs.append(Run(range: scalarCount..<scalarCount + count, blockPath: blockPath, inlinePath: inlinePath, isSeparator: separator))
        text += string
        scalarCount += count
    }
}

extension Block {
    /// The block's plain text with offsets back into its inlines; see ``TextView``.
    public var textView: TextView { TextView(block: self) }

    /// The block's plain text; see ``TextView``.
    public var plainText: String { TextView(block: self, mapping: false).text }
}
