import DocumentModel
@testable import HTMLPlugin
import Testing
import TestSupport
import WarraqKit

/// The routines made fast (bytes instead of scalars, a first-character test before
/// lowercasing, counts kept from pass to pass) give what the plain versions they replaced
/// give: each is checked here against that plain version, kept as the reference.
@Suite struct HTMLFastPathTests {
    /// Pages whose text exercises white space, line breaks, blocks, invisible elements,
    /// Arabic with marks, decomposed letters, commas of several scripts and headings of lists.
    static let pages: [String] = [
        "<p>  Hello,   <b>world</b>\n\t<br>again  </p><div>Second\u{0C}block</div><script>no, text</script>",
        "<div><h2>Read also</h2><ul><li><a href=/a>One</a></li></ul><p>READ ALSO: more</p><p>Readings, and more</p></div>",
        "<article><p>اقرأ أيضا: خبر آخر</p><p>اقرأ أيضاً</p><p>إقرأ أيضا</p><p>\u{0627}\u{0654}خبار ذات صلة</p><h3>مواضيع ذات صلة</h3></article>",
        "<p>قالَ المُتَحَدِّثُ، إنّ الوضعَ — كما قال — ‹هادئ›؛ ثمّ أضاف ، و، أخيرا</p><p>\u{FF0C}\u{FE50}\u{2E41}</p>",
        "<div>  <span> </span>\n<em>Most read</em> <i>stories</i></div><div>most popular: <a href='#x'>x</a></div>",
        "<p>e\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}</p>",
        "<p>\u{130}stanbul \u{212A}elvin ß ẞ Σ \u{1F600}\u{200D}\u{1F600} 𝒜</p><p>Share this</p><p>شارك</p><p>You may also like</p>",
        "<div>" + String(repeating: "word, ", count: 200) + "<p>Recommended</p></div><table><tr><td>cell, one</td><td>two</td></tr></table>",
        "<p><span>R</span><span>ead also</span> split across spans</p><p>r</p><p>م</p><p>\u{0627}</p>",
    ]

    static func tree(_ html: String) -> HTMLTree {
        GumboParser.parse("<!DOCTYPE html><html><head><title>t</title></head><body>" + html + "</body></html>", baseOffset: 0)
    }

    /// `HTMLTree.text(of:limit:skipping:)` as it was written first, scalar by scalar.
    static func referenceText(_ tree: HTMLTree, of root: Int, limit: Int = .max, skipping skip: (Int) -> Bool = { _ in false }) -> String {
        var out = ""
        var pendingSpace = false
        var length = 0
        tree.walk(root) { i in
            if length > limit { return false }
            if i != root && skip(i) { return false }
            let node = tree.nodes[i]
            if node.kind == .text {
                for scalar in node.text.unicodeScalars {
                    if HTMLTree.isSpace(scalar) {
                        pendingSpace = true
                    } else {
                        if pendingSpace && !out.isEmpty { out.unicodeScalars.append(" ") }
                        pendingSpace = false
                        out.unicodeScalars.append(scalar)
                        length += 1
                    }
                }
            } else if node.kind == .element && (HTMLTree.blockElements.contains(node.name) || node.name == "br") {
                pendingSpace = true
            }
            return i == root || !HTMLTree.invisibleElements.contains(node.name)
        }
        return out
    }

    @Test(arguments: pages)
    func textOfEveryNodeIsTheScalarVersions(_ html: String) {
        let tree = Self.tree(html)
        for i in tree.nodes.indices {
            for limit in [0, 3, 20, 72, Int.max] {
                #expect(tree.text(of: i, limit: limit) == Self.referenceText(tree, of: i, limit: limit), "node \(i), limit \(limit)")
            }
            let skipOdd: (Int) -> Bool = { $0 % 2 == 1 }
            #expect(tree.text(of: i, skipping: skipOdd) == Self.referenceText(tree, of: i, skipping: skipOdd))
        }
    }

    @Test(arguments: pages)
    func ownTextCountsAreTheScalarVersions(_ html: String) {
        let tree = Self.tree(html)
        let counts = Measures.ownText(tree)
        for (i, node) in tree.nodes.enumerated() {
            var length = 0, commas = 0
            if node.kind == .text {
                var space = true
                for s in node.text.unicodeScalars {
                    if HTMLTree.isSpace(s) {
                        if !space { length += 1 }
                        space = true
                    } else {
                        length += 1
                        space = false
                        if Measures.commaScalars.contains(s.value) { commas += 1 }
                    }
                }
            }
            #expect(counts[i].length == length && counts[i].commas == commas, "node \(i): \(node.text)")
        }
    }

