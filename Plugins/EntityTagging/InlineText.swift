import DocumentModel

/// The plain text of a paragraph's or heading's inlines, as ``DocumentModel/TextView`` counts
/// it, and the stretches an entity may not overlap (code, existing entities).
struct InlineText {
    var string = ""
    /// The scalars counted so far while the inlines are joined (the barriers' offsets).
    private var count = 0
    var barriers: [Range<Int>] = []

    init(_ inlines: [Inline]) {
        // The common paragraph: one text, nothing to count.
        if inlines.count == 1, case .text(let s) = inlines[0].kind {
            string = s
        } else {
            add(inlines)
        }
    }

    private mutating func add(_ inlines: [Inline]) {
        for inline in inlines {
            switch inline.kind {
            case .text(let s):
                string += s
                count += s.unicodeScalars.count
            case .code(let s):
                let start = count
                string += s
                count += s.unicodeScalars.count
                barriers.append(start..<count)
            case .softBreak:
                string += " "
                count += 1
            case .lineBreak:
                string += "\n"
                count += 1
            case .image, .raw:
                break
            case .entity:
                let start = count
                add(inline.children)
                barriers.append(start..<count)
            default:
                add(inline.children)
            }
        }
    }

    /// The length of an inline in scalars.
    static func length(_ inline: Inline) -> Int {
        switch inline.kind {
        case .text(let s), .code(let s): s.unicodeScalars.count
        case .softBreak, .lineBreak: 1
        case .image, .raw: 0
        default: inline.children.reduce(0) { $0 + length($1) }
        }
    }
}

/// Wraps stretches of a list of inlines in entity nodes.
enum InlineWrapper {
    struct Span {
        var range: Range<Int>
        /// What `entity` of ``wrap(_:base:spans:entity:)`` is asked for: the span's entity is
        /// made only when its node is, straight into it.
        var entity: Int
    }

    /// `list` with each span (sorted, not overlapping, offsets from `base`) wrapped in a node
    /// of `entity(span.entity)`; a span that would cut across a link or emphasis without
    /// covering it whole is left out.
    static func wrap(_ list: [Inline], base: Int, spans: [Span], entity: (Int) -> Entity) -> [Inline] {
        guard !spans.isEmpty else { return list }
        if list.count == 1, case .text(let s) = list[0].kind, let wrapped = wrapText(list[0], s, base: base, spans: spans, entity: entity) {
            return wrapped
        }
        // Split text at every boundary that falls inside it.
        var boundaries: [Int] = []
        for s in spans { boundaries.append(s.range.lowerBound); boundaries.append(s.range.upperBound) }
        var pieces: [Inline] = []
        var lengths: [Int] = []
        var pos = base
        var b = 0
        boundaries.sort()
        for inline in list {
            let length = InlineText.length(inline)
            if case .text(let s) = inline.kind {
                while b < boundaries.count && boundaries[b] <= pos { b += 1 }
                var cuts: [Int] = []
                var k = b
                while k < boundaries.count && boundaries[k] < pos + length {
                    if cuts.last != boundaries[k] - pos { cuts.append(boundaries[k] - pos) }
                    k += 1
                }
                if cuts.isEmpty {
                    pieces.append(inline)
                    lengths.append(length)
                } else {
                    let view = s.unicodeScalars
                    var from = 0
                    var fromIndex = view.startIndex
                    for cut in cuts + [length] {
                        let toIndex = view.index(fromIndex, offsetBy: cut - from)
                        var piece = inline
                        piece.kind = .text(String(view[fromIndex..<toIndex]))
                        if inline.span != nil {
                            piece.span = shifted(inline.span, by: view[view.startIndex..<fromIndex], length: view[fromIndex..<toIndex])
                        }
                        pieces.append(piece)
                        lengths.append(cut - from)
                        from = cut
                        fromIndex = toIndex
                    }
                }
            } else {
                pieces.append(inline)
                lengths.append(length)
            }
            pos += length
        }
        // Group.
        var out: [Inline] = []
        var starts: [Int] = []
        pos = base
        for l in lengths {
            starts.append(pos)
            pos += l
        }
        var idx = 0
        var si = 0
        while idx < pieces.count {
            let here = starts[idx]
            let end = here + lengths[idx]
            // Spans that start before this piece and were not placed cannot be.
            while si < spans.count && spans[si].range.lowerBound < here { si += 1 }
            if si < spans.count, spans[si].range.lowerBound == here, lengths[idx] > 0 || spans[si].range.upperBound > here {
                let span = spans[si]
                // A run of whole pieces that ends where the span ends?
                var q = idx
                while q < pieces.count && starts[q] + lengths[q] < span.range.upperBound { q += 1 }
                if q < pieces.count, starts[q] + lengths[q] == span.range.upperBound, lengths[idx] > 0 {
                    out.append(Inline(.entity(entity(span.entity), Array(pieces[idx...q]))))
                    idx = q + 1
                    si += 1
                    continue
                }
            }
            // Spans wholly inside this piece go into it.
            var inner: [Span] = []
            var k = si
            while k < spans.count && spans[k].range.lowerBound < end {
                if spans[k].range.upperBound <= end && spans[k].range.lowerBound >= here { inner.append(spans[k]) }
                k += 1
            }
            si = k
            let piece = pieces[idx]
            if !inner.isEmpty, canHoldEntities(piece) {
                out.append(piece.withChildren(wrap(piece.children, base: here, spans: inner, entity: entity)))
            } else {
                out.append(piece)
            }
            idx += 1
        }
        return out
    }

