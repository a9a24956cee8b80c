import DocumentModel
import Foundation
@testable import HTMLPlugin
import TestSupport
import Testing

/// Cutting scripts and style sheets out before parsing, and giving gumbo runs of text as
/// markers (``TextRuns``), must give gumbo's tree of the whole page, less the text inside
/// `script` and `style`, with every text and every source position the same: checked on the
/// readability pages and on generated pages full of the constructs where a scan that follows
/// the tokenizer could go wrong.
@Suite struct ScriptCutterTests {
    /// The tree as lines (depth, kind, name, attributes, text, span) in document order, with
    /// the text nodes inside `script` and `style` left out.
    static func outline(_ tree: HTMLTree) -> [String] {
        var lines: [String] = []
        tree.walk(0) { i in
            let node = tree.nodes[i]
            if node.kind == .text, node.parent >= 0, ["script", "style"].contains(tree.nodes[node.parent].name) { return false }
            let span = node.span.map { "\($0.start.line):\($0.start.column)@\($0.start.offset)-\($0.end.line):\($0.end.column)@\($0.end.offset)" } ?? "-"
            let attributes = node.attributes.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            lines.append("\(node.depth) \(node.kind) \(node.name) [\(attributes)] \(node.text.debugDescription) \(span)")
            return true
        }
        return lines
    }

    /// The cuts the scanner makes in `page`.
    static func cuts(_ page: String) -> [Range<Int>] {
        var page = page
        return page.withUTF8 { ScriptCutter.cuts($0) }
    }

    /// The runs of text of `page` that gumbo is given as markers, as `GumboParser` finds them.
    static func runs(_ page: String) -> [Range<Int>] {
        var page = page
        return page.withUTF8 { ScriptCutter.scanForGumbo($0).runs }
    }

    /// The runs of white space of `page` that gumbo is given as form feeds.
    static func spaces(_ page: String) -> [Range<Int>] {
        var page = page
        return page.withUTF8 { ScriptCutter.scanForGumbo($0).spaces }
    }

    /// Compares the two parses of `page`, and checks that the tree made from markers and form
    /// feeds was not refused (the page parsed again with its text whole, which would hide a
    /// wrong tree and cost a second parse); returns the number of cuts. A page nested deeper
    /// than ``HTMLTree/maximumDepth`` is not compared: there the text of a script is attached
    /// to an ancestor that is not the script, so it differs by design.
    @discardableResult
    static func expectSameTree(_ page: String, _ comment: Comment? = nil) -> Int {
        let wholeTree = GumboParser.parse(page, baseOffset: 0, cutScripts: false)
        guard !wholeTree.flattened else { return 0 }
        let whole = outline(wholeTree)
        let parsed = GumboParser.parseReportingRefusal(page, baseOffset: 0, cutScripts: true)
        let cut = outline(parsed.tree)
        if whole != cut {
            let k = zip(whole, cut).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(whole.count, cut.count)
            Issue.record("\(comment ?? "")\nfirst difference at node \(k):\n whole: \(k < whole.count ? whole[k] : "-")\n cut:   \(k < cut.count ? cut[k] : "-")\npage: \(page.debugDescription)")
        }
        #expect(!parsed.refused, "the markers' tree was refused: \(comment ?? "")\npage: \(page.debugDescription)")
        return cuts(page).count
    }

    @Test func aScriptAndAStyleSheetAreCutAndTheRestStays() {
        let page = "<html><head><style>body { color: red; margin: 0 }</style>\r\n<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": \"x\"}</script>"
            + "<script>var a = '<p>not a paragraph</p>'; if (a < b) {}</script><title>t</title></head>\n<body><p>نص عربي\twith a tab</p>"
            + "<script>document.write(\"</scr\" + \"ipt>\")</script><p>after</p></body></html>"
        #expect(Self.cuts(page).count == 3)
        Self.expectSameTree(page)
        let tree = GumboParser.parse(page, baseOffset: 0)
        // The JSON-LD is kept whole.
        let scripts = tree.elements(named: "script")
        #expect(scripts.count == 3)
        #expect(tree.nodes[scripts[0]].children.count == 1)
        #expect(tree.nodes[scripts[1]].children.isEmpty && tree.nodes[scripts[2]].children.isEmpty)
        #expect(tree.elements(named: "p").count == 2)
    }

