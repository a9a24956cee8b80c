import WarraqKit

/// Attribute values in the forms the TEI schema's datatypes take: URIs, language tags,
/// tokens, dates and numbers. Each function returns nil when a value cannot be given in its
/// form without inventing something, so that the caller can leave it out and say so.
enum TEIValues {
    // MARK: - URIs

    /// `string` as a URI that validators accept as `xsd:anyURI`, and that stays one token in
    /// the space-separated lists `target` and `ref` are: white space, control characters and
    /// the ASCII characters URIs exclude (`"`, `<`, `>`, `\`, `^`, the backtick, `{`, `|`,
    /// `}`) are percent-encoded, as browsers do, and so are a `%` that starts no escape,
    /// every `#` after the first, and a colon that would end a scheme that is not one
    /// (`1st:place`). Everything else is kept as it is (non-ASCII letters included, as IRIs
    /// allow).
    static func uri(_ string: String) -> String {
        // Most values (gazetteer references, page links) need nothing: say so from the bytes.
        if isURIAsItIs(string) { return string }
        return encodedURI(string)
    }

    /// ``uri(_:)`` scalar by scalar: the definition, which the byte check must agree with.
    static func encodedURI(_ string: String) -> String {
        let scalars = Array(string.unicodeScalars)
        // The colon that would end the scheme, if the text before it is not a scheme.
        var badColon: Int?
        if let colon = scalars.firstIndex(where: { $0 == ":" || $0 == "/" || $0 == "?" || $0 == "#" }),
            scalars[colon] == ":", !isScheme(scalars[..<colon])
        {
            badColon = colon
        }
        var result = String.UnicodeScalarView()
        var seenHash = false
        for (index, scalar) in scalars.enumerated() {
            var encode = false
            switch scalar.value {
            case 0x00...0x20, 0x7F...0x9F, 0xFFFE, 0xFFFF, 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D:
                encode = true
            case 0x25:  // %
                encode = !(index + 2 < scalars.count && isHexDigit(scalars[index + 1]) && isHexDigit(scalars[index + 2]))
            case 0x23:  // #
                encode = seenHash
                seenHash = true
            case 0x3A:  // :
                encode = index == badColon
            default:
                break
            }
            if encode {
                for byte in String(scalar).utf8 {
                    result.append("%")
                    result.append(contentsOf: hexByte(byte).unicodeScalars)
                }
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// True when ``encodedURI(_:)`` would return `string` unchanged, decided on its UTF-8
    /// bytes: no byte to encode, every `%` starting an escape, at most one `#`, and a colon
    /// before any `/`, `?` or `#` only after a scheme. (U+0080–U+009F are the bytes C2 80–C2 9F,
    /// U+FFFE and U+FFFF are EF BF BE and EF BF BF.)
    static func isURIAsItIs(_ string: String) -> Bool {
        let verdict = string.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let count = bytes.count
            var seenHash = false, pastScheme = false
            var i = 0
            while i < count {
                let byte = bytes[i]
                switch byte {
                case 0x00...0x20, 0x7F, 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D:
                    return false
                case 0x25:  // %
                    guard i + 2 < count, isHexDigit(bytes[i + 1]), isHexDigit(bytes[i + 2]) else { return false }
                case 0x23:  // #
                    if seenHash { return false }
                    seenHash = true
                    pastScheme = true
                case 0x2F, 0x3F:  // / ?
                    pastScheme = true
                case 0x3A:  // :
                    if !pastScheme {
                        guard isScheme(UnsafeBufferPointer(rebasing: bytes[..<i])) else { return false }
                        pastScheme = true
                    }
                case 0xC2:
                    if i + 1 < count && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F { return false }
                case 0xEF:
                    if i + 2 < count && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF) { return false }
                default:
                    break
                }
                i += 1
            }
            return true
        }
        return verdict ?? false
    }

    private static func isScheme(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, isASCIILetter(first) else { return false }
        return bytes.allSatisfy { isASCIILetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66)
    }

    private static func isScheme(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = scalars.first, isASCIILetter(first) else { return false }
        return scalars.allSatisfy { isASCIILetter($0) || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" || $0 == "." }
    }

    private static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    private static func isHexDigit(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    // MARK: - Languages and tokens

    /// True for a language tag as `xsd:language` (and so `xml:lang`) takes it:
    /// `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`.
    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            guard (1...8).contains(part.unicodeScalars.count) else { return false }
            let ok = part.unicodeScalars.allSatisfy { isASCIILetter($0) || (index > 0 && ("0"..."9").contains($0)) }
            guard ok else { return false }
        }
        return true
    }

    /// The tokens of `string` as TEI's `teidata.word` takes them (no control, format or
    /// unassigned characters, no separators): split at white space and other separators,
    /// with control and format characters left out.
    static func tokens(_ string: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in string.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator:
                if !current.isEmpty { tokens.append(String(current)) }
                current = String.UnicodeScalarView()
            case .control where scalar == "\t" || scalar == "\n" || scalar == "\r":
                if !current.isEmpty { tokens.append(String(current)) }
                current = String.UnicodeScalarView()
            case .control, .format, .surrogate, .privateUse, .unassigned:
                break
            default:
                current.append(scalar)
            }
        }
        if !current.isEmpty { tokens.append(String(current)) }
        return tokens
    }

    /// `string` as one token (for `type`, `unit`, `lang`): its tokens joined by `-`; nil when
    /// it has none.
    static func token(_ string: String) -> String? {
        let parts = tokens(string)
        return parts.isEmpty ? nil : parts.joined(separator: "-")
    }

    // MARK: - Dates and times

    /// How a date or time goes into TEI's attributes.
    enum Temporal: Equatable {
        /// `when`: a W3C (XML Schema) date, time, date and time, year, year and month, …
        case when(String)
        /// `notBefore` and/or `notAfter`: a range `A/B`, either end open (`..` or empty).
        case range(notBefore: String?, notAfter: String?)
        /// `when-iso`: another ISO 8601 form (a week date, a time without seconds, a
        /// duration), as far as TEI's pattern for it goes.
        case iso(String)
    }

    /// The attributes a normalized date or time takes, or nil when it fits none of them.
    static func temporal(_ value: String) -> Temporal? {
        // The tagger's usual forms, told from their bytes; the same answer as below.
        if let valid = plainDateIsValid(value) { return valid ? .when(value) : .iso(value) }
        let value = value.trimmingWhiteSpace
        guard !value.isEmpty else { return nil }
        let halves = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if halves.count == 2 {
            func end(_ half: String) -> String?? {
                if half.isEmpty || half == ".." { return .some(nil) }
                return isW3CTemporal(half) ? .some(half) : nil
            }
            if let start = end(halves[0]), let finish = end(halves[1]), start != nil || finish != nil {
                return .range(notBefore: start, notAfter: finish)
            }
        } else if isW3CTemporal(value) {
            return .when(value)
        }
        return isISOTemporal(value) ? .iso(value) : nil
    }

    /// For `YYYY`, `YYYY-MM` and `YYYY-MM-DD` in ASCII digits: whether it is a `when`
    /// (``isW3CTemporal(_:)``: not year 0000, a month of 1–12, a day its month has); nil for
    /// any other form. (Each of these forms is a `when-iso` when it is not a `when`.)
    static func plainDateIsValid(_ value: String) -> Bool? {
        var value = value
        return value.withUTF8 { b -> Bool? in
            let n = b.count
            guard n == 4 || n == 7 || n == 10 else { return nil }
            // The field being read; the year and the month once a hyphen ends them.
            var number = 0, year = 0, month = 0
            var k = 0
            while k < n {
                let c = b[k]
                if k == 4 || k == 7 {
                    guard c == 0x2D else { return nil }
                    if k == 4 { year = number } else { month = number }
                    number = 0
                } else {
                    guard c >= 0x30 && c <= 0x39 else { return nil }
                    number = number * 10 + Int(c - 0x30)
                }
                k += 1
            }
            switch n {
            case 4: return number != 0
            case 7: return year != 0 && (1...12).contains(number)
            default:
                return year != 0 && (1...12).contains(month) && number >= 1 && number <= daysIn(month: month, year: year)
            }
        }
    }

    /// `[0-9.,DHMPRSTWYZ/:+\-]+`: the pattern of TEI's `when-iso`.
    static func isISOTemporal(_ value: String) -> Bool {
        !value.isEmpty && value.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ".,DHMPRSTWYZ/:+-".unicodeScalars.contains($0) }
    }

    /// True for the XML Schema forms TEI's `when` takes: `date`, `dateTime`, `time`,
    /// `gYear`, `gYearMonth`, `gMonth`, `gDay`, `gMonthDay`, each with an optional time zone.
    /// Days are checked against their month (leap years included); year 0000 and the hour 24
    /// are refused, as validators refuse them.
    static func isW3CTemporal(_ value: String) -> Bool {
        var p = Parser(Array(value.unicodeScalars))
        if p.take("---") {
            // gDay
            guard let day = p.digits(2), (1...31).contains(day) else { return false }
            return p.timeZoneAndEnd()
        }
        if p.take("--") {
            // gMonth or gMonthDay
            guard let month = p.digits(2), (1...12).contains(month) else { return false }
            if p.take("-") {
                guard let day = p.digits(2), day >= 1, day <= daysIn(month: month, year: nil) else { return false }
            }
            return p.timeZoneAndEnd()
        }
        if let time = p.attempt({ $0.time() }), time { return p.timeZoneAndEnd() }
        guard let year = p.year() else { return false }
        guard p.take("-") else { return p.timeZoneAndEnd() }  // gYear
        guard let month = p.digits(2), (1...12).contains(month) else { return false }
        guard p.take("-") else { return p.timeZoneAndEnd() }  // gYearMonth
        guard let day = p.digits(2), day >= 1, day <= daysIn(month: month, year: year) else { return false }
        if p.take("T") {
            guard p.time() else { return false }
        }
        return p.timeZoneAndEnd()  // date or dateTime
    }

    /// Days in a month; February of a negative year (where calendars disagree) is taken as
    /// 28 days, and with no year as 29.
    private static func daysIn(month: Int, year: Int?) -> Int {
        switch month {
        case 4, 6, 9, 11: return 30
        case 2:
            guard let year else { return 29 }
            guard year > 0 else { return 28 }
            return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        default: return 31
        }
    }

    private struct Parser {
        let s: [Unicode.Scalar]
        var i = 0

        init(_ scalars: [Unicode.Scalar]) { s = scalars }

        /// Takes `literal` (ASCII) if it comes next.
        mutating func take(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard i + count <= s.count else { return false }
            let bytes = literal.utf8Start
            for j in 0..<count where s[i + j].value != UInt32(bytes[j]) { return false }
            i += count
            return true
        }

        /// Exactly `count` ASCII digits, as a number.
        mutating func digits(_ count: Int) -> Int? {
            guard i + count <= s.count else { return nil }
            var value = 0
            for scalar in s[i..<i + count] {
                guard ("0"..."9").contains(scalar) else { return nil }
                value = value * 10 + Int(scalar.value - 0x30)
            }
            i += count
            return value
        }

        /// Runs `body`; on false, rewinds.
        mutating func attempt(_ body: (inout Parser) -> Bool) -> Bool? {
            let start = i
            if body(&self) { return true }
            i = start
            return nil
        }

        /// `-?([1-9][0-9]{3,}|0[0-9]{3})`, not zero; negative years as negative numbers.
        mutating func year() -> Int? {
            let negative = take("-")
            let start = i
            while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
            let digits = s[start..<i]
            guard digits.count >= 4, digits.count <= 9, digits.count == 4 || digits.first != "0" else { return nil }
            let value = digits.reduce(0) { $0 * 10 + Int($1.value - 0x30) }
            guard value != 0 else { return nil }
            return negative ? -value : value
        }

        /// `hh:mm:ss(.s+)?` with hours 00–23.
        mutating func time() -> Bool {
            guard let hour = digits(2), hour < 24, take(":"), let minute = digits(2), minute < 60, take(":"),
                let second = digits(2), second < 60
            else { return false }
            if take(".") {
                let start = i
                while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
                guard i > start else { return false }
            }
            return true
        }

        /// An optional `Z` or `±hh:mm`, then the end. XML Schema allows offsets up to ±14:00;
        /// jing refuses negative ones beyond -13:00 (no time zone has one), and so does this.
        mutating func timeZoneAndEnd() -> Bool {
            if take("Z") { return i == s.count }
            if i < s.count, s[i] == "+" || s[i] == "-" {
                let limit = s[i] == "+" ? 14 : 13
                i += 1
                guard let hours = digits(2), take(":"), let minutes = digits(2), minutes < 60,
                    hours < limit || (hours == limit && minutes == 0)
                else { return false }
            }
            return i == s.count
        }
    }

    // MARK: - Numbers

    /// True for what TEI's `teidata.numeric` takes (`value`, `quantity`): a decimal or a
    /// floating-point number in ASCII digits (`246`, `-0.5`, `1e6`), or a fraction (`1/2`).
    static func isNumeric(_ value: String) -> Bool {
        let s = Array(value.unicodeScalars)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
            return i - start
        }
        // A fraction: -?[0-9]+/-?[0-9]+
        if let slash = s.firstIndex(of: "/") {
            if i < slash, s[i] == "-" { i += 1 }
            guard digits() > 0, i == slash else { return false }
            i += 1
            if i < s.count, s[i] == "-" { i += 1 }
            return digits() > 0 && i == s.count
        }
        if i < s.count, s[i] == "+" || s[i] == "-" { i += 1 }
        var mantissa = digits()
        if i < s.count, s[i] == "." {
            i += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if i < s.count, s[i] == "e" || s[i] == "E" {
            i += 1
            if i < s.count, s[i] == "+" || s[i] == "-" { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == s.count
    }
}

extension String {
    /// The string without white space (Unicode's) at either end.
    var trimmingWhiteSpace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !UTF8Scalars.isWhiteSpace($0.value) }),
            let last = scalars.lastIndex(where: { !UTF8Scalars.isWhiteSpace($0.value) })
        else { return "" }
        // Most values have no white space at either end: the string itself, not a copy.
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}
