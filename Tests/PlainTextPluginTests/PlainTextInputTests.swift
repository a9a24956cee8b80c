import DocumentModel
import Foundation
import PlainTextPlugin
import TestSupport
import Testing
import WarraqKit

/// Reads `bytes` with the text input and the given options.
func readText(_ bytes: [UInt8], _ options: [String: String] = [:], path: String? = "t.txt") throws -> (Document, [Diagnostic]) {
    let plugin = PlainTextInput()
    let values = try OptionValues.check(
        options.sorted(by: { $0.key < $1.key }).map { RawOption(name: $0.key, value: $0.value) }, against: plugin.options,
        plugin: plugin.name)
    var context = PluginContext(inputName: path ?? "<stdin>")
    let document = try plugin.read(InputSource(bytes: bytes, path: path), options: values, context: &context)
    return (document, context.diagnostics)
}

func readText(_ text: String, _ options: [String: String] = [:]) throws -> (Document, [Diagnostic]) {
    try readText(Array(text.utf8), options)
}

@Suite("Plain-text input: the sample article")
struct SampleArticleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samplePath = root.appendingPathComponent("config/samples/aleppo-ceasefire.ar.txt").path

    @Test func theSampleReadsAsAnArticle() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.samplePath)))
        let (document, warnings) = try readText(bytes, path: Self.samplePath)
        #expect(warnings.isEmpty)
        #expect(document.metadata.title == "واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا")
        #expect(document.metadata.language == "ar")
        #expect(document.metadata.direction == .rightToLeft)
        let blocks = document.blocks
        #expect(blocks.count == 1 + 1 + 11 + 1)
        // The photo caption first.
        #expect(blocks[0].attributes.classes == ["caption"])
        #expect(blocks[0].plainText == "حي القاطرجي في حلب الذي تسيطر عليه المعارضة بعد غارة جوية 29 ابريل 2016")
        #expect(document.metadata.imageCaption == blocks[0].plainText)
        // The headline as a level-1 heading.
        #expect(blocks[1].kind == .heading(level: 1, content: [.text(document.metadata.title!)]))
        #expect(blocks[1].span?.start == SourcePosition(line: 3, column: 1, offset: 125))
        // Eleven body paragraphs, plain.
        let body = blocks[2..<13]
        #expect(body.allSatisfy { if case .paragraph = $0.kind { $0.attributes.isEmpty } else { false } })
        #expect(body.first?.plainText.hasPrefix("طلبت الولايات المتحدة السبت") == true)
        #expect(body.last?.plainText.hasSuffix("بدون ان يوضح مضمون هذه المبادرات.") == true)
        // The line of a lone non-breaking space is blank; the lone "×" stays a paragraph.
        #expect(blocks[13] == Block(.paragraph([.text("×")]), span: blocks[13].span))
        #expect(blocks[13].span?.start.line == 29)
        // Every block has a span whose offsets point at its text in the file.
        for block in blocks {
            let span = try #require(block.span)
            let slice = String(decoding: bytes[span.start.offset..<span.end.offset], as: UTF8.self)
            #expect(slice == block.plainText)
        }
    }

    @Test func paragraphsModeKeepsEveryParagraphAsItIs() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.samplePath)))
        let (document, _) = try readText(bytes, ["structure": "paragraphs"])
        #expect(document.metadata.title == nil)
        #expect(document.blocks.count == 14)
        #expect(document.blocks.allSatisfy { if case .paragraph = $0.kind { $0.attributes.isEmpty } else { false } })
    }
}

@Suite("Plain-text input: edge cases")
struct PlainTextEdgeCaseTests {
    @Test func emptyAndBlankInputsGiveAnEmptyDocumentWithAWarning() throws {
        for input in ["", "\n\n\n", " \t\u{A0}\n\u{3000}\u{2009}\r\n\u{202F}"] {
            let (document, warnings) = try readText(input)
            #expect(document.blocks.isEmpty)
            #expect(document.metadata.title == nil)
            #expect(warnings.map(\.code) == ["empty-input"])
        }
    }

    @Test func lineEndingsLFCRLFAndCRAreAlike() throws {
        let lf = try readText("Title here\n\nFirst line\nsecond line of a paragraph that runs on for a while.\n").0
        let crlf = try readText("Title here\r\n\r\nFirst line\r\nsecond line of a paragraph that runs on for a while.\r\n").0
        let cr = try readText("Title here\r\rFirst line\rsecond line of a paragraph that runs on for a while.\r").0
        #expect(lf.blocks.map(\.kind) == crlf.blocks.map(\.kind))
        #expect(lf.blocks.map(\.kind) == cr.blocks.map(\.kind))
        #expect(lf.blocks[1].kind == .paragraph([.text("First line"), Inline(.softBreak), .text("second line of a paragraph that runs on for a while.")]))
        #expect(crlf.blocks[1].span?.start == SourcePosition(line: 3, column: 1, offset: 14))
        #expect(cr.blocks[1].span?.end.line == 4)
    }