    /// The common paragraph, one text node, with spans that neither overlap nor leave it: cut
    /// once, left to right, as ``wrap(_:base:spans:entity:)`` would cut it. Nil for anything else.
    private static func wrapText(_ inline: Inline, _ s: String, base: Int, spans: [Span], entity: (Int) -> Entity) -> [Inline]? {
        let view = s.unicodeScalars
        var previousEnd = base
        for span in spans {
            guard span.range.lowerBound >= previousEnd, !span.range.isEmpty else { return nil }
            previousEnd = span.range.upperBound
        }
        if inline.span == nil { return wrapTextBytes(inline, s, base: base, spans: spans, entity: entity) }
        var out: [Inline] = []
        out.reserveCapacity(2 * spans.count + 1)
        var pos = base
        var index = view.startIndex
        func piece(to end: Int) -> Inline? {
            guard let next = view.index(index, offsetBy: end - pos, limitedBy: view.endIndex) else { return nil }
            var p = inline
            p.kind = .text(String(view[index..<next]))
            if inline.span != nil { p.span = shifted(inline.span, by: view[view.startIndex..<index], length: view[index..<next]) }
            index = next
            pos = end
            return p
        }
        for span in spans {
            if span.range.lowerBound > pos {
                guard let before = piece(to: span.range.lowerBound) else { return nil }
                out.append(before)
            }
            guard let inside = piece(to: span.range.upperBound) else { return nil }
            out.append(Inline(.entity(entity(span.entity), [inside])))
        }
        if index < view.endIndex {
            var p = inline
            p.kind = .text(String(view[index...]))
            if inline.span != nil { p.span = shifted(inline.span, by: view[view.startIndex..<index], length: view[index...]) }
            out.append(p)
        }
        return out
    }

    /// ``wrapText(_:_:base:spans:entity:)`` for a text node without a source span (whose pieces
    /// need none): the scalar offsets are found on the UTF-8 bytes, and each piece is copied as
    /// straight from the string's bytes, cut at those offsets: cut from a valid string at scalar
    /// boundaries, a piece is valid UTF-8 and is not checked again.
    private static func wrapTextBytes(_ inline: Inline, _ s: String, base: Int, spans: [Span], entity: (Int) -> Entity) -> [Inline]? {
        let attributes = inline.attributes
        var s = s
        return s.withUTF8 { bytes -> [Inline]? in
            let n = bytes.count
            @inline(__always) func copy(_ from: Int, _ to: Int) -> String {
                String(copying: UTF8Span(unchecked: bytes.extracting(from..<to).span))
            }
            var out: [Inline] = []
            out.reserveCapacity(2 * spans.count + 1)
            var pos = base
            var byte = 0
            func piece(to end: Int) -> Inline? {
                let from = byte
                while pos < end {
                    guard byte < n else { return nil }
                    let b = bytes[byte]
                    byte += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                    pos += 1
                }
                return Inline(.text(copy(from, byte)), attributes: attributes)
            }
            for span in spans {
                if span.range.lowerBound > pos {
                    guard let before = piece(to: span.range.lowerBound) else { return nil }
                    out.append(before)
                }
                guard let inside = piece(to: span.range.upperBound) else { return nil }
                out.append(Inline(.entity(entity(span.entity), [inside])))
            }
            if byte < n {
                out.append(Inline(.text(copy(byte, n)), attributes: attributes))
            }
            return out
        }
    }

    private static func canHoldEntities(_ inline: Inline) -> Bool {
        switch inline.kind {
        case .emphasis, .strong, .strikeout, .superscript, .subscript, .link, .quoted, .span: true
        default: false
        }
    }

    /// The source span of a piece of a text node, when the node has one and stays on one line.
    private static func shifted(_ span: SourceSpan?, by before: Substring.UnicodeScalarView, length piece: Substring.UnicodeScalarView) -> SourceSpan? {
        guard let span, span.start.line == span.end.line, !before.contains("\n"), !piece.contains("\n") else { return nil }
        let beforeBytes = before.reduce(0) { $0 + UTF8.width($1) }
        let pieceBytes = piece.reduce(0) { $0 + UTF8.width($1) }
        let start = SourcePosition(line: span.start.line, column: span.start.column + before.count, offset: span.start.offset + beforeBytes)
        let end = SourcePosition(line: span.start.line, column: start.column + piece.count, offset: start.offset + pieceBytes)
        return SourceSpan(start: start, end: end)
    }
}
