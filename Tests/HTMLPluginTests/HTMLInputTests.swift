import DocumentModel
import Foundation
@testable import HTMLPlugin
import TestSupport
import Testing
import WarraqKit

@Suite("HTML input: body mode maps every element")
struct HTMLBodyModeTests {
    @Test func blocksAndInlines() throws {
        let html = """
            <html lang="en"><body>
            <h2 id="s1" class="sec">Section <em>one</em></h2>
            <p>Text with <strong>strong</strong>, <b>bold</b>, <i>italic</i>, <a href="https://example.com/" title="Ex">a link</a>,
            <code>let x</code>, <q>quoted</q>, H<sub>2</sub>O, x<sup>2</sup>, <del>gone</del>,<br>a break and <img src="i.png" alt="an icon">.</p>
            <blockquote><p>Quoted paragraph.</p></blockquote>
            <ul><li>one</li><li><p>two</p><ol start="3"><li>three</li></ol></li></ul>
            <pre class="language-swift">print(1)
              indented</pre>
            <table><caption>Counts</caption><thead><tr><th>City</th><th colspan="2" align="center">N</th></tr></thead>
            <tbody><tr><th rowspan="2">Aleppo</th><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></tbody></table>
            <figure><img src="a.jpg" alt="Aleppo"><figcaption>A <em>street</em></figcaption></figure>
            <hr>
            <div class="box" dir="rtl" lang="ar"><p>نص عربي</p>loose text</div>
            <section><p>In a section</p></section>
            </body></html>
            """
        let (document, warnings) = try readHTML(html, ["extract": "body"])
        #expect(warnings.isEmpty)
        let b = document.blocks
        try #require(b.count == 10, "\(b.map(\.typeName))")
        #expect(b[0].kind == .heading(level: 2, content: [.text("Section "), Inline(.emphasis([.text("one")]))]))
        #expect(b[0].attributes == Attributes(id: "s1", classes: ["sec"]))
        #expect(b[0].span?.start.line == 2 && b[0].span?.start.column == 1)
        guard case .paragraph(let inlines) = b[1].kind else { Issue.record("not a paragraph"); return }
        let kinds = inlines.map(\.typeName)
        for kind in ["strong", "emphasis", "link", "code", "quoted", "subscript", "superscript", "strikeout", "lineBreak", "image"] {
            #expect(kinds.contains(kind), "\(kind) in \(kinds)")
        }
        #expect(inlines.contains(Inline(.link(Link(target: "https://example.com/", title: "Ex"), [.text("a link")]))))
        #expect(inlines.contains(Inline(.image(Image(source: "i.png", description: [.text("an icon")])))))
        // White space collapsed: the line end inside the paragraph is a space.
        #expect(b[1].plainText.contains("a link, let x"))
        if case .blockQuote(let quoted) = b[2].kind {
            #expect(quoted.map(\.kind) == [.paragraph([.text("Quoted paragraph.")])])
        } else {
            Issue.record("not a quote")
        }
        guard case .list(false, 1, let items) = b[3].kind else { Issue.record("not a list"); return }
        #expect(items.count == 2)
        #expect(items[1].count == 2)
        if case .list(true, 3, _)? = items[1].last?.kind {} else { Issue.record("nested ordered list from 3: \(items[1])") }
        #expect(b[4].kind == .codeBlock(language: "swift", text: "print(1)\n  indented"))
        guard case .table(let table) = b[5].kind else { Issue.record("not a table"); return }
        #expect(table.caption.map(\.plainText) == ["Counts"])
        #expect(table.head.count == 1 && table.body.count == 2)
        #expect(table.head[0].cells[1].columnSpan == 2 && table.head[0].cells[1].alignment == .center)
        #expect(table.body[0].cells[0].isHeader && table.body[0].cells[0].rowSpan == 2)
        guard case .figure(let image, let caption) = b[6].kind else { Issue.record("not a figure"); return }
        #expect(image.source == "a.jpg" && image.description == [.text("Aleppo")])
        #expect(caption.first?.kind == .paragraph([.text("A "), Inline(.emphasis([.text("street")]))]))
        #expect(b[7].kind == .thematicBreak)
        guard case .division(let inner) = b[8].kind else { Issue.record("not a division"); return }
        #expect(b[8].attributes == Attributes(classes: ["box"], language: "ar", direction: .rightToLeft))
        #expect(inner.map(\.plainText) == ["نص عربي", "loose text"])
        #expect(b[9].attributes.classes == ["section"])
        #expect(document.metadata.language == "en")
        #expect(document.metadata.direction == .leftToRight)
    }

