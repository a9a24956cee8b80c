import DocumentModel
@testable import PlainTextPlugin
import TestSupport
import Testing
import WarraqKit

/// A large text is split in two halves read at once: the result must be what reading it in
/// one piece gives, to the line numbers, offsets and script guesses.
@Suite("Plain-text input: a large text read in two halves")
struct PlainTextHalvesTests {
    /// The split of `bytes` in one piece and in two halves (forced at any size).
    static func both(_ bytes: [UInt8], keepBreaks: Bool = false) -> (whole: PlainTextInput.Split?, halves: PlainTextInput.Split?) {
        bytes.withUnsafeBufferPointer { utf8 in
            func split(_ threshold: Int) -> PlainTextInput.Split? {
                PlainTextInput.paragraphs(
                    ofUTF8: utf8, baseOffset: 3, keepBreaks: keepBreaks, scriptLimit: 2_000, documentScriptLimit: 20_000,
                    parallelThreshold: threshold)
            }
            return (split(.max), split(0))
        }
    }

    static func expectSame(_ got: PlainTextInput.Split?, _ want: PlainTextInput.Split?, _ comment: Comment? = nil) {
        #expect((got == nil) == (want == nil), comment)
        guard let got, let want else { return }
        #expect(got.blocks == want.blocks, comment)
        #expect(got.scripts == want.scripts, comment)
        #expect(got.documentScript == want.documentScript, comment)
    }

    @Test("Random texts: the same split, or nil for both when a line is not UTF-8", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func halvesMatchTheWhole(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var split = 0
        for _ in 0..<150 {
            let bytes = PlainTextFastPathTests.bytes(&rng)
            let (whole, halves) = Self.both(bytes, keepBreaks: rng.next() % 2 == 0)
            Self.expectSame(halves, whole, "\(bytes)")
            let cut = bytes.withUnsafeBufferPointer { PlainTextInput.emptyLineStart(in: $0, from: $0.count / 2) }
            if cut != nil { split += 1 }
        }
        #expect(split > 20)  // most texts have an empty line after their middle
    }

    @Test func lineEndsAndEmptyLines() {
        for (text, middle, ends) in [
            ("a\n\nb", 2, 2), ("a\r\n\r\nb", 3, 2), ("a\n\rb", 2, 2), ("a\r\rb\n", nil, 3), ("ab", nil, 0), ("", nil, 0),
            ("a\n", nil, 1), ("a\nb\n\n", 4, 3), ("a\r\nb\rc\n", nil, 3),
        ] as [(String, Int?, Int)] {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { utf8 in
                #expect(PlainTextInput.emptyLineStart(in: utf8, from: 0) == middle, "\(text.debugDescription)")
                #expect(PlainTextInput.lineEnds(in: utf8) == ends, "\(text.debugDescription)")
            }
        }
        // Every kind of line end before the cut, blank lines of spaces, and text after it.
        let text = "عنوان\r\nسطر\rآخر\n\u{A0} \n\n  second half\r\n\r\nlast line"
        let (whole, halves) = Self.both(Array(text.utf8))
        Self.expectSame(halves, whole)
        #expect(halves?.blocks.count == 3)
    }

    /// Through the reader, past the size at which it reads in halves: the document and warnings
    /// of reading it in one piece (`encoding=auto` decodes the whole text first), and the same
    /// error, with its place, for a bad byte in the second half.
    @Test func aLargeTextReadsAsInOnePiece() throws {
        var text = ""
        var k = 0
        while text.utf8.count < 9 << 20 {
            text += k % 50 == 0 ? "English paragraph number \(k), a quote in another script.\n\n" : "فقرة رقم \(k) من نص عربي طويل يكفي لقراءته على نصفين.\nوسطر ثان فيها.\n\n"
            k += 1
        }
        text += "\u{0}الأخير"
        let bytes = Array(text.utf8)
        let got = try readText(bytes)
        let want = try readText(bytes, ["encoding": "auto"])
        #expect(got.0 == want.0)
        #expect(got.1 == want.1)
        var bad = bytes
        let at = bad[..<(bad.count - 100)].lastIndex(of: 0x20)!  // between characters, not inside one
        bad.insert(0xFF, at: at)
        let error = #expect(throws: Diagnostic.self) { try readText(bad) }
        #expect(error?.location?.line == 1 + bad[..<at].filter { $0 == 0x0A }.count)
        #expect(error?.message.contains("invalid UTF-8 at byte offset \(at)") == true, "\(String(describing: error))")
    }
}
