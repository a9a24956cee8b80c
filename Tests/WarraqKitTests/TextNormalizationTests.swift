import Testing
import WarraqKit

@Suite("Normalized view")
struct TextNormalizationTests {
    func options(_ change: (inout TextNormalization) -> Void) -> TextNormalization {
        var n = TextNormalization()
        change(&n)
        return n
    }

    /// The scalars of a text: Swift's `==` on strings is canonical equivalence, which would
    /// take NFC and NFD text for equal.
    func u(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    /// The original text's scalars from `range`.
    func original(_ text: String, _ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(Array(text.unicodeScalars)[range]))
    }

    @Test func everyOptionOffChangesNothingAndMapsOneToOne() {
        let text = "أُسامة ـ ﷲ \u{200F}e\u{301} 👨‍👩‍👧 ١٢ ۳ “x”"
        let view = TextNormalization.none.view(of: text)
        #expect(u(view.text) == u(text))
        #expect(view.starts == Array(0..<text.unicodeScalars.count))
        #expect(view.ends == Array(1...text.unicodeScalars.count))
        #expect(u(TextNormalization.none.apply(to: text)) == u(text))
    }

    @Test func removalsMapToTheCharactersThatStay() {
        let view = options { $0.removeTatweel = true; $0.unicode = .nfc }.view(of: "كـتـاب")
        #expect(u(view.text) == u("كتاب"))
        #expect(view.starts == [0, 2, 4, 5])
        #expect(view.ends == [1, 3, 5, 6])
        #expect(view.originalOffset(of: 4) == 6, "the end maps to the original end")
        #expect(view.originalRange(of: 1..<3) == 2..<5)
        #expect(view.originalRange(of: 4..<4) == 6..<6)
    }

    @Test func expansionsMapEveryPieceToTheWholeOriginal() {
        let text = "في ﷲ"
        let view = options { $0.unicode = .nfkc }.view(of: text)
        #expect(u(view.text) == u("في الله"))
        #expect(view.starts == [0, 1, 2, 3, 3, 3, 3])
        #expect(view.ends == [1, 2, 3, 4, 4, 4, 4])
        #expect(view.originalRange(of: 3..<7) == 3..<4)
        #expect(u(original(text, view.originalRange(of: 4..<5))) == u("ﷲ"))
        #expect(view.originalOffset(of: 7) == 4)
    }

    @Test func presentationFormsFoldUnderNFKC() {
        // ﻻ (U+FEFB) is lam-alef; ﺑ (U+FE91) is beh initial form.
        let view = options { $0.unicode = .nfkc }.view(of: "ﻻ ﺑ")
        #expect(u(view.text) == u("لا ب"))
        #expect(view.starts == [0, 0, 1, 2])
        #expect(view.ends == [1, 1, 2, 3])
    }

    @Test func marksAfterACompatibilityDecompositionAreInCanonicalOrder() {
        // U+FC60 is shadda with fatha; fathatan (class 27) goes before fatha (30) and shadda (33).
        let view = options { $0.unicode = .nfkc }.view(of: "\u{FC60}\u{64B}")
        #expect(view.text.unicodeScalars.map(\.value) == [0x20, 0x64B, 0x64E, 0x651])
        #expect(view.originalRange(of: 0..<4) == 0..<2)
    }

    @Test func combiningSequencesCompose() {
        let nfc = options { $0.unicode = .nfc }.view(of: "ا\u{654}ب e\u{301}")
        #expect(u(nfc.text) == u("أب é"))
        #expect(nfc.starts == [0, 2, 3, 4])
        #expect(nfc.ends == [2, 3, 4, 6])
        let nfd = options { $0.unicode = .nfd }.view(of: "أب")
        #expect(u(nfd.text) == u("ا\u{654}ب"))
        #expect(nfd.starts == [0, 0, 1])
        #expect(nfd.ends == [1, 1, 2])
        // Canonical reordering keeps each mark's own origin when nothing composes.
        let marks = options { $0.unicode = .nfc }.view(of: "بَّ")
        #expect(marks.text.unicodeScalars.count == 3)
        #expect(marks.originalRange(of: 0..<3) == 0..<3)
    }

