import DocumentModel
import Testing
import TestSupport
import WarraqKit

@testable import NormalizationPlugin

/// A small deterministic generator, so that a failing case can be run again.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("normalize transform")
struct NormalizeTransformTests {
    let transform = NormalizeTransform()

    func run(_ document: Document, _ raw: [String: String]) throws -> Document {
        let options = try OptionValues.check(
            raw.sorted { $0.key < $1.key }.map { RawOption(name: $0.key, value: $0.value) }, against: transform.options,
            plugin: "normalize")
        var context = PluginContext(inputName: "test")
        return try transform.apply(to: document, options: options, context: &context)
    }

    /// Byte-exact comparison: `Document`'s `==` compares strings by canonical equivalence.
    func json(_ document: Document) throws -> [UInt8] { try ASTJSON.encode(document) }

    static let pieces = [
        "ـ", "\u{A0}", "  ", "\u{200F}", "\u{200E}", "ﷲ", "ﻻ", "ﺑ", "أ", "إ", "آ", "ا\u{654}", "َ", "ّ", "ٌ", "ی", "ک", "ۀ",
        "ى", "ة", "ؤ", "ئ", "۱", "٢", "7", "،", "؟", ",", "?", "“", "”", "«", "\"", "\u{FEFF}", "e\u{301}", " ", "\u{200C}",
        "\u{200D}", "×", "\t", "\n", "\u{1}", "\u{AD}", "\u{2003}", "ـ\u{654}", "\u{654}", "👍🏽", "가\u{11A8}",
        "क्\u{200D}ष", "(", "-", "\u{200C}\u{200C}", "ه\u{200D} ",
    ]

    /// Sample-like documents with pieces of awkward text put into their text nodes, split
    /// into several nodes, and junk blocks added.
    static func generated(count: Int, seed: UInt64) throws -> [Document] {
        var bases = [try TestDocuments.sampleArticle(), TestDocuments.everyKindDocument(), TestDocuments.plainDocument()]
        bases += TestDocuments.edgeCases().map(\.document)
        var rng = SplitMix64(state: seed)
        var documents: [Document] = []
        for i in 0..<count {
            var document = bases[i % bases.count]
            document = try document.rewritingInlines { inline in
                guard case .text(let text) = inline.kind else { return [inline] }
                var scalars = Array(text.unicodeScalars)
                for _ in 0..<Int.random(in: 0...4, using: &rng) {
                    let piece = Array(pieces.randomElement(using: &rng)!.unicodeScalars)
                    scalars.insert(contentsOf: piece, at: Int.random(in: 0...scalars.count, using: &rng))
                }
                if scalars.count > 2 && Bool.random(using: &rng) {
                    let cut = Int.random(in: 1..<scalars.count, using: &rng)
                    return [
                        Inline(.text(String(String.UnicodeScalarView(scalars[..<cut])))),
                        Inline(.text(String(String.UnicodeScalarView(scalars[cut...])))),
                    ]
                }
                return [Inline(.text(String(String.UnicodeScalarView(scalars))), attributes: inline.attributes)]
            }
            if Bool.random(using: &rng) {
                document.blocks.insert(.paragraph(pieces.randomElement(using: &rng)!), at: Int.random(in: 0...document.blocks.count, using: &rng))
            }
            if let title = document.metadata.title {
                document.metadata.title = " " + title + pieces.randomElement(using: &rng)!
            }
            documents.append(document)
        }
        return documents
    }

    /// Options chosen at random, each given or not.
    static func randomOptions(_ specs: [OptionSpec], using rng: inout SplitMix64) -> [String: String] {
        var raw: [String: String] = [:]
        for spec in specs {
            guard case .choice(let words) = spec.type, Bool.random(using: &rng) else { continue }
            raw[spec.name] = words.randomElement(using: &rng)!
        }
        return raw
    }

    @Test func normalizingTwiceEqualsNormalizingOnce() throws {
        var rng = SplitMix64(state: 5)
        for document in try Self.generated(count: 120, seed: 42) {
            for raw in [["preset": "arabic-news"], Self.randomOptions(transform.options, using: &rng)] {
                let once = try run(document, raw)
                let twice = try run(once, raw)
                #expect(try json(twice) == json(once), "\(raw)")
            }
        }
    }

    @Test func everyOptionOffLeavesTheDocumentAsItWas() throws {
        let off = [
            "unicode": "none", "whitespace": "keep", "controls": "keep", "tatweel": "keep", "diacritics": "keep",
            "alef": "keep", "alef-maksura": "keep", "teh-marbuta": "keep", "hamza": "keep", "persian-letters": "keep",
            "digits": "keep", "punctuation": "keep", "quotes": "keep", "junk": "keep",
        ]
        for document in try Self.generated(count: 60, seed: 7) {
            #expect(try json(run(document, off)) == json(document))
            #expect(try json(run(document, ["preset": "arabic-news"].merging(off) { $1 })) == json(document))
        }
    }

    /// The letters of each block, in order.
    func letters(_ blocks: [Block]) -> [String] {
        blocks.map { block in
            String(String.UnicodeScalarView(block.plainText.unicodeScalars.filter(NormalizeSettings.isLetterOrDigit)))
        }.filter { !$0.isEmpty }
    }

