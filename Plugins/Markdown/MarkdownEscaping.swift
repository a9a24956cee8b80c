/// How text, code, link destinations and titles are written so that a Markdown reader gives
/// back the same characters and never reads them as markup.
enum MarkdownEscaping {
    /// Where a piece of text sits, as far as its escaping cares.
    struct TextContext {
        /// GitHub Flavored Markdown: `|` and `~` are syntax everywhere, `:` at a line start can
        /// make a table's delimiter row, bare URLs become links.
        var gfm: Bool
        /// The text begins a line, where `#`, `>`, `-`, `+`, `=`, `1.` and fences are block syntax.
        var atLineStart: Bool
        /// Inside a heading, where a trailing run of `#` would be read as a closing sequence.
        var inHeading: Bool
        /// The first character written after the text, if any (`!` before `[` makes an image).
        var next: Unicode.Scalar?
    }

    /// Backslash-escapes every character of `text` that Markdown could read as syntax here.
    ///
    /// `text` holds no line ends and no leading spaces or tabs when it starts a line (the
    /// writer has trimmed them; CommonMark would drop them or read them as indentation).
    static func text(_ text: String, _ context: TextContext) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count + 8)
        // At a line start, the punctuation after a run of ASCII digits makes an ordered list.
        var orderedMarker = -1
        if context.atLineStart {
            var i = 0
            while i < scalars.count, isASCIIDigit(scalars[i]) { i += 1 }
            if i > 0, i < scalars.count, scalars[i] == "." || scalars[i] == ")" { orderedMarker = i }
        }
        for (i, c) in scalars.enumerated() {
            let lineStart = context.atLineStart && i == 0
            var escape = false
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<":
                escape = true
            case ">", "+", "-", "=":
                escape = lineStart
            case "#":
                escape = lineStart || context.inHeading
            case "~":
                escape = context.gfm || lineStart
            case "|":
                escape = context.gfm
            case ":":
                // A line `:-` under a paragraph line is a one-column table in GFM; `http://` a link.
                escape = context.gfm && (lineStart || (i + 2 < scalars.count && scalars[i + 1] == "/" && scalars[i + 2] == "/"))
            case ".":
                // GFM links `www.example.com` without a scheme.
                escape = context.gfm && i >= 3 && scalars[i - 3] == "w" && scalars[i - 2] == "w" && scalars[i - 1] == "w"
                    && (i == 3 || !isAlphanumeric(scalars[i - 4]))
                escape = escape || i == orderedMarker
            case ")":
                escape = i == orderedMarker
            case "&":
                escape = startsEntityReference(scalars, at: i)
            case "!":
                escape = i == scalars.count - 1 && context.next == "["
            default:
                break
            }
            if escape { out.append("\\") }
            out.append(c)
        }
        return String(out)
    }

    /// A code span: a backtick run longer than any inside, padded with spaces when the content
    /// starts or ends with a backtick or with a space that CommonMark would strip. Nil when
    /// `code` is empty (no code span can hold nothing).
    static func codeSpan(_ code: String) -> String? {
        guard let first = code.unicodeScalars.first, let last = code.unicodeScalars.last else { return nil }
        let fence = String(repeating: "`", count: longestRun(of: "`", in: code) + 1)
        let allSpaces = code.unicodeScalars.allSatisfy { $0 == " " }
        let pad = first == "`" || last == "`" || (first == " " && last == " " && !allSpaces)
        return pad ? fence + " " + code + " " + fence : fence + code + fence
    }

    /// A link or image destination: `<…>` when it holds spaces or is empty, else bare with
    /// parentheses and backslashes escaped. Control characters and line ends are
    /// percent-encoded, as in any URL.
    ///
    /// cmark-gfm decodes character references before backslash escapes in destinations,
    /// titles and info strings, so an `&` that would start a reference is written `&amp;`
    /// there, never `\&`; and it trims spaces at the ends of a destination, so those are
    /// written `&#32;`.
    static func destination(_ url: String) -> String {
        if url.isEmpty { return "<>" }
        var encoded = String.UnicodeScalarView()
        for c in url.unicodeScalars {
            if c.value < 0x20 || c.value == 0x7F {
                encoded.append(contentsOf: ("%" + hex2(c.value)).unicodeScalars)
            } else {
                encoded.append(c)
            }
        }
        let scalars = Array(encoded)
        let angled = scalars.contains(" ")
        var out = angled ? "<" : ""
        for (i, c) in scalars.enumerated() {
            switch c {
            case "\\", "<", ">": out += "\\"
            case "(" where !angled, ")" where !angled: out += "\\"
            case "&" where startsEntityReference(scalars, at: i):
                out += "&amp;"
                continue
            case " " where i == 0 || i == scalars.count - 1:
                out += "&#32;"
                continue
            default: break
            }
            out.unicodeScalars.append(c)
        }
        return angled ? out + ">" : out
    }

    /// A link or image title in double quotes; line ends become spaces. A backslash at the
    /// end is written `&#92;`: cmark-gfm's scanner takes the longest title it can and would
    /// read `"a\\"` as an escaped quotation mark, running on into the text after it.
    static func title(_ title: String) -> String {
        let scalars = Array(title.unicodeScalars)
        var out = "\""
        for (i, c) in scalars.enumerated() {
            switch c {
            case "\n": out += " "
            case "\\": out += i == scalars.count - 1 ? "&#92;" : "\\\\"
            case "\"": out += "\\\""
            case "&" where startsEntityReference(scalars, at: i): out += "&amp;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// A fenced code block's info string: backslashes escaped, references made text.
    static func infoString(_ info: String) -> String {
        let scalars = Array(info.unicodeScalars)
        var out = ""
        for (i, c) in scalars.enumerated() {
            switch c {
            case "\\": out += "\\\\"
            case "&" where startsEntityReference(scalars, at: i): out += "&amp;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// True when `scalars[index]` is an `&` that begins something CommonMark reads as an entity
    /// or numeric character reference: `&name;`, `&#123;`, `&#x1F;`.
    static func startsEntityReference(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var i = index + 1
        guard i < scalars.count else { return false }
        if scalars[i] == "#" {
            i += 1
            var hex = false
            if i < scalars.count, scalars[i] == "x" || scalars[i] == "X" {
                hex = true
                i += 1
            }
            let start = i
            while i < scalars.count, hex ? isASCIIHexDigit(scalars[i]) : isASCIIDigit(scalars[i]) { i += 1 }
            let digits = i - start
            return digits >= 1 && digits <= (hex ? 6 : 7) && i < scalars.count && scalars[i] == ";"
        }
        guard isASCIILetter(scalars[i]) else { return false }
        let start = i
        while i < scalars.count, isASCIILetter(scalars[i]) || isASCIIDigit(scalars[i]) { i += 1 }
        return i - start <= 32 && i < scalars.count && scalars[i] == ";"
    }

    /// The longest run of `character` in `text`.
    static func longestRun(of character: Unicode.Scalar, in text: String) -> Int {
        var longest = 0, current = 0
        for c in text.unicodeScalars {
            if c == character {
                current += 1
                longest = max(longest, current)
            } else {
                current = 0
            }
        }
        return longest
    }

    static func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    static func isASCIILetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
    static func isASCIIHexDigit(_ c: Unicode.Scalar) -> Bool {
        isASCIIDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F")
    }
    static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c.properties.numericType != nil }

    private static func hex2(_ value: UInt32) -> String {
        let digits = Array("0123456789ABCDEF".unicodeScalars)
        return String(String.UnicodeScalarView([digits[Int(value >> 4)], digits[Int(value & 0xF)]]))
    }
}

/// How CommonMark classes the character beside a run of `*` or `~`, which decides whether the
/// run can open or close emphasis.
enum FlankingClass: Equatable {
    /// Unicode white space, a line end, or the edge of the text.
    case whitespace
    /// ASCII punctuation or a Unicode punctuation character (categories P*).
    case punctuation
    /// A symbol outside ASCII (categories S*): punctuation to CommonMark 0.31, not to the
    /// cmark-gfm 0.29 that GitHub runs; the writer must be right under both readings.
    case symbol
    case other

    init(_ c: Unicode.Scalar?) {
        guard let c else {
            self = .whitespace
            return
        }
        switch c {
        case "\t", "\n", "\u{C}", "\r", " ":
            self = .whitespace
            return
        default:
            break
        }
        if c.isASCII {
            self = (c.value >= 0x21 && c.value <= 0x2F) || (c.value >= 0x3A && c.value <= 0x40)
                || (c.value >= 0x5B && c.value <= 0x60) || (c.value >= 0x7B && c.value <= 0x7E) ? .punctuation : .other
            return
        }
        switch c.properties.generalCategory {
        case .spaceSeparator: self = .whitespace
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            self = .punctuation
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: self = .symbol
        default: self = .other
        }
    }

    /// True when a delimiter run between `before` and `after` is left-flanking under every
    /// reading of the symbols.
    static func leftFlanking(_ before: FlankingClass, _ after: FlankingClass) -> Bool {
        after != .whitespace && (after == .other || before == .whitespace || before == .punctuation)
    }

    /// True when a delimiter run between `before` and `after` is right-flanking under every
    /// reading of the symbols.
    static func rightFlanking(_ before: FlankingClass, _ after: FlankingClass) -> Bool {
        before != .whitespace && (before == .other || after == .whitespace || after == .punctuation)
    }

    /// True when a delimiter run between `before` and `after` is right-flanking under some
    /// reading of the symbols.
    static func mightBeRightFlanking(_ before: FlankingClass, _ after: FlankingClass) -> Bool {
        before != .whitespace && (before != .punctuation || after != .other)
    }
}
