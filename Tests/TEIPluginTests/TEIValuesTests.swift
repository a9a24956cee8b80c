import Testing

@testable import TEIPlugin
import TestSupport

/// The checks behind the attribute values and raw TEI. Their verdicts on dates, URIs and
/// names follow what jing (which validates TEI) says of the same values.
@Suite("TEI values and raw XML")
struct TEIValuesTests {
    @Test(arguments: [
        ("https://example.com/a?x=1&y=2#f", "https://example.com/a?x=1&y=2#f"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("a\tb\nc", "a%09b%0Ac"),
        ("https://example.com/?q=<2>&r=\"{x}|^`\\", "https://example.com/?q=%3C2%3E&r=%22%7Bx%7D%7C%5E%60%5C"),
        ("%41%zz%4", "%41%25zz%254"),
        ("#one#two", "#one%23two"),
        ("1st:place", "1st%3Aplace"),
        (":x", "%3Ax"),
        ("mailto:a@b", "mailto:a@b"),
        ("a/b:c", "a/b:c"),
        ("https://ar.wikipedia.org/wiki/حلب", "https://ar.wikipedia.org/wiki/حلب"),
        ("", ""),
    ])
    func uris(_ input: String, _ expected: String) {
        #expect(TEIValues.uri(input) == expected)
    }

    /// The byte check that lets `uri` return most values as they are agrees with the scalar
    /// by scalar definition, on every piece that matters to it and random mixes of them.
    @Test func uriFastPathAgreesWithTheDefinition() {
        let pieces = [
            "a", "Z", "0", "9", "+", "-", ".", ":", "/", "?", "#", "%", "%4", "%41", "%zz", "%aF", " ", "\t", "\u{7F}",
            "\u{80}", "\u{9F}", "\u{A0}", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{10000}", "\u{0}", "\"", "<", ">",
            "\\", "^", "`", "{", "|", "}", "@", "&", "=", "~", "ح", "ل", "ب", "é", "https", "http:", "1st", "mailto",
            "\u{C2}", "\u{EF}", "\u{BFBE}", "\u{FEFF}",
        ]
        var random = SplitMix64(seed: 2026)
        var cases = pieces + ["", "https://ar.wikipedia.org/wiki/حلب", "http://www.wikidata.org/entity/Q22316"]
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...8, using: &random)
            cases.append((0..<length).map { _ in pieces.randomElement(using: &random)! }.joined())
        }
        for value in cases {
            let expected = TEIValues.encodedURI(value)
            #expect(TEIValues.isURIAsItIs(value) == (expected == value), "\(value.debugDescription)")
            #expect(TEIValues.uri(value) == expected, "\(value.debugDescription)")
        }
    }

    @Test func languageTags() {
        for tag in ["ar", "en-GB", "zh-Hant-TW", "x-private", "ar-SY-u-nu-arab"] { #expect(TEIValues.isLanguageTag(tag), "\(tag)") }
        for tag in ["", "-", "en_GB", "x-klingon-whatever123456", "1ar", "ar-", "عربي"] { #expect(!TEIValues.isLanguageTag(tag), "\(tag)") }
    }

    @Test func tokens() {
        #expect(TEIValues.tokens(" two  words\u{00A0}three\tfour ") == ["two", "words", "three", "four"])
        #expect(TEIValues.tokens("rtl\u{200F}mark") == ["rtlmark"])
        #expect(TEIValues.token("work of art") == "work-of-art")
        #expect(TEIValues.token(" \u{200B} ") == nil)
    }

    @Test func temporalValues() {
        let when = TEICase.whenValues
        for value in when { #expect(TEIValues.temporal(value) == .when(value), "\(value)") }
        let iso = TEICase.isoValues
        for value in iso { #expect(TEIValues.temporal(value) == .iso(value), "\(value)") }
        #expect(TEIValues.temporal("2016-04-22/2016-04-29") == .range(notBefore: "2016-04-22", notAfter: "2016-04-29"))
        #expect(TEIValues.temporal("2016-04-22/..") == .range(notBefore: "2016-04-22", notAfter: nil))
        #expect(TEIValues.temporal("/2016") == .range(notBefore: nil, notAfter: "2016"))
        #expect(TEIValues.temporal("2016-W17/2016-W18") == .iso("2016-W17/2016-W18"))
        for value in ["Friday", "", "30/04/2016x", "٢٠١٦"] { #expect(TEIValues.temporal(value) == nil, "\(value)") }
    }

    /// The byte-level answer for `YYYY`, `YYYY-MM` and `YYYY-MM-DD` is the parser's, on every
    /// month and day around the edges of years that are and are not leap years; and other
    /// forms are left to the parser.
    @Test func plainDatesAgreeWithTheParser() {
        var checked = 0
        for year in ["0000", "0001", "0004", "1900", "1996", "2000", "2016", "2019", "2100", "9999"] {
            #expect(TEIValues.plainDateIsValid(year) == TEIValues.isW3CTemporal(year), "\(year)")
            for month in 0...13 {
                let yearMonth = year + "-" + (month < 10 ? "0" : "") + String(month)
                #expect(TEIValues.plainDateIsValid(yearMonth) == TEIValues.isW3CTemporal(yearMonth), "\(yearMonth)")
                for day in 0...32 {
                    let date = yearMonth + "-" + (day < 10 ? "0" : "") + String(day)
                    #expect(TEIValues.plainDateIsValid(date) == TEIValues.isW3CTemporal(date), "\(date)")
                    #expect(TEIValues.temporal(date) == (TEIValues.isW3CTemporal(date) ? .when(date) : .iso(date)), "\(date)")
                    checked += 1
                }
            }
        }
        #expect(checked == 10 * 14 * 33)
        #expect(TEIValues.plainDateIsValid("2016-02-29") == true)
        #expect(TEIValues.plainDateIsValid("2100-02-29") == false)
        for other in ["2016-5-01", "-2016", "2016-05-01Z", " 2016", "2016/05", "20160", "2016-05-01T10:00:00", "٢٠١٦", "10:30"] {
            #expect(TEIValues.plainDateIsValid(other) == nil, "\(other)")
        }
    }

    @Test func numbers() {
        for value in TEICase.numericValues { #expect(TEIValues.isNumeric(value), "\(value)") }
        for value in ["", "1,000", "٢٤٦", "1e", "e5", "INF", "NaN", "1/", "/2", "1/2/3", "10 USD", "."] {
            #expect(!TEIValues.isNumeric(value), "\(value)")
        }
    }

    @Test func xmlNames() {
        for name in ["a", "_x", "title", "figure-1", "عنوان_١", "a·b", "x.y"] { #expect(XMLNames.isNCName(name), "\(name)") }
        // U+2177 (a letter number), U+30FB and U+FDF0 are name characters in XML 1.0's fifth
        // edition only; emoji too. jing refuses them.
        for name in ["", "1a", "-a", "a b", "a:b", "a😀", "ⅷ", "a\u{30FB}", "a\u{FDF0}"] { #expect(!XMLNames.isNCName(name), "\(name)") }
        #expect(XMLNames.isQName("tei:note") && !XMLNames.isQName("a:b:c") && !XMLNames.isQName(":a"))
    }

    @Test func wellFormedFragments() {
        let good = [
            "", "text only", "a &amp; b &lt; &#x41; &#65; &quot;&apos;&gt;",
            "<note/>", "<note type=\"a\" n='b'>x <hi>y</hi></note> tail", "<a><b><c/></b></a>",
            "<!-- a - comment -->", "<![CDATA[ <not markup> & ]]>", "<?target data?>", "<?t?>",
            "<x:y xmlns:x=\"urn:x\" x:z=\"1\"/>", "<note xml:id=\"n1\" xml:lang=\"en\"/>", "<n a = \"1\" />",
            "a > b", "<p>\u{1F600}</p>",
        ]
        for fragment in good { #expect(XMLFragment.problem(in: fragment) == nil, "\(fragment)") }
        let bad = [
            ("<note>", "<note> is not closed"), ("</note>", "</note> closes no element"),
            ("<a><b></a></b>", "</a> closes <b>"), ("a & b", "\"&\" must start a reference"),
            ("&nbsp;", "the entity &nbsp; is not defined"), ("&#0;", "names a character XML does not allow"),
            ("&#xD800;", "names a character XML does not allow"), ("&#x;", "character reference is not well-formed"),
            ("<a b=\"1\" b=\"2\"/>", "the attribute b is repeated"), ("<a b=1/>", "expected a quoted attribute value"),
            ("<a b=\"<\"/>", "\"<\" cannot occur in an attribute value"), ("<a b=\"1\"c=\"2\"/>", "expected white space"),
            ("<x:a/>", "the prefix x of x:a is not declared"), ("<a x:b=\"1\"/>", "the prefix x of x:b is not declared"),
            ("<a xmlns:x=\"u\" xmlns:y=\"u\" x:b=\"1\" y:b=\"2\"/>", "the same namespace and name b"),
            ("<a xmlns:x=\"\"/>", "cannot be undeclared"), ("<!DOCTYPE x>", "declaration"), ("<?xml version=\"1.0\"?>", "XML declaration"),
            ("<!-- a -- b -->", "\"--\" cannot occur inside a comment"), ("<!-- open", "comment is not closed"),
            ("<![CDATA[ open", "CDATA section is not closed"), ("a ]]> b", "\"]]>\" cannot occur in text"),
            ("a\u{1}b", "character U+0001 is not allowed"), ("<1a/>", "\"1a\" is not an XML name"), ("<a😀/>", "expected white space"),
            ("<a></a></a>", "</a> closes no element"),
        ]
        for (fragment, message) in bad {
            let problem = XMLFragment.problem(in: fragment)
            #expect(problem?.contains(message) == true, "\(fragment): \(problem ?? "accepted")")
        }
    }
}
