import Testing
import WarraqKit

@Suite("Plugin options")
struct OptionsTests {
    static let specs = [
        OptionSpec("structure", .choice(["article", "paragraphs"]), default: .string("article"), help: "how to read"),
        OptionSpec("pretty", .bool, default: .bool(true), help: "indent"),
        OptionSpec("width", .integer(1...200), help: "line width"),
        OptionSpec("ratio", .number, help: "a ratio"),
        OptionSpec("name", .string, help: "a name"),
    ]

    @Test func defaultsAreFilledAndValuesTyped() throws {
        let values = try OptionValues.check(
            [RawOption(name: "pretty", value: "false"), RawOption(name: "width", value: "80"), RawOption(name: "ratio", value: "0.5")],
            against: Self.specs, plugin: "demo")
        #expect(values.string("structure") == "article")
        #expect(values.bool("pretty") == false)
        #expect(values.integer("width") == 80)
        #expect(values.number("ratio") == 0.5)
        #expect(values.string("name") == nil)
    }

    @Test("Bad options are errors that name the valid choices", arguments: [
        ("structur", "x", "unknown option 'structur' for 'demo'", "did you mean 'structure'?"),
        ("colour", "x", "unknown option 'colour' for 'demo'", "valid options of 'demo': structure, pretty, width, ratio, name"),
        ("structure", "artcle", "expects one of article, paragraphs, got \"artcle\"", "did you mean 'article'?"),
        ("pretty", "maybe", "expects true or false", "pretty: indent"),
        ("width", "0", "expects an integer from 1 to 200", "width: line width"),
        ("width", "eighty", "expects an integer", "width: line width"),
        ("ratio", "nan", "expects a number", "ratio: a ratio"),
    ] as [(String, String, String, String)])
    func badOptions(name: String, value: String, message: String, note: String) {
        let location = SourceLocation(path: "recipe.yaml", line: 4, column: 7)
        do {
            _ = try OptionValues.check([RawOption(name: name, value: value, location: location)], against: Self.specs, plugin: "demo")
            Issue.record("accepted \(name)=\(value)")
        } catch {
            #expect(error.severity == .error)
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.notes.contains(note), "\(error.notes)")
            #expect(error.location == location)
        }
    }

    @Test func anOptionGivenTwiceIsAnError() {
        #expect(throws: Diagnostic.self) {
            try OptionValues.check([RawOption(name: "pretty", value: "true"), RawOption(name: "pretty", value: "false")], against: Self.specs, plugin: "demo")
        }
    }

    @Test func commandLineOptionsAreNameEqualsValue() throws {
        let option = try RawOption.parse("encoding=windows-1256", origin: "-I")
        #expect(option.name == "encoding" && option.value == "windows-1256")
        #expect(try RawOption.parse("a==b", origin: "-I").value == "=b")
        #expect(throws: Diagnostic.self) { try RawOption.parse("encoding", origin: "-I") }
        #expect(throws: Diagnostic.self) { try RawOption.parse("=x", origin: "-I") }
    }
}

@Suite("Diagnostics")
struct DiagnosticTests {
    @Test func renderedWithLineAndCaret() {
        let bytes = Array("first line\nsecond\tbad here\nthird".utf8)
        let location = SourceLocation.at(offset: 18, in: bytes, path: "a.txt")
        #expect(location.line == 2 && location.column == 8)
        let diagnostic = Diagnostic.error("oops", "something is wrong", at: location, notes: ["try again"])
        #expect(diagnostic.rendered == """
            a.txt:2:8: error: something is wrong
                second\tbad here
                      \t^
            note: try again
            """)
    }

    @Test func columnsCountCharactersNotBytes() {
        let bytes = Array("سلام\u{FF}".utf8) + [0xFF]
        let location = SourceLocation.at(offset: 8, in: bytes, path: "x")
        #expect(location.column == 5)
    }

    @Test func longLinesAreShownAroundTheColumn() {
        let bytes = Array(String(repeating: "a", count: 5000).utf8) + [0xFF] + Array(String(repeating: "b", count: 5000).utf8)
        let location = SourceLocation.at(offset: 5000, in: bytes, path: "big.txt")
        #expect(location.column == 5001)
        let rendered = Diagnostic.error("x", "bad byte", at: location).rendered
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[1].count < 500)
        // The caret stands under the bad byte (shown as U+FFFD).
        let caret = lines[2].count - 1
        #expect(Array(lines[1])[caret] == "\u{FFFD}")
    }

    @Test func withoutALocationOnlyTheMessage() {
        #expect(Diagnostic.warning("w", "careful").rendered == "warning: careful")
        #expect(Diagnostic.error("e", "bad").locatedIn("f.txt").rendered == "f.txt: error: bad")
    }
}
