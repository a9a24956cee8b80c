import DocumentModel
import Testing

/// A small deterministic random number generator, so that property tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generates documents that use every node kind, attributes, entities and spans, with text
/// that mixes right-to-left scripts, emoji, combining marks and control characters.
struct DocumentGenerator {
    var rng: SplitMix64

    static let fragments = [
        "واشنطن تطالب بوقف لاطلاق النار", "حلب", "שלום", "hello", "e\u{301}", "\u{1F44D}\u{1F3FD}", "👨‍👩‍👧",
        "\u{0}", "\u{1}\u{1F}", "\u{7F}", "\t", "\n", "\r\n", "\"quoted\"", "back\\slash", "/", "\u{2028}\u{2029}",
        "\u{200F}\u{200E}\u{202B}\u{202C}", "\u{FEFF}", "\u{FFFD}", "ﻻ", "٢٠١٦", "١٢٣", " ", "", "مُحَمَّد", "ـــ", "🏳️‍🌈",
    ]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }

    mutating func string() -> String {
        (0..<int(0...3)).map { _ in Self.fragments.randomElement(using: &rng)! }.joined()
    }

    mutating func optionalString() -> String? { chance(50) ? string() : nil }

    mutating func attributes() -> Attributes {
        guard chance(40) else { return .empty }
        return Attributes(
            id: optionalString(), classes: (0..<int(0...2)).map { _ in string() }, language: chance(30) ? "ar" : nil,
            direction: chance(30) ? TextDirection.allCases.randomElement(using: &rng) : nil,
            pairs: (0..<int(0...2)).map { _ in KeyValue(string(), string()) })
    }

    mutating func span() -> SourceSpan? {
        guard chance(50) else { return nil }
        let line = int(1...1000), column = int(1...200), offset = int(0...100_000)
        return SourceSpan(
            start: SourcePosition(line: line, column: column, offset: offset),
            end: SourcePosition(line: line + int(0...3), column: int(1...200), offset: offset + int(0...5000)))
    }

    mutating func image(depth: Int) -> Image {
        Image(source: string(), title: optionalString(), description: inlines(depth: depth + 1))
    }

    mutating func inlines(depth: Int) -> [Inline] {
        guard depth < 6 else { return [] }
        return (0..<int(0...3)).map { _ in inline(depth: depth) }
    }

    mutating func inline(depth: Int) -> Inline {
        let kind: Inline.Kind
        switch int(0...14) {
        case 0: kind = .text(string())
        case 1: kind = .softBreak
        case 2: kind = .lineBreak
        case 3: kind = .emphasis(inlines(depth: depth + 1))
        case 4: kind = .strong(inlines(depth: depth + 1))
        case 5: kind = .strikeout(inlines(depth: depth + 1))
        case 6: kind = .superscript(inlines(depth: depth + 1))
        case 7: kind = .subscript(inlines(depth: depth + 1))
        case 8: kind = .code(string())
        case 9: kind = .link(Link(target: string(), title: optionalString()), inlines(depth: depth + 1))
        case 10: kind = .image(image(depth: depth))
        case 11: kind = .quoted(chance(50) ? .single : .double, inlines(depth: depth + 1))
        case 12: kind = .span(inlines(depth: depth + 1))
        case 13:
            let entity = Entity(
                kind: chance(80) ? EntityKind.standard.randomElement(using: &rng)! : EntityKind(string()),
                normalized: optionalString(), reference: optionalString(), source: optionalString(),
                confidence: chance(50) ? Double(int(0...1000)) / 1000 : (chance(20) ? 1e-7 : nil))
            kind = .entity(entity, inlines(depth: depth + 1))
        default: kind = .raw(format: chance(50) ? "html" : string(), text: string())
        }
        return Inline(kind, attributes: attributes(), span: span())
    }

    mutating func blocks(depth: Int) -> [Block] {
        guard depth < 5 else { return [] }
        return (0..<int(0...3)).map { _ in block(depth: depth) }
    }

    mutating func rows(depth: Int) -> [TableRow] {
        (0..<int(0...2)).map { _ in
            TableRow(
                cells: (0..<int(0...3)).map { _ in
                    TableCell(
                        blocks(depth: depth + 1), isHeader: chance(30), rowSpan: int(1...3), columnSpan: int(1...3),
                        alignment: chance(40) ? TableCell.Alignment.allCases.randomElement(using: &rng) : nil,
                        attributes: attributes())
                }, attributes: attributes())
        }
    }

    mutating func block(depth: Int) -> Block {
        let kind: Block.Kind
        switch int(0...9) {
        case 0: kind = .heading(level: int(1...6), content: inlines(depth: depth + 1))
        case 1: kind = .paragraph(inlines(depth: depth + 1))
        case 2: kind = .blockQuote(blocks(depth: depth + 1))
        case 3: kind = .list(ordered: chance(50), start: int(-3...100), items: (0..<int(0...3)).map { _ in blocks(depth: depth + 1) })
        case 4: kind = .codeBlock(language: optionalString(), text: string())
        case 5: kind = .table(Table(caption: blocks(depth: depth + 1), head: rows(depth: depth), body: rows(depth: depth)))
        case 6: kind = .figure(image: image(depth: depth), caption: blocks(depth: depth + 1))
        case 7: kind = .thematicBreak
        case 8: kind = .division(blocks(depth: depth + 1))
        default: kind = .raw(format: "tei", text: string())
        }
        return Block(kind, attributes: attributes(), span: span())
    }

    mutating func document() -> Document {
        var metadata = Metadata()
        if chance(70) {
            metadata = Metadata(
                title: optionalString(), subtitle: optionalString(), authors: (0..<int(0...2)).map { _ in string() },
                published: chance(50) ? "2016-04-30" : nil, modified: optionalString(), language: chance(50) ? "ar" : nil,
                direction: chance(50) ? .rightToLeft : nil, sourceURL: optionalString(), canonicalURL: optionalString(),
                publisher: optionalString(), description: optionalString(), keywords: (0..<int(0...2)).map { _ in string() },
                image: optionalString(), imageCaption: optionalString(),
                extra: (0..<int(0...2)).map { _ in KeyValue(string(), string()) })
        }
        return Document(metadata: metadata, blocks: blocks(depth: 0))
    }
}

