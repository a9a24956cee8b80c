import DocumentModel
import TestSupport
import Testing

@Suite("Depth check")
struct DepthCheckTests {
    /// The simple way: every node on one stack with its depth.
    static func referenceDepthExceeded(_ document: Document, limit: Int) -> Bool {
        var stack: [(Node, Int)] = document.blocks.map { (.block($0), 1) }
        while let (node, depth) = stack.popLast() {
            if depth > limit { return true }
            switch node {
            case .block(let block):
                for child in block.childBlocks { stack.append((.block(child), depth + 1)) }
                for child in block.childInlines { stack.append((.inline(child), depth + 1)) }
            case .inline(let inline):
                for child in inline.children { stack.append((.inline(child), depth + 1)) }
            }
        }
        return false
    }

    @Test("checkDepth throws exactly when the reference finds a node past the limit", arguments: [1, 2, 3] as [UInt64])
    func checkDepthMatchesTheReference(seed: UInt64) {
        var generator = DocumentGenerator(rng: SplitMix64(seed: seed))
        var outcomes: Set<Bool> = []
        for n in 0..<300 {
            var document = generator.document()
            // Some documents of plain paragraphs, as the text reader makes them.
            if n % 3 == 0 {
                document.blocks += [Block(.paragraph([.text("a"), Inline(.softBreak), .text("b")])), .paragraph("c"), Block(.paragraph([]))]
            }
            for limit in -1...7 {
                let exceeded = Self.referenceDepthExceeded(document, limit: limit)
                outcomes.insert(exceeded)
                if exceeded {
                    #expect(throws: DepthLimitExceeded.self) { try document.checkDepth(limit: limit) }
                } else {
                    #expect(throws: Never.self) { try document.checkDepth(limit: limit) }
                }
            }
        }
        #expect(outcomes == [true, false])
    }
}
