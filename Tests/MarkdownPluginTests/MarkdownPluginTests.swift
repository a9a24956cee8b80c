import DocumentModel
import Foundation
import MarkdownPlugin
import Testing
import TestSupport
import WarraqKit

/// Writes `document` with the `markdown` output and `options`; returns the text and the warnings.
func markdown(_ document: Document, _ options: [String: String] = [:]) throws -> (text: String, warnings: [Diagnostic]) {
    let plugin = MarkdownOutput()
    let values = try OptionValues.check(
        options.sorted { $0.key < $1.key }.map { RawOption(name: $0.key, value: $0.value) }, against: plugin.options, plugin: plugin.name)
    var context = PluginContext(inputName: "test")
    let bytes = try plugin.write(document, options: values, context: &context)
    return (String(decoding: bytes, as: UTF8.self), context.diagnostics)
}

/// The Markdown of one paragraph made of `inlines`.
func markdown(inlines: [Inline], _ options: [String: String] = [:]) throws -> String {
    try markdown(Document(blocks: [Block(.paragraph(inlines))]), options).text
}

func text(_ string: String) -> Inline { Inline(.text(string)) }

/// The variants every golden document is written in: name suffix and options.
let goldenVariants: [(suffix: String, options: [String: String])] = [
    ("commonmark", [:]),
    ("gfm", ["flavor": "gfm"]),
    ("front-matter-spans", ["front-matter": "true", "entities": "spans"]),
]

/// The documents with golden files: name and document.
func goldenDocuments() throws -> [(name: String, document: Document)] {
    [("aleppo-ceasefire.ar", try TestDocuments.sampleArticle()), ("every-kind", TestDocuments.everyKindDocument())]
        + TestDocuments.edgeCases()
}

@Suite("Markdown output")
struct MarkdownPluginTests {
    @Test func theDocumentsMatchTheirGoldenFilesInEveryVariant() throws {
        for (name, document) in try goldenDocuments() {
            for (suffix, options) in goldenVariants {
                let first = try markdown(document, options)
                let again = try markdown(document, options)
                #expect(first.text == again.text, "\(name).\(suffix) is not deterministic")
                #expect(Golden.mismatch(Array(first.text.utf8), "markdown/\(name).\(suffix).md") == nil)
            }
        }
    }

    @Test func theSampleIsWrittenWithoutWarnings() throws {
        let document = try TestDocuments.sampleArticle()
        for (_, options) in goldenVariants {
            let result = try markdown(document, options)
            #expect(result.warnings.isEmpty, "\(result.warnings)")
            #expect(result.text.contains("\n# واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا\n"))
        }
    }

    @Test func whatMarkdownCannotHoldIsReportedOncePerKind() throws {
        let document = TestDocuments.everyKindDocument()
        let commonmark = try markdown(document).warnings
        #expect(commonmark.map(\.code) == ["raw-dropped", "table-as-html", "strikeout-as-html"])
        #expect(commonmark.allSatisfy { $0.severity == .warning })
        #expect(commonmark[0].message == "1 raw 'tei' passage left out: Markdown passes through only raw markdown and html")
        #expect(commonmark[1].message.hasPrefix("1 table written as HTML: CommonMark has no tables"))
        let gfm = try markdown(document, ["flavor": "gfm"]).warnings
        #expect(gfm.map(\.code) == ["raw-dropped", "table-as-html"])
        #expect(gfm[1].message == "1 table written as HTML: GFM tables cannot span rows or columns")
        let mixed = try markdown(TestDocuments.edgeCases().first { $0.name == "mixed-text" }!.document).warnings
        #expect(mixed.map(\.code) == ["control-characters"])
        #expect(mixed.first?.message == "5 control characters (U+0001, U+0008, U+000B, U+000C, U+001F) left out: Markdown cannot hold them")
    }