@Suite("AST JSON codec")
struct ASTJSONTests {
    @Test("JSON → AST → JSON is lossless on generated documents", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        var generator = DocumentGenerator(rng: SplitMix64(seed: seed))
        var kinds: Set<String> = []
        for _ in 0..<60 {
            let document = generator.document()
            for pretty in [false, true] {
                let json = try ASTJSON.encode(document, pretty: pretty)
                let decoded = try ASTJSON.decode(json)
                #expect(decoded == document)
                #expect(try ASTJSON.encode(decoded, pretty: pretty) == json)
            }
            document.forEachNode { node, _ in
                switch node {
                case .block(let b): kinds.insert("block:" + b.typeName)
                case .inline(let i): kinds.insert("inline:" + i.typeName)
                }
            }
        }
        // Every kind was exercised, so the property covers the whole format.
        #expect(kinds.count == 10 + 15, "kinds seen: \(kinds.sorted())")
    }

    @Test func compactOutputIsOneLineAndEscapesControls() throws {
        let document = Document(blocks: [.paragraph("a\nb\u{0}\"\\\u{1F}ب")])
        let json = String(decoding: try ASTJSON.encode(document), as: UTF8.self)
        #expect(!json.contains("\n"))
        #expect(json.contains(#""a\nb\u0000\"\\\u001fب""#))
    }