    @Test func theSampleLosesItsJunkAndKeepsEveryLetter() throws {
        let sample = try TestDocuments.sampleArticle()
        #expect(sample.blocks.contains { $0.plainText == "×" })
        let result = try run(sample, ["preset": "arabic-news"])
        #expect(!result.blocks.contains { $0.plainText.unicodeScalars.contains { $0 == "×" || $0 == "\u{A0}" } })
        #expect(result.blocks.count == sample.blocks.count - 1)
        // The text reader already reads the sample's NBSP line as a blank line; a paragraph of
        // an NBSP (as other readers may keep) goes too.
        var withSpace = sample
        withSpace.blocks.insert(.paragraph("\u{A0}"), at: 3)
        withSpace.blocks.insert(Block(.paragraph([.text(" \u{A0} "), Inline(.softBreak), .text("…")])), at: 5)
        let cleaned = try run(withSpace, ["preset": "arabic-news"])
        #expect(try json(cleaned) == json(result))
        #expect(letters(result.blocks) == letters(sample.blocks))
        #expect(result.metadata.title == sample.metadata.title)
    }

    @Test func presetOptionsAreOverriddenOneByOne() throws {
        let document = Document(blocks: [.paragraph("كـتـاب ×"), .paragraph("×")])
        let preset = try run(document, ["preset": "arabic-news"])
        #expect(preset.blocks.map(\.plainText) == ["كتاب ×"])
        let keep = try run(document, ["preset": "arabic-news", "tatweel": "keep", "junk": "keep"])
        #expect(keep.blocks.map(\.plainText) == ["كـتـاب ×", "×"])
        let plain = try run(document, [:])
        #expect(plain.blocks.map(\.plainText) == ["كـتـاب ×", "×"], "alone, only unicode: nfc is on")
    }

    @Test func entitiesLinksAndAttributesStayOnTheirText() throws {
        let person = Entity(kind: .person, normalized: "Osama")
        let document = Document(blocks: [
            Block(
                .paragraph([
                    .text("  قال "),
                    Inline(.entity(person, [.text(" أُسامـة ")]), attributes: Attributes(id: "e1")),
                    .text(" إنّ "),
                    Inline(.link(Link(target: "https://example.com/أ"), [.text("الرابط\u{200F}")])),
                    .text(" "),
                ]),
                attributes: Attributes(id: "p1", language: "ar")),
        ])
        let result = try run(document, [
            "preset": "arabic-news", "alef": "unify", "diacritics": "remove",
        ])
        let expected = Document(blocks: [
            Block(
                .paragraph([
                    .text("قال "),
                    Inline(.entity(person, [.text("اسامة ")]), attributes: Attributes(id: "e1")),
                    .text("ان "),
                    Inline(.link(Link(target: "https://example.com/أ"), [.text("الرابط")])),
                ]),
                attributes: Attributes(id: "p1", language: "ar")),
        ])
        let got = try json(result)
        #expect(got == (try json(expected)), "\(String(decoding: got, as: UTF8.self))")
    }

    @Test func spacesCollapseInReadingOrderAcrossNesting() throws {
        let document = Document(blocks: [
            Block(.paragraph([
                .text(" a "), Inline(.emphasis([.text(" b ")])), Inline(.softBreak),
                Inline(.strong([.text("\u{A0}c"), Inline(.link(Link(target: "#x"), [.text("  ")]))])), .text(" "),
            ])),
            Block(.heading(level: 2, content: [Inline(.quoted(.double, [.text(" \u{2003}x ")]))])),
        ])
        let expected = Document(blocks: [
            Block(.paragraph([
                .text("a "), Inline(.emphasis([.text("b")])), Inline(.softBreak),
                Inline(.strong([.text("c"), Inline(.link(Link(target: "#x"), []))])),
            ])),
            Block(.heading(level: 2, content: [Inline(.quoted(.double, [.text("x")]))])),
        ])
        let got = try json(run(document, ["whitespace": "collapse"]))
        #expect(got == (try json(expected)), "\(String(decoding: got, as: UTF8.self))")
    }

    @Test func scopeChoosesBodyMetadataOrBoth() throws {
        let document = Document(
            metadata: Metadata(title: "كـتـاب", authors: ["أحمد ـ"], sourceURL: "https://x/ـ"),
            blocks: [.paragraph("كـتـاب")])
        let body = try run(document, ["tatweel": "remove", "scope": "body"])
        #expect(body.metadata.title == "كـتـاب")
        #expect(body.blocks[0].plainText == "كتاب")
        let metadata = try run(document, ["tatweel": "remove", "scope": "metadata", "whitespace": "collapse"])
        #expect(metadata.metadata.title == "كتاب")
        #expect(metadata.metadata.authors == ["أحمد"])
        #expect(metadata.metadata.sourceURL == "https://x/ـ")
        #expect(metadata.blocks[0].plainText == "كـتـاب")
    }

    @Test func codeAndRawTextAreVerbatim() throws {
        let document = Document(blocks: [
            Block(.codeBlock(language: nil, text: "  كـ  ")),
            Block(.paragraph([Inline(.code("a  ـ")), .text(" x"), Inline(.raw(format: "html", text: "<b>ـ</b>"))])),
        ])
        let result = try run(document, ["preset": "arabic-news"])
        #expect(try json(result) == json(Document(blocks: [
            Block(.codeBlock(language: nil, text: "  كـ  ")),
            Block(.paragraph([Inline(.code("a  ـ")), .text(" x"), Inline(.raw(format: "html", text: "<b>ـ</b>"))])),
        ])))
    }

    @Test func unknownChoicesAreRefusedWithTheValidOnes() {
        #expect(throws: Diagnostic.self) {
            try OptionValues.check([RawOption(name: "alef", value: "unfy")], against: transform.options, plugin: "normalize")
        }
    }

    @Test func everyOptionHasHelpWithAnExample() {
        for spec in transform.options {
            #expect(spec.help.count > 20, "\(spec.name)")
        }
    }
}