    @Test func aRemovalThatLetsMarksComposeIsNormalizedAgain() {
        let n = options { $0.unicode = .nfc; $0.removeTatweel = true }
        let view = n.view(of: "اـ\u{654}")
        #expect(u(view.text) == u("أ"))
        #expect(view.originalRange(of: 0..<1) == 0..<3)
        #expect(n.apply(to: view.text) == view.text)
        let alef = options { $0.unicode = .nfc; $0.unifyAlef = true; $0.removeTatweel = true }
        #expect(u(alef.apply(to: "اـ\u{654}")) == u("ا"))
    }

    @Test func whiteSpaceCollapsesToOneSpaceAndTrims() {
        let text = "  a \u{A0}\t b\u{2003} "
        let view = options { $0.collapseWhitespace = true }.view(of: text)
        #expect(u(view.text) == u("a b"))
        #expect(view.starts == [2, 3, 7])
        #expect(view.ends == [3, 7, 8])
        #expect(view.originalOffset(of: 3) == 10)
        let untrimmed = options { $0.collapseWhitespace = true }.view(of: text, trim: false)
        #expect(u(untrimmed.text) == u(" a b "))
        #expect(untrimmed.starts == [0, 2, 3, 7, 8])
    }

    @Test func controlsGoAndJoinersStayUnlessToldOtherwise() {
        let text = "\u{FEFF}\u{200E}نص\u{200C}ي\u{200B}\u{AD}\u{1}\u{202B}x\u{202C}\u{2067}\u{2069}\n"
        let remove = options { $0.controls = .remove }
        #expect(u(remove.apply(to: text)) == u("نص\u{200C}يx\n"))
        let all = options { $0.controls = .removeAll }
        #expect(u(all.apply(to: text)) == u("نصيx\n"))
        let view = remove.view(of: text)
        #expect(view.starts == [2, 3, 4, 5, 10, 14])
    }