    @Test func runsOfTextGoToGumboAsMarkersAndComeBack() {
        let story = "واكد وزير الخارجية الاميركي جون كيري في اتصال هاتفي ان وقف العنف في حلب اولوية."
        let page = "<html><head><title>t</title></head><body>\n<p>\(story)</p>\n<p>Second paragraph, with words enough before &amp; a reference, then more words after it.</p>"
            + "<table>text before the table, long enough for a marker<tr><td>\(story)</td></tr></table></body></html>"
        let runs = Self.runs(page)
        #expect(runs.count == 5)
        let bytes = Array(page.utf8)
        #expect(runs.map { String(decoding: bytes[$0], as: UTF8.self) } == [
            story, "Second paragraph, with words enough before", "a reference, then more words after it.", "text before the table, long enough for a marker", story,
        ])
        Self.expectSameTree(page)
        let tree = GumboParser.parse(page, baseOffset: 0)
        let texts = tree.nodes.filter { $0.kind == .text }.map(\.text)
        #expect(texts.contains(story) && texts.contains("text before the table, long enough for a marker"))
        #expect(!texts.contains { $0.unicodeScalars.contains("\u{10FFFD}") })
        // The text before the table is put before it, as gumbo puts it (foster parenting).
        let table = tree.elements(named: "table")[0]
        let siblings = tree.nodes[tree.nodes[table].parent].children
        #expect(tree.nodes[siblings[siblings.firstIndex(of: table)! - 1]].text == "text before the table, long enough for a marker")
        // A page that holds U+10FFFD itself gets no markers, and its text whole.
        #expect(Self.runs(page + "\u{10FFFD}").isEmpty)
        Self.expectSameTree(page + "<p>\u{10FFFD} \(story)</p>")
    }

    @Test func aMarkerComesBackOnlyWhole() {
        let page = Array("0123456789".utf8)
        page.withUnsafeBufferPointer { buffer in
            let runs = TextRuns(page: buffer, ranges: [0..<3, 3..<10], inText: [true, true])
            func expand(_ bytes: [UInt8]) -> String? {
                bytes.withUnsafeBytes { runs.expand($0) }.map { String(decoding: $0, as: UTF8.self) }
            }
            #expect(expand(Array("a".utf8) + TextRuns.marker(1).bytes + Array("b".utf8) + TextRuns.marker(0).bytes) == "a3456789b012")
            #expect(expand(Array("no marker".utf8)) == "no marker")
            #expect(TextRuns.marker(12).characters == 4)
            let s = String(decoding: [0xF4, 0x8F, 0xBF, 0xBD] as [UInt8], as: UTF8.self)
            for index in [0, 7, 9, 10, 99, 100, 12345, 1_000_000] {
                #expect(String(decoding: TextRuns.marker(index).bytes, as: UTF8.self) == s + String(index) + s, "\(index)")
                #expect(TextRuns.marker(index).characters == String(index).count + 2)
            }
            let sentinel: [UInt8] = [0xF4, 0x8F, 0xBF, 0xBD]
            #expect(expand(sentinel + Array("1".utf8)) == nil, "not closed")
            #expect(expand(sentinel + sentinel) == nil, "no number")
            #expect(expand(sentinel + Array("2".utf8) + sentinel) == nil, "no such run")
            #expect(expand(sentinel + Array("1x".utf8) + sentinel) == nil, "not a number")
        }
    }

    /// The copy of gumbo's tree gives up (and the page is parsed again with its text whole)
    /// unless every run comes back exactly once.
    @Test func aTreeWhereARunDoesNotComeBackOnceIsRefused() {
        let text = Array("the text of a run, long enough for a marker".utf8)
        text.withUnsafeBufferPointer { page in
            let runs = TextRuns(page: page, ranges: [0..<page.count], inText: [true])
            func parse(_ html: [UInt8]) -> HTMLTree? {
                html.withUnsafeBufferPointer { GumboParser.parse($0, baseOffset: 0, map: ScriptCutter.PositionMap(), runs: runs) }
            }
            let marker = TextRuns.marker(0).bytes
            let once = parse(Array("<p>".utf8) + marker + Array("</p>".utf8))
            #expect(once?.nodes.contains { $0.kind == .text && $0.text == String(decoding: text, as: UTF8.self) } == true)
            #expect(parse(Array("<p>no marker</p>".utf8)) == nil, "the run never came back")
            #expect(parse(Array("<p>".utf8) + marker + Array("</p><p>".utf8) + marker) == nil, "the run came back twice")
        }
    }

    @Test func runsOfWhiteSpaceGoToGumboAsFormFeedsAndComeBack() {
        let page = "<!DOCTYPE html>\n<html>\n  <head>\n    <title>t</title>\n  </head>\n  <body>\n    <div>\n\t\t<p>a   b</p>\n"
            + "    <pre>\n    keeps its\n      indentation\n    </pre>\n    <table>\n      <tr>\n        <td>c</td>\n      </tr>\n    </table>\n"
            + "    </div>\n  </body>\n</html>\n\n"
        let spaces = Self.spaces(page)
        let bytes = Array(page.utf8)
        #expect(spaces.count >= 15)
        #expect(spaces.allSatisfy { range in range.count >= TextRuns.minimumSpaces && bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 } })
        // The line feed after `<pre>` is the tree builder's to drop: that run is given whole.
        let afterPre = Array("<pre>".utf8)
        let preEnd = (0...(bytes.count - afterPre.count)).first { Array(bytes[$0..<($0 + afterPre.count)]) == afterPre }! + afterPre.count
        #expect(!spaces.contains { $0.lowerBound == preEnd })
        // The run "   " inside "a   b" is a run of white space too.
        #expect(spaces.contains { String(decoding: bytes[$0], as: UTF8.self) == "   " })
        var given = bytes
        let gumboBytes = given.withUnsafeMutableBufferPointer { buffer in
            let scan = ScriptCutter.scanForGumbo(UnsafeBufferPointer(buffer))
            return ScriptCutter.apply(scan.cuts, runs: scan.runs, spaces: scan.spaces, to: UnsafeBufferPointer(buffer)).bytes
        }
        #expect(gumboBytes.count(where: { $0 == 0x0C }) == spaces.count)
        #expect(gumboBytes.count < bytes.count - 60)
        Self.expectSameTree(page)
        let tree = GumboParser.parse(page, baseOffset: 0)
        #expect(!tree.nodes.contains { $0.text.contains("\u{0C}") })
        #expect(tree.nodes.contains { $0.text == "    keeps its\n      indentation\n    " })
        // A page that holds a form feed, as a byte or as a reference, gets no runs of white
        // space, and its text whole.
        for feed in ["\u{0C}", "&#12;", "&#x0c;", "&#X00C;", "&#0012"] {
            #expect(Self.spaces(page + feed).isEmpty, "\(feed)")
            Self.expectSameTree(page + "<p>" + feed + "   x</p>")
        }
        for other in ["&#13;", "&#120;", "&#xc0;", "&amp;", "&#;", "&#x;"] {
            #expect(!Self.spaces(page + other).isEmpty, "\(other)")
        }
    }

    /// A text node's form feeds are the runs of white space of its stretch of the page, in
    /// order: the copy gives up unless the numbers agree, and unless each run came back at
    /// most once.
    @Test func aTreeWhereRunsOfWhiteSpaceDoNotComeBackInPlaceIsRefused() {
        let text = Array("   \n\t  ".utf8)
        text.withUnsafeBufferPointer { page in
            func parse(_ html: String, offsets: [Int]) -> HTMLTree? {
                let runs = TextRuns(page: page, ranges: [], spaces: offsets.map { _ in 0..<3 }, spaceOffsets: offsets)
                return Array(html.utf8).withUnsafeBufferPointer { GumboParser.parse($0, baseOffset: 0, map: ScriptCutter.PositionMap(), runs: runs) }
            }
            let once = parse("<p>a\u{0C}b</p>", offsets: [4])
            #expect(once?.nodes.contains { $0.kind == .text && $0.text == "a   b" } == true)
            #expect(parse("<p>a\u{0C}b\u{0C}</p>", offsets: [4]) == nil, "a form feed that stands for no run")
            #expect(parse("<p>a\u{0C}b</p>", offsets: [4, 5]) == nil, "a run of the node's stretch that did not come back")
            #expect(parse("<p>a\u{0C}b</p>", offsets: [9]) == nil, "a form feed that is not where its run was")
            // Ignored where the tree builder ignores white space: the run does not come back.
            #expect(parse("\u{0C}<p>b</p>", offsets: [0]) != nil)
        }
        let bytes = Array("a\u{0C}b".utf8)
        bytes.withUnsafeBufferPointer { page in
            let runs = TextRuns(page: page, ranges: [], spaces: [0..<1], spaceOffsets: [1])
            bytes.withUnsafeBytes { raw in
                // The source of a text, walked for its end over the page's bytes.
                var walked: [UInt8] = []
                #expect(runs.forEachPiece(of: raw, firstSpace: 0, into: &walked) { $0 += $1 })
                #expect(walked == Array("aab".utf8))
                var ignored: [UInt8] = []
                #expect(!runs.forEachPiece(of: raw, firstSpace: 1, into: &ignored) { _, _ in }, "a form feed past the last run")
                var hint = 0
                #expect(runs.firstSpace(atOrAfter: 0, hint: &hint) == 0 && runs.firstSpace(atOrAfter: 2, hint: &hint) == 1)
                #expect(runs.firstSpace(atOrAfter: 1, hint: &hint) == 0, "asked out of order")
            }
        }
    }

    /// The start tags the scan treats apart, told apart by their bytes, and the attribute
    /// names whose values go to gumbo whole.
    @Test func namesTheScanLooksFor() {
        let kinds: [(String, ScriptCutter.Scanner.StartKind)] = [
            ("svg", .foreign), ("math", .foreign), ("select", .select), ("frameset", .stop), ("plaintext", .stop), ("pre", .dropsLinefeed),
            ("listing", .dropsLinefeed), ("script", .script), ("style", .style), ("title", .rawText), ("textarea", .rawText),
            ("xmp", .rawText), ("iframe", .rawText), ("noembed", .rawText), ("noframes", .rawText), ("div", .other), ("p", .other),
            ("scripts", .other), ("styl", .other), ("svgx", .other), ("", .other), ("noscript", .other), ("template", .other),
        ]
        for (name, kind) in kinds { #expect(ScriptCutter.Scanner.startKind(Array(name.utf8)) == kind, "\(name)") }
        for (name, read) in [("type", true), ("TYPE", true), ("Name", true), ("prompt", true), ("ACTION", true), ("encoding", true),
            ("class", false), ("types", false), ("nam", false), ("href", false), ("encodinG", true), ("actions", false)]
        {
            var page = name
            let result = page.withUTF8 { ScriptCutter.Scanner.readByTreeBuilder($0, 0..<$0.count) }
            #expect(result == read, "\(name)")
        }
    }

    @Test func theScanStopsWhereTheTreeBuilderDecides() {
        // After these, a later script is left whole: which tokenizer state follows is not
        // the tokenizer's to say.
        for opening in [
            "<svg><foreignObject><p>", "<svg><title>icon <b>x</b></title></svg>", "<math><mi><mglyph/></mi></math>", "<select><style>",
            "<frameset>", "<plaintext>", "<svg><![CDATA[ x ]]></svg>", "<svg><g></div>", "<select><table>", "<svg><p>",
        ] {
            var page = "<p>a</p>" + opening + "<script>" + String(repeating: "x = 1;", count: 10) + "</script><p>b</p>"
            let scan = page.withUTF8 { ScriptCutter.scan($0) }
            #expect(scan.cuts.isEmpty && scan.stoppedAt != nil, "\(opening)")
            Self.expectSameTree(page, "\(opening)")
        }
        // Plain SVG and MathML, text in their HTML integration points, a select of options and
        // the escaped states of script data are followed.
        for opening in [
            "<svg viewBox='0 0 1 1'><path d='M0 0'/><g><circle r=1></circle></g></svg>", "<svg><title>icon</title><desc>d</desc></svg>",
            "<math><mi>x</mi><mo>+</mo></math>", "<select><option>a<optgroup><option>b</select>", "<svg/>",
            "<script><!-- <script>document.write('</script>')</script> --></script>", "<script>a<!--></script>",
        ] {
            var page = "<p>a</p>" + opening + "<script>" + String(repeating: "x = 1;", count: 10) + "</script><p>b</p>"
            let scan = page.withUTF8 { ScriptCutter.scan($0) }
            #expect(scan.cuts.count >= 1 && scan.stoppedAt == nil, "\(opening)")
            #expect(scan.cuts.last?.count == 60, "\(opening)")
            Self.expectSameTree(page, "\(opening)")
        }
    }

    @Test(.enabled(if: ReadabilityPagesTests.folder != nil, "../shared/datasets/readability-test-pages is needed"))
    func theReadabilityPagesParseTheSame() throws {
        let root = URL(fileURLWithPath: ReadabilityPagesTests.folder!)
        var pages = 0, pagesCut = 0, bytes = 0, bytesCut = 0, pagesWithRuns = 0, bytesInRuns = 0
        for page in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            guard let source = FileManager.default.contents(atPath: root.appendingPathComponent(page).appendingPathComponent("source.html").path) else { continue }
            pages += 1
            bytes += source.count
            let html = String(decoding: source, as: UTF8.self)
            if Self.expectSameTree(html, "\(page)") > 0 { pagesCut += 1 }
            bytesCut += Self.cuts(html).reduce(0) { $0 + $1.count }
            let runs = Self.runs(html)
            if !runs.isEmpty { pagesWithRuns += 1 }
            bytesInRuns += runs.reduce(0) { $0 + $1.count }
        }
        #expect(pages >= 100)
        // Nearly every page has text long enough to be given as markers: 127 of the 130, and
        // 1.29 MB of the 25.7 (measured when the markers were written).
        #expect(pagesWithRuns >= 120, "\(pagesWithRuns) of \(pages) pages had runs of text")
        #expect(bytesInRuns * 100 >= bytes * 4, "\(bytesInRuns) of \(bytes) bytes were in runs of text")
        // 94 of the 130 pages have scripts or style sheets, 43% of all the bytes (measured
        // when the cutter was written: every one was cut, and 99.9% of those bytes).
        #expect(pagesCut >= 90, "\(pagesCut) of \(pages) pages were cut")
        #expect(bytesCut * 100 >= bytes * 40, "\(bytesCut) of \(bytes) bytes were cut")
    }

    /// Real pages with random edits: bytes that change the tokenizer's state (`<`, quotes,
    /// `-->`, `</script>`, `<svg>` …), pieces of markup from ``pieces`` and deletions, made
    /// near tags, where they matter.
    @Test(.enabled(if: ReadabilityPagesTests.folder != nil, "../shared/datasets/readability-test-pages is needed"))
    func editedReadabilityPagesParseTheSame() throws {
        let root = URL(fileURLWithPath: ReadabilityPagesTests.folder!)
        var seeds = XorShift()
        let edits: [String] = [
            "<", ">", "/", "!", "-", "\"", "'", "=", " ", "\r", "\n", "a", "s", "\0", "</", "<!--", "-->", "<script>", "</script>",
            "<svg>", "</svg>", "<style>", "<title>", "<select>", "<math>",
        ]
        var pages = 0
        for page in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            guard let source = FileManager.default.contents(atPath: root.appendingPathComponent(page).appendingPathComponent("source.html").path) else { continue }
            for _ in 0..<2 {
                var bytes = Array(source)
                for _ in 0..<Int(seeds.next() % 8) + 1 {
                    var at = Int(seeds.next() % UInt64(bytes.count))
                    if seeds.next() % 2 == 0, let lt = bytes[at...].firstIndex(of: 0x3C) { at = min(bytes.count, lt + Int(seeds.next() % 12)) }
                    switch seeds.next() % 3 {
                    case 0: bytes.insert(contentsOf: Array(edits[Int(seeds.next() % UInt64(edits.count))].utf8), at: at)
                    case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int(seeds.next() % 20)))
                    default: bytes.insert(contentsOf: Array(Self.pieces[Int(seeds.next() % UInt64(Self.pieces.count))].utf8), at: at)
                    }
                }
                Self.expectSameTree(String(decoding: bytes, as: UTF8.self), "\(page), edited")
                pages += 1
            }
        }
        #expect(pages >= 200)
    }

    /// Pieces of markup chosen for the places where the scanner could lose the tokenizer's
    /// state: comments of every ending, bogus comments, doctypes, quotes in attribute names
    /// and values, `>` inside values, raw text elements holding tags, near-miss end tags,
    /// foreign content, selects, tables, CR and CR LF line ends, tabs and Arabic.
    static let pieces: [String] = [
        "<script>var s = '<b>bold</b>';</script>", "<SCRIPT type=text/javascript>if (a<b && c>d) x();</SCRIPT >",
        "<script>a = \"</scrip\"; b = '</scriptx>';</script>", "<script src=x.js></script>",
        "<script type=\"application/ld+json\">{\"a\": \"<b>\"}</script>", "<script>var t = 1;</script foo=\"bar>\">",
        "<script>x=1;//</script/>", "<script>a\r\nb\rc\nd;;;;;;;;;;</script>", "<script>\t\t\tالنص = '\u{0641}';;;;;</script>",
        "<style>p > a { color: red }</style>", "<style type=text/css>\n.a::after { content: '</p>' }\n</STYLE>",
        "<style>/* <script>x</script> */ b { }</style>", "<!-- <script>hidden</script> -->", "<!-->", "<!--->", "<!-- a --!> b",
        "<!-- a --->", "<!-- a -- b -->", "<!doctype html>", "<!DOCTYPE html PUBLIC \"-//W3C//DTD>\">", "<?xml version='1.0'?>",
        "</ foo>", "</>", "<![CDATA[ <script>not</script> ]]>", "<div class=\"a>b\" data-x='<script>'>text</div>",
        "<div a\"b=c>q</div>", "<div =x>y</div>", "<img src=a.png alt='>' />", "<p title=unquoted>p</p>", "<p/ id=a>z</p>",
        "<title>a <script>b</script> c</title>", "<textarea><script>x</script></textarea>", "<xmp><script>x</script></xmp>",
        "<iframe><script>x</script></iframe>", "<noembed><script>a</script></noembed>", "<noframes><style>x</style></noframes>",
        "<noscript><style>a { }</style><p>n</p></noscript>", "<template><script>var q = 1;;;;;;;;;</script><p>t</p></template>",
        "<table><tr><td>c<script>var tt = 1;;;;;;;;;</script></td></tr><style>td { }</style></table>",
        "<table><script>var in_table = 2;</script><tr><td>x</td></tr></table>",
        "<svg width=1><path d='M0'/><script>svg_code();</script><style>a{}</style></svg>", "<svg><title>t</title></svg>",
        "<svg><foreignObject><p>f</p></foreignObject></svg>", "<math><mi>x</mi><mo>+</mo></math>", "<math><ms>s</ms></math>",
        "<svg><g><rect/></g></svg>", "<svg><g></p>", "<svg><div>out</div>", "<math><annotation-xml encoding='text/html'><p>a</p></annotation-xml></math>",
        "<select><option>1<option>2</select>", "<select><script>sel = 1;;;;;;;;;;</script></select>", "<select><style>s{}</style></select>",
        "<select><textarea>t</textarea>", "<table><select><option>a<td>b</td></select></table>", "<frameset><frame></frameset>",
        "<p>plain text, عربي، \t and a tab</p>", "\r\n", "\r", "\n", "<br>", "<a href=\"x\">link</a>", "<h1>head</h1>",
        "<div>", "</div>", "<p>", "</p>", "<b>", "</i>", "<ul><li>one<li>two</ul>", "&lt;script&gt;", "< script>", "a < b > c",
        "<script>var c = '<!--';</script>", "<script>/* <!-- x --> */ done()</script>", "<script><!--\nvar old = 1;\n//--></script>",
        "<script><!-- document.write('<script src=a.js></script>'); --></script>", "<script><!--<script></script>--></script>",
        "<script><!-- <SCRIPT>a</SCRIPT> </script>", "<script><!-- <script> unclosed </script>", "<script>a<!---->b</script>",
        "<script><!--></script>", "<script><!-- -></script>", "<script><!-- --!></script>", "<script><!-- <scripts> --></script>",
        "<script><!--<script/></script>--></script>", "<script><!-- <script>x</script --> y --></script>", "<script><!-- </scriptx> --></script>",
        "<script><!-- <script>a<!-- b --> c</script>", "<script><!--<script>-<-></script>-->-</script>",
        "<svg><a href=x><script>in_svg()</script></a></svg>", "<svg><style>@import url(a.css);</style></svg>", "<svg><script/>",
        "<math><svg><script>in_math_svg()</script></svg></math>", "<svg><SCRIPT>upper_in_svg()</SCRIPT></svg>", "<svg><font color=red>",
        "<svg><font>f</font></svg>", "<svg><br>", "<svg>", "</svg>", "<math>", "</math>", "<SVG><G></G></SVG>", "<svg><g></svg>",
        "<svg><foreignObject><svg><script>x</script></svg></foreignObject></svg>", "<table><svg><script>tsvg()</script></svg></table>",
        "<svg><clipPath id=c><use href=#a /></clipPath></svg>", "<svg><desc></desc></svg>", "<svg><title/></svg>",
        "<svg><title>only text</title><desc>d</desc></svg>", "<svg><title><b>x</b></title></svg>", "<math><mi>x</mi><mtext>t</mtext></math>", "<plaintext><script>x</script>",
        "<body onload=\"f('>')\">", "<html lang=ar dir=rtl>",
        // Runs of text long enough for a marker, and what must stay out of one.
        "A long run of plain text that gumbo would read one character at a time.",
        "نص عربي طويل يقرأه المحلل حرفا حرفا، وفيه أرقام ١٢٣ و 456 وعلامات.",
        "Text with an &amp; ampersand, &nbsp;spaces,&copy and &#1604; &#x644;references in a long run",
        "a long run of text that ends with a reference &amp", "&notit; a run after a reference without a semicolon, long enough",
        "line one of a long run of text\rline two of the long run\r\nline three of it, still going",
        "before a NUL in a long run of text \0 and after the NUL, long enough to be a run",
        "controls \u{01}\u{0B}\u{1F} and \u{7F}\u{80}\u{9F} inside a long run of text, on both sides of them",
        "noncharacters " + String(String.UnicodeScalarView([0xFDD0, 0xFDEF, 0xFFFE, 0x1FFFF, 0x10FFFF].compactMap(Unicode.Scalar.init)))
            + " inside a long run of text, on both sides",
        "a page with \u{10FFFD} in it gives gumbo its text whole, long as this run is",
        "tab\tseparated\tlong\ttext\u{0C}a run with a form feed\u{0C}inside and more words after it",
        "   \n\t leading and trailing white space around a long run of text \n\t  ",
        "123456789 0123456789 a long run of digits and words, like a marker's number 42",
        "<table>A long run of text inside a table, foster parented before it<tr><td>a long run in a cell of the table</td></tr>and after a row</table>",
        "<table><tr>text in a row, long enough to be given as a marker to gumbo<td>c</td></tr></table>",
        "<table><colgroup>a long run of text inside a column group of a table<col></table>",
        "<select>A long run of text inside a select, which the select keeps<option>an option with a long run of text</select>",
        "<svg>A long run of text inside svg, foreign content, left whole here</svg>",
        "<pre>\nA long preformatted run of text that keeps its lines\n  indented\n</pre>", "<listing>\nlong listing text run here to be cut</listing>",
        "<head>A long run of text inside the head closes it and opens the body</head>",
        "</body>A long run of text after the body goes back into it again</html>", "</html>a long run of text after the end of the html element",
        "<b>bold <i>misnested long run of bold and italic text</b> still italic, a long run of text</i>",
        "<a href=x>a long run of text in a link <div>and in a block in the link, long</div> after</a>",
        "<p>a long run of text in a paragraph<table>that a table closes, long text</table>",
        "<template>A long run of text inside a template's content fragment</template>",
        "A long run of text before a frameset tag makes it be ignored<frameset><frame></frameset>",
        "<noscript>A long run of text inside a noscript element, parsed as markup</noscript>",
        "<head><noscript>A long run of text inside noscript in the head</noscript></head>",
        "<ul><li>a long run of text in a list item, the next item closes it<li>another long run of text in an item</ul>",
        "<button>a long run of text in a button <button>a nested button closes it, long</button>",
        "<h1>a long run of text in a heading <h2>which another heading closes early</h2>",
        // Long attribute values, given as markers too, and those that must stay whole.
        "<a href=\"https://example.com/a/long/path/to/a/story-about-aleppo.html\" class='story-link story-link--big'>s</a>",
        "<a href=\"https://example.com/story?id=12&amp;lang=ar&section=world-news\">a query with references</a>",
        "<div style=\"color: red; margin: 0 auto; padding: 1em 2em; font-family: serif\" data-tracking-id=\"0123456789abcdef0123\">d</div>",
        "<p title=\"a long title attribute\rwith a CR in it, which stays whole\">t</p>", "<p title='a NUL \0 in a long title attribute value here'>n</p>",
        "<img alt=\"صورة من حلب بعد وقف اطلاق النار في المدينة\" src=\"/images/2016/08/aleppo-ceasefire-large.jpg\">",
        "<p class=\"first-class-name-that-is-long\" class=\"second-class-name-that-is-long-too\">duplicate attributes</p>",
        "<html data-extra=\"an attribute on a second html tag, long enough\">", "<body class=\"a class on a second body tag, long enough to count\">",
        "</p data-end=\"attributes on an end tag are dropped by the tokenizer\">",
        "<table><input type=\"hidden-but-written-out-long-enough-to-be-a-run\" value=\"a hidden input in a table, long value\"></table>",
        "<table><input type=\"hidden\" name=\"a-long-name-of-a-hidden-input-in-a-table\"></table>",
        "<svg><path d=\"M0 0 L10 10 L20 0 L30 10 L40 0 L50 10 Z M5 5 L15 15\"/><font color=\"a long colour value in svg font\">f</font></svg>",
        "<math><annotation-xml encoding=\"text/html; a long encoding value that is not html\"><p>x</p></annotation-xml></math>",
        "<isindex prompt=\"a long prompt of an isindex element, read as text\" action=\"/a/long/action/path/for/the/form\">",
        "<b class=\"a long class of a formatting element that is copied\"><p>the b is copied into this paragraph</b></p>",
        "<div data-x=\"a value with a marker character \u{10FFFD} in it, long\">m</div>",
        "<div title=unquoted-values-are-left-whole-however-long-they-are>u</div>",
        "<div title=\"a value with > and < inside the quotes, long enough\">q</div>", "<head>", "</head>", "<meta charset=utf-8>", "<style>",
        "<script>", "</script>", "</style>", "<script", "<style x='", "<!--", "<title>", "<textarea>",
        // Runs of white space, given as form feeds, where the tree builder treats white space
        // apart: dropped, ignored, foster parented with text, kept in tables and selects.
        "<pre>\n\n   indented\n   </pre>", "<pre>\n   </pre>", "<listing>\n    \n</listing>", "<pre><b>\n    bold</b></pre>",
        "<textarea>\n   \n  </textarea>", "<table>\n    <tr>\n      <td>x</td>\n    </tr>\n  </table>", "<table>   text   <tr><td>c</td></tr></table>",
        "<table>\n   <caption>\n  c  </caption>\n   <colgroup>\n    <col>\n   </colgroup>\n</table>", "<select>\n    <option>a</option>\n    </select>",
        "<svg>\n    <g>\n    </g>\n  </svg>", "<math>\n   <mi>x</mi>\n   </math>", "<frameset>\n   <frame>\n  </frameset>\n   ",
        "</body>\n\n   </html>\n   ", "<head>\n    <title>t</title>\n  </head>\n   ", "<html>\n   <head>\n   <body>\n   ",
        "<template>\n   <p>t</p>\n   </template>", "<b>\n   <p>\n    x</b>\n   </p>", "<a href=x>\n  <div>\n   y  </div>\n</a>",
        "a   &amp;   b    &nbsp;   c", "&#12; a form feed by reference", "&#x0C;", "<p>\t \t</p>", "<noscript>\n   <p>n</p>\n   </noscript>",
        "<ul>\n   <li>one\n   <li>two\n   </ul>", "<h1>\n  t  \n</h1>", "<br>\n   \n   <br>",
    ]

    /// What goes between two pieces of a generated page, now and then.
    static let separators = ["\n", "\r\n", " ", "\t", "x", "\r", "\n    ", "\n\t\t  ", "   ", " \r\n  "]

    @Test func generatedPagesParseTheSame() {
        var seeds = XorShift()
        if let seed = ProcessInfo.processInfo.environment["CUTTER_SEED"].flatMap(UInt64.init) { seeds.state = seed }
        let rounds = ProcessInfo.processInfo.environment["CUTTER_ROUNDS"].flatMap(Int.init) ?? 4000
        var cutPages = 0, pagesWithRuns = 0
        for _ in 0..<rounds {
            var page = ""
            for _ in 0..<Int(seeds.next() % 24) + 1 {
                page += Self.pieces[Int(seeds.next() % UInt64(Self.pieces.count))]
                if seeds.next() % 4 == 0 { page += Self.separators[Int(seeds.next() % UInt64(Self.separators.count))] }
            }
            if Self.expectSameTree(page) > 0 { cutPages += 1 }
            if !Self.runs(page).isEmpty { pagesWithRuns += 1 }
        }
        // The pages exercise cutting and markers, not only the stops.
        #expect(cutPages > 1000, "\(cutPages) pages were cut")
        #expect(pagesWithRuns > 1000, "\(pagesWithRuns) pages had runs of text")
    }
}