    @Test(arguments: pages)
    func boilerplateHeadingTestIsLowercasedHasPrefix(_ html: String) {
        let tree = Self.tree(html)
        let extractor = ArticleExtractor(tree: tree, title: nil)
        for removedEvery in [0, 3] {
            let removed = tree.nodes.indices.map { removedEvery > 0 && $0 % removedEvery == 0 && $0 > 2 }
            for i in tree.nodes.indices where tree.nodes[i].kind == .element {
                let text = tree.text(of: i, skipping: { removed[$0] }).lowercased()
                let expected = ArticleExtractor.boilerplateHeadings.contains(where: { text.hasPrefix($0) })
                #expect(extractor.startsWithBoilerplateHeading(i, removed) == expected, "node \(i): \(text)")
            }
        }
    }

    @Test func boilerplateHeadingsAreFound() {
        let tree = Self.tree(Self.pages[2] + Self.pages[1])
        let extractor = ArticleExtractor(tree: tree, title: nil)
        let removed = [Bool](repeating: false, count: tree.nodes.count)
        let found = tree.nodes.indices.filter { ["p", "h2", "h3"].contains(tree.nodes[$0].name) }
            .filter { extractor.startsWithBoilerplateHeading($0, removed) }.map { tree.text(of: $0) }
        #expect(found == ["اقرأ أيضا: خبر آخر", "اقرأ أيضاً", "إقرأ أيضا", "\u{0627}\u{0654}خبار ذات صلة", "مواضيع ذات صلة", "Read also", "READ ALSO: more"])
    }

    @Test func flagsFollowTheNameSets() {
        for name in HTMLTree.invisibleElements.union(HTMLTree.blockElements).union(Measures.divToParagraphElements)
            .union(Measures.textishElements).union(ArticleExtractor.tagsToScore)
            .union(["a", "img", "br", "li", "input", "iframe", "video", "span", "custom-tag", "header", "divs", "pp"])
        {
            let flags = HTMLTree.Flags.of(name)
            #expect(flags.contains(.invisible) == HTMLTree.invisibleElements.contains(name), "\(name)")
            #expect(flags.contains(.block) == HTMLTree.blockElements.contains(name), "\(name)")
            #expect(flags.contains(.divToParagraph) == Measures.divToParagraphElements.contains(name), "\(name)")
            #expect(flags.contains(.textish) == Measures.textishElements.contains(name), "\(name)")
            #expect(flags.contains(.media) == ["img", "iframe", "object", "embed", "video", "picture"].contains(name), "\(name)")
            #expect(flags.contains(.embeddedMedia) == ["iframe", "object", "embed", "video", "picture"].contains(name), "\(name)")
            #expect(flags.contains(.lineBreak) == (name == "br"), "\(name)")
            #expect(flags.contains(.scored) == ArticleExtractor.tagsToScore.contains(name), "\(name)")
            #expect(flags.contains(.goesWhenEmpty) == ["div", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6"].contains(name), "\(name)")
            #expect(flags.contains(.div) == (name == "div") && flags.contains(.paragraph) == (name == "p"), "\(name)")
        }
    }
}

extension HTMLFastPathTests {
    /// White space collapsing as it was first written, scalar by scalar.
    static func referenceCollapsed(_ text: String, _ afterSpace: inout Bool) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if HTMLTree.isSpace(scalar) {
                if !afterSpace { result.append(" ") }
                afterSpace = true
            } else {
                result.append(scalar)
                afterSpace = false
            }
        }
        return String(result)
    }

    @Test(arguments: ["", " ", "a", " a", "a ", "a  b", "a\nb", "\t\u{0C}\r\n", "قال  المتحدث\u{A0} و\n", "x y z", "e\u{301} \u{1F600}  "])
    func collapsingIsTheScalarVersions(_ text: String) {
        for start in [false, true] {
            var a = start, b = start
            #expect(HTMLConverter.collapsed(text, &a) == Self.referenceCollapsed(text, &b))
            #expect(a == b)
        }
    }
}

extension HTMLFastPathTests {
    @Test func isCommaIsTheSet() {
        let differ = (UInt32(0)..<0x11000).filter { Measures.isComma($0) != Measures.commaScalars.contains($0) }
        #expect(differ.isEmpty)
    }

