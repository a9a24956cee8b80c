import DocumentModel
import WarraqKit

/// Bytes to text for HTML, in the order browsers use: a byte-order mark; the encoding the
/// page declares (`<meta charset>` or an `http-equiv` content type within its first 1024
/// bytes); the `encoding` option over both; otherwise detection. A declaration that its
/// bytes contradict is warned about, never silently turned into mojibake.
enum HTMLEncoding {
    /// Decodes `input`; `requested` is the `encoding` option (nil or `auto` to decide).
    static func decode(
        _ input: InputSource, requested: String?, onInvalid: TextDecoding.InvalidPolicy, context: inout PluginContext
    ) throws(Diagnostic) -> TextDecoding.Result {
        let bytes = input.bytes
        if let requested, TextDecoding.canonicalName(requested) != "auto" {
            return try TextDecoding.decode(input, encoding: requested, onInvalid: onInvalid, context: &context)
        }
        if let bom = TextDecoding.byteOrderMark(bytes) {
            return try TextDecoding.decode(input, encoding: bom.encoding, onInvalid: onInvalid, context: &context)
        }
        let declared = declaredEncoding(bytes.prefix(1024)).map(whatwgName)
        let location = SourceLocation(path: input.displayName)
        // Valid UTF-8 is read as UTF-8, whatever the page declares (validated and copied once).
        if let utf8 = TextDecoding.validUTF8(input) {
            if let declared, declared != "utf-8", bytes.contains(where: { $0 >= 0x80 }) {
                // Declared a legacy encoding, but the bytes are valid UTF-8 with letters beyond
                // ASCII: a legacy text almost never is; it was saved as UTF-8.
                context.warn(
                    "charset-mismatch", "the page declares \(declared) but its bytes are UTF-8; read as utf-8", at: location,
                    notes: ["give the encoding with the option encoding=\(declared) to read it as declared"])
            }
            return utf8
        }

        guard let declared else {
            if let detected = TextDecoding.detect(bytes) {
                return try TextDecoding.decode(input, encoding: detected, onInvalid: onInvalid, context: &context)
            }
            return try TextDecoding.decode(input, encoding: "utf-8", onInvalid: onInvalid, context: &context)
        }
        if declared == "utf-8" {
            // Declared UTF-8, but it is not: take what the bytes say.
            if let detected = TextDecoding.detect(bytes), detected != "utf-8" {
                context.warn(
                    "charset-mismatch", "the page declares utf-8 but its bytes are not UTF-8; read as \(detected), detected from them",
                    at: location, notes: ["give the encoding with the option encoding=NAME if this is wrong"])
                return try TextDecoding.decode(input, encoding: detected, onInvalid: onInvalid, context: &context)
            }
            return try TextDecoding.decode(input, encoding: "utf-8", onInvalid: onInvalid, context: &context)
        }
        if let detected = TextDecoding.detect(bytes), detected != declared, !compatible(declared, detected) {
            // A Latin declaration over text in another script (Arabic in windows-1252) would
            // read as mojibake: the detector wins. Otherwise the declaration does, as in browsers.
            if latin.contains(declared) && !latin.contains(detected) {
                context.warn(
                    "charset-mismatch", "the page declares \(declared) but its bytes read as \(detected); read as \(detected)",
                    at: location, notes: ["give the encoding with the option encoding=NAME if this is wrong"])
                return try TextDecoding.decode(input, encoding: detected, onInvalid: onInvalid, context: &context)
            }
            // Two encodings of other scripts (windows-1256 and iso-8859-6): the one whose
            // reading mixes scripts inside words less is right.
            var quiet = PluginContext(inputName: context.inputName)
            if let asDeclared = try? TextDecoding.decode(input, encoding: declared, onInvalid: .replace, context: &quiet),
                let asDetected = try? TextDecoding.decode(input, encoding: detected, onInvalid: .replace, context: &quiet),
                mixedScripts(asDetected.text) * 2 < mixedScripts(asDeclared.text)
            {
                context.warn(
                    "charset-mismatch", "the page declares \(declared) but its bytes read as \(detected); read as \(detected)",
                    at: location, notes: ["give the encoding with the option encoding=NAME if this is wrong"])
                return try TextDecoding.decode(input, encoding: detected, onInvalid: onInvalid, context: &context)
            }
            context.warn(
                "charset-mismatch", "the page declares \(declared) but its bytes look like \(detected); read as declared",
                at: location, notes: ["give the encoding with the option encoding=NAME if this is wrong"])
        }
        return try TextDecoding.decode(input, encoding: declared, onInvalid: onInvalid, context: &context)
    }

    static let latin: Set<String> = ["windows-1252", "iso-8859-1", "iso-8859-15", "ascii"]