    @Test func doubleLineBreaksSeparateParagraphs() throws {
        let html = "<div>First paragraph.<br><br>Second one,<br>with a line break.<br> <br>\n<br>Third.</div><p>Not <br><br> split?</p>"
        let (document, _) = try readHTML(html, ["extract": "body"])
        guard case .division(let inner)? = document.blocks.first?.kind else { Issue.record("\(document.blocks)"); return }
        #expect(inner.map(\.plainText) == ["First paragraph.", "Second one,\nwith a line break.", "Third."])
        #expect(document.blocks.dropFirst().map(\.plainText) == ["Not", "split?"])
    }

    /// Adjacent texts are merged into one, white space collapsed across them; a line of
    /// many short texts (a page of 200,000 spans) is merged in place, in time that grows
    /// with its length.
    @Test func adjacentTextsMergeIntoOne() {
        var inlines: [Inline] = [.text("  a "), .text(" b\n"), .text("\tc"), Inline(.emphasis([.text(" d ")])), .text(" e")]
        HTMLConverter.collapseSpaces(&inlines)
        #expect(inlines == [.text("a b c"), Inline(.emphasis([.text(" d ")])), .text("e")])
        var many: [Inline] = Array(repeating: [.text("x"), .text(" \n ")], count: 200_000).flatMap { $0 }
        HTMLConverter.collapseSpaces(&many)
        #expect(many.count == 1)
        #expect(many.first == .text(String(repeating: "x ", count: 199_999) + "x"))
    }

    @Test func theSectionIsADivisionNamedAfterIt() throws {
        let (document, _) = try readHTML("<body><section id=a><p>x</p></section><nav><a href=/>home</a></nav></body>", ["extract": "body"])
        #expect(document.blocks.map(\.attributes.classes) == [["section"], ["nav"]])
        #expect(document.blocks.first?.attributes.id == "a")
    }
}

@Suite("HTML input: the article")
struct HTMLArticleTests {
    static let sentence = "The ministry said on Saturday that talks would resume next week, after a pause of several months, in the capital."

    static let page = """
        <!DOCTYPE html><html lang="en"><head><title>Talks to resume | The Daily Example</title>
        <meta property="og:site_name" content="The Daily Example"></head><body>
        <header class="site-header"><a href="/">The Daily Example</a><nav><ul><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
        <div id="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
        <div class="layout"><main><article>
        <h1>Talks to resume</h1>
        <p class="byline">By <a rel="author" href="/jane">Jane Doe</a></p>
        <div class="post-date">Updated April 30, 2016</div>
        <p>\(sentence) \(sentence)</p>
        <h2>What comes next</h2>
        <p>\(sentence) It is <em>not</em> a <a href="/deal">deal</a> yet.</p>
        <blockquote><p>\(sentence)</p></blockquote>
        <ul><li>First point of the plan, with details that matter.</li><li>Second point of the plan, with more details.</li></ul>
        <table><tr><th>Year</th><th>Talks</th></tr><tr><td>2015</td><td>3</td></tr></table>
        <figure><img src="/p.jpg" alt=""><figcaption>The capital at night.</figcaption></figure>
        <p>\(sentence) \(sentence)</p>
        <div class="share-bar"><a href="https://facebook.com/share">Facebook</a> <a href="https://x.com/share">X</a></div>
        </article></main>
        <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Another story one</a></li><li><a href="/b">Another story two</a></li></ul></aside></div>
        <section id="comments"><h3>Comments</h3><p>First comment! This is great news for everyone, I think, really.</p></section>
        <footer><p>Copyright The Daily Example</p></footer>
        <div class="modal"><button class="close">×</button><p>Subscribe to our newsletter</p></div>
        </body></html>
        """

