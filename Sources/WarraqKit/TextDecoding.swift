import DocumentModel

/// Turns an input's bytes into text: byte-order marks, UTF-8 validation with the place of the
/// first bad byte, UTF-16, and legacy encodings through iconv.
public enum TextDecoding {
    /// What to do with bytes that are not valid in the encoding.
    public enum InvalidPolicy: String, Sendable, CaseIterable {
        /// Stop with an error naming the byte offset, line and column.
        case error
        /// Put U+FFFD in their place and warn.
        case replace
    }

    /// Decoded text and how it was read.
    public struct Result: Sendable {
        public var text: String
        /// The encoding used, as warraq names it (`utf-8`, `utf-16le`, `windows-1256`).
        public var encoding: String
        /// True when the text is the input's own bytes (UTF-8), so that byte offsets into the
        /// text plus ``textStart`` are offsets into the input.
        public var isInputUTF8: Bool
        /// Where the text starts in the input: 3 after a UTF-8 byte-order mark, else 0.
        public var textStart: Int
    }

    /// Decodes `input`.
    ///
    /// - Parameters:
    ///   - encoding: an encoding name; nil or `utf-8` reads a byte-order mark and otherwise
    ///     takes UTF-8; `auto` reads a byte-order mark, keeps valid UTF-8 as UTF-8 and
    ///     otherwise detects the encoding (see ``detect(_:)``) with a warning.
    ///   - onInvalid: what to do with invalid bytes.
    /// - Throws: a ``Diagnostic`` naming the offset, line and column of the first invalid
    ///   byte, or an unknown encoding.
    public static func decode(
        _ input: InputSource, encoding requested: String?, onInvalid: InvalidPolicy, context: inout PluginContext
    ) throws(Diagnostic) -> Result {
        let bytes = input.bytes
        let name = requested.map { canonicalName($0) }
        if let bom = byteOrderMark(bytes), name == nil || name == "auto" || name == "utf-8" {
            // A byte-order mark says what the bytes are.
            if bom.encoding == "utf-8" { return try utf8(input, from: 3, onInvalid: onInvalid, context: &context) }
            return try utf16(input, littleEndian: bom.encoding == "utf-16le", from: 2, onInvalid: onInvalid, context: &context)
        }
        if name == "auto" {
            guard firstInvalidUTF8(in: bytes) != nil, let detected = detectLegacy(bytes[...]) else {
                return try utf8(input, from: 0, onInvalid: onInvalid, context: &context)
            }
            context.warn(
                "encoding-detected", "the input is not UTF-8; read as \(detected), the encoding detected from its bytes",
                at: SourceLocation(path: input.displayName), notes: ["give the encoding with the option encoding=NAME if this is wrong"])
            return try decode(input, encoding: detected, onInvalid: onInvalid, context: &context)
        }
        switch name ?? "utf-8" {
        case "utf-8":
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            return try utf8(input, from: start, onInvalid: onInvalid, context: &context)
        case "utf-16le", "utf-16be":
            let little = name == "utf-16le"
            let bom: [UInt8] = little ? [0xFF, 0xFE] : [0xFE, 0xFF]
            return try utf16(input, littleEndian: little, from: bytes.starts(with: bom) ? 2 : 0, onInvalid: onInvalid, context: &context)
        case "utf-16":
            if bytes.starts(with: [0xFE, 0xFF]) { return try utf16(input, littleEndian: false, from: 2, onInvalid: onInvalid, context: &context) }
            let start = bytes.starts(with: [0xFF, 0xFE]) ? 2 : 0
            return try utf16(input, littleEndian: true, from: start, onInvalid: onInvalid, context: &context)
        case let other:
            let text = try Iconv.decode(input, from: other, onInvalid: onInvalid, context: &context)
            return Result(text: text, encoding: other, isInputUTF8: false, textStart: 0)
        }
    }

    /// `input` as UTF-8 text when it is valid UTF-8 from its first byte (a byte-order mark
    /// is the caller's to have looked for), validated and copied in one pass each; nil when
    /// it is not.
    public static func validUTF8(_ input: InputSource) -> Result? {
        guard isValidUTF8(input.bytes) else { return nil }
        // Validated just now: copied without a second validation.
        return Result(text: String(copying: UTF8Span(unchecked: input.bytes.span)), encoding: "utf-8", isInputUTF8: true, textStart: 0)
    }

