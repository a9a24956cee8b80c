import DocumentModel
import WarraqKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `text`: plain text in any encoding, paragraphs separated by blank lines, with an article's
/// headline, kicker and photo caption recognised.
public struct PlainTextInput: InputPlugin {
    public init() {}
    public let name = "text"
    public let summary = "plain text: paragraphs separated by blank lines; a news article's headline becomes the title"
    public let fileExtensions = ["txt", "text"]
    public let options = [
        OptionSpec(
            "encoding", .string, default: .string("utf-8"),
            help: "utf-8 (a byte-order mark, else UTF-8), auto (a byte-order mark, else UTF-8 if valid, else detected with a warning, e.g. windows-1256), utf-16le, utf-16be, windows-1256, iso-8859-6, windows-1252, or any name iconv knows"),
        OptionSpec(
            "on-invalid", .choice(["error", "replace"]), default: .string("error"),
            help: "bytes invalid in the encoding: error (naming the offset and line) or replace by U+FFFD with a warning"),
        OptionSpec(
            "structure", .choice(["article", "paragraphs"]), default: .string("article"),
            help: "article: the headline becomes the title and a level-1 heading, short lines before it kicker or caption; paragraphs: every paragraph as it is"),
        OptionSpec(
            "line-breaks", .choice(["soft", "keep"]), default: .string("soft"),
            help: "a single newline inside a paragraph: soft (a soft break, read as a space) or keep (a line break)"),
        OptionSpec("language", .string, help: "the document's language (BCP 47, e.g. ar), instead of detecting it from the script"),
        OptionSpec("direction", .choice(["ltr", "rtl"]), help: "the document's direction, instead of detecting it from the script"),
    ]

    public func read(_ input: InputSource, options: OptionValues, context: inout PluginContext) throws -> Document {
        let decoded = try TextDecoding.decode(
            input, encoding: options.string("encoding"),
            onInvalid: TextDecoding.InvalidPolicy(rawValue: options.string("on-invalid") ?? "error") ?? .error,
            context: &context)
        let base = decoded.isInputUTF8 ? decoded.textStart : 0
        let paragraphs = Self.paragraphs(of: decoded.text, baseOffset: base)

        var text = decoded.text
        if let nul = text.withUTF8({ utf8 -> Int? in
            guard let base = utf8.baseAddress, let hit = memchr(base, 0, utf8.count) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }) {
            let at = decoded.isInputUTF8 ? input.location(ofByte: base + nul) : nil
            context.warn("nul-bytes", "the text holds NUL bytes; they are kept as they are", at: at)
        }
        if paragraphs.isEmpty {
            context.warn("empty-input", decoded.text.isEmpty ? "the input is empty" : "the input holds only white space")
        }

        var document = Document()
        let guess = ScriptDetection.guess(decoded.text)
        document.metadata.language = options.string("language") ?? guess.language
        document.metadata.direction = options.string("direction").flatMap(TextDirection.init(rawValue:)) ?? guess.direction

        let keepBreaks = options.string("line-breaks") == "keep"
        var blocks = paragraphs.map { $0.block(keepBreaks: keepBreaks) }
        if options.string("structure") != "paragraphs" {
            Self.markArticleStructure(paragraphs, &blocks, &document.metadata)
        }
        // A paragraph in another script than the document's says so (an English quote in an Arabic story).
        if let documentDirection = document.metadata.direction {
            for i in blocks.indices {
                let g = ScriptDetection.guess(pieces: paragraphs[i].lines, limit: 2_000)
                if let d = g.direction, d != documentDirection {
                    blocks[i].attributes.direction = d
                    if let language = g.language, language != document.metadata.language { blocks[i].attributes.language = language }
                }
            }
        }
        document.blocks = blocks
        return document
    }

    /// A paragraph as read: its trimmed lines and where it lies.
    struct Paragraph {
        var lines: [String]
        var span: SourceSpan

        var text: String { lines.joined(separator: " ") }

        var wordCount: Int {
            lines.reduce(0) { count, line in
                count + line.unicodeScalars.split(whereSeparator: isWhitespace).count
            }
        }

        /// `properties.isWhitespace`, without the property lookup for ASCII and Arabic letters.
        @inline(__always)
        private func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            let v = scalar.value
            if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
            if v >= 0x0600 && v <= 0x06FF { return false }
            return scalar.properties.isWhitespace
        }

