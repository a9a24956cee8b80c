import DocumentModel
import Foundation
import PlainTextPlugin
import WarraqKit

/// Documents every writer's tests use: the sample article, one that holds every node kind,
/// and the edge cases (text in both directions, emoji, combining marks, control characters,
/// an empty document, metadata alone).
public enum TestDocuments {
    /// The package's root folder.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The sample article's path, as the tests name it.
    public static let samplePath = packageRoot.appendingPathComponent("config/samples/aleppo-ceasefire.ar.txt").path

    /// The sample article read by the text input with its default options.
    public static func sampleArticle() throws -> Document {
        let input = PlainTextInput()
        var context = PluginContext(inputName: "config/samples/aleppo-ceasefire.ar.txt")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: samplePath)))
        let options = try OptionValues.check([], against: input.options, plugin: input.name)
        return try input.read(InputSource(bytes: bytes, path: "config/samples/aleppo-ceasefire.ar.txt"), options: options, context: &context)
    }

    /// Documents at the edges: named, for golden files.
    public static func edgeCases() -> [(name: String, document: Document)] {
        [
            ("empty", Document()),
            ("metadata-only", Document(metadata: Metadata(
                title: "عنوان فقط", authors: ["كاتب"], published: "2016-04-30", language: "ar", direction: .rightToLeft,
                sourceURL: "https://example.com/a?x=1&y=<2>", publisher: "AFP"))),
            ("mixed-text", Document(
                metadata: Metadata(title: "Mixed \"text\" <&>", language: "ar", direction: .rightToLeft),
                blocks: [
                    .heading(2, "العنوان Title ١٢٣"),
                    Block(.paragraph([
                        .text("عربي then English then עברית; emoji 👍🏽 and 👨‍👩‍👧; e\u{301} and شدّة; "),
                        .text("controls: \u{1}\u{8}\u{B}\u{C}\u{1F} tab\t and bidi \u{200F}\u{202B}x\u{202C}; "),
                        .text("markup-like: <b>&amp;</b> *not emphasis* _no_ [no](link) # no heading `no code` | pipe \\ backslash; "),
                        .text("=1+2 -3 @sum +4"),
                    ])),
                    Block(.paragraph([.text("English paragraph inside an Arabic document.")]), attributes: Attributes(language: "en", direction: .leftToRight)),
                    Block(.list(ordered: false, start: 1, items: [[.paragraph("- not a list item")], [.paragraph("1. not ordered")]])),
                ])),
        ]
    }

    /// Every block and inline kind, with attributes, spans, entities, a table with header cells
    /// and spans, figures and metadata with every field.
    public static func everyKindDocument() -> Document {
        func text(_ string: String) -> Inline { Inline(.text(string)) }
        func paragraph(_ string: String) -> Block { Block(.paragraph([text(string)])) }
        func span(line: Int, offset: Int, length: Int) -> SourceSpan {
            SourceSpan(
                start: SourcePosition(line: line, column: 1, offset: offset),
                end: SourcePosition(line: line, column: 1 + length, offset: offset + length))
        }

        let kerry = Entity(
            kind: .person, normalized: "John Kerry", reference: "https://www.wikidata.org/wiki/Q22316",
            source: "gazetteer", confidence: 0.85)
        let inlines: [Inline] = [
            Inline(.text("قال "), span: span(line: 5, offset: 219, length: 7)),
            Inline(.entity(kerry, [text("جون كيري")]), attributes: Attributes(classes: ["ner"])),
            Inline(.softBreak),
            Inline(.lineBreak),
            Inline(.emphasis([text("emphasis")])),
            Inline(.strong([text("strong")])),
            Inline(.strikeout([text("strikeout")])),
            Inline(.superscript([text("2")])),
            Inline(.subscript([text("i")])),
            Inline(.code("let x = 1")),
            Inline(.link(Link(target: "https://example.com/", title: "Example"), [text("a link")])),
            Inline(.link(Link(target: "#title"), [])),
            Inline(.image(Image(source: "icon.png", title: "Icon", description: [text("an icon")]))),
            Inline(.image(Image(source: "bare.png"))),
            Inline(.quoted(.double, [text("وقف دائم للقتال في كل البلاد")])),
            Inline(.quoted(.single, [text("single")])),
            Inline(.span([text("span")]), attributes: Attributes(direction: .auto)),
            Inline(.entity(Entity(kind: .date, normalized: "2016-04-22/2016-04-29", confidence: 1), [text("last week")])),
            Inline(.entity(Entity(kind: .number, normalized: "246", confidence: 0.00001), [text("٢٤٦")])),
            Inline(.entity(Entity(kind: EntityKind("event")), [text("an entity of a kind of its own")])),
            Inline(.raw(format: "html", text: "<b>raw</b>")),
        ]

        let table = Table(
            caption: [paragraph("Casualties")],
            head: [
                TableRow(
                    cells: [
                        TableCell([paragraph("City")], isHeader: true, alignment: .start),
                        TableCell([paragraph("Counts")], isHeader: true, columnSpan: 2, alignment: .center),
                    ],
                    attributes: Attributes(classes: ["head-row"]))
            ],
            body: [
                TableRow(cells: [
                    TableCell([paragraph("Aleppo")], isHeader: true, rowSpan: 2, attributes: Attributes(id: "aleppo")),
                    TableCell([paragraph("1")], alignment: .end),
                    TableCell([]),
                ]),
                TableRow(cells: [TableCell([paragraph("2")]), TableCell([paragraph("3")])]),
            ])

        let figureImage = Image(
            source: "https://example.com/aleppo.jpg", title: "Aleppo",
            description: [
                text("a street in "),
                Inline(.entity(Entity(kind: .place, reference: "https://www.wikidata.org/wiki/Q41183"), [text("حلب")])),
            ])

        let blocks: [Block] = [
            Block(
                .heading(level: 1, content: [text("واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا")]),
                attributes: Attributes(
                    id: "title", classes: ["title", "main"], language: "ar", direction: .rightToLeft,
                    pairs: [KeyValue("data-source", "AFP"), KeyValue("data-source", "Reuters")]),
                span: span(line: 3, offset: 125, length: 92)),
            Block(.heading(level: 6, content: [text("Level six")])),
            Block(.paragraph(inlines), attributes: Attributes(classes: ["lead"], language: "en", direction: .leftToRight)),
            Block(.blockQuote([paragraph("quoted")])),
            Block(.list(ordered: true, start: 3, items: [
                [paragraph("three")],
                [Block(.list(ordered: false, start: 1, items: [[paragraph("nested")], []]))],
            ])),
            Block(.list(ordered: false, start: 1, items: [])),
            Block(.codeBlock(language: "swift", text: "print(\"hello\")\n")),
            Block(.codeBlock(language: nil, text: "no language\ttab")),
            Block(.table(table)),
            Block(.table(Table())),
            Block(.figure(image: figureImage, caption: [paragraph("A street in Aleppo")]), attributes: Attributes(id: "figure-1")),
            Block(.figure(image: Image(source: "bare.jpg"), caption: [])),
            Block(.thematicBreak, span: span(line: 40, offset: 900, length: 3)),
            Block(.division([Block(.raw(format: "tei", text: "<note/>"))]), attributes: Attributes(classes: ["aside"])),
        ]

        let metadata = Metadata(
            title: "واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا", subtitle: "A subtitle",
            authors: ["A. Writer", "B. Writer"], published: "2016-04-30", modified: "2016-04-30T10:15:00+03:00",
            language: "ar", direction: .rightToLeft, sourceURL: "https://example.com/source",
            canonicalURL: "https://example.com/canonical", publisher: "AFP", description: "A summary.",
            keywords: ["syria", "aleppo"], image: "https://example.com/lead.jpg",
            imageCaption: "حي القاطرجي في حلب", extra: [KeyValue("section", "world"), KeyValue("section", "mideast")])

        return Document(metadata: metadata, blocks: blocks)
    }

    /// A short document made with the convenience constructors.
    public static func plainDocument() -> Document {
        Document(
            metadata: Metadata(title: "Plain", language: "en"),
            blocks: [
                Block.heading(1, "Plain"),
                Block.paragraph("One paragraph.", attributes: Attributes(id: "p1")),
                Block(.paragraph([Inline.text("Two "), Inline(.strong([Inline.text("words")]))])),
            ])
    }

}