    @Test func theStoryWithItsStructureAndNothingElse() throws {
        let (document, _) = try readHTML(Self.page)
        let types = document.blocks.map(\.typeName)
        #expect(types == ["paragraph", "heading", "paragraph", "blockQuote", "list", "table", "figure", "paragraph"], "\(types)")
        let text = documentText(document)
        for furniture in ["World", "cookies", "Accept", "Facebook", "Most read", "Another story", "First comment", "Copyright", "×", "Subscribe", "Jane Doe", "Updated"] {
            #expect(!text.contains(furniture), "\(furniture)")
        }
        // Emphasis and links inside the story stay.
        guard case .paragraph(let inlines) = document.blocks[2].kind else { return }
        #expect(inlines.contains(Inline(.emphasis([.text("not")]))))
        #expect(inlines.contains(Inline(.link(Link(target: "/deal"), [.text("deal")]))))
        let m = document.metadata
        #expect(m.title == "Talks to resume")
        #expect(m.authors == ["Jane Doe"])
        #expect(m.published == "2016-04-30")
        #expect(m.publisher == "The Daily Example")
        #expect(m.imageCaption == "The capital at night.")
        #expect(m.language == "en" && m.direction == .leftToRight)
    }

    @Test func arabicBoilerplateVocabulary() throws {
        let p = "قال وزير الخارجية في مؤتمر صحفي اليوم ان المحادثات ستستأنف الاسبوع المقبل بعد توقف دام عدة اشهر، وفق ما نقلت الوكالة."
        let html = """
            <html><body><div class="content"><p>\(p)</p><p>\(p)</p><p>\(p)</p><p>\(p)</p>
            <p><strong>اقرأ أيضا:</strong> <a href="/3">عنوان خبر آخر عن المحادثات في المنطقة</a></p>
            <h3>اقرأ أيضا</h3><ul><li><a href="/1">خبر آخر عن المنطقة والاحداث فيها</a></li><li><a href="/2">خبر ثان عن المنطقة والاحداث</a></li></ul>
            </div></body></html>
            """
        let (document, _) = try readHTML(html)
        #expect(document.blocks.count == 4, "\(document.blocks.map(\.plainText))")
        #expect(document.metadata.language == "ar" && document.metadata.direction == .rightToLeft)
    }
}

@Suite("HTML input: metadata")
struct HTMLMetadataTests {
    @Test func openGraphAndMetaNames() throws {
        let html = """
            <html lang="fr_FR"><head><title>Le titre - Le Site</title>
            <meta property="og:title" content="Le titre">
            <meta name="author" content="Marie Curie and Pierre Curie">
            <meta property="article:published_time" content="2020-03-01T08:30:00+01:00">
            <meta property="article:modified_time" content="2020-03-02">
            <meta property="og:site_name" content="Le Site">
            <meta name="description" content="Un résumé.">
            <meta name="keywords" content="science, radium,science">
            <meta property="article:tag" content="physique">
            <link rel="canonical" href="https://example.fr/titre">
            <meta property="og:image" content="https://example.fr/i.jpg">
            </head><body><p>x</p></body></html>
            """
        let m = try readHTML(html).0.metadata
        #expect(m.title == "Le titre")
        #expect(m.authors == ["Marie Curie", "Pierre Curie"])
        #expect(m.published == "2020-03-01T08:30:00+01:00")
        #expect(m.modified == "2020-03-02")
        #expect(m.publisher == "Le Site")
        #expect(m.description == "Un résumé.")
        #expect(m.keywords == ["physique", "science", "radium"])
        #expect(m.canonicalURL == "https://example.fr/titre")
        #expect(m.image == "https://example.fr/i.jpg")
        #expect(m.language == "fr-FR")
    }