extension ScriptCutterTests {
    /// `LineCount` counts as a walk over the bytes does: LF ends a line, every other byte but
    /// a continuation byte is a column.
    @Test func lineCountIsAWalk() {
        var seeds = XorShift()
        let pieces = ["a", "\n", "\r", "\t", "ع", "😀", "é", " ", "<p>", "\n\n"]
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int(seeds.next() % 40) { text += pieces[Int(seeds.next() % UInt64(pieces.count))] }
            let bytes = Array(text.utf8)
            var lineEnds = 0, tail = 0
            for byte in bytes {
                if byte == 0x0A { lineEnds += 1; tail = 0 } else if byte & 0xC0 != 0x80 { tail += 1 }
            }
            let counted = bytes.withUnsafeBytes { LineCount.of($0) }
            #expect(counted.lineEnds == lineEnds && counted.tail == tail, "\(text.debugDescription)")
        }
    }
}

extension ScriptCutterTests {
    /// A position found from a hint is the one found without: in order, out of order, far away.
    @Test func positionsFromAHintAreThePositions() {
        var page = String(repeating: "<p>text of a paragraph, long enough for a marker</p>\n<script>var x = 1; var y = 2;</script>\n", count: 300)
        page.withUTF8 { bytes in
            let scan = ScriptCutter.scanForGumbo(bytes)
            let (given, map, _) = ScriptCutter.apply(scan.cuts, runs: scan.runs, spaces: scan.spaces, to: bytes)
            #expect(map.entries.count > 500)
            var seeds = XorShift()
            var hint = 0
            for k in 0..<4000 {
                let offset = k < 2000 ? k * given.count / 2000 : Int(seeds.next() % UInt64(given.count))
                if k % 500 == 0 { hint = Int(seeds.next() % UInt64(map.entries.count + 3)) - 1 }
                let plain = map.position(line: 1, column: 1, offset: offset)
                let hinted = map.position(line: 1, column: 1, offset: offset, hint: &hint)
                #expect(plain == hinted, "\(offset)")
            }
        }
    }
}