/// Golden files: what the writers produce for fixed documents, kept under `Tests/Fixtures/`.
/// Run with `WARRAQ_UPDATE_GOLDEN=1` to write them anew after an intended change, and read
/// the diff before committing it.
public enum Golden {
    public static let fixtures = TestDocuments.packageRoot.appendingPathComponent("Tests/Fixtures")

    /// Compares `bytes` with the golden file `name` (a path below `Tests/Fixtures/`); nil when
    /// they match, else what differs. With `WARRAQ_UPDATE_GOLDEN=1` it writes the file instead.
    public static func mismatch(_ bytes: [UInt8], _ name: String) -> String? {
        let url = fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["WARRAQ_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            do { try Data(bytes).write(to: url) } catch { return "cannot write \(name): \(error)" }
            return nil
        }
        guard let expected = try? Data(contentsOf: url) else {
            return "\(name) is missing; WARRAQ_UPDATE_GOLDEN=1 swift test writes it"
        }
        if Data(bytes) == expected { return nil }
        let a = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let b = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) ?? min(a.count, b.count)
        let got = line < a.count ? String(a[line]) : "(end)"
        let want = line < b.count ? String(b[line]) : "(end)"
        return "\(name) differs from the golden file at line \(line + 1):\n  got:      \(got)\n  expected: \(want)\n(WARRAQ_UPDATE_GOLDEN=1 rewrites it)"
    }
}

/// Outside tools the tests use (python3, jing, cmark-gfm), run without a shell.
public enum ExternalTool {
    /// Runs `/usr/bin/env arguments…`; returns its exit status and its stdout and stderr
    /// together, or nil when it cannot be started.
    public static func run(_ arguments: [String]) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        // Read before waiting, so that a full pipe cannot block the child.
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// True when `arguments` run and exit 0 (`["python3", "-c", "import csv"]`).
    public static func works(_ arguments: [String]) -> Bool {
        run(arguments)?.status == 0
    }
}
