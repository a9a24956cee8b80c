import DocumentModel
import Testing

@Suite("AST and traversal")
struct TraversalTests {
    static let sample = Document(
        metadata: Metadata(title: "T", language: "ar", direction: .rightToLeft),
        blocks: [
            .heading(1, "عنوان"),
            Block(.paragraph([
                .text("قال "),
                Inline(.entity(Entity(kind: .person, normalized: "جون كيري"), [.text("جون كيري")])),
                Inline(.softBreak),
                Inline(.emphasis([.text("بوضوح")])),
            ])),
            Block(.blockQuote([.paragraph("مقتبس"), Block(.list(ordered: true, start: 3, items: [[.paragraph("أ")], [.paragraph("ب")]]))])),
        ])

    @Test func queryVisitsEveryNodeInDocumentOrder() {
        let texts = Self.sample.query { node -> String? in
            if case .inline(let i) = node, case .text(let t) = i.kind { return t }
            return nil
        }
        #expect(texts == ["عنوان", "قال ", "جون كيري", "بوضوح", "مقتبس", "أ", "ب"])
        #expect(Self.sample.allBlocks.map(\.typeName) == ["heading", "paragraph", "blockQuote", "paragraph", "list", "paragraph", "paragraph"])
        #expect(Self.sample.entities.map(\.entity.kind) == [.person])
        #expect(Self.sample.depth == 4)  // blockQuote > list > paragraph > text
    }

    @Test func rewriteIsBottomUpAndCanRemoveAndSplit() throws {
        // Children are rewritten before their parent sees them.
        var seenQuoteChildren: [String] = []
        let rewritten = try Self.sample.rewritten(
            blocks: { block in
                switch block.kind {
                case .blockQuote(let children):
                    seenQuoteChildren = children.map(\.plainText)
                    return children  // unwrap the quote
                case .heading:
                    return []  // drop headings
                default:
                    return [block]
                }
            },
            inlines: { inline in
                if case .text(let t) = inline.kind { return [.text(t + "!")] }
                return [inline]
            })
        #expect(seenQuoteChildren == ["مقتبس!", "أ!\nب!"])
        #expect(rewritten.blocks.map(\.typeName) == ["paragraph", "paragraph", "list"])
        #expect(rewritten.blocks[0].plainText == "قال !جون كيري! بوضوح!")
        #expect(rewritten.metadata == Self.sample.metadata)
    }

    @Test func oneToOneRewriteReplacesAndRemovesBottomUp() throws {
        let rewritten = try Self.sample.rewrittenOneToOne(
            blocks: { block in block.typeName == "heading" ? nil : block },
            inlines: { inline in
                if case .text(let t) = inline.kind { return t == "بوضوح" ? nil : .text(t + "!") }
                return inline
            })
        #expect(rewritten.blocks.map(\.typeName) == ["paragraph", "blockQuote"])
        #expect(rewritten.blocks[0].plainText == "قال !جون كيري! ")
        // The same as the general rewrite with one-element results.
        let general = try Self.sample.rewritten(
            blocks: { block in block.typeName == "heading" ? [] : [block] },
            inlines: { inline in
                if case .text(let t) = inline.kind { return t == "بوضوح" ? [] : [.text(t + "!")] }
                return [inline]
            })
        #expect(rewritten == general)
        var deep = Self.nested(100_000)
        defer { deep.removeAllBlocksIteratively() }
        #expect(throws: DepthLimitExceeded.self) { _ = try deep.rewrittenOneToOne(blocks: { $0 }, inlines: { $0 }) }
    }

    @Test func editsKeepWhatTheyLeaveAloneAndChangeTheRest() throws {
        var seenInlines = 0, seenBlocks = 0
        let untouched = try Self.sample.edited(
            blocks: { _ in seenBlocks += 1; return .keep }, inlines: { _ in seenInlines += 1; return .keep })
        #expect(untouched == Self.sample)
        #expect(seenBlocks == Self.sample.allBlocks.count && seenInlines == Self.sample.allInlines.count)
        #expect(seenBlocks == 7 && seenInlines == 10)
        // A change deep in the quote's list reaches its parents; the rest stays as it was.
        let edited = try Self.sample.edited(
            blocks: { block in block.typeName == "heading" ? .remove : .keep },
            inlines: { inline in
                guard case .text(let t) = inline.kind else { return .keep }
                if t == "بوضوح" { return .remove }
                return t == "ب" ? .replace(.text("ت")) : .keep
            })
        #expect(edited.blocks.map(\.typeName) == ["paragraph", "blockQuote"])
        #expect(edited.blocks[0].plainText == "قال جون كيري ")
        #expect(edited.blocks[1].plainText.hasSuffix("ت"))
        #expect(edited.blocks[1].childBlocks[0] == Self.sample.blocks[2].childBlocks[0])
        // The same as the one-to-one rewrite that rebuilds everything.
        let rebuilt = try Self.sample.rewrittenOneToOne(
            blocks: { block in block.typeName == "heading" ? nil : block },
            inlines: { inline in
                guard case .text(let t) = inline.kind else { return inline }
                return t == "بوضوح" ? nil : (t == "ب" ? .text("ت") : inline)
            })
        #expect(edited == rebuilt)
        var deep = Self.nested(100_000)
        defer { deep.removeAllBlocksIteratively() }
        #expect(throws: DepthLimitExceeded.self) { _ = try deep.edited(blocks: { _ in .keep }, inlines: { _ in .keep }) }
    }

