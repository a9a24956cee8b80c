import DocumentModel
import TestSupport
import Testing

@testable import WarraqKit

@Suite("Script counting")
struct ScriptCountingTests {
    /// The simple way: scalar by scalar through ``ScriptDetection/Counts/count(_:)``, up to the
    /// budget.
    static func reference(_ text: String, budget: Int) -> (ScriptDetection.Counts, left: Int) {
        var counts = ScriptDetection.Counts()
        var left = budget
        for scalar in text.unicodeScalars {
            guard left > 0 else { break }
            left -= 1
            counts.count(scalar.value)
        }
        return (counts, left)
    }

    /// Every scalar of U+0600–U+06FF (the eight-byte step's edges: U+0620/0621, U+064A/064B,
    /// U+066D/066E, Persian and Urdu letters), ASCII letters and the bytes around them, and
    /// scalars of two, three and four bytes that are not in that block.
    static let pool: [Unicode.Scalar] = (0x0600...0x06FF).compactMap(Unicode.Scalar.init)
        + ["a", "z", "A", "Z", "@", "[", "`", "{", " ", "1", ".", "\n", "\u{7F}", "\u{80}", "é", "Ω", "ж", "\u{5D0}", "\u{5FF}",
           "\u{750}", "\u{8A0}", "\u{200F}", "\u{FB50}", "\u{FEFC}", "\u{FB1D}", "中", "😀", "\u{10FFFF}"]

    static func randomText(_ rng: inout SplitMix64) -> String {
        var scalars = String.UnicodeScalarView()
        // Now and then longer than a run of 255 words (2,040 bytes), whose lanes are added up.
        let length = rng.next() % 8 == 0 ? Int(rng.next() % 3_000) : Int(rng.next() % 120)
        let arabicLetters = (0x0621...0x064A).compactMap(Unicode.Scalar.init)
        // Some texts only of Arabic letters and spaces, the eight-byte step's longest runs.
        let plain = rng.next() % 4 == 0
        for _ in 0..<length {
            switch plain ? 1 + rng.next() % 3 : rng.next() % 4 {
            // Mostly Arabic words and spaces, as news text is; sometimes anything of the pool.
            case 0: scalars.append(pool[Int(rng.next() % UInt64(pool.count))])
            case 1: scalars.append(" ")
            default: scalars.append(arabicLetters[Int(rng.next() % UInt64(arabicLetters.count))])
            }
        }
        return String(scalars)
    }

    @Test("Long regular texts, where the same lanes are set word after word", arguments: [
        String(repeating: "ب", count: 3_000), String(repeating: "a", count: 5_000), String(repeating: "بت ", count: 1_500),
        String(repeating: "ab", count: 2_100) + String(repeating: "ج", count: 2_100),
    ])
    func regularTextsMatchTheReference(text: String) {
        for budget in [Int.max, 2_000, 2_041, 4_097, 3] {
            var text = text
            let (want, wantLeft) = Self.reference(text, budget: budget)
            var got = ScriptDetection.Counts()
            var left = budget
            text.withUTF8 { got.add(utf8: $0, budget: &left) }
            #expect([got.arabic, got.leftToRight] == [want.arabic, want.leftToRight])
            #expect(left == wantLeft)
        }
    }

    @Test("Counts and the budget left match the scalar-by-scalar reference", arguments: [1, 2, 3, 4] as [UInt64])
    func countingMatchesTheReference(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<3_000 {
            var text = Self.randomText(&rng)
            let scalars = text.unicodeScalars.count
            let budget = rng.next() % 3 == 0 ? Int.max : Int(rng.next() % UInt64(scalars + 3))
            let (want, wantLeft) = Self.reference(text, budget: budget)
            var got = ScriptDetection.Counts()
            var left = budget
            text.withUTF8 { got.add(utf8: $0, budget: &left) }
            #expect(
                [got.arabic, got.persian, got.urdu, got.hebrew, got.leftToRight]
                    == [want.arabic, want.persian, want.urdu, want.hebrew, want.leftToRight],
                "\(text.unicodeScalars.map { String($0.value, radix: 16) }) budget \(budget)")
            #expect(left == wantLeft)
        }
    }
}

@Suite("UTF-8 scalar counting")
struct UTF8ScalarCountingTests {
    @Test("count and offset(ofScalar:) match the string's own scalars", arguments: [5, 6] as [UInt64])
    func countingMatchesTheScalars(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<2_000 {
            var text = ScriptCountingTests.randomText(&rng)
            let scalars = Array(text.unicodeScalars)
            // The byte where each scalar starts, and the end.
            var starts: [Int] = []
            var offset = 0
            for scalar in scalars {
                starts.append(offset)
                offset += String(scalar).utf8.count
            }
            text.withUTF8 { utf8 in
                #expect(UTF8Scalars.count(utf8) == scalars.count)
                for index in [0, 1, 7, 8, 9, scalars.count / 2, scalars.count, scalars.count + 1] {
                    #expect(UTF8Scalars.offset(ofScalar: index, in: utf8) == (index < scalars.count ? starts[index] : utf8.count))
                }
            }
        }
    }

    @Test func sumOfLanesAddsTheEightBytes() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<10_000 {
            let lanes = rng.next()
            let bytes = (0..<8).map { Int((lanes >> (8 * $0)) & 0xFF) }
            #expect(ScriptDetection.Counts.sumOfLanes(lanes) == bytes.reduce(0, +))
        }
    }

    @Test func lanesSetCountsTheHighBits() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<10_000 {
            let mask = rng.next() & 0x8080_8080_8080_8080
            #expect(UTF8Scalars.lanesSet(mask) == mask.nonzeroBitCount)
        }
    }

    /// The White_Space test written out by value is the standard library's property, for
    /// every scalar.
    @Test func whiteSpaceByValueIsTheUnicodeProperty() {
        var differing: [UInt32] = []
        var spaces = 0
        for v in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            if UTF8Scalars.isWhiteSpace(v) != scalar.properties.isWhitespace { differing.append(v) }
            if scalar.properties.isWhitespace { spaces += 1 }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10).map { String($0, radix: 16) })")
        #expect(spaces == 25)
    }
}
