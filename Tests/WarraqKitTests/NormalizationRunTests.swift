import TestSupport
import Testing

@testable import WarraqKit

/// The engine copies runs of scalars that need nothing in one go; these tests check that the
/// copy writes what feeding the same scalars one by one writes, offsets included.
@Suite struct NormalizationRunTests {
    /// Scalars that runs are made of, and every kind of scalar that ends one.
    static let alphabet: [UInt32] = {
        var a: [UInt32] = Array(0x0600...0x06FF)  // the whole Arabic block, marks included
        a += Array(0x20...0x7E)
        a += [0x20, 0x20, 0x20, 0x20, 0x09, 0x0A, 0x0D, 0x00, 0x01, 0x7F, 0x85, 0xA0, 0xAD, 0xAB, 0xBB]
        a += [0x0301, 0x0323, 0x00E9, 0x0065, 0x1100, 0x1161, 0x11A8, 0xAC00, 0x0B47, 0x0B3E]
        a += [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202B, 0x2066, 0xFEFF, 0x2028, 0x3000, 0x2009]
        a += [0x201C, 0x201D, 0x201E, 0x2018, 0x2019, 0x2013, 0x2026]
        a += [0xFDF2, 0xFDFA, 0xFEFB, 0xFE8D, 0xFB8F, 0x1F468, 0x1F469, 0x0915, 0x094D, 0x0937]
        // Common letters again, so that long runs occur.
        a += Array(0x0627...0x063A) + Array(0x0641...0x064A) + Array(0x61...0x7A)
        return a
    }()

    static func randomOptions(_ rng: inout SplitMix64) -> TextNormalization {
        var n = TextNormalization()
        n.unicode = TextNormalization.UnicodeForm.allCases.randomElement(using: &rng)!
        n.collapseWhitespace = Bool.random(using: &rng)
        n.controls = TextNormalization.Controls.allCases.randomElement(using: &rng)!
        n.removeTatweel = Bool.random(using: &rng)
        n.diacritics = TextNormalization.Diacritics.allCases.randomElement(using: &rng)!
        n.unifyAlef = Bool.random(using: &rng)
        n.alefMaksuraToYeh = Bool.random(using: &rng)
        n.tehMarbutaToHeh = Bool.random(using: &rng)
        n.unifyHamza = Bool.random(using: &rng)
        n.persianToArabic = Bool.random(using: &rng)
        n.digits = TextNormalization.Digits.allCases.randomElement(using: &rng)!
        n.punctuation = TextNormalization.Punctuation.allCases.randomElement(using: &rng)!
        n.quotes = TextNormalization.Quotes.allCases.randomElement(using: &rng)!
        return n
    }

    static func randomText(_ rng: inout SplitMix64) -> String {
        var scalars = String.UnicodeScalarView()
        let length = Int.random(in: 0...60, using: &rng)
        for _ in 0..<length {
            scalars.append(Unicode.Scalar(alphabet.randomElement(using: &rng)!)!)
        }
        return String(scalars)
    }

    static func run(_ n: TextNormalization, _ text: String, trim: Bool, copying: Bool) -> (String, [Int], [Int], Bool) {
        var engine = NormalizationEngine(options: n, recordOffsets: true)
        engine.copiesRuns = copying
        let (out, starts, ends) = engine.run(text, trim: trim)
        return (out, starts, ends, engine.changedLast)
    }

    @Test func copyingRunsGivesWhatFeedingOneByOneGives() {
        var rng = SplitMix64(seed: 20261129)
        var presets = [TextNormalization.arabicNews, TextNormalization.none]
        for _ in 0..<300 { presets.append(Self.randomOptions(&rng)) }
        var copied = 0
        for n in presets {
            for _ in 0..<40 {
                let text = Self.randomText(&rng)
                for trim in [true, false] {
                    let fast = Self.run(n, text, trim: trim, copying: true)
                    let slow = Self.run(n, text, trim: trim, copying: false)
                    #expect(Array(fast.0.unicodeScalars) == Array(slow.0.unicodeScalars), "\(n) \(text.unicodeScalars.map(\.value))")
                    #expect(fast.1 == slow.1 && fast.2 == slow.2, "offsets: \(n) \(text.unicodeScalars.map(\.value))")
                    #expect(fast.3 == slow.3, "changed: \(n) \(text.unicodeScalars.map(\.value))")
                    var withoutOffsets = NormalizationEngine(options: n, recordOffsets: false)
                    #expect(Array(withoutOffsets.run(text, trim: trim).text.unicodeScalars) == Array(slow.0.unicodeScalars))
                    if fast.0 == text { copied += 1 }
                }
            }
        }
        // The texts must include some that pass whole, or the copy is never tested on them.
        #expect(copied > 100)
    }

    @Test func runsAcrossSpacesMarksAndJoinersKeepTheirOffsets() {
        let cases: [(TextNormalization, String)] = [
            (.arabicNews, "قال كيري  في\u{A0}جنيف ان الاتفاق"),
            (.arabicNews, "الامم المتحدة\u{654} ثم"),
            (.arabicNews, "مي\u{200C}خواهم ابدا"),
            (.arabicNews, "  حلب   السورية  "),
            (.arabicNews, "ابجد ه\u{200D} هوز"),
            (.arabicNews, "اسامة ـ بن ـ لادن"),
        ]
        for (n, text) in cases {
            for trim in [true, false] {
                let fast = Self.run(n, text, trim: trim, copying: true)
                let slow = Self.run(n, text, trim: trim, copying: false)
                #expect(Array(fast.0.unicodeScalars) == Array(slow.0.unicodeScalars), "\(text)")
                #expect(fast.1 == slow.1 && fast.2 == slow.2, "\(text)")
            }
        }
    }

