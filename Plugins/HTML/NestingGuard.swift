/// Keeps hostile markup from the parser.
///
/// - Nesting: an HTML5 parser spends time in proportion to the depth of the open elements
///   for every tag, so a page of 100,000 nested `<div>`s costs it minutes; browsers cap the
///   depth (Blink at 512). Start tags nested deeper than ``limit`` (with their end tags) are
///   left out of the markup: their text stays.
/// - Attributes: gumbo compares each attribute's name with every earlier one of its tag, so
///   a tag with a million attributes costs it hours. Attributes past ``attributeLimit`` in
///   one tag are left out.
///
/// Ordinary pages are passed through untouched.
enum NestingGuard {
    static let limit = 1024
    static let attributeLimit = 1000

    /// `text`, with tags past the nesting limit and attributes past the attribute limit left
    /// out, and whether any were.
    static func apply(_ text: String) -> (text: String, trimmed: Bool, attributesTrimmed: Bool) {
        text.withUTF8Bytes { apply(text, $0) }
    }

    /// A tag name's first 16 bytes, lowercase, packed in two words: a set key that needs no
    /// String for each tag of the page.
    struct Name: Hashable {
        var low: UInt64 = 0, high: UInt64 = 0
        var count = 0

        init() {}

        init(_ name: String) {
            for byte in name.utf8 { append(byte) }
        }

        /// Adds a (lowercase) byte, if fewer than 16 are held.
        mutating func append(_ byte: UInt8) {
            guard count < 16 else { return }
            if count < 8 { low |= UInt64(byte) << (8 * count) } else { high |= UInt64(byte) << (8 * (count - 8)) }
            count += 1
        }

        var bytes: [UInt8] {
            (0..<count).map { k in UInt8(truncatingIfNeeded: k < 8 ? low >> (8 * k) : high >> (8 * (k - 8))) }
        }
    }

