import DocumentModel
import Foundation
import TEIPlugin
import TestSupport
import Testing
import WarraqKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("TEI output")
struct TEIOutputTests {
    @Test("Golden files", arguments: try TEICase.all())
    func matchesItsGoldenFile(_ teiCase: TEICase) throws {
        let (bytes, _) = try teiCase.write()
        #expect(Golden.mismatch(bytes, teiCase.golden) == nil)
        // The same document gives the same bytes.
        #expect(try teiCase.write().bytes == bytes)
    }

    /// Well-formedness with namespaces, by an XML parser, for every golden case; it needs no
    /// outside tool, so it runs even where jing does not.
    @Test func everyOutputIsWellFormedXML() throws {
        for teiCase in try TEICase.all() {
            let (bytes, _) = try teiCase.write()
            let parser = XMLParser(data: Data(bytes))
            parser.shouldProcessNamespaces = true
            let ok = parser.parse()
            #expect(ok, "\(teiCase.name): not well-formed: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
        }
    }

    @Test func theSampleHasItsLanguageAndTitleInTheHeader() throws {
        let sample = try TEICase.all()[0]
        let (bytes, warnings) = try sample.write()
        let xml = String(decoding: bytes, as: UTF8.self)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"ar\">"))
        #expect(xml.contains("<titleStmt>\n        <title>واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا</title>"))
        #expect(xml.contains("<language ident=\"ar\"/>"))
        #expect(xml.contains("<application ident=\"warraq\" version=\"\(WarraqVersion.current)\">"))
        #expect(xml.contains("<text rend=\"rtl\">"))
        // Nothing is invented: the sample has no publisher, date or URL.
        #expect(xml.contains("<publicationStmt>\n        <p/>\n      </publicationStmt>"))
        #expect(!xml.contains("<publisher"))
        #expect(warnings.isEmpty, "\(warnings)")
    }

    @Test func theEveryKindDocumentWarnsOfWhatTEIHasNoPlaceFor() throws {
        let (_, warnings) = try TEICase(name: "every-kind", document: TestDocuments.everyKindDocument()).write()
        #expect(warnings.map(\.code) == ["tei-raw-dropped", "tei-attribute-pairs", "tei-link-title", "tei-empty-list", "tei-empty-table"])
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(warnings[0].message == "1 raw html passage left out: the TEI output keeps raw tei only")
        #expect(warnings[1].message.hasPrefix("2 attribute key/value pairs left out"))
    }

    @Test func controlCharactersAreDroppedWithOneWarning() throws {
        let mixed = try #require(TestDocuments.edgeCases().first { $0.name == "mixed-text" })
        let (bytes, warnings) = try TEICase(name: "mixed-text", document: mixed.document).write()
        let controls = warnings.filter { $0.code == "tei-control-characters" }
        #expect(controls.count == 1)
        #expect(controls.first?.message == "5 characters that XML 1.0 does not allow (control characters) left out")
        #expect(!bytes.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A })
        let xml = String(decoding: bytes, as: UTF8.self)
        #expect(xml.contains("controls:  tab\t and bidi \u{200F}\u{202B}x\u{202C};"))
        #expect(xml.contains("markup-like: &lt;b&gt;&amp;amp;&lt;/b&gt;"))
        #expect(xml.contains("<title>Mixed \"text\" &lt;&amp;&gt;</title>"))
        #expect(xml.contains("<p xml:lang=\"en\" rend=\"ltr\">English paragraph inside an Arabic document.</p>"))
    }

    @Test func rawTEIGoesInOnlyWhenWellFormed() throws {
        let (bytes, warnings) = try TEICase(name: "nesting", document: TEICase.nestingDocument()).write()
        let xml = String(decoding: bytes, as: UTF8.self)
        #expect(xml.contains("<note type=\"editorial\">a <hi rend=\"italic\">well-formed</hi> note</note>"))
        #expect(xml.contains("<ab>&lt;note&gt;not closed</ab>"))
        #expect(xml.contains("<ab>&lt;x:note&gt;prefix not declared&lt;/x:note&gt;</ab>"))
        #expect(xml.contains("inline raw: a &amp; b "))
        let notXML = try #require(warnings.first { $0.code == "tei-raw-not-xml" })
        #expect(notXML.message.hasPrefix("3 raw tei passages are not well-formed XML, written as text (first: <note> is not closed)"))
        let dropped = warnings.filter { $0.code == "tei-raw-dropped" }.map(\.message)
        #expect(dropped == [
            "2 raw html passages left out: the TEI output keeps raw tei only",
            "1 raw markdown passage left out: the TEI output keeps raw tei only",
        ])
    }

    @Test func entitiesAndLinksNestEitherWay() throws {
        let (bytes, warnings) = try TEICase(name: "nesting", document: TEICase.nestingDocument()).write()
        let xml = String(decoding: bytes, as: UTF8.self)
        #expect(xml.contains(
            "<ref target=\"https://example.com/kerry\"><persName key=\"John Kerry\" ref=\"https://www.wikidata.org/wiki/Q22316\">جون كيري</persName></ref>"))
        #expect(xml.contains("<orgName><ref target=\"https://un.org/\">الامم المتحدة</ref></orgName>"))
        #expect(xml.contains("<orgName>جامعة <placeName>حلب</placeName></orgName>"))
        #expect(xml.contains("<hi rend=\"italic\"><ref><date when=\"2016-04-30\">السبت</date></ref></hi>"))
        // In an image description: the link and the entity stay, the span and the inner image
        // become text, the line break a space.
        #expect(xml.contains(
            "<figDesc>a span, a break , <ref target=\"https://example.com/\">a link</ref>, <placeName ref=\"https://www.wikidata.org/wiki/Q41183\">حلب</placeName>"))
        #expect(xml.contains("<code>code</code>, an inner image, <hi rend=\"caps\">raw</hi></figDesc>"))
        let codes = warnings.map(\.code)
        #expect(codes.contains("tei-image-description"))
    }

    @Test func entityValuesTakeTheirTEIForms() throws {
        let (bytes, warnings) = try TEICase(name: "nesting", document: TEICase.nestingDocument()).write()
        let xml = String(decoding: bytes, as: UTF8.self)
        for expected in [
            "<date notBefore=\"2016-04-22\">since the 22nd</date>",
            "<date notAfter=\"2016-04-29\">until the 29th</date>",
            "<date when-iso=\"2016-W17\">week 17</date>",
            "<date when=\"2016-04-30T10:15:00+03:00\">Saturday morning</date>",
            "<date when-iso=\"2016-02-30\">a day that is not</date>",
            "<date>Friday</date>",
            "<time when-iso=\"10:15\">quarter past ten</time>",
            "<time when=\"10:15:00\">10:15</time>",
            "<num value=\"1/2\">half</num>",
            "<num>a thousand</num>",
            "<num value=\"-2.5e3\">minus 2500</num>",
            "<measure type=\"percent\" quantity=\"40\">٤٠٪</measure>",
            "<measure type=\"currency\" quantity=\"10\" unit=\"USD\">ten dollars</measure>",
            "<measure type=\"currency\" quantity=\"3.5\" unit=\"EUR\">€3.50</measure>",
            "<measure type=\"currency\">a fortune</measure>",
            "<rs type=\"work-of-art\" key=\"Guernica\">Guernica</rs>",
            "<placeName cert=\"0.5\" xml:id=\"damascus\" xml:lang=\"ar\">دمشق</placeName>",
        ] {
            #expect(xml.contains(expected), "\(expected)")
        }
        let values = try #require(warnings.first { $0.code == "tei-entity-value" })
        #expect(values.message == "3 normalized entity values left out: not in a form TEI takes (first: date 'Friday')")
        #expect(warnings.contains { $0.code == "tei-entity-reference" })
    }

    @Test func attributesBecomeXMLIdLangAndRendOrAreLeftOutWithAWarning() throws {
        let (bytes, warnings) = try TEICase(name: "nesting", document: TEICase.nestingDocument()).write()
        let xml = String(decoding: bytes, as: UTF8.self)
        #expect(xml.contains("<p xml:id=\"عنوان_١\" xml:lang=\"en-GB\" rend=\"ltr\">"))
        #expect(xml.contains("<seg>bad id</seg><seg>emoji id</seg><seg xml:id=\"twice\">first</seg><seg>second</seg><seg>bad language</seg>"))
        #expect(xml.contains("<seg rend=\"two words rtlmark rtl\">classes</seg>"))
        #expect(xml.contains("<ref target=\"https://example.com/a%20b?q=%25zz#one%23two%01\">odd URL</ref>"))
        #expect(xml.contains("<ref target=\"1st%3Aplace\">not a scheme</ref>"))
        #expect(xml.contains("<code>a &lt; b &amp;&amp; c &gt; \"d\"</code>"))
        #expect(xml.contains("<ab type=\"code\" xml:space=\"preserve\"><code lang=\"objective-c\">a&#xD;\nb\tc</code></ab>"))
        let ids = try #require(warnings.first { $0.code == "tei-id" })
        #expect(ids.message == "3 ids left out: not an XML name, or used twice (first: 'a b')")
        #expect(warnings.contains { $0.code == "tei-language" && $0.message.contains("'x-klingon-whatever123456'") })
    }

    @Test func headingsMakeSectionsAndBlocksAfterADivisionGetOne() throws {
        let (bytes, warnings) = try TEICase(name: "nesting", document: TEICase.nestingDocument()).write()
        let xml = String(decoding: bytes, as: UTF8.self)
        #expect(xml.contains("""
                  <div type="article">
                    <p>Before any heading.</p>
                    <div rend="box">
                      <head>A division's head</head>
                      <p>in the division</p>
                    </div>
                    <div>
                      <p>After a division, so in a div of its own.</p>
                      <milestone unit="section"/>
                    </div>
                    <div>
                      <head>Links and entities</head>
            """))
        #expect(xml.contains("<quote>\n            <ab type=\"head\">A heading in a quote</ab>"))
        #expect(xml.contains("<p xml:lang=\"en\">a division in a quote</p>"))
        #expect(xml.contains("<list rend=\"numbered\">\n            <item n=\"0\">zero</item>"))
        #expect(xml.contains("<item n=\"2\">\n              <p xml:lang=\"fr\">a division in an item</p>\n            </item>"))
        #expect(xml.contains("<p>A caption without a table</p>"))
        #expect(xml.contains("<note type=\"caption\">"))
        for code in ["tei-division", "tei-empty-list", "tei-empty-row", "tei-empty-table"] {
            #expect(warnings.contains { $0.code == code }, "\(code)")
        }
        #expect(warnings.first { $0.code == "tei-empty-row" }?.message == "2 table rows without cells left out: a TEI row needs a cell")
    }

    @Test func optionsChangeTheHeaderEntitiesAndIndentation() throws {
        let document = TestDocuments.everyKindDocument()
        let full = String(decoding: try TEICase(name: "full", document: document).write().bytes, as: UTF8.self)
        let minimal = String(decoding: try TEICase(name: "minimal", document: document, options: ["header": "minimal"]).write().bytes, as: UTF8.self)
        for part in ["<author>", "<publisher>", "<notesStmt>", "<bibl>", "<encodingDesc>", "<profileDesc>"] {
            #expect(full.contains(part), "\(part)")
            #expect(!minimal.contains(part), "\(part)")
        }
        #expect(minimal.contains("<sourceDesc>\n        <p/>\n      </sourceDesc>"))

        let plain = String(decoding: try TEICase(name: "plain", document: document, options: ["entities": "false"]).write().bytes, as: UTF8.self)
        for element in ["<persName", "<placeName", "<date ", "<num", "<rs "] {
            #expect(full.contains(element), "\(element)")
            #expect(!plain[plain.range(of: "<text")!.lowerBound...].contains(element), "\(element)")
        }
        #expect(plain.contains("قال جون كيري <lb/>"))

        let compact = try TEICase(name: "compact", document: document, options: ["pretty": "false"]).write().bytes
        // The declaration's line, the document's line, and the newlines of the code blocks.
        #expect(compact.filter { $0 == 0x0A }.count == 3)
        // Only added white space differs.
        let squeezed = full.split(separator: "\n").map { $0.drop(while: { $0 == " " }) }.joined()
        #expect(String(decoding: compact, as: UTF8.self).replacingOccurrences(of: "\n", with: "") == squeezed)
    }

    @Test func aDocumentAtTheDepthLimitIsWritten() throws {
        var inline = Inline.text("deep")
        var block = Block(.paragraph([inline]))
        for level in 0..<(DocumentLimits.maximumDepth - 2) {
            inline = Inline(level % 2 == 0 ? .emphasis([inline]) : .entity(Entity(kind: .person), [inline]))
            block = Block(level % 3 == 0 ? .division([block]) : .blockQuote([block]))
        }
        let document = Document(blocks: [block, Block(.paragraph([inline]))])
        try document.checkDepth()
        let (bytes, _) = try TEICase(name: "deep", document: document).write()
        let xml = String(decoding: bytes, as: UTF8.self)
        #expect(xml.components(separatedBy: "<quote>").count == xml.components(separatedBy: "</quote>").count)
        #expect(xml.hasSuffix("</TEI>\n"))
    }
}