    @Test func mapChildrenReachesEveryContainer() {
        let table = Table(
            caption: [.paragraph("c")],
            head: [TableRow(cells: [TableCell([.paragraph("h")], isHeader: true)])],
            body: [TableRow(cells: [TableCell([.paragraph("x")], rowSpan: 2)])])
        let figure = Block(.figure(image: Image(source: "a.png", description: [.text("alt")]), caption: [.paragraph("cap")]))
        for block in [Block(.table(table)), figure] {
            let upper = block.mapChildren(
                blocks: { $0.map { _ in .paragraph("Z") } },
                inlines: { $0.map { _ in .text("Q") } })
            #expect(upper.childBlocks.allSatisfy { $0.plainText == "Z" })
            #expect(upper.childInlines.allSatisfy { $0 == .text("Q") })
            #expect(upper.childBlocks.count == block.childBlocks.count)
        }
    }

    @Test func textViewCountsUnicodeScalarsAndMapsBack() throws {
        // "e" + combining acute, an emoji of two scalars joined, Arabic with a shadda.
        let block = Block(.paragraph([
            .text("e\u{301} "),
            Inline(.strong([.text("👍🏽")])),
            Inline(.lineBreak),
            Inline(.entity(Entity(kind: .place), [.text("حلب")])),
            Inline(.softBreak),
            .text("شدّة"),
        ]))
        let view = block.textView
        #expect(view.text == "e\u{301} 👍🏽\nحلب شدّة")
        #expect(view.scalarCount == view.text.unicodeScalars.count)
        #expect(view.scalarCount == 14)
        // "حلب" starts at scalar 6 (e, ◌́, space, 👍, 🏽, newline).
        let run = try #require(view.run(containing: 6))
        #expect(run.inlinePath == [3, 0])
        #expect(view.substring(run.range) == "حلب")
        #expect(view.run(containing: 3)?.inlinePath == [1, 0])
        #expect(view.run(containing: 99) == nil)
    }

    @Test func textViewOfContainersSeparatesBlocks() {
        let quote = Block(.blockQuote([.paragraph("one"), Block(.codeBlock(language: nil, text: "two")), .paragraph("three")]))
        let view = quote.textView
        #expect(view.text == "one\ntwo\nthree")
        #expect(view.runs.filter(\.isSeparator).count == 2)
        #expect(view.runs.last?.blockPath == [2])
    }

    /// A paragraph inside `depth` nested block quotes, built without recursion.
    static func nested(_ depth: Int) -> Document {
        var block = Block.paragraph("deep")
        for _ in 0..<depth { block = Block(.blockQuote([block])) }
        return Document(blocks: [block])
    }

    @Test func deepTreesCanBeReleasedWithoutRecursion() {
        var deep = Self.nested(100_000)
        deep.blocks.append(Block(.paragraph([Inline(.emphasis([Inline(.strong([.text("x")]))]))])))
        deep.removeAllBlocksIteratively()
        #expect(deep.blocks.isEmpty)
    }

    @Test func deepDocumentsStopWithAClearErrorInsteadOfOverflowing() throws {
        var deep = Self.nested(100_000)
        defer { deep.removeAllBlocksIteratively() }
        // Iterative walkers follow any depth.
        #expect(deep.depth == 100_002)
        #expect(deep.allBlocks.count == 100_001)
        // Recursive ones refuse past the limit.
        #expect(throws: DepthLimitExceeded.self) { try deep.checkDepth() }
        #expect(throws: DepthLimitExceeded.self) { _ = try deep.rewritten(blocks: { [$0] }) }
        #expect(throws: DepthLimitExceeded.self) { _ = try ASTJSON.encode(deep) }
        let error = DepthLimitExceeded(limit: DocumentLimits.maximumDepth)
        #expect(error.description.contains("\(DocumentLimits.maximumDepth) levels"))
        // Within the limit, everything works.
        let fine = Self.nested(DocumentLimits.maximumDepth - 2)
        try fine.checkDepth()
        let copy = try fine.rewritten()
        #expect(copy == fine)
        #expect(try ASTJSON.decode(try ASTJSON.encode(fine)) == fine)
    }
}
