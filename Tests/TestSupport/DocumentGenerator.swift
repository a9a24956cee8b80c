import DocumentModel

/// A small deterministic random number generator, so that property tests repeat exactly.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generates documents that use every node kind, attributes, entities and spans, with text
/// that mixes right-to-left scripts, emoji, combining marks and control characters.
///
/// Any source of randomness drives it: a seeded ``SplitMix64`` in property tests, the bytes
/// of a fuzzer's input in the writers' fuzz target (with `extraFragments` taken from them too).
public struct DocumentGenerator<Source: RandomNumberGenerator> {
    public var rng: Source
    /// More text to draw from besides ``fragments``.
    public var extraFragments: [String]

    public init(rng: Source, extraFragments: [String] = []) {
        self.rng = rng
        self.extraFragments = extraFragments
    }

    /// Awkward text: every script, controls, markup and formula starters.
    public static var fragments: [String] { documentFragments }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }

    mutating func string() -> String {
        (0..<int(0...3)).map { _ in
            if !extraFragments.isEmpty && chance(30) { return extraFragments.randomElement(using: &rng)! }
            return Self.fragments.randomElement(using: &rng)!
        }.joined()
    }

    mutating func optionalString() -> String? { chance(50) ? string() : nil }

    mutating func attributes() -> Attributes {
        guard chance(40) else { return .empty }
        return Attributes(
            id: optionalString(), classes: (0..<int(0...2)).map { _ in string() }, language: chance(30) ? "ar" : nil,
            direction: chance(30) ? TextDirection.allCases.randomElement(using: &rng) : nil,
            pairs: (0..<int(0...2)).map { _ in KeyValue(string(), string()) })
    }

    mutating func span() -> SourceSpan? {
        guard chance(50) else { return nil }
        let line = int(1...1000), column = int(1...200), offset = int(0...100_000)
        return SourceSpan(
            start: SourcePosition(line: line, column: column, offset: offset),
            end: SourcePosition(line: line + int(0...3), column: int(1...200), offset: offset + int(0...5000)))
    }

    mutating func image(depth: Int) -> Image {
        Image(source: string(), title: optionalString(), description: inlines(depth: depth + 1))
    }

    mutating func inlines(depth: Int) -> [Inline] {
        guard depth < 6 else { return [] }
        return (0..<int(0...3)).map { _ in inline(depth: depth) }
    }

    mutating func inline(depth: Int) -> Inline {
        let kind: Inline.Kind
        switch int(0...14) {
        case 0: kind = .text(string())
        case 1: kind = .softBreak
        case 2: kind = .lineBreak
        case 3: kind = .emphasis(inlines(depth: depth + 1))
        case 4: kind = .strong(inlines(depth: depth + 1))
        case 5: kind = .strikeout(inlines(depth: depth + 1))
        case 6: kind = .superscript(inlines(depth: depth + 1))
        case 7: kind = .subscript(inlines(depth: depth + 1))
        case 8: kind = .code(string())
        case 9: kind = .link(Link(target: string(), title: optionalString()), inlines(depth: depth + 1))
        case 10: kind = .image(image(depth: depth))
        case 11: kind = .quoted(chance(50) ? .single : .double, inlines(depth: depth + 1))
        case 12: kind = .span(inlines(depth: depth + 1))
        case 13:
            let entity = Entity(
                kind: chance(80) ? EntityKind.standard.randomElement(using: &rng)! : EntityKind(string()),
                normalized: optionalString(), reference: optionalString(), source: optionalString(),
                confidence: chance(50) ? Double(int(0...1000)) / 1000 : (chance(20) ? 1e-7 : nil))
            kind = .entity(entity, inlines(depth: depth + 1))
        default: kind = .raw(format: chance(50) ? "html" : string(), text: string())
        }
        return Inline(kind, attributes: attributes(), span: span())
    }

    mutating func blocks(depth: Int) -> [Block] {
        guard depth < 5 else { return [] }
        return (0..<int(0...3)).map { _ in block(depth: depth) }
    }

    mutating func rows(depth: Int) -> [TableRow] {
        (0..<int(0...2)).map { _ in
            TableRow(
                cells: (0..<int(0...3)).map { _ in
                    TableCell(
                        blocks(depth: depth + 1), isHeader: chance(30), rowSpan: int(1...3), columnSpan: int(1...3),
                        alignment: chance(40) ? TableCell.Alignment.allCases.randomElement(using: &rng) : nil,
                        attributes: attributes())
                }, attributes: attributes())
        }
    }

    mutating func block(depth: Int) -> Block {
        let kind: Block.Kind
        switch int(0...9) {
        case 0: kind = .heading(level: int(1...6), content: inlines(depth: depth + 1))
        case 1: kind = .paragraph(inlines(depth: depth + 1))
        case 2: kind = .blockQuote(blocks(depth: depth + 1))
        case 3: kind = .list(ordered: chance(50), start: int(-3...100), items: (0..<int(0...3)).map { _ in blocks(depth: depth + 1) })
        case 4: kind = .codeBlock(language: optionalString(), text: string())
        case 5: kind = .table(Table(caption: blocks(depth: depth + 1), head: rows(depth: depth), body: rows(depth: depth)))
        case 6: kind = .figure(image: image(depth: depth), caption: blocks(depth: depth + 1))
        case 7: kind = .thematicBreak
        case 8: kind = .division(blocks(depth: depth + 1))
        default: kind = .raw(format: "tei", text: string())
        }
        return Block(kind, attributes: attributes(), span: span())
    }

    public mutating func document() -> Document {
        var metadata = Metadata()
        if chance(70) {
            metadata = Metadata(
                title: optionalString(), subtitle: optionalString(), authors: (0..<int(0...2)).map { _ in string() },
                published: chance(50) ? "2016-04-30" : nil, modified: optionalString(), language: chance(50) ? "ar" : nil,
                direction: chance(50) ? .rightToLeft : nil, sourceURL: optionalString(), canonicalURL: optionalString(),
                publisher: optionalString(), description: optionalString(), keywords: (0..<int(0...2)).map { _ in string() },
                image: optionalString(), imageCaption: optionalString(),
                extra: (0..<int(0...2)).map { _ in KeyValue(string(), string()) })
        }
        return Document(metadata: metadata, blocks: blocks(depth: 0))
    }
}

private let documentFragments: [String] = [
    "واشنطن تطالب بوقف لاطلاق النار", "حلب", "שלום", "hello", "e\u{301}", "\u{1F44D}\u{1F3FD}", "👨‍👩‍👧",
    "\u{0}", "\u{1}\u{1F}", "\u{7F}", "\t", "\n", "\r\n", "\"quoted\"", "back\\slash", "/", "\u{2028}\u{2029}",
    "\u{200F}\u{200E}\u{202B}\u{202C}", "\u{FEFF}", "\u{FFFD}", "ﻻ", "٢٠١٦", "١٢٣", " ", "", "مُحَمَّد", "ـــ", "🏳️‍🌈",
    "=SUM(A1)", "+1", "-x", "@cmd", "<b>&amp;</b>", "]]>", "*_`#|[]()!", "--", "\u{0}\u{8}\u{B}",
]
