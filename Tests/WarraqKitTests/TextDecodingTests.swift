import DocumentModel
import Testing
import WarraqKit

@Suite("Text decoding")
struct TextDecodingTests {
    func decode(_ bytes: [UInt8], _ encoding: String? = nil, replace: Bool = false) throws(Diagnostic) -> (TextDecoding.Result, [Diagnostic]) {
        var context = PluginContext(inputName: "t.txt")
        let result = try TextDecoding.decode(
            InputSource(bytes: bytes, path: "t.txt"), encoding: encoding, onInvalid: replace ? .replace : .error, context: &context)
        return (result, context.diagnostics)
    }

    @Test("Every class of invalid UTF-8 is found at its offset", arguments: [
        ([0x61, 0x80], 1, "unexpected continuation byte"),
        ([0x61, 0x62, 0xC0, 0xAF], 2, "overlong"),
        ([0xE0, 0x80, 0xAF], 0, "overlong"),
        ([0xF0, 0x80, 0x80, 0xAF], 0, "overlong"),
        ([0x61, 0xED, 0xA0, 0x80], 1, "surrogate"),
        ([0xF4, 0x90, 0x80, 0x80], 0, "above U+10FFFF"),
        ([0x61, 0xE2, 0x82], 1, "truncated sequence at the end"),
        ([0xE2, 0x28, 0xA1], 0, "truncated sequence"),
        ([0x61, 0xFF, 0xFE], 1, "never appears in UTF-8"),
        ([0xF5, 0x80], 0, "never appears in UTF-8"),
    ] as [([UInt8], Int, String)])
    func invalidUTF8(bytes: [UInt8], offset: Int, reason: String) {
        let found = TextDecoding.firstInvalidUTF8(in: bytes)
        #expect(found?.offset == offset)
        #expect(found?.reason.contains(reason) == true, "\(String(describing: found))")
    }

    @Test func validUTF8PassesIncludingLongASCIIRuns() {
        let text = String(repeating: "abcdefgh", count: 1000) + "سلام 👍🏽 \u{10FFFF}" + String(repeating: "x", count: 13)
        #expect(TextDecoding.firstInvalidUTF8(in: Array(text.utf8)) == nil)
        var bytes = Array(text.utf8)
        bytes[7999] = 0xFF
        #expect(TextDecoding.firstInvalidUTF8(in: bytes)?.offset == 7999)
        bytes[7999] = UInt8(ascii: "h")
        bytes[8001] = 0x41  // the second byte of "س": the sequence starting at 8000 is cut short
        #expect(TextDecoding.firstInvalidUTF8(in: bytes)?.offset == 8000)
    }

