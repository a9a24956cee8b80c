import DocumentModel
import Testing
import WarraqKit

@Suite("YAML loader")
struct YAMLTests {
    static let recipe = """
        # A recipe for Arabic news.
        name: Arabic news
        input:
          format: text
          options: {encoding: windows-1256, structure: article}
        transforms:
          - normalize
          - tag-entities: {gazetteer: "places.tsv", min: 3}
          - name: 'quoted # not a comment'
        keywords: [حلب, هدنة, news]   # Arabic before the column
        output:
          format: json
          pretty: true
        description: |
          Line one
            indented
        summary: >
          folded
          text
        empty:
        """

    func load(_ text: String, limits: YAML.Limits = YAML.Limits()) throws(Diagnostic) -> YAMLNode? {
        try YAML.parse(Array(text.utf8), path: "recipe.yaml", limits: limits)
    }

    /// The diagnostic `text` fails with; a test failure when it loads.
    func failure(_ bytes: [UInt8], limits: YAML.Limits = YAML.Limits()) -> Diagnostic? {
        do {
            let node = try YAML.parse(bytes, path: "recipe.yaml", limits: limits)
            Issue.record("loaded: \(String(describing: node?.kind))")
            return nil
        } catch {
            #expect(error.severity == .error)
            return error
        }
    }

    func failure(_ text: String, limits: YAML.Limits = YAML.Limits()) -> Diagnostic? {
        failure(Array(text.utf8), limits: limits)
    }

    func position(_ node: YAMLNode?) -> String {
        guard let location = node?.location else { return "none" }
        return "\(location.line ?? 0):\(location.column ?? 0)"
    }

    // MARK: - Structure and locations

