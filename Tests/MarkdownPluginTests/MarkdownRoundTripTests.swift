import DocumentModel
import Foundation
import MarkdownPlugin
import Testing
import TestSupport
import WarraqKit

/// The writer's Markdown read back by cmark-gfm must have the document's shape and all its
/// text, and text must never come back as markup.
@Suite("Markdown read back by cmark-gfm", .enabled(if: CMark.isAvailable, "cmark-gfm is needed to read the Markdown back"))
struct MarkdownRoundTripTests {
    static let variants: [(name: String, options: [String: String])] = [
        ("commonmark", [:]),
        ("gfm", ["flavor": "gfm"]),
        ("commonmark spans", ["entities": "spans"]),
        ("gfm spans", ["flavor": "gfm", "entities": "spans"]),
    ]

    /// Writes, reads back and compares shapes; returns what cmark-gfm read.
    @discardableResult
    static func check(_ document: Document, _ name: String, _ options: [String: String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CMark.Node {
        let gfm = options["flavor"] == "gfm"
        var written = try markdown(document, options).text
        if options["front-matter"] == "true", written.hasPrefix("---\n"), let end = written.range(of: "\n---\n") {
            written = String(written[end.upperBound...])
        }
        let tree = try CMark.parse(written, gfm: gfm)
        let expected = Shape.Expectation(gfm: gfm, spans: options["entities"] == "spans").blocks(document.blocks)
        let got = Shape.read(tree)
        guard let difference = Shape.difference(got, expected) else { return tree }
        // Show the first block that differs on its own, when it differs alone.
        let expectation = Shape.Expectation(gfm: gfm, spans: options["entities"] == "spans")
        for block in document.blocks {
            let alone = try markdown(Document(blocks: [block]), options).text
            let shapes = Shape.read(try CMark.parse(alone, gfm: gfm))
            if let blockDifference = Shape.difference(shapes, expectation.blocks([block])) {
                Issue.record("\(name) \(options): \(blockDifference)\n--- Markdown:\n\(alone)", sourceLocation: sourceLocation)
                return tree
            }
        }
        Issue.record("\(name) \(options): \(difference)\n--- Markdown:\n\(written)", sourceLocation: sourceLocation)
        return tree
    }

    @Test func theGoldenDocumentsKeepTheirShapeAndText() throws {
        for (name, document) in try goldenDocuments() {
            for (_, options) in Self.variants { try Self.check(document, name, options) }
            try Self.check(document, name, ["front-matter": "true", "entities": "spans"])
        }
    }

    @Test func noTextIsLostFromTheSampleAndTheEdgeCases() throws {
        // The plain text of the AST (control characters aside) is the text cmark reads.
        func text(_ node: CMark.Node) -> String {
            switch node.name {
            case "text", "code", "code_block": node.literal
            case "softbreak", "linebreak": " "
            default: node.children.map { text($0) }.joined(separator: node.name == "paragraph" || node.name == "heading" ? "" : " ")
            }
        }
        for (name, document) in [("sample", try TestDocuments.sampleArticle())] + TestDocuments.edgeCases() {
            let expected = collapsed(withoutControls(document.blocks.map(\.plainText).joined(separator: " ")))
            for (variant, options) in Self.variants where options["entities"] == nil {
                let tree = try CMark.parse(try markdown(document, options).text, gfm: options["flavor"] == "gfm")
                #expect(collapsed(text(tree)) == expected, "\(name), \(variant)")
            }
        }
    }

    @Test func markupLikeTextComesBackAsText() throws {
        let mixed = TestDocuments.edgeCases().first { $0.name == "mixed-text" }!.document
        for (variant, options) in Self.variants {
            let tree = try Self.check(mixed, "mixed-text", options)
            let names = Set(tree.all.map { $0.name })
            #expect(names.isSubset(of: ["document", "heading", "paragraph", "list", "item", "text", "softbreak"]), "\(variant): \(names)")
        }
        let hostile = Self.hostileDocument()
        for (_, options) in Self.variants { try Self.check(hostile, "hostile", options) }
        // GitHub also links bare URLs; the GFM output keeps them text (e-mail addresses aside,
        // which cmark-gfm links after escapes are undone).
        let urls = Document(blocks: [.paragraph("see www.example.com, https://example.com/a and ftp://example.org")])
        let tree = try CMark.parse(try markdown(urls, ["flavor": "gfm"]).text, gfm: true, extensions: ["autolink"])
        #expect(!tree.all.contains { $0.name == "link" }, "\(tree)")
    }

    /// Seeded random documents: markup-like text in random inline and block structures.
    /// `WARRAQ_MD_ROUNDS=N` writes N documents instead of 6, for a longer hunt.
    @Test func randomDocumentsKeepTheirShape() throws {
        var random = SplitMix(seed: 0x5EED_2016)
        for round in 0..<(Int(ProcessInfo.processInfo.environment["WARRAQ_MD_ROUNDS"] ?? "") ?? 6) {
            let document = Self.randomDocument(&random)
            for (_, options) in Self.variants { try Self.check(document, "random document \(round)", options) }
        }
    }

    @Test func listsAreTightAndTablesAligned() throws {
        let list = Document(blocks: [Block(.list(ordered: true, start: 3, items: [[.paragraph("a")], [.paragraph("b"), Block(.list(ordered: false, start: 1, items: [[.paragraph("c")], [.paragraph("d")]]))]]))])
        let lists = try CMark.parse(try markdown(list).text, gfm: false).all.filter { $0.name == "list" }
        #expect(lists.map { $0.attributes["tight"] } == ["true", "true"])
        #expect(lists.first?.attributes["start"] == "3")
        let table = Table(head: [TableRow(cells: [
            TableCell([.paragraph("s")], isHeader: true, alignment: .start), TableCell([.paragraph("c")], isHeader: true, alignment: .center),
            TableCell([.paragraph("e")], isHeader: true, alignment: .end), TableCell([.paragraph("n")], isHeader: true),
        ])])
        for (direction, expected) in [(TextDirection.leftToRight, ["left", "center", "right", nil]), (.rightToLeft, ["right", "center", "left", nil])] {
            let document = Document(metadata: Metadata(direction: direction), blocks: [Block(.table(table))])
            let cells = try CMark.parse(try markdown(document, ["flavor": "gfm"]).text, gfm: true).all.filter { $0.name == "table_cell" }
            #expect(cells.map { $0.attributes["align"] } == expected)
        }
    }

    // MARK: - Documents

    /// Text that looks like every kind of Markdown syntax, in every place text can be.
    static let hostileTexts: [String] = [
        "*a* _b_ **c** __d__ ***e*** ~f~ ~~g~~", "[a](b) [c][d] [e]: /f \"g\" ![h](i) <j> <http://k.l> <m@n.op>",
        "`a` ``b`` ```c```", "\\ \\\\ \\* \\_ a\\", "# a", "#a", "###### a ######", "> a", ">a", "- a", "-a", "+ a", "* a", "*a",
        "1. a", "1) a", "123456789. a", "1234567890. a", "0. a", "= a", "===", "---", "***", "___", "- - -", "* * *", "_ _ _",
        "```", "~~~", "~~~ a", "    a", "\ta", "<div>", "</div>", "<!-- a -->", "<?a?>", "<![CDATA[a]]>", "<script>", "<a href=\"x\">",
        "&amp; &lt; &#35; &#x1F600; &bogus; & &; &#; AT&T", "| a | b |", "a | b", ":-", ":-:", "|-|", "-: |", "[^1] [^1]: a",
        "[ ] a", "[x] a", "a  ", "a\\", "!", "![", "!\u{A0}[", "\u{A0}  a", "a *b *c* d* e", "*a**b*", "a_b_c", "a*b*c",
        "\"*a*\" «*b*» “*c*” ‹d› ‘e’", "www.a.bc https://x.y/z ftp://q.r", "a@b.cd", "١. عربي", "- عربي", "# عربي", "עברית *x*",
        "e\u{301}*\u{301}*", "👍🏽*👍🏽*", "$*€*©*", "{.class} [a]{.b}", "a\r\nb", "x\u{0}y\u{1B}z",
    ]

    static func hostileDocument() -> Document {
        func t(_ s: String) -> Inline { Inline(.text(s)) }
        var blocks: [Block] = hostileTexts.map { Block(.paragraph([t($0)])) }
        // Each text at the start of a line after a soft break and a line break.
        blocks.append(Block(.paragraph(hostileTexts.flatMap { [t("x"), Inline(.softBreak), t($0), Inline(.lineBreak)] })))
        blocks += hostileTexts.prefix(30).enumerated().map { Block(.heading(level: $0.offset % 6 + 1, content: [t($0.element)])) }
        blocks.append(Block(.list(ordered: false, start: 1, items: hostileTexts.map { [Block(.paragraph([t($0)]))] })))
        blocks.append(Block(.list(ordered: true, start: 7, items: hostileTexts.prefix(20).map { [Block(.paragraph([t($0)])), Block(.blockQuote([Block(.paragraph([t($0)]))]))] })))
        blocks.append(Block(.blockQuote(hostileTexts.prefix(20).map { Block(.paragraph([t($0)])) })))
        blocks += hostileTexts.prefix(12).map { Block(.codeBlock(language: $0.contains("\n") ? nil : $0, text: $0 + "\n```\n~~~~\n")) }
        blocks.append(Block(.paragraph(hostileTexts.map { Inline(.code($0)) }.flatMap { [$0, t(" ")] })))
        blocks.append(Block(.paragraph(hostileTexts.map { s in
            Inline(.link(Link(target: s, title: s), [t(s)]))
        }.flatMap { [$0, t(" ")] })))
        blocks.append(Block(.paragraph(hostileTexts.map { s in
            Inline(.image(Image(source: s, title: s, description: [t(s)])))
        })))
        blocks.append(Block(.paragraph(hostileTexts.flatMap { s in
            [Inline(.emphasis([t(s)])), Inline(.strong([t(s)])), Inline(.strikeout([t(s)])), Inline(.entity(Entity(kind: .person), [t(s)]))]
        })))
        let rows = hostileTexts.map { s in
            TableRow(cells: [TableCell([.paragraph(s)]), TableCell([Block(.paragraph([Inline(.code(s)), Inline(.link(Link(target: s, title: s), [t(s)]))]))])])
        }
        blocks.append(Block(.table(Table(head: [TableRow(cells: [TableCell([.paragraph("| head |")], isHeader: true)])], body: rows))))
        blocks.append(Block(.table(Table(caption: [.paragraph("- caption")], body: [TableRow(cells: [TableCell([.paragraph("a"), .paragraph("b")])])]))))
        return Document(blocks: blocks)
    }

    /// A document of random inline markup around hostile text.
    static func randomDocument(_ random: inout SplitMix) -> Document {
        let words = hostileTexts + ["a", "b c", " ", "  ", "\u{A0}", "بيروت", "x.", "(", ")", "\"", "'", "“", ",", "!", "1", "-", "*", "_", "~", "&", "\\", "|", ":"]
        func inline(_ depth: Int) -> Inline {
            func children() -> [Inline] { (0..<random.next(4)).map { _ in inline(depth + 1) } }
            let kind = depth > 3 ? random.next(3) : random.next(17)
            switch kind {
            case 0, 1, 2: return Inline(.text(words[random.next(words.count)]))
            case 3: return Inline(.softBreak)
            case 4: return Inline(.lineBreak)
            case 5: return Inline(.emphasis(children()))
            case 6: return Inline(.strong(children()))
            case 7: return Inline(.strikeout(children()))
            case 8: return Inline(.superscript(children()))
            case 9: return Inline(.code(words[random.next(words.count)]))
            case 10: return Inline(.link(Link(target: words[random.next(words.count)], title: random.next(2) == 0 ? nil : "t"), children()))
            case 11: return Inline(.image(Image(source: "i.png", description: children())))
            case 12: return Inline(.quoted(random.next(2) == 0 ? .double : .single, children()))
            case 13: return Inline(.entity(Entity(kind: .place), children()))
            case 14: return Inline(.span(children()))
            case 15: return Inline(.raw(format: "tei", text: "<x/>"))
            default: return Inline(.emphasis([Inline(.emphasis(children()))]))
            }
        }
        func paragraphContent() -> [Inline] { (0..<(1 + random.next(6))).map { _ in inline(0) } }
        func blocks(_ depth: Int) -> [Block] { (0..<random.next(4)).map { _ in block(depth + 1) } }
        func block(_ depth: Int) -> Block {
            switch depth > 3 ? random.next(3) : random.next(14) {
            case 0, 1: return Block(.paragraph(paragraphContent()))
            case 2: return Block(.heading(level: random.next(8), content: paragraphContent()))
            case 3: return Block(.list(ordered: false, start: 1, items: (0..<random.next(4)).map { _ in blocks(depth) }))
            case 4: return Block(.list(ordered: true, start: random.next(12), items: (0..<random.next(4)).map { _ in blocks(depth) }))
            case 5: return Block(.blockQuote(blocks(depth)))
            case 6: return Block(.division(blocks(depth)))
            case 7: return Block(.codeBlock(language: random.next(2) == 0 ? nil : words[random.next(words.count)], text: words[random.next(words.count)] + "\n" + words[random.next(words.count)]))
            case 8: return Block(.thematicBreak)
            case 9:
                func cell() -> TableCell {
                    TableCell(random.next(3) == 0 ? blocks(depth) : [Block(.paragraph(paragraphContent()))], columnSpan: 1 + random.next(4) / 3)
                }
                return Block(.table(Table(caption: random.next(2) == 0 ? [] : blocks(depth), head: random.next(2) == 0 ? [] : [TableRow(cells: [cell()])], body: [TableRow(cells: [cell(), cell()])])))
            case 10: return Block(.figure(image: Image(source: words[random.next(words.count)], description: paragraphContent()), caption: blocks(depth)))
            case 11: return Block(.list(ordered: random.next(2) == 0, start: 1, items: [[Block(.paragraph(paragraphContent())), block(depth + 1)]]))
            case 12: return Block(.raw(format: "html", text: "<div>" + String(random.next(100)) + "</div>"))
            default: return Block(.paragraph([Inline(.text(words[random.next(words.count)]))]))
            }
        }
        var blocks: [Block] = []
        for i in 0..<150 {
            let content = paragraphContent()
            switch i % 6 {
            case 0: blocks.append(Block(.heading(level: 1 + random.next(6), content: content)))
            case 1: blocks.append(Block(.list(ordered: random.next(2) == 0, start: random.next(3), items: [[Block(.paragraph(content))], [.paragraph("z")]])))
            case 2:
                let cell = TableCell([Block(.paragraph(content))])
                blocks.append(Block(.table(Table(head: [TableRow(cells: [TableCell([.paragraph("h")], isHeader: true)])], body: [TableRow(cells: [cell, cell])]))))
            case 3: blocks.append(block(0))
            default: blocks.append(Block(.paragraph(content)))
            }
        }
        return Document(blocks: blocks)
    }
}

/// A small seeded random number generator, so that the random documents are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    /// A number from 0 to `bound - 1`.
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