extension ScriptCutterTests {
    /// Gumbo's memory from the arena: the tree is the one made with malloc, and the arena
    /// gives aligned memory of any size.
    @Test func theArenaGivesTheTreeMallocGives() {
        let pages = HTMLFastPathTests.pages + [
            String(repeating: "<div class=\"a long class name for the arena\"><p>text of a paragraph, long enough</p>", count: 3000),
            "<p>" + String(repeating: "x", count: 1 << 20) + "</p>",
        ]
        for page in pages {
            var page = page
            page.withUTF8 { buffer in
                let none = TextRuns(page: buffer, ranges: [])
                let withArena = GumboParser.parse(buffer, baseOffset: 0, map: ScriptCutter.PositionMap(), runs: none, arena: true)
                let withMalloc = GumboParser.parse(buffer, baseOffset: 0, map: ScriptCutter.PositionMap(), runs: none, arena: false)
                #expect(withArena.map(Self.outline) == withMalloc.map(Self.outline))
                #expect(withArena != nil)
            }
        }
        let arena = GumboArena()
        var pointers: [UnsafeMutableRawPointer] = []
        for size in [0, 1, 15, 16, 17, 100, 1 << 16, 1 << 20, 3, 5000] {
            guard let p = arena.allocate(size) else { Issue.record("no memory for \(size)"); continue }
            #expect(Int(bitPattern: p) % 16 == 0, "\(size)")
            p.initializeMemory(as: UInt8.self, repeating: 0xAB, count: size)
            pointers.append(p)
        }
        #expect(Set(pointers).count == pointers.count)
    }
}