    @Test func invalidUTF8IsAnErrorNamingOffsetAndLine() {
        do {
            _ = try decode(Array("ok\nab".utf8) + [0xFF] + Array("c".utf8))
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error.code == "invalid-utf8")
            #expect(error.message.contains("byte offset 5 (line 2)"))
            #expect(error.location?.line == 2 && error.location?.column == 3)
        }
    }

    @Test func replaceWarnsAndCountsBadBytes() throws {
        let (result, warnings) = try decode([0x61, 0xFF, 0x62, 0xC0, 0xAF], replace: true)
        #expect(result.text == "a\u{FFFD}b\u{FFFD}\u{FFFD}")
        #expect(warnings.count == 1)
        #expect(warnings[0].message.contains("byte offset 1"))
        #expect(warnings[0].message.contains("3 bad bytes"))
    }

    @Test func byteOrderMarks() throws {
        let (utf8, _) = try decode([0xEF, 0xBB, 0xBF] + Array("سلام".utf8))
        #expect(utf8.text == "سلام" && utf8.textStart == 3 && utf8.isInputUTF8)
        let le: [UInt8] = [0xFF, 0xFE, 0x33, 0x06, 0x44, 0x06, 0x3D, 0xD8, 0x4D, 0xDC]  // "سل" + U+1F44D
        #expect(try decode(le).0.text == "سل👍")
        #expect(try decode(le).0.encoding == "utf-16le")
        let be: [UInt8] = [0xFE, 0xFF, 0x06, 0x33, 0x00, 0x61]
        #expect(try decode(be).0.text == "سa")
        #expect(try decode([0x33, 0x06, 0x61, 0x00], "utf-16le").0.text == "سa")
    }

    @Test func loneSurrogatesInUTF16() throws {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x00, 0xD8, 0x62, 0x00]
        #expect(throws: Diagnostic.self) { try decode(bytes) }
        let (result, warnings) = try decode(bytes, replace: true)
        #expect(result.text == "a\u{FFFD}b")
        #expect(warnings.first?.message.contains("byte offset 4") == true)
        #expect(throws: Diagnostic.self) { try decode([0xFF, 0xFE, 0x61, 0x00, 0x62]) }  // odd length
    }

    @Test func legacyEncodingsThroughIconv() throws {
        // "سلام عليكم" in windows-1256, "سلام" in ISO-8859-6, "café" in windows-1252.
        let cp1256: [UInt8] = [211, 225, 199, 227, 32, 218, 225, 237, 223, 227]
        #expect(try decode(cp1256, "windows-1256").0.text == "سلام عليكم")
        #expect(try decode(cp1256, "CP1256").0.text == "سلام عليكم")
        #expect(try decode([211, 228, 199, 229], "iso-8859-6").0.text == "سلام")
        #expect(try decode([99, 97, 102, 233], "windows-1252").0.text == "café")
        #expect(try decode([99, 97, 102, 233], "latin1").0.text == "café")
    }

    @Test func bytesALegacyEncodingLacksAreErrorsOrReplaced() throws {
        // 0xA1 is not assigned in ISO-8859-6.
        do {
            _ = try decode([0xC7, 0xA1, 0xC7], "iso-8859-6")
            Issue.record("accepted an unassigned byte")
        } catch {
            #expect(error.message.contains("byte 0xA1 at byte offset 1"))
        }
        let (result, warnings) = try decode([0xC7, 0xA1, 0xC7], "iso-8859-6", replace: true)
        #expect(result.text == "ا\u{FFFD}ا")
        #expect(warnings.count == 1)
    }

    @Test func unknownEncodingsAreNamed() {
        do {
            _ = try decode([0x61], "klingon-8")
            Issue.record("accepted an unknown encoding")
        } catch {
            #expect(error.message == "unknown encoding 'klingon-8'")
            #expect(error.notes.first?.contains("windows-1256") == true)
        }
    }
}

@Suite("Script detection")
struct ScriptDetectionTests {
    @Test("Language and direction from the script", arguments: [
        ("واشنطن تطالب بوقف لاطلاق النار", "ar", TextDirection.rightToLeft),
        ("این یک متن فارسی است که کتاب و چیزهای دیگر دارد", "fa", .rightToLeft),
        ("یہ اردو میں لکھا ہوا ایک جملہ ہے جو ٹھیک ہے اور بڑا ہے", "ur", .rightToLeft),
        ("שלום עולם", "he", .rightToLeft),
        ("Washington calls for a ceasefire", nil, .leftToRight),
        ("Вашингтон призывает", nil, .leftToRight),
    ] as [(String, String?, TextDirection)])
    func detection(text: String, language: String?, direction: TextDirection) {
        let guess = ScriptDetection.guess(text)
        #expect(guess.language == language)
        #expect(guess.direction == direction)
    }

    @Test func linesCountAsTheirTextAndSubstringsAsStrings() {
        let lines = ["واشنطن تطالب", "John Kerry said", "بوقف لاطلاق النار في جميع انحاء سوريا"]
        #expect(ScriptDetection.guess(pieces: lines) == ScriptDetection.guess(lines.joined(separator: " ")))
        #expect(ScriptDetection.guess(pieces: ["Ωμέγα", "ab"]).direction == .leftToRight)
        // The limit counts scalars: the first 12 here are Latin, the rest Arabic.
        #expect(ScriptDetection.guess(pieces: ["abcdefghijkl", String(repeating: "ب", count: 100)], limit: 12).direction == .leftToRight)
        let text = "xx قال جون كيري John في اتصال"
        #expect(ScriptDetection.guess(text.dropFirst(3)) == ScriptDetection.guess(String(text.dropFirst(3))))
    }

    @Test func mixedTextFollowsTheMajority() {
        #expect(ScriptDetection.guess("قال جون كيري John Kerry في اتصال هاتفي مع موفد الامم المتحدة").language == "ar")
        #expect(ScriptDetection.guess("123 456 !!!").direction == nil)
        #expect(ScriptDetection.guess("").language == nil)
    }
}