        func block(keepBreaks: Bool) -> Block {
            var inlines: [Inline] = []
            for (i, line) in lines.enumerated() {
                if i > 0 { inlines.append(Inline(keepBreaks ? .lineBreak : .softBreak)) }
                inlines.append(.text(line))
            }
            return Block(.paragraph(inlines), span: span)
        }
    }

    /// Splits text into paragraphs at blank lines (lines of white space only, U+00A0 and the
    /// other Unicode spaces included). Lines end at LF, CRLF or CR.
    ///
    /// Works on the UTF-8 bytes: each line is trimmed and measured (its column and length in
    /// scalars) without decoding more than its white-space ends, and becomes one string.
    static func paragraphs(of text: String, baseOffset: Int) -> [Paragraph] {
        var text = text
        return text.withUTF8 { paragraphs(utf8: $0, baseOffset: baseOffset) }
    }

    private static func paragraphs(utf8: UnsafeBufferPointer<UInt8>, baseOffset: Int) -> [Paragraph] {
        var result: [Paragraph] = []
        var current: Paragraph? = nil
        let n = utf8.count
        var lineStart = 0
        var lineNumber = 1
        func finishLine(_ end: Int) {
            var first = lineStart
            var leadingScalars = 0
            while first < end {
                let (v, length) = scalar(in: utf8, at: first)
                guard isWhiteSpace(v) else { break }
                first += length
                leadingScalars += 1
            }
            guard first < end else {
                if let p = current { result.append(p) }
                current = nil
                return
            }
            var last = end
            while last > first {
                var start = last - 1
                while utf8[start] & 0xC0 == 0x80 { start -= 1 }
                guard isWhiteSpace(scalar(in: utf8, at: start).value) else { break }
                last = start
            }
            var scalars = 0
            for k in first..<last where utf8[k] & 0xC0 != 0x80 { scalars += 1 }
            let trimmed = String(decoding: UnsafeBufferPointer(rebasing: utf8[first..<last]), as: UTF8.self)
            let startPosition = SourcePosition(line: lineNumber, column: leadingScalars + 1, offset: baseOffset + first)
            let endPosition = SourcePosition(line: lineNumber, column: leadingScalars + scalars + 1, offset: baseOffset + last)
            if current == nil {
                current = Paragraph(lines: [trimmed], span: SourceSpan(start: startPosition, end: endPosition))
            } else {
                current!.lines.append(trimmed)
                current!.span.end = endPosition
            }
        }
        var i = 0
        while i < n {
            let b = utf8[i]
            if b > 0x0D || (b != 0x0A && b != 0x0D) {
                i += 1
                continue
            }
            finishLine(i)
            if b == 0x0D && i + 1 < n && utf8[i + 1] == 0x0A { i += 1 }
            i += 1
            lineStart = i
            lineNumber += 1
        }
        if lineStart < n { finishLine(n) }
        if let p = current { result.append(p) }
        return result
    }

    @inline(__always)
    private static func scalar(in utf8: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        UTF8Scalars.decode(utf8, at: i)
    }

    /// Unicode's White_Space property, which blank lines and trimming go by.
    @inline(__always)
    static func isWhiteSpace(_ v: UInt32) -> Bool { UTF8Scalars.isWhiteSpace(v) }

    /// Marks the headline, kicker and caption of a news article.
    ///
    /// The body starts at the first paragraph that reads as running text (15 words or more,
    /// or 6 or more ending in sentence punctuation). The one-line paragraph just before it, if
    /// short and not a sentence, is the headline: a level-1 heading and the title. One-line
    /// paragraphs before the headline are a kicker (5 words or fewer) or a photo caption.
    static func markArticleStructure(_ paragraphs: [Paragraph], _ blocks: inout [Block], _ metadata: inout Metadata) {
        func isBody(_ p: Paragraph) -> Bool {
            let words = p.wordCount
            return words >= 15 || (words >= 6 && endsSentence(p.text))
        }
        func isHeadlineLike(_ p: Paragraph) -> Bool {
            p.lines.count == 1 && p.wordCount <= 30 && !endsWithStop(p.text)
        }
        let headline: Int
        if let body = paragraphs.firstIndex(where: isBody) {
            guard body > 0, isHeadlineLike(paragraphs[body - 1]) else { return }
            headline = body - 1
        } else {
            guard paragraphs.count >= 2, isHeadlineLike(paragraphs[0]) else { return }
            headline = 0
        }
        let title = paragraphs[headline].text
        metadata.title = title
        blocks[headline].kind = .heading(level: 1, content: [.text(title)])
        var captions: [String] = []
        for i in 0..<headline where isHeadlineLike(paragraphs[i]) {
            let isKicker = paragraphs[i].wordCount <= 5
            blocks[i].attributes.classes.append(isKicker ? "kicker" : "caption")
            if !isKicker { captions.append(paragraphs[i].text) }
        }
        if captions.count == 1 { metadata.imageCaption = captions[0] }
    }

    static let closers: Set<Unicode.Scalar> = ["\"", "'", "”", "’", "»", ")", "]", "›"]

    /// True when the text ends like a sentence: . ! ? ؟ … (before closing quotes or brackets).
    static func endsSentence(_ text: String) -> Bool {
        guard let last = text.unicodeScalars.reversed().first(where: { !closers.contains($0) }) else { return false }
        return [".", "!", "?", "؟", "…", "。"].contains(last)
    }

    /// True when the text ends with a full stop, colon or comma: not a headline.
    static func endsWithStop(_ text: String) -> Bool {
        guard let last = text.unicodeScalars.reversed().first(where: { !closers.contains($0) }) else { return false }
        return [".", ":", ",", "،", ";", "؛", "…"].contains(last)
    }
}