    @Test func theArabicSetHoldsOnlyScalarsThatPassAlone() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let n = Self.randomOptions(&rng)
            let pass = NormalizationPass(options: n, recordOffsets: false, trim: false, capacity: 16)
            for v in UInt32(0x0600)..<0x0700 where pass.passesAlone(v) {
                let text = String(String.UnicodeScalarView([Unicode.Scalar(0x0628)!, Unicode.Scalar(v)!, Unicode.Scalar(0x0628)!]))
                var engine = NormalizationEngine(options: n, recordOffsets: false)
                engine.copiesRuns = false
                let out = engine.run(text, trim: false).text
                #expect(Array(out.unicodeScalars) == Array(text.unicodeScalars), "U+\(String(v, radix: 16)) under \(n)")
            }
        }
    }

    /// The tables of single scalars and the segment boundaries stand in for Foundation: with
    /// only a Unicode form on, the engine must give what Foundation gives for the whole text.
    @Test func aFormAloneAgreesWithFoundationOnWholeTexts() {
        var rng = SplitMix64(seed: 11)
        var blocks: [UInt32] = Array(0x00A0...0x00FF) + Array(0x2000...0x206F) + Array(0xFB50...0xFDFF) + Array(0xFE70...0xFEFF)
        blocks = blocks.filter { Unicode.Scalar($0) != nil }
        let marks: [UInt32] = [0x0301, 0x0323, 0x064B, 0x064E, 0x0651, 0x0654, 0x0655, 0x0670]
        for form in [TextNormalization.UnicodeForm.nfc, .nfkc, .nfd] {
            var n = TextNormalization()
            n.unicode = form
            for _ in 0..<400 {
                var scalars = String.UnicodeScalarView()
                for _ in 0..<Int.random(in: 1...12, using: &rng) {
                    let pick = Int.random(in: 0..<10, using: &rng)
                    let v = pick < 5 ? blocks.randomElement(using: &rng)! : pick < 7 ? marks.randomElement(using: &rng)!
                        : Self.alphabet.randomElement(using: &rng)!
                    scalars.append(Unicode.Scalar(v)!)
                }
                let text = String(scalars)
                let expected = UnicodeForms.normalize(text, form)
                #expect(Array(n.apply(to: text).unicodeScalars) == Array(expected.unicodeScalars), "\(form) \(text.unicodeScalars.map(\.value))")
            }
        }
    }

    /// A letter with harakat in canonical order is left as it is without asking Foundation:
    /// checked against Foundation for every Arabic scalar (and ASCII ones) that is stable
    /// alone, followed by every one and two of the marks and by three in a row, in every form.
    @Test func lettersWithHarakatInOrderAreWhatFoundationMakesOfThem() {
        let marks: [UInt32] = Array(0x064B...0x0652) + [0x0670]
        var sequences: [[UInt32]] = marks.map { [$0] }
        for a in marks { for b in marks { sequences.append([a, b]) } }
        sequences += [[0x064B, 0x0651, 0x0670], [0x0651, 0x064E, 0x064E], [0x064E, 0x0651, 0x064B]]
        let bases = Array(UInt32(0x0600)..<0x0700).filter { Unicode.Scalar($0) != nil } + [0x61, 0x20, 0x31]
        var fast = 0
        for form in [TextNormalization.UnicodeForm.nfc, .nfkc, .nfd] {
            for base in bases where UnicodeSegments.isStableAlone(base, form) {
                for marks in sequences {
                    let segment = ([base] + marks).map { Unicode.Scalar($0)! }
                    guard UnicodeSegments.isStableWithMarks(segment, form) else { continue }
                    fast += 1
                    let text = String(String.UnicodeScalarView(segment))
                    #expect(Array(UnicodeForms.normalize(text, form).unicodeScalars) == segment, "\(form) \(segment.map(\.value))")
                }
            }
        }
        // Orders that are not canonical, and other marks, go to Foundation.
        #expect(!UnicodeSegments.isStableWithMarks([0x0628, 0x0651, 0x064E].map { Unicode.Scalar($0)! }, .nfc))
        #expect(!UnicodeSegments.isStableWithMarks([0x0627, 0x0654].map { Unicode.Scalar($0)! }, .nfc))
        #expect(!UnicodeSegments.isStableWithMarks([0x0628].map { Unicode.Scalar($0)! }, .nfc))
        #expect(fast > 10_000)
    }

    @Test func theBlocksTakenAsBoundariesHoldNoCombiningMark() {
        for v in Array(0x00A0...0x02FF) + Array(0x2000...0x206F) + Array(0xFB50...0xFDFF) + Array(0xFE70...0xFEFF) {
            guard let c = Unicode.Scalar(UInt32(v)) else { continue }
            #expect(c.properties.canonicalCombiningClass.rawValue == 0, "U+\(String(v, radix: 16))")
            #expect(UnicodeSegments.isBoundary(c))
        }
    }
}