    @Test func jsonLDComesFirst() throws {
        let html = """
            <html><head><title>Other | Site</title><meta property="og:title" content="OG title">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
            {"@type":"NewsArticle","headline":"LD headline","author":[{"@type":"Person","name":"A. Writer"},{"@type":"Person","name":"B. Writer"}],
            "datePublished":"2016-04-30T10:00:00Z","dateModified":"2016-05-01T09:00:00+03:00","publisher":{"@type":"Organization","name":"AFP"},
            "image":{"@type":"ImageObject","url":"https://e.com/i.jpg","caption":"A caption"},"keywords":["syria","aleppo"]}]}</script>
            </head><body><p>x</p></body></html>
            """
        let m = try readHTML(html).0.metadata
        #expect(m.title == "LD headline")
        #expect(m.authors == ["A. Writer", "B. Writer"])
        #expect(m.published == "2016-04-30T10:00:00Z")
        #expect(m.modified == "2016-05-01T09:00:00+03:00")
        #expect(m.publisher == "AFP")
        #expect(m.image == "https://e.com/i.jpg")
        #expect(m.imageCaption == "A caption")
        #expect(m.keywords == ["syria", "aleppo"])
    }

    @Test func titleFromTheDocumentTitleWithoutTheSiteName() throws {
        #expect(try readHTML("<title>Talks resume in the capital | Example News</title><p>x").0.metadata.title == "Talks resume in the capital")
        #expect(try readHTML("<title>أخبار - محادثات السلام تستأنف في العاصمة</title><p>x").0.metadata.title == "محادثات السلام تستأنف في العاصمة")
        #expect(try readHTML("<title>Site</title><h1>Talks resume in the capital after months</h1><p>x").0.metadata.title == "Talks resume in the capital after months")
        // A lone <h1> that the title does not hold is a logo or a section name.
        #expect(try readHTML("<title>Talks resume in the capital</title><h1>World news</h1><p>x").0.metadata.title == "Talks resume in the capital")
    }

    @Test(arguments: [
        ("<time datetime=\"2016-04-30\">30 April</time>", "2016-04-30"),
        ("<p class=\"byline\">By Jane Doe, April 30, 2016</p>", "2016-04-30"),
        ("<div class=\"date\">٣٠ نيسان/ابريل ٢٠١٦</div><time>السبت 30 ابريل 2016</time>", "2016-04-30"),
        ("<meta name=\"pubdate\" content=\"20160430\">", "2016-04-30"),
        ("<meta name=\"date\" content=\"Sat, 30 Apr 2016 10:00:00 GMT\">", "2016-04-30"),
    ])
    func datesAsISO8601(markup: String, date: String) throws {
        let m = try readHTML("<html><head></head><body>\(markup)<p>text</p></body></html>").0.metadata
        #expect(m.published == date)
    }

    @Test func dateParsing() {
        #expect(DateParsing.iso8601("2016-04-30T10:00:00.123+0300") == "2016-04-30T10:00:00+03:00")
        #expect(DateParsing.iso8601("2016/4/3") == "2016-04-03")
        #expect(DateParsing.iso8601("30 كانون الثاني 2016") == "2016-01-30")
        #expect(DateParsing.iso8601("March 5th, 2019 at 10am") == "2019-03-05")
        #expect(DateParsing.iso8601("no date here") == nil)
        #expect(DateParsing.iso8601("2016-13-01") == nil)
    }

    @Test func directionFromTheScriptWhenThePageSaysNothing() throws {
        let m = try readHTML("<p>هذا نص عربي قصير للاختبار</p>").0.metadata
        #expect(m.language == "ar" && m.direction == .rightToLeft)
        let d = try readHTML("<p>text</p>", ["language": "de", "direction": "rtl"]).0.metadata
        #expect(d.language == "de" && d.direction == .rightToLeft)
    }
}