    @Test func lineBreaksCanBeKept() throws {
        let (document, _) = try readText("one\ntwo", ["line-breaks": "keep", "structure": "paragraphs"])
        #expect(document.blocks[0].kind == .paragraph([.text("one"), Inline(.lineBreak), .text("two")]))
    }

    @Test func aByteOrderMarkIsSkippedButCountedInOffsets() throws {
        let (document, _) = try readText([0xEF, 0xBB, 0xBF] + Array("سلام\n".utf8), ["structure": "paragraphs"])
        #expect(document.blocks[0].plainText == "سلام")
        #expect(document.blocks[0].span?.start == SourcePosition(line: 1, column: 1, offset: 3))
        #expect(document.blocks[0].span?.end == SourcePosition(line: 1, column: 5, offset: 11))
    }

    @Test func utf16WithAByteOrderMark() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "مرحبا بالعالم\n\nفقرة".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let (document, _) = try readText(bytes, ["structure": "paragraphs"])
        #expect(document.blocks.map(\.plainText) == ["مرحبا بالعالم", "فقرة"])
        #expect(document.metadata.language == "ar")
    }

    @Test func windows1256() throws {
        // "سلام عليكم" and, after a blank line, "حلب" in windows-1256.
        let bytes: [UInt8] = [211, 225, 199, 227, 32, 218, 225, 237, 223, 227, 13, 10, 13, 10, 205, 225, 200]
        let (document, _) = try readText(bytes, ["encoding": "windows-1256", "structure": "paragraphs"])
        #expect(document.blocks.map(\.plainText) == ["سلام عليكم", "حلب"])
        #expect(document.metadata.direction == .rightToLeft)
        // Read as UTF-8, the same bytes are an error.
        #expect(throws: Diagnostic.self) { try readText(bytes) }
    }

    @Test func invalidUTF8IsAnErrorNamingTheOffsetAndLineOrAWarningWhenReplaced() throws {
        let bytes = Array("first\nab".utf8) + [0xFF, 0xFE]
        do {
            _ = try readText(bytes)
            Issue.record("accepted invalid UTF-8")
        } catch let error as Diagnostic {
            #expect(error.message.contains("byte offset 8 (line 2)"))
            #expect(error.location?.path == "t.txt")
            #expect(error.rendered.hasPrefix("t.txt:2:3: error: invalid UTF-8"))
        }
        let (document, warnings) = try readText(bytes, ["on-invalid": "replace", "structure": "paragraphs"])
        #expect(document.blocks.last?.plainText == "first ab\u{FFFD}\u{FFFD}")
        #expect(warnings.map(\.code) == ["invalid-utf8-replaced"])
    }

    @Test func nulBytesAreKeptWithAWarning() throws {
        let (document, warnings) = try readText(Array("a\u{0}b\n\nc".utf8), ["structure": "paragraphs"])
        #expect(document.blocks[0].plainText == "a\u{0}b")
        #expect(warnings.map(\.code) == ["nul-bytes"])
        #expect(warnings[0].location?.column == 2)
    }

    @Test func aTenMegabyteSingleLine() throws {
        let word = "كلمة "
        let line = String(repeating: word, count: 10_000_000 / word.utf8.count)
        let (document, _) = try readText(line)
        #expect(document.blocks.count == 1)
        let text = document.blocks[0].plainText
        #expect(text.utf8.count == line.utf8.count - 1)  // the trailing space is trimmed
        #expect(document.blocks[0].span?.end.column == line.unicodeScalars.count)
        #expect(document.metadata.language == "ar")
    }

    @Test func whitespaceAtLineEndsIsTrimmedAndColumnsCountCharacters() throws {
        let (document, _) = try readText("  \u{A0}مرحبا  \n", ["structure": "paragraphs"])
        #expect(document.blocks[0].plainText == "مرحبا")
        #expect(document.blocks[0].span == SourceSpan(
            start: SourcePosition(line: 1, column: 4, offset: 4), end: SourcePosition(line: 1, column: 9, offset: 14)))
    }

    @Test func everyUnicodeSpaceTrimsAndBlanksAndNothingElseDoes() throws {
        // Every White_Space scalar lies below U+3001; beyond, a sample.
        for v in Array(UInt32(0)...0x3001) + stride(from: UInt32(0x3002), through: 0x10FFFF, by: 997) {
            guard let scalar = Unicode.Scalar(v), v != 0x0A, v != 0x0D else { continue }
            let (document, _) = try readText(Array("أ\n\(scalar)\(scalar)\nب\(scalar)".utf8), ["structure": "paragraphs"])
            if scalar.properties.isWhitespace {
                // A line of it is blank, and it is trimmed at a line's end.
                #expect(document.blocks.map(\.plainText) == ["أ", "ب"], "U+\(String(v, radix: 16))")
            } else {
                #expect(document.blocks.count == 1, "U+\(String(v, radix: 16))")
            }
        }
    }

    @Test func kickerCaptionAndHeadline() throws {
        let text = """
            عاجل

            صورة من الأرشيف لمدينة حلب القديمة في شمال سوريا

            واشنطن تطالب بوقف لاطلاق النار

            طلبت الولايات المتحدة السبت ان توقف القوات السورية قصفها لمدينة حلب وتساعد على احلال وقف لاطلاق النار.
            """
        let (document, _) = try readText(text)
        #expect(document.blocks.map(\.attributes.classes) == [["kicker"], ["caption"], [], []])
        #expect(document.metadata.title == "واشنطن تطالب بوقف لاطلاق النار")
        #expect(document.blocks[2].typeName == "heading")
    }

    @Test func withoutAHeadlineNothingIsPromoted() throws {
        // The first paragraph is already running text.
        let (document, _) = try readText("This first paragraph is a whole sentence with enough words to be body text.\n\nShort line")
        #expect(document.metadata.title == nil)
        #expect(document.blocks.allSatisfy { $0.typeName == "paragraph" })
        // A single short line is not a headline either.
        #expect(try readText("Just one line").0.metadata.title == nil)
        // A sentence ending in a full stop is not a headline.
        let (sentence, _) = try readText("It rained today.\n\nThe rain started in the morning and went on until late in the evening, flooding roads.")
        #expect(sentence.metadata.title == nil)
    }

    @Test func aShortDocumentOfLinesTakesItsFirstLineAsTitle() throws {
        let (document, _) = try readText("Notes\n\nbuy milk\n\ncall home")
        #expect(document.metadata.title == "Notes")
    }

    @Test func languageAndDirection() throws {
        let latin = try readText("The United States called on Saturday for a ceasefire across the whole of Syria.").0
        #expect(latin.metadata.language == nil && latin.metadata.direction == .leftToRight)
        let forced = try readText("text", ["language": "en", "direction": "rtl"]).0
        #expect(forced.metadata.language == "en" && forced.metadata.direction == .rightToLeft)
        // An English paragraph in an Arabic story says so.
        let mixed = try readText("عنوان الخبر هنا\n\nقال المتحدث باسم الخارجية الاميركية ان الاتفاق لم يشمل حلب حيث اوقع التصعيد العسكري قتلى.\n\nWe are deeply concerned, he said.").0
        #expect(mixed.blocks[2].attributes.direction == .leftToRight)
        #expect(mixed.blocks[1].attributes.direction == nil)
    }

    @Test func badOptionsAreRefusedBeforeReading() {
        #expect(throws: Diagnostic.self) { try readText("x", ["structure": "poem"]) }
        #expect(throws: Diagnostic.self) { try readText("x", ["encodng": "utf-8"]) }
        #expect(throws: Diagnostic.self) { try readText("x", ["encoding": "no-such-encoding"]) }
    }
}

