import DocumentModel
import TestSupport
import Testing

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