@Suite("HTML input: any bytes give a document or a clear error")
struct HTMLRobustnessTests {
    @Test func emptyAndBlank() throws {
        var (document, warnings) = try readHTML([])
        #expect(document == Document())
        #expect(warnings.map(\.code) == ["empty-input"])
        (document, warnings) = try readHTML("   \n")
        #expect(document.blocks.isEmpty)
        #expect(warnings.map(\.code) == ["no-text"])
    }

    @Test func aPageOfScriptsOnly() throws {
        let html = "<html><head><script>var a = 1;</script></head><body>" + String(repeating: "<script>document.write('x');</script><style>p{}</style>", count: 1000) + "</body></html>"
        let (document, warnings) = try readHTML(html)
        #expect(document.blocks.isEmpty)
        #expect(warnings.map(\.code) == ["no-text"])
    }

    @Test func aBinaryFileIsAClearError() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
        do {
            _ = try readHTML(png)
            Issue.record("a binary file was read")
        } catch let error as Diagnostic {
            #expect(error.code == "binary-input")
            #expect(error.rendered.hasPrefix("page.html:3:1: error: this is not an HTML page"))
        }
    }

    @Test func randomBytesNeverCrash() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var bytes = (0..<4096).map { _ in UInt8.random(in: 1...255, using: &generator) }
            bytes.insert(contentsOf: Array("<p><div><table><td>".utf8), at: 100)
            for mode in ["article", "body"] { _ = try readHTML(bytes, ["extract": mode]) }
        }
        // Unclosed and misnested tags: HTML5 has no invalid documents.
        let (document, _) = try readHTML("<p><b>bold <i>both</b> italic</i><table><tr><td>cell<p>para", ["extract": "body"])
        #expect(documentText(document).contains("bold both italic"))
    }

    @Test(arguments: ["article", "body"])
    func nesting100000Deep(mode: String) throws {
        let depth = 100_000
        let html = String(repeating: "<div>", count: depth) + "deep text" + String(repeating: "<span>x", count: depth)
        let (document, warnings) = try readHTML(html, ["extract": mode])
        #expect(warnings.map(\.code).contains("deep-nesting"))
        #expect(documentText(document).contains("deep text"))
        try document.checkDepth()
        // The AST JSON writer accepts it.
        _ = try ASTJSON.encode(document)
    }

    /// Past the nesting limit, the end tag of a script, a style sheet or another raw text
    /// element is kept: dropping it once made the rest of the page the script's text.
    @Test func rawTextPastTheNestingLimitIsClosed() throws {
        let html = "<html><body>" + String(repeating: "<div>", count: 1100)
            + "<script>if (a < b) { f('<div>'); }</script><style>p { }</STYLE ><textarea><div></textarea><title>t</title><p>after the code</p>"
            + String(repeating: "</div>", count: 1100) + "<p>the end</p></body></html>"
        let guarded = NestingGuard.apply(html)
        #expect(guarded.trimmed)
        // The tags past the limit are left out, the raw text elements whole, with their end tags.
        let expected = "<html><body>" + String(repeating: "<div>", count: 1024)
            + "<script>if (a < b) { f('<div>'); }</script><style>p { }</STYLE ><textarea><div></textarea><title>t</title><p>after the code</p>"
            + String(repeating: "</div>", count: 1024) + "<p>the end</p></body></html>"
        #expect(guarded.text == expected)
        let (document, warnings) = try readHTML(html, ["extract": "body"])
        #expect(warnings.map(\.code).contains("deep-nesting"))
        #expect(documentText(document).contains("after the code") && documentText(document).contains("the end"))
        // A raw text element left open at the end of the page stays open.
        let open = String(repeating: "<div>", count: 1100) + "<script>var unclosed = '<div>';"
        #expect(NestingGuard.apply(open).text == String(repeating: "<div>", count: 1024) + "<script>var unclosed = '<div>';")
    }

    @Test func aTagWithAMillionAttributesKeepsTheFirstThousand() throws {
        // The parser compares each attribute with every earlier one of its tag: a million took
        // it hours.
        var html = "<html><body><p id=first lang = ar class='a b'"
        for i in 0..<1_000_000 { html += " a\(i)=\"x>y\"" }
        html += ">نص الفقرة</p><p>التالية</p></body></html>"
        let (document, warnings) = try readHTML(html, ["extract": "body"])
        #expect(warnings.map(\.code).contains("many-attributes"))
        #expect(documentText(document).contains("نص الفقرة") && documentText(document).contains("التالية"))
        #expect(document.allBlocks.first { $0.typeName == "paragraph" }?.attributes.id == "first")
        // An ordinary tag with its attributes written every way is left alone.
        let plain = "<p id=a class = \"b c\" data-x='1' hidden title=t/>" + String(repeating: "<p>نص</p>", count: 300)
        #expect(try !readHTML(plain, ["extract": "body"]).1.map(\.code).contains("many-attributes"))
    }

    @Test func aLargePage() throws {
        // About 50 MB of paragraphs.
        let paragraph = "<p>" + String(repeating: "Words of a long story, line after line. ", count: 25) + "</p>\n"
        let count = 50_000_000 / paragraph.utf8.count
        let html = "<html><body><article>" + String(repeating: paragraph, count: count) + "</article></body></html>"
        let (document, _) = try readHTML(html)
        #expect(document.blocks.count == count)
    }
}