    @Test func nestingGuardNamesKeepSixteenBytes() {
        var name = NestingGuard.Name()
        for byte in Array("abcdefghijklmnopqrstuvwxyz".utf8) { name.append(byte) }
        #expect(name.bytes == Array("abcdefghijklmnop".utf8))
        #expect(NestingGuard.Name("script") == NestingGuard.Name("script") && NestingGuard.Name("script") != NestingGuard.Name("scripts"))
        // Every name of the two lists is found as its kind, and nothing else is.
        for name in NestingGuard.rawText { #expect(NestingGuard.kind(of: NestingGuard.Name(name)) == .rawText, "\(name)") }
        for name in NestingGuard.voidOrOptional { #expect(NestingGuard.kind(of: NestingGuard.Name(name)) == .voidOrOptional, "\(name)") }
        for name in ["div", "scripts", "scrip", "b", "pp", "plaintexts", "noframe", "", "abcdefghijklmnopq", "tbodyx", "colgroups"] {
            #expect(NestingGuard.kind(of: NestingGuard.Name(name)) == .other, "\(name)")
        }
    }
}

extension HTMLFastPathTests {
    /// True when `haystack` holds one of `needles` (bytes, lowercase), needle by needle.
    static func containsAny(_ haystack: [UInt8], _ needles: [String]) -> Bool {
        let n = haystack.count
        for word in needles {
            let needle = Array(word.utf8)
            guard needle.count <= n else { continue }
            var i = 0
            while i + needle.count <= n {
                if haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
                i += 1
            }
        }
        return false
    }

    /// What `ArticleExtractor.Vocabulary` worked out for one element, as it was first written
    /// (on lowercased Strings, needle by needle).
    static func referenceVocabulary(_ node: HTMLTree.Node) -> (unlikely: Bool, weight: Int, byline: Bool, share: Bool, dateline: Bool) {
        var weight = 0, byline = false
        let cls = node.attribute("class") ?? "", id = node.attribute("id") ?? ""
        if node.attribute("itemprop")?.contains("articleBody") == true { weight += 25 }
        if node.attribute("rel") == "author" || node.attribute("itemprop")?.lowercased().contains("author") == true { byline = true }
        guard !cls.isEmpty || !id.isEmpty else { return (false, weight, byline, false, false) }
        let match = Array((cls + " " + id).lowercased().utf8)
        let unlikely = Self.containsAny(match, ArticleExtractor.unlikelyWords)
            && !Self.containsAny(match, ArticleExtractor.maybeWords)
        for value in [cls, id] where !value.isEmpty {
            let v = value.lowercased()
            let bytes = Array(v.utf8)
            if Self.containsAny(bytes, ArticleExtractor.negativeWords) || v.split(separator: " ").contains("hid") { weight -= 25 }
            if Self.containsAny(bytes, ArticleExtractor.positiveWords) { weight += 25 }
        }
        if Self.containsAny(match, ArticleExtractor.bylineWords) { byline = true }
        let text = String(decoding: match, as: UTF8.self)
        return (unlikely, weight, byline, ArticleExtractor.isShare(text), ArticleExtractor.isDateline(text))
    }

    static let classNames = [
        "", "story", "Article-Body", "main-content hid", "hid", "HID x", "hidden", "post_share", "share-bar", "ssba sharedaddy",
        "sharing", "share\u{301}", "share-\u{301}x", "entry-date", "post-date", "Timestamp", "pubdate2", "dateline",
        "updated_at", "date-time", "datetime", "byline author", "p-author h-card", "writtenby", "sidebar comment",
        "related-articles", "most-read", "cookie-banner", "modal", "read-also", "article mathjax", "مقال", "خبر-share",
        "Ünïcode COMMENT", "İd", "column  content", "-ad-slot", "ad-break", "\u{212A}ey", "footer\tfooter", "dàte",
    ]

    @Test func vocabularyIsTheStringVersions() {
        var html = ""
        for (k, cls) in Self.classNames.enumerated() {
            let id = Self.classNames[(k * 7 + 3) % Self.classNames.count]
            html += "<div class=\"\(cls)\" id=\"\(id)\">x</div><span class=\"\(cls)\">y</span><p id=\"\(cls)\" itemprop=\"Author\">z</p>"
        }
        html += "<div itemprop=\"articleBody\" rel=\"author\">w</div>"
        for itemprop in ["mainEntity articleBody", "articlebody", "AUTHOR name", "isAuthorOf", "creator"] {
            html += "<div itemprop=\"\(itemprop)\" rel=\"Author\">v</div><a rel=\"author\" class=\"x\">u</a>"
        }
        let tree = Self.tree(html)
        let vocabulary = ArticleExtractor.Vocabulary(tree)
        for (i, node) in tree.nodes.enumerated() where node.kind == .element {
            let r = Self.referenceVocabulary(node)
            #expect(vocabulary.unlikely[i] == r.unlikely, "\(node.attributes)")
            #expect(vocabulary.weight[i] == r.weight, "\(node.attributes)")
            #expect(vocabulary.byline[i] == r.byline, "\(node.attributes)")
            #expect(vocabulary.share[i] == r.share, "\(node.attributes)")
            #expect(vocabulary.dateline[i] == r.dateline, "\(node.attributes)")
        }
        // The list exercises every outcome.
        #expect(Set(tree.nodes.indices.map { vocabulary.share[$0] }) == [false, true])
        #expect(Set(tree.nodes.indices.map { vocabulary.dateline[$0] }) == [false, true])
        #expect(Set(tree.nodes.indices.map { vocabulary.unlikely[$0] }) == [false, true])
        #expect(Set(tree.nodes.indices.map { vocabulary.weight[$0] }).count >= 3)
    }
}

extension HTMLFastPathTests {
    @Test(arguments: pages)
    func textPrefixIsTheStartOfTheText(_ html: String) {
        let tree = Self.tree(html)
        for i in tree.nodes.indices {
            let full = tree.text(of: i)
            for scalars in [0, 1, 5, 72] {
                let (head, complete) = tree.textPrefix(of: i, scalars: scalars)
                #expect(Array(full.utf8).starts(with: Array(head.utf8)), "node \(i): \(head) / \(full)")
                if complete { #expect(head == full) }
                if head != full { #expect(!complete && head.unicodeScalars.filter { !HTMLTree.isSpace($0) }.count == scalars + 1) }
            }
        }
    }
}

extension HTMLFastPathTests {
    @Test func utf8ValidationIsTextDecodings() {
        var cases: [[UInt8]] = [
            [], Array("plain".utf8), Array("عربي é 😀".utf8), [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80],
            [0xE2, 0x82], Array("abc".utf8) + [0xD8], [0xEF, 0xBF, 0xBE], [0xF0, 0x9F, 0x98], [0x41, 0xC3, 0x28],
        ]
        // Every one- and two-byte sequence, and three-byte ones around the edges.
        for a in 0...255 {
            cases.append([UInt8(a)])
            for b in 0...255 { cases.append([UInt8(a), UInt8(b)]) }
        }
        for a: UInt8 in [0xE0, 0xED, 0xEF, 0xF0, 0xF4] {
            for b in 0x70...0xC0 { cases.append([a, UInt8(b), 0x80]); cases.append([a, UInt8(b), 0x80, 0x80]) }
        }
        let differ = cases.filter { (TextDecoding.validUTF8(InputSource(bytes: $0, path: "t")) != nil) != (TextDecoding.firstInvalidUTF8(in: $0) == nil) }
        #expect(differ.isEmpty, "\(differ.prefix(5))")
        // Longer texts, ASCII runs of every length between sequences, broken here and there,
        // against the standard library's own validation.
        var seeds = XorShift()
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("markup <p class=x> ".utf8), Array("ع".utf8), Array("😀".utf8), Array("é".utf8), [0x80], [0xE2, 0x82], [0xF0, 0x9F],
            [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFF],
        ]
        for _ in 0..<5000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(seeds.next() % 24) {
                let k = Int(seeds.next() % UInt64(pieces.count))
                // Broken pieces now and then.
                bytes += k >= 5 && seeds.next() % 4 != 0 ? pieces[Int(seeds.next() % 5)] : pieces[k]
            }
            #expect(TextDecoding.isValidUTF8(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            cases.append(bytes)
        }
        // The text is the bytes.
        for bytes in cases where TextDecoding.firstInvalidUTF8(in: bytes) == nil {
            #expect(TextDecoding.validUTF8(InputSource(bytes: bytes, path: "t")).map { Array($0.text.utf8) } == bytes)
        }
    }
}

extension HTMLFastPathTests {
    /// `holdsBytes` is a byte search: checked against a plain one on words and random text.
    @Test func holdsBytesIsAByteSearch() {
        func naive(_ text: String, _ part: String) -> Bool {
            let t = Array(text.utf8), p = Array(part.utf8)
            guard !p.isEmpty else { return true }
            guard t.count >= p.count else { return false }
            return (0...(t.count - p.count)).contains { Array(t[$0..<($0 + p.count)]) == p }
        }
        let fixed: [(String, String)] = [
            ("", ""), ("", "a"), ("a", ""), ("display:none", "display:none"), ("x;display:none", "display:none"),
            ("display:non", "display:none"), ("aaab", "aab"), ("-->", "-->"), ("a --> b", "-->"), ("نص &amp; نص", "&amp;"),
            ("visibility:hiddenx", "visibility:hidden"), ("dddisplay:none", "display:none"),
        ]
        for (text, part) in fixed { #expect("\(text)".holdsBytes(part) == naive(text, part), "\(text) / \(part)") }
        var seeds = XorShift()
        let alphabet = Array("ab-:>ن ")
        for _ in 0..<2000 {
            let text = String((0..<Int(seeds.next() % 12)).map { _ in alphabet[Int(seeds.next() % UInt64(alphabet.count))] })
            let part = String((0..<Int(seeds.next() % 4)).map { _ in alphabet[Int(seeds.next() % UInt64(alphabet.count))] })
            #expect(text.holdsBytes(part) == naive(text, part), "\(text) / \(part)")
        }
    }
}

extension HTMLFastPathTests {
    /// The vocabulary's automaton finds what a search for each word finds, in the class and
    /// id together and in each alone: on class names made of pieces of the words.
    @Test func theWordAutomatonIsASearchForEachWord() {
        let lists: [([String], ArticleExtractor.WordLists)] = [
            (ArticleExtractor.unlikelyWords, .unlikely), (ArticleExtractor.maybeWords, .maybe), (ArticleExtractor.bylineWords, .byline),
            (ArticleExtractor.negativeWords, .negative), (ArticleExtractor.positiveWords, .positive),
        ]
        func naive(_ bytes: ArraySlice<UInt8>) -> ArticleExtractor.WordLists {
            var found = ArticleExtractor.WordLists()
            for (words, list) in lists where words.contains(where: { Self.containsAny(Array(bytes), [$0]) }) { found.insert(list) }
            return found
        }
        let words = lists.flatMap(\.0)
        var seeds = XorShift()
        for _ in 0..<3000 {
            var parts: [String] = []
            for _ in 0..<2 {
                var part = ""
                for _ in 0..<Int(seeds.next() % 4) {
                    let word = words[Int(seeds.next() % UInt64(words.count))]
                    // A word, a piece of one, or a separator.
                    switch seeds.next() % 4 {
                    case 0: part += word
                    case 1: part += String(word.prefix(Int(seeds.next() % UInt64(word.count + 1))))
                    case 2: part += String(word.suffix(Int(seeds.next() % UInt64(word.count + 1))))
                    default: part += ["-", "_", "x", "ad", "co", "com", "m"][Int(seeds.next() % 7)]
                    }
                }
                parts.append(part)
            }
            let match = Array(parts[0].utf8) + [0x20] + Array(parts[1].utf8)
            let split = parts[0].utf8.count
            let found = ArticleExtractor.vocabularyNeedles.find(in: match, split: split)
            #expect(found.whole == naive(match[...]), "\(parts)")
            #expect(found.first == naive(match[..<split]), "\(parts)")
            #expect(found.second == naive(match[(split + 1)...]), "\(parts)")
        }
    }
}

extension HTMLFastPathTests {
    /// A style hides an element as the String version said: lowercased, spaces (U+0020 only)
    /// dropped, then searched.
    @Test func hidesByStyleIsTheStringVersion() {
        let styles = [
            "display:none", "DISPLAY: NONE", "display :none", "display:\tnone", "color: red; display: none !important", "visibility:hidden;",
            "Visibility : Hidden", "visibility: visible", "display:block", "", "display:nonе", "ﬀ display: none", "\u{212A}ey; display:none",
            "display: none\u{00A0}", "dis play:none", "displaY:NoNe", "visibility:hiddenx", "margin:0;visibility:hidden", "خط: display: none",
        ]
        for style in styles {
            let reference = style.lowercased().filter { $0 != " " }
            let expected = reference.contains("display:none") || reference.contains("visibility:hidden")
            #expect(ArticleExtractor.hidesByStyle(style) == expected, "\(style.debugDescription)")
        }
    }
}

extension HTMLFastPathTests {
    /// A node's descendants are the nodes from it to its subtree's end: as its parent links
    /// say, on the test pages and on a page nested past the depth where nodes are attached higher.
    @Test func aSubtreeIsARangeOfNodes() {
        let deep = String(repeating: "<div>", count: HTMLTree.maximumDepth + 20) + "deep<p>p</p>" + String(repeating: "</div>", count: 30) + "<p>after</p>"
        for html in Self.pages + [deep] {
            let tree = Self.tree(html)
            for a in tree.nodes.indices {
                let end = tree.subtreeEnd(a)
                for i in tree.nodes.indices {
                    var k = i
                    while k > a { k = tree.nodes[k].parent }
                    #expect((k == a) == (i >= a && i < end), "node \(i) under \(a)")
                }
            }
        }
    }
}