    /// Whether `bytes` are well-formed UTF-8. Runs of ASCII are passed over eight bytes at a
    /// time, and the stretches between them that hold other bytes are given to the standard
    /// library's validation: an ASCII byte is never inside a sequence, so a stretch that ends
    /// at one is valid exactly when the whole is valid there. (Markup is mostly ASCII: this
    /// is several times faster than validating every byte.)
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        let span = bytes.span
        let high: UInt64 = 0x8080_8080_8080_8080
        return bytes.withUnsafeBytes { raw -> Bool in
            let n = raw.count
            var k = 0
            while k < n {
                while k + 8 <= n && raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) & high == 0 { k += 8 }
                while k < n && raw[k] < 0x80 { k += 1 }
                guard k < n else { return true }
                // To the next eight bytes of ASCII (its first byte ends the stretch), or the end.
                var m = k + 1
                while m + 8 <= n && raw.loadUnaligned(fromByteOffset: m, as: UInt64.self) & high != 0 { m += 8 }
                if m + 8 > n { m = n }
                guard (try? UTF8Span(validating: span.extracting(k..<m))) != nil else { return false }
                k = m
            }
            return true
        }
    }

    /// The encoding a byte-order mark at the start of `bytes` names (`utf-8`, `utf-16le`,
    /// `utf-16be`) and the mark's length, or nil.
    public static func byteOrderMark(_ bytes: [UInt8]) -> (encoding: String, length: Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return ("utf-8", 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return ("utf-16le", 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return ("utf-16be", 2) }
        return nil
    }

    /// The encoding of bytes without a byte-order mark: `utf-8` when they are valid UTF-8,
    /// else what uchardet detects (it tells windows-1256 from iso-8859-6 and windows-1252),
    /// or nil when it cannot tell or finds only broken UTF-8.
    public static func detect(_ bytes: [UInt8]) -> String? {
        if firstInvalidUTF8(in: bytes) == nil { return "utf-8" }
        return detectLegacy(bytes[...])
    }

    /// What uchardet detects for bytes known not to be UTF-8, or nil.
    static func detectLegacy(_ bytes: ArraySlice<UInt8>) -> String? {
        guard let found = CharsetDetection.detect(bytes), found != "utf-8", found != "ascii" else { return nil }
        // windows-1252 reads everything iso-8859-1 does, and the quotes and dashes it lacks.
        let name = found == "iso-8859-1" ? "windows-1252" : found
        // A name the C library's iconv lacks is no use.
        return Iconv.knows(name) ? name : nil
    }

    /// The encodings most often asked for, by their usual names; iconv knows many more.
    public static let commonEncodings = [
        "utf-8", "utf-16le", "utf-16be", "windows-1256", "iso-8859-6", "windows-1252", "iso-8859-1",
    ]

    /// Lowercase, with the usual aliases folded: `UTF8` → `utf-8`, `cp1256` → `windows-1256`.
    public static func canonicalName(_ name: String) -> String {
        let lower = name.lowercased().replacingUnderscores()
        switch lower {
        case "utf8": return "utf-8"
        case "utf16le": return "utf-16le"
        case "utf16be": return "utf-16be"
        case "utf16": return "utf-16"
        case "cp1256", "windows1256", "win1256", "x-cp1256": return "windows-1256"
        case "cp1252", "windows1252", "win1252": return "windows-1252"
        case "latin1", "latin-1", "iso8859-1", "iso88591", "l1": return "iso-8859-1"
        case "us-ascii", "ascii", "ansi-x3.4-1968": return "ascii"
        case "iso8859-6", "iso88596", "arabic", "asmo-708": return "iso-8859-6"
        default: return lower
        }
    }

    /// The offset of the first byte that is not part of valid UTF-8 at or after `start`,
    /// with a description of the problem, or nil if all is valid.
    public static func firstInvalidUTF8(in bytes: [UInt8], from start: Int = 0) -> (offset: Int, reason: String)? {
        bytes.withUnsafeBufferPointer { b in
            var i = start
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    i += 1
                    // Skip ASCII quickly, eight bytes at a time where aligned.
                    while i + 8 <= n {
                        let word = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                        if word & 0x8080_8080_8080_8080 != 0 { break }
                        i += 8
                    }
                    continue
                }
                let need: Int
                var minimum: UInt32
                var scalar: UInt32
                switch c {
                case 0xC2...0xDF: need = 1; minimum = 0x80; scalar = UInt32(c & 0x1F)
                case 0xE0...0xEF: need = 2; minimum = 0x800; scalar = UInt32(c & 0x0F)
                case 0xF0...0xF4: need = 3; minimum = 0x10000; scalar = UInt32(c & 0x07)
                case 0x80...0xBF: return (i, "unexpected continuation byte 0x\(hex(c))")
                case 0xC0, 0xC1: return (i, "overlong encoding (byte 0x\(hex(c)))")
                default: return (i, "byte 0x\(hex(c)) never appears in UTF-8")
                }
                for k in 1...need {
                    guard i + k < n else { return (i, "truncated sequence at the end of the input (byte 0x\(hex(c)))") }
                    let cc = b[i + k]
                    guard cc & 0xC0 == 0x80 else { return (i, "truncated sequence (byte 0x\(hex(c)) followed by 0x\(hex(cc)))") }
                    scalar = scalar << 6 | UInt32(cc & 0x3F)
                }
                if scalar < minimum { return (i, "overlong encoding (byte 0x\(hex(c)))") }
                if scalar >= 0xD800 && scalar <= 0xDFFF { return (i, "encoded UTF-16 surrogate U+\(String(scalar, radix: 16, uppercase: true))") }
                if scalar > 0x10FFFF { return (i, "code point above U+10FFFF") }
                i += need + 1
            }
            return nil
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let s = String(byte, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }

    private static func utf8(_ input: InputSource, from start: Int, onInvalid: InvalidPolicy, context: inout PluginContext) throws(Diagnostic) -> Result {
        let bytes = input.bytes
        // Valid UTF-8, the usual case, is checked and copied in one pass by the standard
        // library; only invalid input is walked again, to say where and why.
        if let text = String(validating: bytes[start...], as: UTF8.self) {
            return Result(text: text, encoding: "utf-8", isInputUTF8: true, textStart: start)
        }
        if let (offset, reason) = firstInvalidUTF8(in: bytes, from: start) {
            let location = input.location(ofByte: offset)
            switch onInvalid {
            case .error:
                throw .error(
                    "invalid-utf8", "invalid UTF-8 at byte offset \(offset) (line \(location.line!)): \(reason)", at: location,
                    notes: ["give the right encoding with the option encoding=NAME (for example windows-1256), or on-invalid=replace to put U+FFFD in place of bad bytes"])
            case .replace:
                var count = 0
                var at = offset
                while let (next, _) = firstInvalidUTF8(in: bytes, from: at) {
                    count += 1
                    at = next + 1
                }
                context.warn(
                    "invalid-utf8-replaced",
                    "invalid UTF-8 replaced by U+FFFD: first at byte offset \(offset) (line \(location.line!)): \(reason); \(count) bad byte\(count == 1 ? "" : "s") or sequences",
                    at: location)
                let text = String(decoding: bytes[start...], as: UTF8.self)
                // Replacement changes byte lengths, so offsets are into the decoded text.
                return Result(text: text, encoding: "utf-8", isInputUTF8: false, textStart: 0)
            }
        }
        let text = String(decoding: bytes[start...], as: UTF8.self)
        return Result(text: text, encoding: "utf-8", isInputUTF8: true, textStart: start)
    }

    private static func utf16(
        _ input: InputSource, littleEndian: Bool, from start: Int, onInvalid: InvalidPolicy, context: inout PluginContext
    ) throws(Diagnostic) -> Result {
        let bytes = input.bytes
        let name = littleEndian ? "utf-16le" : "utf-16be"
        var units: [UInt16] = []
        units.reserveCapacity((bytes.count - start) / 2)
        var i = start
        while i + 1 < bytes.count {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        var scalars = String.UnicodeScalarView()
        var problems: [(offset: Int, reason: String)] = []
        var iterator = units.makeIterator()
        var decoder = UTF16()
        var unitIndex = 0
        loop: while true {
            // Track the unit index to report byte offsets of bad units.
            let before = unitIndex
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                scalars.append(s)
                unitIndex += s.value > 0xFFFF ? 2 : 1
            case .emptyInput:
                break loop
            case .error:
                unitIndex += 1
                problems.append((start + before * 2, "lone surrogate 0x\(String(units[min(before, units.count - 1)], radix: 16, uppercase: true))"))
                scalars.append("\u{FFFD}")
            }
        }
        if (bytes.count - start) % 2 == 1 {
            problems.append((bytes.count - 1, "odd number of bytes: the last byte is half a UTF-16 unit"))
            scalars.append("\u{FFFD}")
        }
        if let first = problems.first {
            let location = SourceLocation(path: input.displayName, offset: first.offset)
            switch onInvalid {
            case .error:
                throw .error("invalid-utf16", "invalid \(name.uppercased()) at byte offset \(first.offset): \(first.reason)", at: location,
                             notes: ["use on-invalid=replace to put U+FFFD in place of bad units"])
            case .replace:
                context.warn("invalid-utf16-replaced", "invalid \(name.uppercased()) replaced by U+FFFD: first at byte offset \(first.offset): \(first.reason); \(problems.count) in all", at: location)
            }
        }
        return Result(text: String(scalars), encoding: name, isInputUTF8: false, textStart: 0)
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