    private static func apply(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, trimmed: Bool, attributesTrimmed: Bool) {
        // Cheap test first: fewer tags than the limit cannot nest past it, and a page this
        // short cannot hold that many attributes.
        var tags = 0
        var from = 0
        while tags <= limit, let lt = bytes.index(of: 0x3C, from: from) {
            tags += 1
            from = lt + 1
        }
        guard tags > limit || bytes.count > 2 * attributeLimit else { return (text, false, false) }
        var keep: [Range<Int>] = []
        var depth = 0, excess = 0
        var copyFrom = 0
        var i = 0
        var trimmed = false
        var attributesTrimmed = false
        let n = bytes.count
        func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }
        func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        while i < n {
            // To the next `<`: what lies between is text.
            guard let lt = bytes.index(of: 0x3C, from: i) else { break }
            i = lt
            guard i + 1 < n else { break }
            let next = bytes[i + 1]
            if next == 0x21 {
                // A comment or doctype: to its end.
                if i + 3 < n && bytes[i + 2] == 0x2D && bytes[i + 3] == 0x2D {
                    var k = i + 4
                    while k + 2 < n && !(bytes[k] == 0x2D && bytes[k + 1] == 0x2D && bytes[k + 2] == 0x3E) { k += 1 }
                    i = k + 3
                } else {
                    while i < n && bytes[i] != 0x3E { i += 1 }
                }
                continue
            }
            let isEnd = next == 0x2F
            let nameStart = isEnd ? i + 2 : i + 1
            guard nameStart < n, isLetter(bytes[nameStart]) else { i += 1; continue }
            var k = nameStart
            var name = Name()
            while k < n, isLetter(bytes[k]) || (bytes[k] >= 0x30 && bytes[k] <= 0x39) || bytes[k] == 0x2D {
                name.append(lower(bytes[k]))
                k += 1
            }
            // The end of the tag, past quoted attribute values, counting the attributes (a
            // name starts after white space) to find where the limit is passed.
            var quote: UInt8 = 0
            var attributes = 0
            var afterSpace = false, valueNext = false
            var cutAt: Int? = nil
            while k < n {
                let c = bytes[k]
                if quote != 0 {
                    // To the closing quote at once, or the end of the page.
                    guard let close = c == quote ? k : bytes.index(of: quote, from: k) else {
                        k = n
                        break
                    }
                    k = close
                    quote = 0
                } else if c == 0x22 || c == 0x27 {
                    quote = c
                    valueNext = false
                } else if c == 0x3E {
                    break
                } else if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D {
                    afterSpace = true
                    k += 1
                    continue
                } else if c == 0x3D {
                    valueNext = true
                } else if valueNext {
                    valueNext = false  // an unquoted value
                } else if afterSpace && c != 0x2F {
                    attributes += 1
                    if attributes > attributeLimit && cutAt == nil { cutAt = k }
                }
                afterSpace = false
                k += 1
            }
            let tagEnd = min(k + 1, n)
            let selfClosing = k > 0 && k < n && bytes[k - 1] == 0x2F
            let kind = Self.kind(of: name)
            let isRawText = kind == .rawText
            let isVoidOrOptional = kind == .voidOrOptional
            let nests = !isRawText && !isVoidOrOptional && !selfClosing
            let dropped = isEnd ? excess > 0 && nests : nests && depth >= limit
            if let cutAt, !dropped {
                // Keep the tag up to its last allowed attribute, and its `>`.
                attributesTrimmed = true
                keep.append(copyFrom..<cutAt)
                copyFrom = k
            }
            if isRawText && !isEnd {
                // Skip the raw text to its end tag.
                let close = [0x3C, 0x2F] + name.bytes
                // Without its end tag, the raw text runs to the end of the page.
                var end = n
                var m = tagEnd
                while let lt = bytes.index(of: 0x3C, from: m), lt + close.count <= n {
                    if bytes[lt + 1] == 0x2F {
                        var match = true
                        for j in 2..<close.count where lower(bytes[lt + j]) != close[j] { match = false; break }
                        if match {
                            end = lt
                            break
                        }
                    }
                    m = lt + 1
                }
                i = end
                continue
            }
            // Void and optional elements, self-closing tags and raw text elements do not nest,
            // and neither do their end tags: dropping `</script>` past the limit would turn the
            // rest of the page into the script's text.
            if isVoidOrOptional || selfClosing || isRawText {
                i = tagEnd
                continue
            }
            if isEnd {
                if excess > 0 {
                    excess -= 1
                    keep.append(copyFrom..<i)
                    copyFrom = tagEnd
                } else if depth > 0 {
                    depth -= 1
                }
            } else if depth >= limit {
                excess += 1
                trimmed = true
                keep.append(copyFrom..<i)
                copyFrom = tagEnd
            } else {
                depth += 1
            }
            i = tagEnd
        }
        guard trimmed || attributesTrimmed else { return (text, false, false) }
        keep.append(copyFrom..<n)
        var out: [UInt8] = []
        out.reserveCapacity(n)
        for r in keep { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[r])) }
        return (String(decoding: out, as: UTF8.self), trimmed, attributesTrimmed)
    }

    static let rawText: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"]

    enum Kind { case rawText, voidOrOptional, other }

    /// Whether `name` is one of ``rawText`` or ``voidOrOptional``: compared with the few names
    /// of its length, packed as it is, which costs less than hashing it for every tag of a page.
    static func kind(of name: Name) -> Kind {
        guard name.count < namesByLength.count else { return .other }
        for known in namesByLength[name.count] where known.name.low == name.low && known.name.high == name.high { return known.kind }
        return .other
    }

    static let namesByLength: [[(name: Name, kind: Kind)]] = {
        var table = [[(name: Name, kind: Kind)]](repeating: [], count: 17)
        for name in rawText { table[name.utf8.count].append((Name(name), .rawText)) }
        for name in voidOrOptional { table[name.utf8.count].append((Name(name), .voidOrOptional)) }
        return table
    }()

    /// Elements without end tags, or whose end tags may be left out: they do not nest.
    static let voidOrOptional: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "thead", "tbody", "tfoot",
        "colgroup", "caption", "html", "head", "body",
    ]

}