    @Test func optionsAreCheckedBeforeWriting() throws {
        let plugin = MarkdownOutput()
        #expect(plugin.name == "markdown" && plugin.fileExtension == "md" && plugin.otherExtensions == ["markdown"])
        #expect(plugin.options.map(\.name) == ["flavor", "front-matter", "entities"])
        do {
            _ = try OptionValues.check([RawOption(name: "flavor", value: "gfn")], against: plugin.options, plugin: plugin.name)
            Issue.record("accepted flavor=gfn")
        } catch {
            #expect(error.message == "option 'flavor' of 'markdown' expects one of commonmark, gfm, got \"gfn\"")
            #expect(error.notes.first == "did you mean 'gfm'?")
        }
    }

    @Test("Text that looks like Markdown is escaped", arguments: [
        ("*not emphasis* _no_ __no__ **no**", #"\*not emphasis\* \_no\_ \_\_no\_\_ \*\*no\*\*"#),
        ("[no](link) ![no](img) <b>no</b> <http://x.y>", #"\[no\](link) !\[no\](img) \<b>no\</b> \<http://x.y>"#),
        ("`no code` \\ backslash", #"\`no code\` \\ backslash"#),
        ("# no heading", ##"\# no heading"##),
        ("a # b", "a # b"),
        ("> no quote", #"\> no quote"#),
        ("a > b", "a > b"),
        ("- no item", #"\- no item"#),
        ("+ no item", #"\+ no item"#),
        ("1. no item", #"1\. no item"#),
        ("2016) no item", #"2016\) no item"#),
        ("١. Arabic digits make no list", "١. Arabic digits make no list"),
        ("=== no underline", #"\=== no underline"#),
        ("--- no rule", #"\--- no rule"#),
        ("~~~ no fence", #"\~~~ no fence"#),
        ("a ~ b | c", "a ~ b | c"),
        ("&amp; &#35; &#x23; & &x AT&T", #"\&amp; \&#35; \&#x23; & &x AT&T"#),
        ("    four spaces, then a tab\t", "four spaces, then a tab"),
    ] as [(String, String)])
    func escapesInCommonMark(input: String, expected: String) throws {
        #expect(try markdown(inlines: [text(input)]) == expected + "\n")
    }

    @Test("GFM escapes its own syntax too", arguments: [
        ("a ~ b | c", #"a \~ b \| c"#),
        (":-- no table", #"\:-- no table"#),
        ("www.example.com and https://example.com", #"www\.example.com and https\://example.com"#),
        ("awww.example.com", "awww.example.com"),
    ] as [(String, String)])
    func escapesInGFM(input: String, expected: String) throws {
        #expect(try markdown(inlines: [text(input)], ["flavor": "gfm"]) == expected + "\n")
    }

    @Test func everyLineOfAParagraphIsEscapedAtItsStart() throws {
        let inlines: [Inline] = [text("a"), Inline(.softBreak), text("# b"), Inline(.lineBreak), text("  - c  "), Inline(.softBreak), text("1) d")]
        #expect(try markdown(inlines: inlines) == "a\n\\# b\\\n\\- c\n1\\) d\n")
        // Blank lines would end the paragraph; trailing breaks show nothing.
        let breaks: [Inline] = [Inline(.softBreak), text("a"), Inline(.softBreak), text("  "), Inline(.softBreak), text("b"), Inline(.lineBreak), Inline(.softBreak), Inline(.lineBreak), text("c"), Inline(.lineBreak)]
        #expect(try markdown(inlines: breaks) == "a\nb\\\n\\\nc\n")
        #expect(try markdown(inlines: [text("a\r\nb\rc")]) == "a\nb\nc\n")
        #expect(try markdown(inlines: [text("  "), Inline(.lineBreak)]) == "")
    }

    @Test func emphasisUsesAsterisksWhereCommonMarkReadsThemElseHTML() throws {
        func em(_ children: Inline...) -> Inline { Inline(.emphasis(children)) }
        func strong(_ children: Inline...) -> Inline { Inline(.strong(children)) }
        #expect(try markdown(inlines: [text("a "), em(text("b")), text(" c")]) == "a *b* c\n")
        // White space at the edges moves outside; empty emphasis goes.
        #expect(try markdown(inlines: [text("a"), em(text(" b ")), text("c"), em(text(" "))]) == "a *b* c\n")
        // Two runs of asterisks side by side would merge.
        #expect(try markdown(inlines: [em(em(text("x")))]) == "*<em>x</em>*\n")
        #expect(try markdown(inlines: [em(text("a")), strong(text("b"))]) == "*a*<strong>b</strong>\n")
        // Punctuation inside against a letter outside: CommonMark would not open or close.
        #expect(try markdown(inlines: [text("a"), em(text("\"b\"")), text("c")]) == "a<em>\"b\"</em>c\n")
        #expect(try markdown(inlines: [text("a"), em(text("b")), text("c")]) == "a*b*c\n")
        // An inner run that could close would close the outer one.
        #expect(try markdown(inlines: [em(text("a"), em(text("b")), text("c"))]) == "*a<em>b</em>c*\n")
        #expect(try markdown(inlines: [Inline(.strikeout([text("x")]))], ["flavor": "gfm"]) == "~~x~~\n")
        #expect(try markdown(inlines: [Inline(.strikeout([text("x")]))]) == "<del>x</del>\n")
        #expect(try markdown(inlines: [Inline(.superscript([text("2")])), Inline(.subscript([text("i")]))]) == "<sup>2</sup><sub>i</sub>\n")
    }

    @Test func codeSpansAndBlocksFenceLongerThanAnyRunInside() throws {
        #expect(try markdown(inlines: [Inline(.code("a"))]) == "`a`\n")
        #expect(try markdown(inlines: [Inline(.code("a``b"))]) == "```a``b```\n")
        #expect(try markdown(inlines: [Inline(.code("`a"))]) == "`` `a ``\n")
        #expect(try markdown(inlines: [Inline(.code(" a "))]) == "`  a  `\n")
        #expect(try markdown(inlines: [Inline(.code("  "))]) == "`  `\n")
        #expect(try markdown(inlines: [Inline(.code("a\nb"))]) == "`a b`\n")
        #expect(try markdown(inlines: [text("x"), Inline(.code(""))]) == "x\n")
        let code = Document(blocks: [
            Block(.codeBlock(language: "swift", text: "let a = \"```\"\n````\n")),
            Block(.codeBlock(language: "we`ird", text: "~~~~")),
            Block(.codeBlock(language: nil, text: "")),
        ])
        #expect(try markdown(code).text == "`````swift\nlet a = \"```\"\n````\n`````\n\n~~~~~we`ird\n~~~~\n~~~~~\n\n```\n```\n")
    }

    @Test func linksAndImagesEscapeTheirDestinationsAndTitles() throws {
        func link(_ target: String, _ title: String? = nil, _ content: String = "x") -> Inline {
            Inline(.link(Link(target: target, title: title), [text(content)]))
        }
        #expect(try markdown(inlines: [link("https://example.com/a_(b)?c=1&d=2")]) == #"[x](https://example.com/a_\(b\)?c=1&d=2)"# + "\n")
        #expect(try markdown(inlines: [link("a b<c>", "say \"hi\"\nthere \\ &amp; \\")]) == #"[x](<a b\<c\>> "say \"hi\" there \\ &amp;amp; &#92;")"# + "\n")
        #expect(try markdown(inlines: [link("", nil, "")]) == "[](<>)\n")
        #expect(try markdown(inlines: [link("a\u{1}b&amp;c")]) == #"[x](a%01b&amp;amp;c)"# + "\n")
        #expect(try markdown(inlines: [text("Wow!"), link("u")]) == #"Wow\![x](u)"# + "\n")
        let nested = try markdown(Document(blocks: [Block(.paragraph([Inline(.link(Link(target: "a"), [text("x "), link("b", nil, "y")]))]))]))
        #expect(nested.text == "[x y](a)\n")
        #expect(nested.warnings.map(\.code) == ["link-in-link"])
        let image = Inline(.image(Image(source: "i.png", title: "T", description: [text("*alt*")])))
        #expect(try markdown(inlines: [image]) == #"![\*alt\*](i.png "T")"# + "\n")
    }

    @Test func quotationsGetCurlyQuotationMarks() throws {
        #expect(try markdown(inlines: [Inline(.quoted(.double, [text("a")])), text(" "), Inline(.quoted(.single, [text("b")]))]) == "“a” ‘b’\n")
    }

    @Test func entitiesArePlainTextOrBracketedSpans() throws {
        let kerry = Inline(.entity(Entity(kind: .person), [text("جون كيري")]))
        let odd = Inline(.entity(Entity(kind: EntityKind("my kind*")), [text("x")]))
        #expect(try markdown(inlines: [text("قال "), kerry]) == "قال جون كيري\n")
        #expect(try markdown(inlines: [text("قال "), kerry, text(" "), odd], ["entities": "spans"]) == "قال [جون كيري]{.person} [x]{.my-kind-}\n")
        #expect(try markdown(inlines: [text("a"), Inline(.entity(Entity(kind: .place), []))], ["entities": "spans"]) == "a\n")
    }

    @Test func listsAreTightForSingleBlockItemsAndNeverMerge() throws {
        let tight = Document(blocks: [
            Block(.list(ordered: true, start: 9, items: [[.paragraph("a")], [.paragraph("b"), Block(.list(ordered: false, start: 1, items: [[.paragraph("c")]]))], []])),
            Block(.list(ordered: true, start: 1, items: [[.paragraph("d")]])),
            Block(.division([Block(.list(ordered: false, start: 1, items: [[.paragraph("e")]]))])),
            Block(.list(ordered: false, start: 1, items: [[.paragraph("f")]])),
        ])
        #expect(try markdown(tight).text == "9. a\n10. b\n    - c\n11.\n\n1) d\n\n- e\n\n+ f\n")
        let loose = Document(blocks: [Block(.list(ordered: false, start: 1, items: [[.paragraph("a"), .paragraph("b")], [.paragraph("c")]]))])
        #expect(try markdown(loose).text == "- a\n\n  b\n\n- c\n")
        let negative = try markdown(Document(blocks: [Block(.list(ordered: true, start: -2, items: [[.paragraph("a")]]))]))
        #expect(negative.text == "0. a\n")
        #expect(negative.warnings.map(\.code) == ["list-start"])
    }

    @Test func blocksNestAndSeparateSafely() throws {
        let document = Document(blocks: [
            .paragraph("a"),
            Block(.thematicBreak),
            Block(.blockQuote([.paragraph("q"), Block(.codeBlock(language: nil, text: "x\n\ny"))])),
            Block(.blockQuote([])),
            .heading(9, "deep # heading #"),
            Block(.heading(level: 2, content: [text("a"), Inline(.softBreak), text("b"), Inline(.lineBreak), text("c")])),
            Block(.raw(format: "html", text: "\n<div>raw</div>\n")),
            Block(.raw(format: "markdown", text: "*raw*")),
            Block(.raw(format: "latex", text: "\\relax")),
            Block(.paragraph([])),
            Block(.figure(image: Image(source: "f.jpg", description: [text("alt")]), caption: [.paragraph("Caption")])),
        ])
        let result = try markdown(document)
        #expect(result.text == """
            a

            ***

            > q
            >
            > ```
            > x
            >
            > y
            > ```

            >

            ###### deep \\# heading \\#

            ## a b<br>c

            <div>raw</div>

            *raw*

            ![alt](f.jpg)

            Caption

            """)
        #expect(result.warnings.map(\.message) == ["1 raw 'latex' passage left out: Markdown passes through only raw markdown and html"])
    }

    @Test func pipeTablesAlignByTheDirectionOfTheText() throws {
        let table = Table(
            caption: [.paragraph("Caption")],
            head: [TableRow(cells: [TableCell([.paragraph("a")], isHeader: true, alignment: .start), TableCell([.paragraph("b|c")], isHeader: true)])],
            body: [
                TableRow(cells: [TableCell([.paragraph("1")]), TableCell([Block(.paragraph([Inline(.code("x|y"))]))], alignment: .end), TableCell([.paragraph("extra")])]),
                TableRow(cells: [TableCell([])]),
            ])
        let ltr = try markdown(Document(blocks: [Block(.table(table))]), ["flavor": "gfm"])
        #expect(ltr.text == "| a | b\\|c |  |\n| :--- | ---: | --- |\n| 1 | `x\\|y` | extra |\n|  |  |  |\n\nCaption\n")
        #expect(ltr.warnings.isEmpty)
        let rtl = try markdown(Document(metadata: Metadata(direction: .rightToLeft), blocks: [Block(.table(table))]), ["flavor": "gfm"])
        #expect(rtl.text.contains("| ---: | :--- | --- |"))
        let headless = Table(body: [TableRow(cells: [TableCell([.paragraph("x")])])])
        #expect(try markdown(Document(blocks: [Block(.table(headless))]), ["flavor": "gfm"]).text == "|  |\n| --- |\n| x |\n")
        let commonmark = try markdown(Document(blocks: [Block(.table(headless))]))
        #expect(commonmark.text == "<table>\n<tbody>\n<tr>\n<td>\n\nx\n\n</td>\n</tr>\n</tbody>\n</table>\n")
        #expect(commonmark.warnings.map(\.code) == ["table-as-html"])
    }

    @Test func frontMatterHoldsTheMetadataAsQuotedYAML() throws {
        let metadata = TestDocuments.everyKindDocument().metadata
        var hostile = metadata
        hostile.title = "a \"quoted\" \\ title: with # and\nnewline\u{0}\u{7F}\u{85}\u{2028}\u{FEFF} 👍🏽"
        hostile.extra.append(KeyValue("key: \"odd\"", "- value"))
        for metadata in [metadata, hostile] {
            let result = try markdown(Document(metadata: metadata, blocks: [.paragraph("body")]), ["front-matter": "true"])
            #expect(result.text.hasPrefix("---\n") && result.text.hasSuffix("---\n\nbody\n"))
            let yaml = result.text.dropFirst(4).components(separatedBy: "\n---\n")[0]
            let node = try #require(try YAML.parse(Array(yaml.utf8), path: "front matter"))
            #expect(node["title"]?.string == metadata.title)
            #expect(node["authors"]?.sequence?.compactMap(\.string) == metadata.authors)
            #expect(node["direction"]?.string == "rtl")
            #expect(node["sourceURL"]?.string == metadata.sourceURL)
            #expect(node["imageCaption"]?.string == metadata.imageCaption)
            let extra = node["extra"]?.sequence?.compactMap { $0.mapping?.first }.map { KeyValue($0.key.string ?? "", $0.value.string ?? "") }
            #expect(extra == metadata.extra)
        }
        #expect(try markdown(Document(blocks: [.paragraph("x")]), ["front-matter": "true"]).text == "x\n")
        #expect(try markdown(Document(metadata: Metadata(title: "t")), ["front-matter": "true"]).text == "---\ntitle: \"t\"\n---\n")
    }

    @Test func deepDocumentsAreWrittenOrRefusedWithoutACrash() throws {
        // As deep as the AST allows: written.
        var quote = Block.paragraph("deep")
        for _ in 1..<(DocumentLimits.maximumDepth - 1) { quote = Block(.blockQuote([quote])) }
        var emphasis = Inline.text("deep")
        for _ in 1..<(DocumentLimits.maximumDepth - 1) { emphasis = Inline(.emphasis([emphasis])) }
        let written = try markdown(Document(blocks: [quote, Block(.paragraph([emphasis]))])).text
        #expect(written.hasPrefix(String(repeating: "> ", count: DocumentLimits.maximumDepth - 2) + "deep\n"))
        // The outermost and innermost emphasis can be asterisks; those between touch them.
        #expect(written.hasSuffix("*deep*" + String(repeating: "</em>", count: DocumentLimits.maximumDepth - 4) + "*\n"))
        // Far deeper: refused with an error.
        var deep = Document(blocks: [Block.paragraph("x")])
        for _ in 0..<100_000 { deep.blocks = [Block(.blockQuote(deep.blocks))] }
        do {
            _ = try markdown(deep)
            Issue.record("wrote a document 100,000 levels deep")
        } catch is DepthLimitExceeded {
        } catch {
            Issue.record("unexpected error \(error)")
        }
        // Swift would release the nested value recursively; take it apart first.
        deep.removeAllBlocksIteratively()
    }
}