@Suite("Plain-text input: encoding=auto")
struct AutomaticEncodingTests {
    static let arabic = """
        طلبت الولايات المتحدة السبت ان توقف القوات السورية قصفها لمدينة حلب وتساعد على احلال وقف لاطلاق النار في جميع انحاء البلاد.

        وكان اعلن عن هدنة في شباط/فبراير بين الجيش السوري وتحالف مسلحي المعارضة لكنها هشة جدا وبدات تنهار خصوصا في مدينة حلب المحاصرة والمقسومة.
        """

    @Test(arguments: ["windows-1256", "iso-8859-6"])
    func legacyArabicIsDetectedAndWarnedAbout(encoding: String) throws {
        let bytes = try LegacyEncoder(encoding).encode(Self.arabic)
        let (document, warnings) = try readText(bytes, ["encoding": "auto", "structure": "paragraphs"])
        #expect(document.blocks.map(\.plainText) == Self.arabic.components(separatedBy: "\n\n"))
        #expect(warnings.map(\.code) == ["encoding-detected"])
        #expect(warnings.first?.message.contains(encoding) == true)
        // Without auto, the same bytes are still an error.
        #expect(throws: Diagnostic.self) { try readText(bytes) }
    }

    @Test func validUTF8StaysUTF8WithoutAWord() throws {
        let (document, warnings) = try readText(Array(Self.arabic.utf8), ["encoding": "auto", "structure": "paragraphs"])
        #expect(document.blocks.count == 2)
        #expect(warnings.isEmpty)
    }

    @Test func latinTextReadsAsWindows1252() throws {
        let bytes = Array("Caf".utf8) + [0xE9] + Array(" na".utf8) + [0xEF] + Array("ve r".utf8) + [0xE9] + Array("sum".utf8) + [0xE9]
            + Array(" ".utf8) + [0x93] + Array("quoted".utf8) + [0x94] + Array(" d".utf8) + [0xE9, 0x6A, 0xE0] + Array(" vu.".utf8)
        let (document, _) = try readText(bytes, ["encoding": "auto", "structure": "paragraphs"])
        #expect(document.blocks.first?.plainText == "Café naïve résumé “quoted” déjà vu.")
    }
}