    @Test func readersAcceptAnyMinorVersionAndIgnoreUnknownFields() throws {
        let json = #"""
            {"warraq-ast": "1.7", "future": {"x": [1, 2]}, "metadata": {"title": "t", "newField": true},
             "blocks": [{"type": "paragraph", "content": [{"type": "text", "text": "x", "style": "new"}], "extra": null}]}
            """#
        let document = try ASTJSON.decode(Array(json.utf8))
        #expect(document.metadata.title == "t")
        #expect(document.blocks == [.paragraph("x")])
    }

    @Test("Errors name the problem and its line and column", arguments: [
        (#"{"warraq-ast": "2.0", "blocks": []}"#, "version 2.0 is not supported", 1, 16),
        (#"{"blocks": []}"#, "missing \"warraq-ast\"", 1, 1),
        (#"{"warraq-ast": "one", "blocks": []}"#, "MAJOR.MINOR", 1, 16),
        ("{\"warraq-ast\": \"1.0\",\n \"blocks\": [{\"type\": \"heading\", \"level\": 9, \"content\": []}]}", "blocks[0].level: a heading level is 1 to 6", 2, 42),
        ("{\"warraq-ast\": \"1.0\",\n \"blocks\": [{\"type\": \"poem\"}]}", "unknown block type \"poem\"", 2, 22),
        (#"{"warraq-ast": "1.0", "blocks": [{"type": "paragraph"}]}"#, "missing required field \"content\"", 1, 34),
        (#"{"warraq-ast": "1.0", "blocks": [{"type": "paragraph", "content": "x"}]}"#, "expected an array, found a string", 1, 67),
        (#"{"warraq-ast": "1.0", "blocks": [], "blocks": []}"#, "duplicate key \"blocks\"", 1, 37),
        (#"{"warraq-ast": "1.0", "blocks": []} x"#, "unexpected 'x' after the JSON value", 1, 37),
        (#"{"warraq-ast": "1.0", "blocks": ["#, "unexpected end of input", 1, 34),
        (#"{"warraq-ast": "1.0", "metadata": {"title": "\ud800"}, "blocks": []}"#, "unpaired surrogate", 1, 46),
        (#"{"warraq-ast": "1.0", "metadata": {"title": "a"#, "unterminated string", 1, 45),
        (#"{"warraq-ast": 1.0, "blocks": []}"#, "expected a string", 1, 16),
        ("", "empty input", 1, 1),
        ("[01]", "leading zeros", 1, 3),
    ] as [(String, String, Int, Int)])
    func errors(json: String, message: String, line: Int, column: Int) {
        do {
            _ = try ASTJSON.decode(Array(json.utf8))
            Issue.record("expected an error containing \(message)")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.line == line)
            #expect(error.column == column, "\(error)")
        }
    }

    @Test func aHundredThousandLevelsOfJSONGiveAnErrorNotACrash() {
        let arrays = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { _ = try JSONParser().parse(arrays) }
        var deep = #"{"warraq-ast": "1.0", "blocks": ["#
        deep += String(repeating: #"{"type": "blockQuote", "blocks": ["#, count: 100_000)
        deep += String(repeating: "]}", count: 100_000) + "]}"
        do {
            _ = try ASTJSON.decode(Array(deep.utf8))
            Issue.record("a 100,000-level document was accepted")
        } catch {
            #expect(error.message.contains("levels deep"))
        }
    }

    @Test func longArraysAreReadInLinearTime() throws {
        // Appending to a container must not copy what was read before it (that made reading a
        // large document quadratic, taking minutes for 100,000 paragraphs).
        let document = Document(blocks: (0..<200_000).map { Block.paragraph("فقرة \($0)") })
        let json = try ASTJSON.encode(document)
        #expect(try ASTJSON.decode(json).blocks.count == 200_000)
    }

    @Test func encoderRefusesWhatCouldNotBeReadBack() {
        #expect(throws: JSONError.self) { try ASTJSON.encode(Document(blocks: [.heading(7, "x")])) }
        let badEntity = Inline(.entity(Entity(kind: .person, confidence: .nan), []))
        #expect(throws: JSONError.self) { try ASTJSON.encode(Document(blocks: [Block(.paragraph([badEntity]))])) }
        let badCell = Block(.table(Table(body: [TableRow(cells: [TableCell([], rowSpan: 0)])])))
        #expect(throws: JSONError.self) { try ASTJSON.encode(Document(blocks: [badCell])) }
    }

    @Test func parserKeepsOrderAndNumbersExactly() throws {
        let value = try JSONParser().parse(#" {"b": 1, "a": [true, false, null, -0.5e+3, "\u00e9\n"]} "#)
        guard case .object(let members) = value.kind else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a"])
        #expect(value["a"] == JSONValue(.array([
            JSONValue(.bool(true), offset: 16), JSONValue(.bool(false), offset: 22), JSONValue(.null, offset: 29),
            JSONValue(.number("-0.5e+3"), offset: 35), JSONValue(.string("é\n"), offset: 44),
        ]), offset: 15))
        var writer = JSONWriter()
        writer.value(value)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"b":1,"a":[true,false,null,-0.5e+3,"é\n"]}"#)
    }
}