    @Test func joinersStayOnlyWhereTheyChangeShaping() {
        let remove = options { $0.controls = .remove }
        let zwnj = "\u{200C}", zwj = "\u{200D}"
        // Kept: between a letter joining forward and one joining back (Persian, Arabic, with
        // a diacritic between), in an emoji sequence, in a Devanagari conjunct.
        for kept in ["می\(zwnj)خواهم", "نص\(zwnj)ي", "بَ\(zwnj)ت", "ه\(zwj)", "ه\(zwj) ق", "\(zwj)ه", "👩\(zwj)💻", "👍🏽\(zwj)👍", "क्\(zwj)ष"] {
            #expect(u(remove.apply(to: kept)) == u(kept), "\(kept.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        // Removed: after a right-joining letter (ا never joins forward), beside a space or
        // punctuation, between Latin letters, at either end, doubled.
        let removed: [(String, String)] = [
            ("ا\(zwnj)ب", "اب"), ("ب \(zwnj)ت", "ب ت"), ("ب\(zwnj) ت", "ب ت"), ("ب\(zwnj)،", "ب،"), ("a\(zwnj)b", "ab"),
            ("a\(zwj)b", "ab"), ("ر \(zwj)ب", "ر \(zwj)ب"), ("ر \u{A0}\(zwnj)ب", "ر \u{A0}ب"), ("\(zwnj)ب", "ب"), ("ب\(zwnj)", "ب"), ("ب\(zwnj)\(zwnj)ت", "ب\(zwnj)ت"), ("1\(zwj)2", "12"),
        ]
        for (text, expected) in removed {
            #expect(u(remove.apply(to: text)) == u(expected), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        // The view maps a kept joiner to itself and skips a removed one.
        let view = remove.view(of: "ا\(zwnj)ب\(zwnj)ت")
        #expect(u(view.text) == u("اب\(zwnj)ت"))
        #expect(view.starts == [0, 2, 3, 4])
        // Twice is once, whatever the neighbours.
        for text in ["ب\(zwnj)\(zwj)ت", "ب\(zwnj)ـ\(zwnj)ت", "\(zwj)\(zwj)👩\(zwj)\(zwnj)💻", "ب\(zwnj)\u{200F}ت"] {
            for n in [remove, TextNormalization.arabicNews] {
                let once = n.apply(to: text)
                #expect(u(n.apply(to: once)) == u(once))
            }
        }
    }

    @Test func aGazetteerSpellingMatchesEveryWrittenForm() {
        let matching = options {
            $0.unicode = .nfc; $0.unifyAlef = true; $0.diacritics = .remove; $0.removeTatweel = true
        }
        let key = matching.apply(to: "اسامة")
        for written in ["أسامة", "أُسامة", "إسـامة", "ا\u{654}سامة"] {
            let text = "قال " + written + " أمس"
            let view = matching.view(of: text)
            let scalars = Array(view.text.unicodeScalars)
            let keyScalars = Array(key.unicodeScalars)
            let at = (0...(scalars.count - keyScalars.count)).first { Array(scalars[$0..<$0 + keyScalars.count]) == keyScalars }
            #expect(at == 4, "\(written)")
            if let at {
                #expect(u(original(text, view.originalRange(of: at..<at + keyScalars.count))) == u(written))
            }
        }
    }

    @Test func arabicLetterOptions() {
        let n = options {
            $0.unifyAlef = true; $0.alefMaksuraToYeh = true; $0.tehMarbutaToHeh = true; $0.unifyHamza = true
            $0.persianToArabic = true; $0.diacritics = .keepShadda
        }
        #expect(u(n.apply(to: "أإآٱ ى ة ؤئ یکەۀ شَدّة")) == u("اااا ي ه ءء يكهه شدّه"))
        #expect(u(options { $0.diacritics = .remove }.apply(to: "مُحَمَّدٌ ٰ ۖ۝")) == u("محمد  ۝"))
    }

    @Test func digitsPunctuationAndQuotes() {
        #expect(u(options { $0.digits = .ascii }.apply(to: "٢٠١٦ ۱۹")) == u("2016 19"))
        #expect(u(options { $0.digits = .arabicIndic }.apply(to: "2016 ۱۹")) == u("٢٠١٦ ١٩"))
        #expect(u(options { $0.punctuation = .ascii }.apply(to: "نعم، لا؛ لماذا؟")) == u("نعم, لا; لماذا?"))
        #expect(u(options { $0.punctuation = .arabic }.apply(to: "a, b; c?")) == u("a، b؛ c؟"))
        #expect(u(options { $0.quotes = .straight }.apply(to: "“a” «b» ‘c’")) == u("\"a\" \"b\" 'c'"))
        let guillemets = options { $0.quotes = .guillemets }
        // Curly quotes say which side they are on, except “ (English opening, German closing);
        // straight ones open at the start, after white space, a bracket or a dash.
        #expect(u(guillemets.apply(to: "“a” „b“ \"c\"")) == u("«a» «b» «c»"))
        #expect(u(guillemets.apply(to: "قال: \"نعم\"، (\"لا\") -\"ربما\"")) == u("قال: «نعم»، («لا») -«ربما»"))
        #expect(u(guillemets.apply(to: "it's 'single'")) == u("it's 'single'"))
    }

    @Test func normalizingTwiceEqualsOnce() {
        let texts = [
            "اـ\u{654}", "  \u{A0}x", "ﷲ ﷺ ﻻ", "e\u{301}\u{323}", "ی\u{654}", "\u{654}", "가\u{11A8}", "\u{1100}\u{1161}",
            "أُسامة ـ ﷲ \u{200F}e\u{301} 👨‍👩‍👧 ١٢ ۳ “x”", "ۀ ه\u{654}",
        ]
        var presets = [TextNormalization.arabicNews, TextNormalization.none]
        for form in TextNormalization.UnicodeForm.allCases {
            var n = TextNormalization.arabicNews
            n.unicode = form
            n.unifyAlef = true; n.unifyHamza = true; n.alefMaksuraToYeh = true; n.diacritics = .remove
            presets.append(n)
        }
        for n in presets {
            for text in texts {
                let once = n.apply(to: text)
                #expect(u(n.apply(to: once)) == u(once), "\(n.unicode) \(Array(text.unicodeScalars))")
                #expect(u(n.view(of: text).text) == u(once))
            }
        }
    }
}