@Suite("HTML input: metadata in JSON-LD wrapped in CDATA")
struct HTMLJSONLDWrappingTests {
    @Test func cdataAndCommentsAroundTheJSONAreSkipped() throws {
        let html = """
            <html><head><script type="application/ld+json">
            <![CDATA[ {"@context":"http:\\/\\/schema.org","@type":"Article","headline":"Wrapped","datePublished":"2018-04-05T06:00"} ]]>
            </script></head><body><p>x</p></body></html>
            """
        let m = try readHTML(html).0.metadata
        #expect(m.title == "Wrapped")
        #expect(m.published == "2018-04-05T06:00:00")
    }
}

/// A page written like an Arabic news site's (`Tests/Fixtures/html/arabic-news-page.html`):
/// a menu, breadcrumbs, byline and date line, share links, a story with a "Read also" line,
/// tags, related cards, comments, a most-read sidebar, a footer and a cookie banner.
@Suite("HTML input: an Arabic news page")
struct ArabicNewsPageTests {
    @Test func theStoryAndItsMetadata() throws {
        let url = Golden.fixtures.appendingPathComponent("html/arabic-news-page.html")
        let (document, warnings) = try readHTML(Array(try Data(contentsOf: url)), path: "arabic-news-page.html")
        #expect(warnings.isEmpty)
        let paragraphs = document.blocks.map(\.plainText)
        try #require(paragraphs.count == 4, "\(paragraphs)")
        #expect(paragraphs[0].hasPrefix("أعلن الجهاز المركزي للتعبئة العامة والإحصاء"))
        #expect(paragraphs[3].hasSuffix("وارتفاع أسعار السلع المستوردة."))
        let m = document.metadata
        #expect(m.title == "مصر: ارتفاع معدل التضخم السنوي في المدن إلى 12%")
        #expect(m.authors == ["أحمد محمد"])
        #expect(m.published == "2024-03-10")
        #expect(m.publisher == "الشروق")
        #expect(m.keywords == ["مصر", "التضخم", "الاقتصاد"])
        #expect(m.language == "ar" && m.direction == .rightToLeft)
    }
}

@Suite("HTML input: recognising a page by its start")
struct HTMLRecognitionTests {
    @Test(arguments: [
        ("<!DOCTYPE html><html>", true), ("\n  <html lang=ar>", true), ("\u{FEFF}<!doctype HTML>", true),
        ("<!-- saved page --><html>", true), ("<head><title>x</title>", true),
        ("plain text", false), ("{\"warraq-ast\": \"1.0\"}", false), ("<?xml version=\"1.0\"?><TEI>", false),
    ])
    func recognizes(start: String, isHTML: Bool) {
        #expect(HTMLInput().recognizes(Array(start.utf8)[...]) == isHTML)
    }
}
