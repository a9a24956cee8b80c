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
        // One pass splits the paragraphs and counts the letters of each script: of the whole
        // text's first 20,000 scalars, for the document's language and direction, and of each
        // paragraph's first 2,000, for a paragraph in another script than the document's (an
        // English quote in an Arabic story).
        let keepBreaks = options.string("line-breaks") == "keep"
        var split: Split
        // Where the text starts in the input, when the text is the input's own bytes.
        let textStart: Int?
        // The first NUL byte, an offset into the text, and whether the text is empty.
        let nul: Int?
        let isEmpty: Bool
        if let start = Self.utf8Start(of: input, encoding: options.string("encoding")),
            let fast = input.bytes.withUnsafeBufferPointer({ bytes in
                Self.paragraphs(
                    ofUTF8: UnsafeBufferPointer(rebasing: bytes[start...]), baseOffset: start, keepBreaks: keepBreaks,
                    scriptLimit: 2_000, documentScriptLimit: 20_000)
            })
        {
            // UTF-8 that proved valid line by line: each line became its string straight from
            // the input, with no copy of the whole text between.
            split = fast
            textStart = start
            (nul, isEmpty) = input.bytes.withUnsafeBufferPointer { bytes in
                (Self.firstNUL(in: UnsafeBufferPointer(rebasing: bytes[start...])), bytes.count == start)
            }
        } else {
            // Another encoding, or bytes that are not valid UTF-8: decoded (or refused, with
            // the place of the first bad byte) as a whole first.
            let decoded = try TextDecoding.decode(
                input, encoding: options.string("encoding"),
                onInvalid: TextDecoding.InvalidPolicy(rawValue: options.string("on-invalid") ?? "error") ?? .error,
                context: &context)
            let base = decoded.isInputUTF8 ? decoded.textStart : 0
            var text = decoded.text
            text.makeContiguousUTF8()
            split = Self.paragraphs(
                of: text, baseOffset: base, keepBreaks: keepBreaks, scriptLimit: 2_000, documentScriptLimit: 20_000)
            textStart = decoded.isInputUTF8 ? base : nil
            nul = text.utf8.withContiguousStorageIfAvailable(Self.firstNUL) ?? nil
            isEmpty = text.isEmpty
        }

        var document = Document()
        let guess = split.documentScript
        document.metadata.language = options.string("language") ?? guess.language
        document.metadata.direction = options.string("direction").flatMap(TextDirection.init(rawValue:)) ?? guess.direction
        let documentDirection = document.metadata.direction

        if let nul {
            let at = textStart.map { input.location(ofByte: $0 + nul) }
            context.warn("nul-bytes", "the text holds NUL bytes; they are kept as they are", at: at)
        }
        if split.blocks.isEmpty {
            context.warn("empty-input", isEmpty ? "the input is empty" : "the input holds only white space")
        }

        var blocks = split.blocks
        split.blocks = []  // the only reference left, so that marking the structure copies nothing
        if options.string("structure") != "paragraphs" {
            Self.markArticleStructure(&blocks, &document.metadata)
        }
        if let documentDirection {
            for (i, g) in split.scripts.enumerated() {
                if let d = g.direction, d != documentDirection {
                    blocks[i].attributes.direction = d
                    if let language = g.language, language != document.metadata.language { blocks[i].attributes.language = language }
                }
            }
        }
        document.blocks = blocks
        return document
    }

    /// Where the UTF-8 text starts in `input` (after a UTF-8 byte-order mark) when `encoding`
    /// reads it as UTF-8 (`utf-8`, the default), as ``TextDecoding/decode(_:encoding:onInvalid:context:)``
    /// would; nil for another encoding or a UTF-16 byte-order mark.
    static func utf8Start(of input: InputSource, encoding: String?) -> Int? {
        guard encoding.map({ TextDecoding.canonicalName($0) == "utf-8" }) ?? true else { return nil }
        switch TextDecoding.byteOrderMark(input.bytes) {
        case nil: return 0
        case let mark? where mark.encoding == "utf-8": return mark.length
        default: return nil
        }
    }

    /// The offset of the first NUL byte, or nil.
    static func firstNUL(in utf8: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = utf8.baseAddress, let hit = memchr(base, 0, utf8.count) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The paragraphs of a text, and what the letters of each say of its script.
    struct Split {
        /// One paragraph block per paragraph: its trimmed lines as text inlines, with soft
        /// (or line) breaks between them, and its span.
        var blocks: [Block] = []
        /// Per paragraph, the script guess of its first `scriptLimit` scalars (its lines
        /// without the line ends), as ``ScriptDetection/guess(pieces:limit:)`` makes it;
        /// empty when no limit was given.
        var scripts: [ScriptDetection.Guess] = []
        /// The script guess of the text's first `documentScriptLimit` scalars, as
        /// ``ScriptDetection/guess(_:limit:)`` makes it.
        var documentScript = ScriptDetection.Counts().guess
    }

    /// The trimmed lines of a paragraph block, as the reader made it.
    static func lines(of block: Block) -> [String] {
        let content: [Inline]
        switch block.kind {
        case .paragraph(let inlines), .heading(_, let inlines): content = inlines
        default: return []
        }
        return content.compactMap { if case .text(let line) = $0.kind { line } else { nil } }
    }

    /// Splits text into paragraphs at blank lines (lines of white space only, U+00A0 and the
    /// other Unicode spaces included). Lines end at LF, CRLF or CR.
    ///
    /// Works on the UTF-8 bytes of the (already validated) text, eight at a time where no line
    /// ends: each line is trimmed and measured (its column and length in scalars) without
    /// decoding more than its white-space ends, and becomes one string, sliced from the text
    /// without validating it again.
    ///
    /// The letters of each script are counted in the same pass: a scalar outside the trimmed
    /// lines is white space or a line end, never a letter, so counting the lines' bytes before
    /// the `documentScriptLimit`-th scalar of the text counts what counting the text would.
    static func paragraphs(
        of text: String, baseOffset: Int, keepBreaks: Bool = false, scriptLimit: Int = 0, documentScriptLimit: Int = 0
    ) -> Split {
        var text = text
        text.makeContiguousUTF8()
        let whole = text
        return whole.utf8.withContiguousStorageIfAvailable { utf8 in
            paragraphs(
                utf8: utf8, of: whole, baseOffset: baseOffset, keepBreaks: keepBreaks, scriptLimit: scriptLimit,
                documentScriptLimit: documentScriptLimit)
        }!!
    }

    /// ``paragraphs(of:baseOffset:keepBreaks:scriptLimit:documentScriptLimit:)`` of bytes not
    /// yet validated: each line is validated as its string is made, and the first line that
    /// is not valid UTF-8 makes it nil (the caller then decodes the whole input, to report the
    /// bad byte or replace it). A byte outside every line is a line end, ASCII.
    static func paragraphs(
        ofUTF8 utf8: UnsafeBufferPointer<UInt8>, baseOffset: Int, keepBreaks: Bool = false, scriptLimit: Int = 0,
        documentScriptLimit: Int = 0
    ) -> Split? {
        paragraphs(
            utf8: utf8, of: nil, baseOffset: baseOffset, keepBreaks: keepBreaks, scriptLimit: scriptLimit,
            documentScriptLimit: documentScriptLimit)
    }

    /// The split of `utf8`, whose lines are sliced from `text` (its UTF-8, valid) or, without
    /// it, validated and made one by one; nil when a line is not valid UTF-8.
    private static func paragraphs(
        utf8: UnsafeBufferPointer<UInt8>, of text: String?, baseOffset: Int, keepBreaks: Bool, scriptLimit: Int,
        documentScriptLimit: Int
    ) -> Split? {
        var split = Split()
        guard let p = utf8.baseAddress else { return split }
        let n = utf8.count
        // Room for a paragraph every two lines (a line and a blank one), so that a large text's
        // blocks are not copied again and again as the array grows.
        var lineFeeds = 0
        var from = p
        while let hit = memchr(from, 0x0A, p + n - from) {
            lineFeeds += 1
            from = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) + 1
        }
        split.blocks.reserveCapacity(lineFeeds / 2 + 1)
        if scriptLimit > 0 { split.scripts.reserveCapacity(lineFeeds / 2 + 1) }
        // The letters of the document's first scalars lie before this byte.
        let documentEnd = n <= documentScriptLimit ? n : UTF8Scalars.offset(ofScalar: documentScriptLimit, in: utf8)
        var documentCounts = ScriptDetection.Counts()
        let lineBreak = Inline(keepBreaks ? .lineBreak : .softBreak)
        // The paragraph being read.
        var inlines: [Inline] = []
        var span = SourceSpan(start: SourcePosition(line: 1, column: 1, offset: 0), end: SourcePosition(line: 1, column: 1, offset: 0))
        var open = false
        var counts = ScriptDetection.Counts()
        var budget = 0

        func finishParagraph() {
            guard open else { return }
            split.blocks.append(Block(.paragraph(inlines), span: span))
            if scriptLimit > 0 { split.scripts.append(counts.guess) }
            inlines = []
            open = false
        }
        // A line that is not valid UTF-8 (only when there is no `text`) stops the split.
        var invalid = false
        func finishLine(_ lineStart: Int, _ end: Int, _ lineNumber: Int) {
            // Without a text, the line is validated (and made a string) before anything decodes it.
            var validated: String? = nil
            if text == nil {
                // Made as the standard library repairs bad bytes (its fast path, with no generic
                // call per line) and compared with the bytes: only valid UTF-8 comes out unchanged.
                let count = end - lineStart
                var line = String(decoding: UnsafeBufferPointer(start: p + lineStart, count: count), as: UTF8.self)
                let unchanged = line.withUTF8 { $0.count == count && (count == 0 || memcmp($0.baseAddress!, p + lineStart, count) == 0) }
                guard unchanged else {
                    invalid = true
                    return
                }
                validated = line
            }
            var first = lineStart
            var leadingScalars = 0
            while first < end {
                let b = p[first]
                if b > 0x20 && b < 0x80 { break }  // the usual case: a visible ASCII character
                let (v, length) = UTF8Scalars.decode(utf8, at: first)
                guard UTF8Scalars.isWhiteSpace(v) else { break }
                first += length
                leadingScalars += 1
            }
            guard first < end else {
                finishParagraph()
                return
            }
            var last = end
            while last > first {
                let b = p[last - 1]
                if b > 0x20 && b < 0x80 { break }
                var start = last - 1
                while p[start] & 0xC0 == 0x80 { start -= 1 }
                guard UTF8Scalars.isWhiteSpace(UTF8Scalars.decode(utf8, at: start).value) else { break }
                last = start
            }
            let lineBytes = UnsafeBufferPointer(start: p + first, count: last - first)
            let scalars = UTF8Scalars.count(lineBytes)
            let trimmed: String
            if let text {
                trimmed = String(text[text.utf8.index(text.utf8.startIndex, offsetBy: first)..<text.utf8.index(text.utf8.startIndex, offsetBy: last)])
            } else if first == lineStart && last == end {
                trimmed = validated!
            } else {
                let line = validated!
                let from = line.utf8.index(line.utf8.startIndex, offsetBy: first - lineStart)
                trimmed = String(line[from..<line.utf8.index(from, offsetBy: last - first)])
            }
            let startPosition = SourcePosition(line: lineNumber, column: leadingScalars + 1, offset: baseOffset + first)
            let endPosition = SourcePosition(line: lineNumber, column: leadingScalars + scalars + 1, offset: baseOffset + last)
            if open {
                inlines.append(lineBreak)
                span.end = endPosition
            } else {
                open = true
                span = SourceSpan(start: startPosition, end: endPosition)
                counts = ScriptDetection.Counts()
                budget = scriptLimit
            }
            inlines.append(.text(trimmed))
            // The bytes of the line that the paragraph's guess and the document's look at:
            // those they share are counted once.
            let paragraphEnd = budget >= scalars ? last : first + UTF8Scalars.offset(ofScalar: budget, in: lineBytes)
            budget -= min(budget, scalars)
            let documentPart = max(first, min(last, documentEnd))
            let shared = min(paragraphEnd, documentPart)
            if shared > first {
                var both = ScriptDetection.Counts()
                both.add(utf8: UnsafeBufferPointer(start: p + first, count: shared - first))
                counts.add(both)
                documentCounts.add(both)
            }
            if paragraphEnd > shared { counts.add(utf8: UnsafeBufferPointer(start: p + shared, count: paragraphEnd - shared)) }
            if documentPart > shared { documentCounts.add(utf8: UnsafeBufferPointer(start: p + shared, count: documentPart - shared)) }
        }

        var i = 0
        var lineStart = 0
        var lineNumber = 1
        while i < n {
            // Eight bytes at a time while none is a byte below 0x0E (LF and CR among them).
            while i + 8 <= n {
                let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                if (word &- 0x0E0E_0E0E_0E0E_0E0E) & ~word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { break }
            let b = p[i]
            if b != 0x0A && b != 0x0D {
                i += 1
                continue
            }
            finishLine(lineStart, i, lineNumber)
            if invalid { return nil }
            if b == 0x0D && i + 1 < n && p[i + 1] == 0x0A { i += 1 }
            i += 1
            lineStart = i
            lineNumber += 1
        }
        if lineStart < n { finishLine(lineStart, n, lineNumber) }
        if invalid { return nil }
        finishParagraph()
        split.documentScript = documentCounts.guess
        return split
    }

    /// Marks the headline, kicker and caption of a news article.
    ///
    /// The body starts at the first paragraph that reads as running text (15 words or more,
    /// or 6 or more ending in sentence punctuation). The one-line paragraph just before it, if
    /// short and not a sentence, is the headline: a level-1 heading and the title. One-line
    /// paragraphs before the headline are a kicker (5 words or fewer) or a photo caption.
    static func markArticleStructure(_ blocks: inout [Block], _ metadata: inout Metadata) {
        func wordCount(_ lines: [String]) -> Int {
            lines.reduce(0) { count, line in count + words(in: line) }
        }
        func isBody(_ block: Block) -> Bool {
            let lines = lines(of: block)
            let words = wordCount(lines)
            return words >= 15 || (words >= 6 && endsSentence(lines.joined(separator: " ")))
        }
        func isHeadlineLike(_ block: Block) -> Bool {
            let lines = lines(of: block)
            return lines.count == 1 && wordCount(lines) <= 30 && !endsWithStop(lines[0])
        }
        let headline: Int
        if let body = blocks.firstIndex(where: isBody) {
            guard body > 0, isHeadlineLike(blocks[body - 1]) else { return }
            headline = body - 1
        } else {
            guard blocks.count >= 2, isHeadlineLike(blocks[0]) else { return }
            headline = 0
        }
        let title = lines(of: blocks[headline]).joined(separator: " ")
        metadata.title = title
        blocks[headline].kind = .heading(level: 1, content: [.text(title)])
        var captions: [String] = []
        for i in 0..<headline where isHeadlineLike(blocks[i]) {
            let lines = lines(of: blocks[i])
            let isKicker = wordCount(lines) <= 5
            blocks[i].attributes.classes.append(isKicker ? "kicker" : "caption")
            if !isKicker { captions.append(lines.joined(separator: " ")) }
        }
        if captions.count == 1 { metadata.imageCaption = captions[0] }
    }

    /// The words of a line: runs of scalars between white space.
    static func words(in line: String) -> Int {
        var words = 0
        var inWord = false
        for scalar in line.unicodeScalars {
            let space = isWhitespace(scalar)
            if !space && !inWord { words += 1 }
            inWord = !space
        }
        return words
    }

    /// `properties.isWhitespace`, without the property lookup for ASCII and Arabic letters.
    @inline(__always)
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v >= 0x0600 && v <= 0x06FF { return false }
        return scalar.properties.isWhitespace
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