    /// How often a letter of one script stands next to a letter of another inside a word:
    /// the mark of text read in the wrong encoding (Latin letters among Arabic ones).
    static func mixedScripts(_ text: String) -> Int {
        func script(_ s: Unicode.Scalar) -> Int {
            switch s.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: return 1
            case 0x600...0x6FF, 0x750...0x77F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return 2
            case 0x590...0x5FF: return 3
            case 0x400...0x4FF: return 4
            case 0x370...0x3FF: return 5
            default: return s.properties.isAlphabetic ? 6 : 0
            }
        }
        var count = 0
        var previous = 0
        for s in text.unicodeScalars {
            let current = script(s)
            if current != 0 && previous != 0 && current != previous { count += 1 }
            previous = current
        }
        return count
    }

    /// True when text in `a` reads the same in `b` for the letters that matter.
    static func compatible(_ a: String, _ b: String) -> Bool {
        latin.contains(a) && latin.contains(b)
    }

    /// The name as the HTML standard reads it: latin1 and ASCII labels mean windows-1252,
    /// a UTF-16 declaration in an ASCII-compatible page means UTF-8.
    static func whatwgName(_ label: String) -> String {
        let name = TextDecoding.canonicalName(label.trimmingSpaces())
        switch name {
        case "iso-8859-1", "ascii", "us-ascii", "iso8859-1": return "windows-1252"
        case "utf-16", "utf-16le", "utf-16be", "x-user-defined": return "utf-8"
        case "iso-8859-6-i", "iso-8859-6-e": return "iso-8859-6"
        default: return name
        }
    }

    /// The encoding a page declares in `<meta charset=…>` or `<meta http-equiv="content-type"
    /// content="…; charset=…">` within `prefix` (the standard's prescan, simplified).
    static func declaredEncoding(_ prefix: ArraySlice<UInt8>) -> String? {
        let b = Array(prefix.prefix(1024))
        var i = 0
        func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }
        func startsWith(_ s: StaticString, at k: Int) -> Bool {
            s.withUTF8Buffer { u in
                guard k + u.count <= b.count else { return false }
                for j in 0..<u.count where lower(b[k + j]) != u[j] { return false }
                return true
            }
        }
        while i < b.count {
            // Comments and meta tags start at "<": the bytes between are skipped.
            guard b[i] == 0x3C else {
                i += 1
                continue
            }
            if startsWith("<!--", at: i) {
                var k = i + 4
                while k + 2 < b.count && !(b[k] == 0x2D && b[k + 1] == 0x2D && b[k + 2] == 0x3E) { k += 1 }
                i = k + 3
                continue
            }
            if startsWith("<meta", at: i), i + 5 < b.count, isSpace(b[i + 5]) || b[i + 5] == 0x2F {
                i += 5
                var attributes: [String: String] = [:]
                // Attributes until '>'.
                while i < b.count && b[i] != 0x3E {
                    while i < b.count && (isSpace(b[i]) || b[i] == 0x2F) { i += 1 }
                    var name: [UInt8] = []
                    while i < b.count && !isSpace(b[i]) && b[i] != 0x3D && b[i] != 0x3E && b[i] != 0x2F {
                        name.append(lower(b[i]))
                        i += 1
                    }
                    while i < b.count && isSpace(b[i]) { i += 1 }
                    var value: [UInt8] = []
                    if i < b.count && b[i] == 0x3D {
                        i += 1
                        while i < b.count && isSpace(b[i]) { i += 1 }
                        if i < b.count && (b[i] == 0x22 || b[i] == 0x27) {
                            let quote = b[i]
                            i += 1
                            while i < b.count && b[i] != quote { value.append(b[i]); i += 1 }
                            i += 1
                        } else {
                            while i < b.count && !isSpace(b[i]) && b[i] != 0x3E { value.append(b[i]); i += 1 }
                        }
                    }
                    if name.isEmpty { if i < b.count && b[i] != 0x3E { i += 1 }; continue }
                    let key = String(decoding: name, as: UTF8.self)
                    if attributes[key] == nil { attributes[key] = String(decoding: value, as: UTF8.self) }
                }
                if let charset = attributes["charset"], !charset.trimmingSpaces().isEmpty { return charset.trimmingSpaces() }
                if attributes["http-equiv"]?.lowercased() == "content-type", let content = attributes["content"],
                    let charset = charsetParameter(content)
                {
                    return charset
                }
                continue
            }
            i += 1
        }
        return nil
    }

    /// The `charset=` parameter of a content type (`text/html; charset=windows-1256`).
    static func charsetParameter(_ contentType: String) -> String? {
        let lower = contentType.lowercased()
        guard let range = lower.range(of: "charset") else { return nil }
        var rest = lower[range.upperBound...].drop(while: { $0 == " " })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\"" || $0 == "'" })
        let value = rest.prefix(while: { $0 != ";" && $0 != "\"" && $0 != "'" && $0 != " " })
        return value.isEmpty ? nil : String(value)
    }
}

extension String {
    /// Without HTML white space at either end.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !HTMLTree.isSpace($0) && $0 != "\u{A0}" }) else { return "" }
        let last = scalars.lastIndex(where: { !HTMLTree.isSpace($0) && $0 != "\u{A0}" })!
        return String(scalars[first...last])
    }
}
