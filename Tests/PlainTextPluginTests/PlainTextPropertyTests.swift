import DocumentModel
import PlainTextPlugin
import TestSupport
import Testing
import WarraqKit

/// The reader works on bytes, eight at a time, and counts scripts in the same pass as it
/// splits; these tests hold it to a plain reference that works on Unicode scalars, one at a
/// time, on generated text.
@Suite("Plain-text input: against a scalar-at-a-time reference")
struct PlainTextPropertyTests {
    // MARK: The reference

    /// Letters by script, scalar by scalar, as README's "Language and direction" describes.
    struct ReferenceCounts {
        var arabic = 0, persian = 0, urdu = 0, hebrew = 0, leftToRight = 0

        mutating func add(_ scalars: some Sequence<Unicode.Scalar>, limit: inout Int) {
            for scalar in scalars {
                guard limit > 0 else { return }
                limit -= 1
                let v = scalar.value
                switch v {
                case 0x067E, 0x0686, 0x0698, 0x06AF, 0x06CC, 0x06A9: arabic += 1; persian += 1
                case 0x0679, 0x0688, 0x0691, 0x06BA, 0x06D2, 0x06BE: arabic += 1; urdu += 1
                case 0x0621...0x064A, 0x066E...0x06D3, 0x06FA...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF,
                    0xFE70...0xFEFC:
                    arabic += 1
                case 0x05D0...0x05EA, 0xFB1D...0xFB4F: hebrew += 1
                case 0x0590...0x08FF: break
                default: if scalar.properties.isAlphabetic { leftToRight += 1 }
                }
            }
        }

        var guess: (language: String?, direction: TextDirection?) {
            let total = arabic + hebrew + leftToRight
            guard total > 0 else { return (nil, nil) }
            if arabic >= hebrew && arabic * 2 > total {
                if urdu * 50 >= arabic && urdu >= 2 { return ("ur", .rightToLeft) }
                if persian * 50 >= arabic && persian >= 2 { return ("fa", .rightToLeft) }
                return ("ar", .rightToLeft)
            }
            if hebrew * 2 > total { return ("he", .rightToLeft) }
            if leftToRight * 2 > total { return (nil, .leftToRight) }
            return (nil, nil)
        }
    }

    /// `structure=paragraphs`, read the simple way: split the scalars at LF, CRLF and CR, trim
    /// what `properties.isWhitespace` calls white space, break paragraphs at blank lines.
    static func referenceRead(_ bytes: [UInt8]) -> Document {
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let text = String(decoding: bytes[bom...], as: UTF8.self)
        var lines: [(scalars: [Unicode.Scalar], offset: Int)] = []
        var current: [Unicode.Scalar] = []
        var offset = bom, lineOffset = bom
        var previousCR = false
        for scalar in text.unicodeScalars {
            let length = String(scalar).utf8.count
            defer { offset += length }
            if scalar == "\n" && previousCR {
                previousCR = false
                lineOffset = offset + 1
                continue
            }
            previousCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append((current, lineOffset))
                current = []
                lineOffset = offset + 1
            } else {
                current.append(scalar)
            }
        }
        if lineOffset < bytes.count { lines.append((current, lineOffset)) }

        var blocks: [Block] = []
        var lineTexts: [[String]] = []
        var open: (inlines: [Inline], span: SourceSpan, lines: [String])? = nil
        func close() {
            if let p = open {
                blocks.append(Block(.paragraph(p.inlines), span: p.span))
                lineTexts.append(p.lines)
            }
            open = nil
        }
        for (number, line) in lines.enumerated() {
            let isSpace = { (s: Unicode.Scalar) in s.properties.isWhitespace }
            guard let first = line.scalars.firstIndex(where: { !isSpace($0) }) else {
                close()
                continue
            }
            let last = line.scalars.lastIndex(where: { !isSpace($0) })!
            let trimmed = String(String.UnicodeScalarView(line.scalars[first...last]))
            let startOffset = line.offset + String(String.UnicodeScalarView(line.scalars[..<first])).utf8.count
            let start = SourcePosition(line: number + 1, column: first + 1, offset: startOffset)
            let end = SourcePosition(line: number + 1, column: last + 2, offset: startOffset + trimmed.utf8.count)
            if open == nil {
                open = ([.text(trimmed)], SourceSpan(start: start, end: end), [trimmed])
            } else {
                open!.inlines += [Inline(.softBreak), .text(trimmed)]
                open!.span.end = end
                open!.lines.append(trimmed)
            }
        }
        close()