    @Test func aRecipeLikeDocumentLoadsWithItsLocations() throws {
        let root = try #require(try load(Self.recipe))
        #expect(root.mapping?.map { $0.key.string } == [
            "name", "input", "transforms", "keywords", "output", "description", "summary", "empty",
        ])
        #expect(position(root) == "2:1")
        #expect(root["name"]?.string == "Arabic news")
        #expect(position(root["name"]) == "2:7")

        let input = try #require(root["input"])
        #expect(position(input) == "4:3")
        #expect(input["format"]?.string == "text")
        #expect(position(input["format"]) == "4:11")
        let options = try #require(input["options"])
        #expect(position(options) == "5:12")
        #expect(options.mapping?.map { [$0.key.string, $0.value.string] } == [["encoding", "windows-1256"], ["structure", "article"]])
        #expect(position(options["structure"]) == "5:48")

        let transforms = try #require(root["transforms"]?.sequence)
        #expect(transforms.count == 3)
        #expect(position(root["transforms"]) == "7:3")
        #expect(transforms[0].string == "normalize")
        #expect(position(transforms[0]) == "7:5")
        let tagging = try #require(transforms[1]["tag-entities"])
        #expect(position(transforms[1]) == "8:5")
        #expect(position(tagging) == "8:19")
        #expect(tagging["gazetteer"]?.string == "places.tsv")
        #expect(tagging["min"]?.int == 3)
        #expect(position(tagging["min"]) == "8:50")
        #expect(transforms[2]["name"]?.string == "quoted # not a comment")
        if case .scalar(_, let tag, let style)? = transforms[2]["name"]?.kind {
            #expect(tag == nil)
            #expect(style == .singleQuoted)
        } else {
            Issue.record("not a scalar")
        }

        // Columns count Unicode scalars; offsets count bytes.
        let keywords = try #require(root["keywords"]?.sequence)
        #expect(keywords.map(\.string) == ["حلب", "هدنة", "news"])
        let news = keywords[2].location
        #expect(news.line == 10 && news.column == 23)
        let lineStart = Array(Self.recipe.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)[0..<9]
            .reduce(0) { $0 + $1.count + 1 }
        #expect(news.offset == lineStart + "keywords: [حلب, هدنة, ".utf8.count)
        #expect(news.sourceLine == "keywords: [حلب, هدنة, news]   # Arabic before the column")

        #expect(root["output"]?["pretty"]?.bool == true)
        #expect(root["description"]?.string == "Line one\n  indented\n")
        #expect(position(root["description"]) == "14:14")
        #expect(root["summary"]?.string == "folded text\n")
        if case .scalar(_, _, let style)? = root["summary"]?.kind { #expect(style == .folded) }
        if case .scalar(_, _, let style)? = root["description"]?.kind { #expect(style == .literal) }
        #expect(root["empty"]?.isNull == true)
        #expect(root["missing"] == nil)
        #expect(root["name"]?["x"] == nil)
    }

    /// Every node's location is what `SourceLocation.at` says for its byte offset: the same
    /// lines, columns and line text as every other diagnostic in warraq.
    @Test("Locations agree with SourceLocation.at", arguments: [
        recipe,
        "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: [1,\r2]\r\n",
        "list: [" + (0..<400).map { "item\($0)" }.joined(separator: ", ") + "]\n",
        "long: [" + (0..<300).map { "عنصر\($0)" }.joined(separator: ", ") + "]\nnext: {a: 1}\n",
        "- 'a'\n- \"b\"\n- &x [1, 2]\n- *x\n- ? [k]\n  : v\n",
    ])
    func locationsAgree(text: String) throws {
        let bytes = Array(text.utf8)
        let root = try #require(try YAML.parse(bytes, path: "p.yaml"))
        var pending = [root]
        var seen = 0
        while let node = pending.popLast() {
            seen += 1
            let offset = try #require(node.location.offset)
            let expected = SourceLocation.at(offset: offset, in: bytes, path: "p.yaml")
            #expect(node.location == expected, "\(node.location) vs \(expected)")
            switch node.kind {
            case .scalar: break
            case .sequence(let items): pending += items
            case .mapping(let pairs): pending += pairs.flatMap { [$0.key, $0.value] }
            }
        }
        #expect(seen > 5)
    }

    @Test func aLongLineIsShownAroundTheColumn() throws {
        let text = "list: [" + (0..<400).map { "item\($0)" }.joined(separator: ", ") + "]\n"
        let root = try #require(try load(text))
        let last = try #require(root["list"]?.sequence?.last)
        #expect(last.string == "item399")
        #expect(last.location.sourceLine?.hasPrefix("…") == true)
        let rendered = Diagnostic.error("x", "here", at: last.location).rendered.split(separator: "\n")
        let shown = Array(rendered[1].unicodeScalars), caret = Array(rendered[2].unicodeScalars)
        #expect(String(String.UnicodeScalarView(shown[(caret.count - 1)...].prefix(7))) == "item399")
    }

    @Test func aByteOrderMarkIsSkippedAndNotAColumn() throws {
        let root = try #require(try YAML.parse([0xEF, 0xBB, 0xBF] + Array("a: b\nc: d\n".utf8), path: "bom.yaml"))
        #expect(root["a"]?.string == "b")
        #expect(root.mapping?.first?.key.location == SourceLocation(path: "bom.yaml", line: 1, column: 1, offset: 3, sourceLine: "a: b"))
        #expect(position(root["a"]) == "1:4")
        #expect(position(root["c"]) == "2:4")
        #expect(root["c"]?.location.offset == 11)
        let error = try #require(failure([0xEF, 0xBB, 0xBF] + Array("a: b\nc: ".utf8) + [0xFF]))
        #expect(error.code == "invalid-utf8")
        #expect(error.location?.offset == 11 && error.location?.line == 2 && error.location?.column == 4)
        let syntax = try #require(failure([0xEF, 0xBB, 0xBF] + Array("a: [b\n".utf8)))
        #expect(syntax.location?.line == 2 && syntax.location?.column == 1 && syntax.location?.offset == 9)
    }

    @Test func aLeadingDocumentMarkerAndADocumentEndAreFine() throws {
        #expect(try load("---\na: 1\n")?["a"]?.int == 1)
        #expect(try load("%YAML 1.1\n---\na: 1\n...\n# done\n")?["a"]?.int == 1)
        #expect(try load("--- [1, 2]\n")?.sequence?.count == 2)
    }

    @Test("Empty files and files of comments are nil", arguments: ["", "\n\n", "# nothing\n\n   # here\n", "\u{FEFF}"])
    func emptyIsNil(text: String) throws {
        #expect(try load(text) == nil)
    }

    @Test func tagsAreKeptAsLibyamlReportsThem() throws {
        let root = try #require(try load("a: !!str 12\nb: !local x\nc: 12\nd: ! 12\ne: !!null ''\n"))
        func tag(_ key: String) -> String {
            if case .scalar(_, let tag, _)? = root[key]?.kind { return tag ?? "none" }
            return "not a scalar"
        }
        #expect(tag("a") == "tag:yaml.org,2002:str")
        #expect(tag("b") == "!local")
        #expect(tag("c") == "none")
        #expect(tag("d") == "!")
        #expect(root["a"]?.int == nil && root["a"]?.string == "12" && root["a"]?.typeDescription == "a string")
        #expect(root["c"]?.int == 12)
        #expect(root["d"]?.int == nil)
        #expect(root["e"]?.isNull == true)
    }

    @Test func mergeKeysAreOrdinaryKeys() throws {
        let root = try #require(try load("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n"))
        #expect(root["derived"]?.mapping?.map { $0.key.string } == ["<<", "y"])
        #expect(root["derived"]?["<<"]?["x"]?.int == 1)
    }

    // MARK: - Scalar types

    @Test("Plain scalars are typed by the YAML 1.2 core schema", arguments: [
        ("true", "true/false", true, nil, nil, false),
        ("False", "true/false", false, nil, nil, false),
        ("TRUE", "true/false", true, nil, nil, false),
        ("yes", "a string", nil, nil, nil, false),
        ("off", "a string", nil, nil, nil, false),
        ("'true'", "a string", nil, nil, nil, false),
        ("\"false\"", "a string", nil, nil, nil, false),
        ("~", "null", nil, nil, nil, true),
        ("null", "null", nil, nil, nil, true),
        ("NULL", "null", nil, nil, nil, true),
        ("", "null", nil, nil, nil, true),
        ("''", "a string", nil, nil, nil, false),
        ("'null'", "a string", nil, nil, nil, false),
        ("nil", "a string", nil, nil, nil, false),
        ("12", "a number", nil, 12, 12, false),
        ("-7", "a number", nil, -7, -7, false),
        ("+4", "a number", nil, 4, 4, false),
        ("0x1F", "a number", nil, 31, 31, false),
        ("0o17", "a number", nil, 15, 15, false),
        ("'12'", "a string", nil, nil, nil, false),
        ("1.5", "a number", nil, nil, 1.5, false),
        ("-.5e3", "a number", nil, nil, -500, false),
        ("1e3", "a number", nil, nil, 1000, false),
        ("99999999999999999999", "a number", nil, nil, 1e20, false),
        ("1_000", "a string", nil, nil, nil, false),
        ("12abc", "a string", nil, nil, nil, false),
        ("0x", "a string", nil, nil, nil, false),
        ("1e", "a string", nil, nil, nil, false),
        ("inf", "a string", nil, nil, nil, false),
        ("- 1", "a list", nil, nil, nil, false),
        ("{a: 1}", "a mapping", nil, nil, nil, false),
        ("[]", "a list", nil, nil, nil, false),
    ] as [(String, String, Bool?, Int?, Double?, Bool)])
    func scalarTypes(source: String, description: String, bool: Bool?, int: Int?, double: Double?, isNull: Bool) throws {
        let text = source.hasPrefix("- ") ? "v:\n  \(source)\n" : "v: \(source)\n"
        let value = try #require(try load(text)?["v"])
        #expect(value.typeDescription == description)
        #expect(value.bool == bool)
        #expect(value.int == int)
        #expect(value.double == double)
        #expect(value.isNull == isNull)
    }

    @Test func infinityAndNaN() throws {
        let root = try #require(try load("a: .inf\nb: -.Inf\nc: .nan\nd: '.inf'\n"))
        #expect(root["a"]?.double == .infinity)
        #expect(root["b"]?.double == -.infinity)
        #expect(root["c"]?.double?.isNaN == true)
        #expect(root["d"]?.double == nil)
    }

    @Test func quotedTextKeepsItsStyleAndEscapes() throws {
        let root = try #require(try load("a: \"tab\\there \\u0628\"\nb: 'it''s'\nc: \"nul\\0\"\n"))
        #expect(root["a"]?.string == "tab\there \u{0628}")
        #expect(root["b"]?.string == "it's")
        #expect(root["c"]?.string == "nul\u{0}")
        if case .scalar(_, _, let style)? = root["a"]?.kind { #expect(style == .doubleQuoted) }
    }

    // MARK: - Errors

    @Test func aDuplicateKeyIsAnErrorAtTheSecondKey() throws {
        let error = try #require(failure("name: a\ninput:\n  format: text\n  format: html\n"))
        #expect(error.code == "duplicate-key")
        #expect(error.rendered == """
            recipe.yaml:4:3: error: the key 'format' appears twice in this mapping
                  format: html
                  ^
            note: the first 'format' is on line 3
            """)
        #expect(error.location?.offset == 32)
        // Keys in different mappings, and equal values, are fine.
        #expect(try load("a: {x: 1}\nb: {x: 1}\nc: 1\nd: 1\n")?["b"]?["x"]?.int == 1)
        // Quoted and plain keys with the same text are the same key.
        #expect(failure("{a: 1, 'a': 2}")?.code == "duplicate-key")
        #expect(failure("? [1, 2]\n: a\n? [1, 2]\n: b\n")?.code == "duplicate-key")
        #expect(try load("? [1, 2]\n: a\n? [1, 3]\n: b\n? {1: 2}\n: c\n")?.mapping?.count == 3)
        #expect(failure("? [1, 2]\n: a\n? [1, '2']\n: b\n")?.code == "duplicate-key")
        // A long or multi-line key is shortened in the message.
        let long = String(repeating: "مفتاح ", count: 20)
        #expect(failure("\(long): 1\n\(long): 2\n")?.message == "the key '\(long.prefix(40))…' appears twice in this mapping")
        #expect(failure("? |\n  a\n  b\n: 1\n? |\n  a\n  b\n: 2\n")?.message == "the key 'a…' appears twice in this mapping")
    }

    @Test func anUnclosedBracketIsASyntaxErrorWithACaret() throws {
        let error = try #require(failure("a: [1, 2\nb: 3\n"))
        #expect(error.code == "yaml-syntax")
        #expect(error.rendered == """
            recipe.yaml:2:2: error: did not find expected ',' or ']' while parsing a flow sequence
                b: 3
                 ^
            note: the flow sequence began at line 1, column 4
            """)
    }

    @Test func aTabIndentIsASyntaxErrorWithAHint() throws {
        let error = try #require(failure("input:\n\tformat: text\n"))
        #expect(error.code == "yaml-syntax")
        #expect(error.rendered == """
            recipe.yaml:2:1: error: found character that cannot start any token while scanning for the next token
                \tformat: text
                ^
            note: YAML does not allow tabs for indentation; use spaces
            """)
    }

    @Test func aSyntaxErrorAfterArabicTextCountsScalars() throws {
        let error = try #require(failure("title: عنوان\nname: \"نص: غير مغلق\n"))
        #expect(error.code == "yaml-syntax")
        #expect(error.location?.line == 3)
        let error2 = try #require(failure("عنوان: [a, b}\n"))
        #expect(error2.location?.line == 1 && error2.location?.column == 13)
        #expect(error2.location?.offset == "عنوان: [a, b".utf8.count)
        #expect(error2.rendered.hasSuffix("    عنوان: [a, b}\n                ^\nnote: the flow sequence began at line 1, column 8"))
    }

    @Test func aSecondDocumentIsAnError() throws {
        let error = try #require(failure("a: 1\n---\nb: 2\n"))
        #expect(error.code == "yaml-multiple-documents")
        #expect(error.location?.line == 2 && error.location?.column == 1)
        #expect(error.location?.sourceLine == "---")
        // libyaml wants a '---' after a '...'.
        #expect(failure("a: 1\n...\nb: 2\n")?.message == "did not find expected <document start>")
        #expect(failure("a: 1\n...\n---\nb: 2\n")?.code == "yaml-multiple-documents")
        #expect(failure("--- 1\n--- 2\n")?.code == "yaml-multiple-documents")
    }

    // MARK: - Aliases and limits

    @Test func anAliasCopiesItsAnchoredNode() throws {
        let root = try #require(try load("base: &b {format: json, pretty: true}\nout: *b\nlist: [&x 1, *x, *x]\n"))
        let out = try #require(root["out"])
        #expect(out["format"]?.string == "json")
        #expect(out["pretty"]?.bool == true)
        #expect(position(out) == "2:6")
        // The items keep the locations of the original.
        #expect(position(out["format"]) == "1:19")
        #expect(root["list"]?.sequence?.compactMap(\.int) == [1, 1, 1])
    }

    @Test func anAnchorMayBeRedefined() throws {
        let root = try #require(try load("a: &x 1\nb: *x\nc: &x 2\nd: *x\n"))
        #expect(root["b"]?.int == 1)
        #expect(root["d"]?.int == 2)
    }

    @Test func anUnknownAliasIsAnError() throws {
        let error = try #require(failure("a: 1\nb: *nope\n"))
        #expect(error.code == "yaml-unknown-alias")
        #expect(error.message == "unknown alias '*nope': no anchor '&nope' comes before it")
        #expect(error.location?.line == 2 && error.location?.column == 4)
        // An alias inside the node it refers to.
        let recursive = try #require(failure("a: &x [1, *x]\n"))
        #expect(recursive.code == "yaml-unknown-alias")
        #expect(recursive.message.contains("contains it"))
        // An alias before its anchor.
        #expect(failure("a: *x\nb: &x 1\n")?.code == "yaml-unknown-alias")
    }

    @Test func aBillionLaughsFailsFast() throws {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let error = try #require(failure(text))
        #expect(error.code == "yaml-too-large")
        #expect(error.message == "the YAML expands to more than 100000 nodes (an alias bomb?)")
        #expect(error.location?.line != nil)
    }

    @Test func theNodeLimitCountsExpandedAliases() throws {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"  // 1 + (1 + 4) + (1 + 1 + 2 × 4) = 16 nodes
        #expect(try load(text, limits: YAML.Limits(maximumNodes: 16)) != nil)
        #expect(failure(text, limits: YAML.Limits(maximumNodes: 15))?.code == "yaml-too-large")
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = try #require(failure(String(repeating: "[", count: 10_000)))
        #expect(deep.code == "yaml-too-deep")
        #expect(deep.message == "the YAML nests deeper than 256 levels")
        #expect(deep.location?.column == 257)
        #expect(failure(String(repeating: "- ", count: 5_000) + "x\n")?.code == "yaml-too-deep")
        #expect(failure(String(repeating: "{a: ", count: 300) + "1" + String(repeating: "}", count: 300))?.code == "yaml-too-deep")
        // 256 levels are fine, 257 are not.
        let fine = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(try load(fine)?.sequence != nil)
        let tooMany = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        #expect(failure(tooMany)?.code == "yaml-too-deep")
        // An alias cannot stack a deep node deeper.
        let nested = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(failure("a: &d \(nested)\nb: " + String(repeating: "[", count: 60) + "*d" + String(repeating: "]", count: 60))?.code
            == "yaml-too-deep")
        #expect(try load("a: &d \(nested)\nb: " + String(repeating: "[", count: 50) + "*d" + String(repeating: "]", count: 50)) != nil)
    }

    // MARK: - Bad bytes

    @Test("Invalid UTF-8 is a located diagnostic", arguments: [
        [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF, 0xFE],
    ] as [[UInt8]])
    func invalidUTF8(bad: [UInt8]) throws {
        let error = try #require(failure(Array("a: b\nc: x".utf8) + bad + Array("y\n".utf8)))
        #expect(error.code == "invalid-utf8", "\(error.rendered)")
        #expect(error.message.hasPrefix("the YAML is not valid UTF-8: "))
        #expect(error.location?.line == 2 && error.location?.column == 5, "\(error.rendered)")
        #expect(error.location?.offset == 9)
    }

    @Test func invalidUTF8FarIntoTheFileIsFound() throws {
        let bytes = Array(("items:\n" + String(repeating: "  - عنصر\n", count: 5_000) + "  - x").utf8) + [0xFF, 0x0A]
        let error = try #require(failure(bytes))
        #expect(error.code == "invalid-utf8")
        #expect(error.location?.line == 5_002 && error.location?.column == 6)
    }

    @Test func aUTF16FileIsRefused() throws {
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("a: 1\n".utf8).flatMap { [$0, 0] }
        #expect(failure(utf16)?.code == "invalid-utf8")
    }

    @Test("NUL and other control characters are diagnostics", arguments: [
        ([0x61, 0x3A, 0x20, 0x62, 0x00, 0x63, 0x0A], 5, "U+0000"),
        ([0x00], 1, "U+0000"),
        ([0x61, 0x3A, 0x20, 0x1B, 0x0A], 4, "U+001B"),
        ([0x2D, 0x20, 0x22, 0x61, 0x00, 0x22], 5, "U+0000"),
    ] as [([UInt8], Int, String)])
    func controlCharacters(bytes: [UInt8], column: Int, name: String) throws {
        let error = try #require(failure(bytes))
        #expect(error.code == "yaml-syntax")
        #expect(error.message == "control character \(name) is not allowed in YAML")
        #expect(error.location?.line == 1 && error.location?.column == column)
        #expect(error.rendered.contains("\u{FFFD}"))
    }

    @Test func garbageNeverCrashes() {
        // A fixed pseudo-random walk over YAML's punctuation, bad bytes and text.
        let pieces: [[UInt8]] = [
            Array("- ".utf8), Array(": ".utf8), Array("[".utf8), Array("]".utf8), Array("{".utf8), Array("}".utf8),
            Array("&a ".utf8), Array("*a".utf8), Array("!!str ".utf8), Array("'".utf8), Array("\"".utf8),
            Array("\n".utf8), Array("\n  ".utf8), Array("\t".utf8), Array("? ".utf8), Array("|\n".utf8),
            Array(">-\n".utf8), Array("---\n".utf8), Array("# c\n".utf8), Array("حلب".utf8), [0xFF], [0x00], [0xE2, 0x82],
            Array("x".utf8), Array("%YAML 1.2\n".utf8), Array("\\".utf8), Array(",".utf8),
        ]
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(seed % 24) {
                seed ^= seed << 13
                seed ^= seed >> 7
                seed ^= seed << 17
                bytes += pieces[Int(seed % UInt64(pieces.count))]
            }
            do {
                _ = try YAML.parse(bytes, path: "fuzz.yaml")
            } catch {
                #expect(error.location?.path == "fuzz.yaml")
                #expect(!error.message.isEmpty)
            }
        }
    }
}
