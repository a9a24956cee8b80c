import DocumentModel
import Testing

/// The size of the AST's nodes, which every reader, transform and writer pays for in memory,
/// copies, reference counting and page faults, and the value semantics of the compact forms
/// that keep them small.
@Suite("Node layout")
struct NodeLayoutTests {
    @Test("Nodes stay small (an Inline was 200 bytes, a Block 160, before they were made compact)")
    func nodesStaySmall() {
        #expect(MemoryLayout<Attributes>.size == MemoryLayout<Int>.size)
        #expect(MemoryLayout<SourcePosition>.size <= 16)
        #expect(MemoryLayout<SourceSpan>.size <= 32)
        #expect(MemoryLayout<Inline.Kind>.size <= 17)
        #expect(MemoryLayout<Block.Kind>.size <= 17)
        #expect(MemoryLayout<Inline>.stride <= 64)
        #expect(MemoryLayout<Block>.stride <= 56)
        #expect(MemoryLayout<TableCell>.stride <= 48)
        #expect(MemoryLayout<TableRow>.stride <= 16)
    }

    @Test("Attributes: a change to a copy leaves the original as it was")
    func attributesAreValues() {
        let original = Attributes(id: "a", classes: ["x"], language: "ar", direction: .rightToLeft, pairs: [KeyValue("k", "v")])
        var copy = original
        copy.classes.append("y")
        copy.id = "b"
        copy.pairs.append(KeyValue("k", "w"))
        copy.language = nil
        copy.direction = .leftToRight
        #expect(original.id == "a")
        #expect(original.classes == ["x"])
        #expect(original.language == "ar")
        #expect(original.direction == .rightToLeft)
        #expect(original.pairs == [KeyValue("k", "v")])
        #expect(copy == Attributes(id: "b", classes: ["x", "y"], direction: .leftToRight, pairs: [KeyValue("k", "v"), KeyValue("k", "w")]))
        #expect(copy["k"] == "v")
        #expect(copy.hasClass("y") && !original.hasClass("y"))

        var empty = Attributes.empty
        empty.classes.append("kicker")
        #expect(!empty.isEmpty)
        #expect(Attributes.empty.isEmpty && Attributes.empty.classes.isEmpty)
        #expect(empty == Attributes(classes: ["kicker"]))
    }

    @Test("Attributes emptied field by field are empty, equal and hash alike to .empty")
    func emptiedAttributesAreEmpty() {
        var a = Attributes(id: "a", classes: ["x"], language: "ar", direction: .auto, pairs: [KeyValue("k", "v")])
        a.id = nil
        a.classes.removeAll()
        a.language = nil
        #expect(!a.isEmpty)
        a.direction = nil
        #expect(!a.isEmpty)
        a.pairs = []
        #expect(a.isEmpty)
        #expect(a == .empty)
        #expect(a.hashValue == Attributes.empty.hashValue)
        #expect(Attributes(id: nil, classes: [], pairs: []) == .empty)
        #expect(Attributes(id: "") != .empty)

        // Equal values made apart are equal and hash alike.
        let one = Attributes(id: "i", classes: ["c"])
        var two = Attributes(classes: ["c"])
        two.id = "i"
        #expect(one == two && one.hashValue == two.hashValue)
        #expect(one != Attributes(id: "i", classes: ["c", "d"]))
        #expect(Set([one, two, .empty, a]).count == 2)
    }

    @Test("Source positions keep lines and columns beyond 32 bits at the limit, never wrapped")
    func sourcePositionsSaturate() {
        let p = SourcePosition(line: 12, column: 34, offset: 5_000_000_000)
        #expect(p.line == 12 && p.column == 34 && p.offset == 5_000_000_000)
        var huge = SourcePosition(line: Int.max, column: 1 << 40, offset: Int.max)
        #expect(huge.line == Int(Int32.max) && huge.column == Int(Int32.max) && huge.offset == Int.max)
        huge.line = Int.min
        huge.column += 1
        #expect(huge.line == -Int(Int32.max) && huge.column == Int(Int32.max))
        huge.column = Int.min
        #expect(huge.column == -Int(Int32.max))
        #expect(SourcePosition(line: 1, column: 1, offset: 3) < SourcePosition(line: 1, column: 1, offset: 4))
        #expect(SourcePosition(line: 2, column: 3, offset: 4) == SourcePosition(line: 2, column: 3, offset: 4))
    }

    @Test("A node's span is nil or the span it was given, whatever the span's numbers")
    func spansRoundTrip() {
        let extremes = [Int.min, Int(Int32.min), -1, 0, 1, Int(Int32.max), Int.max]
        var inline = Inline.text("a")
        var block = Block.paragraph("a")
        #expect(inline.span == nil && block.span == nil)
        for line in extremes {
            for column in extremes {
                let span = SourceSpan(
                    start: SourcePosition(line: line, column: column, offset: 0),
                    end: SourcePosition(line: line, column: column, offset: 0))
                inline.span = span
                block.span = span
                #expect(inline.span == span && block.span == span)
                #expect(Inline(.text("a"), span: span).span == span)
                #expect(Inline(.text("a"), span: span) != Inline.text("a"))
                #expect(Block(.paragraph([]), span: span) != Block(.paragraph([])))
            }
        }
        inline.span?.start.line = 7
        #expect(inline.span?.start.line == 7)
        inline.span = nil
        block.span = nil
        #expect(inline.span == nil && block.span == nil)
        #expect(inline == Inline.text("a") && inline.hashValue == Inline.text("a").hashValue)
        #expect(block == Block.paragraph("a"))
    }

    @Test("AST JSON keeps offsets whole and lines and columns past 32 bits at the limit")
    func astJSONSpansPast32Bits() throws {
        let json = #"""
            {"warraq-ast": "1.0", "blocks": [{"type": "paragraph", "content": [],
             "span": {"line": 5000000000, "column": 7, "offset": 6000000000, "endLine": 5000000001, "endColumn": -9000000000, "endOffset": 6000000010}}]}
            """#
        let document = try ASTJSON.decode(Array(json.utf8))
        let span = try #require(document.blocks.first?.span)
        #expect(span.start == SourcePosition(line: Int(Int32.max), column: 7, offset: 6_000_000_000))
        #expect(span.end == SourcePosition(line: Int(Int32.max), column: -Int(Int32.max), offset: 6_000_000_010))
        let written = String(decoding: try ASTJSON.encode(document), as: UTF8.self)
        #expect(written.contains(#""span":{"line":2147483647,"column":7,"offset":6000000000,"endLine":2147483647,"endColumn":-2147483647,"endOffset":6000000010}"#))
    }
}