        var document = Document(blocks: blocks)
        var counts = ReferenceCounts()
        var limit = 20_000
        counts.add(text.unicodeScalars, limit: &limit)
        (document.metadata.language, document.metadata.direction) = counts.guess
        if let direction = document.metadata.direction {
            for (i, lines) in lineTexts.enumerated() {
                var paragraph = ReferenceCounts()
                var limit = 2_000
                for line in lines { paragraph.add(line.unicodeScalars, limit: &limit) }
                let g = paragraph.guess
                if let d = g.direction, d != direction {
                    document.blocks[i].attributes.direction = d
                    if let language = g.language, language != document.metadata.language { document.blocks[i].attributes.language = language }
                }
            }
        }
        return document
    }

    // MARK: Generated text

    /// Words of several scripts, and what lies between and around them: Unicode spaces, the
    /// line and paragraph separators (white space, but not line ends), controls, quotes,
    /// backslashes, emoji.
    static let words = [
        "حلب", "الولايات", "المتحدة", "وقف", "لاطلاق", "النار", "پیشنهاد", "گفت", "ٹھیک", "ہے", "ڈاکٹر", "שלום", "עולם",
        "John", "Kerry", "ceasefire", "Aleppo", "Ωμέγα", "Москва", "中文", "😀", "2016", "«نص»", "\"quoted\"", "back\\slash",
        "a\u{0}b", "x\u{1}y", "tab\there", "é", "ﻻ", "ﷲ", "\u{200F}", "؟", "…",
    ]
    static let spaces = [" ", " ", " ", "\t", "\u{A0}", "\u{2009}", "\u{3000}", "\u{1680}", "\u{85}", "\u{B}", "\u{C}", "\u{2028}", "\u{2029}", "\u{202F}"]
    static let lineEnds = ["\n", "\n", "\r\n", "\r"]

    static func generate(_ rng: inout SplitMix64) -> [UInt8] {
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
        var text = ""
        let paragraphs = Int(rng.next() % 12)
        // Some documents run past the 20,000 scalars the document's guess looks at, and some
        // paragraphs past the 2,000 a paragraph's guess looks at, in one script and then another.
        let long = rng.next() % 4 == 0
        for _ in 0..<paragraphs {
            let script = Int(rng.next() % UInt64(words.count))
            let lines = 1 + Int(rng.next() % 4)
            for _ in 0..<lines {
                if rng.next() % 3 == 0 { text += pick(spaces) }
                let count = long ? Int(rng.next() % 900) : Int(rng.next() % 12)
                for k in 0..<count {
                    if k > 0 { text += rng.next() % 8 == 0 ? pick(spaces) : " " }
                    text += rng.next() % 3 == 0 ? pick(words) : words[(script + k % 3) % words.count]
                }
                if rng.next() % 3 == 0 { text += pick(spaces) + pick(spaces) }
                text += pick(lineEnds)
            }
            // A blank line, perhaps of Unicode spaces.
            text += (rng.next() % 2 == 0 ? "" : pick(spaces) + pick(spaces)) + pick(lineEnds)
        }
        if rng.next() % 3 == 0 { text += pick(words) }  // no line end at the end
        let bom: [UInt8] = rng.next() % 5 == 0 ? [0xEF, 0xBB, 0xBF] : []
        return bom + Array(text.utf8)
    }

    @Test("Paragraphs, spans, language and direction match the reference", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func readingMatchesTheReference(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<60 {
            let bytes = Self.generate(&rng)
            let (document, _) = try readText(bytes, ["structure": "paragraphs"])
            let expected = Self.referenceRead(bytes)
            #expect(document.metadata == expected.metadata)
            #expect(document.blocks.count == expected.blocks.count)
            for (got, want) in zip(document.blocks, expected.blocks) where got != want {
                #expect(got == want)
                break
            }
        }
    }

    @Test func scriptCountsMatchTheReferenceAtEveryLimit() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<300 {
            let text = String(decoding: Self.generate(&rng), as: UTF8.self)
            for limit in [0, 1, 7, 100, 2_000, 20_000] {
                var reference = ReferenceCounts()
                var left = limit
                reference.add(text.unicodeScalars, limit: &left)
                let guess = ScriptDetection.guess(text, limit: limit)
                #expect(guess.language == reference.guess.language && guess.direction == reference.guess.direction)
            }
        }
    }
}
