/// Writing text as YAML (for front matter and resolved recipes); reading is ``YAML``.
public enum YAMLText {
    /// `text` as a YAML double-quoted scalar: any text, controls and line ends escaped, so
    /// that it reads back as the same string.
    public static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\0": out += "\\0"
            case "\u{7}": out += "\\a"
            case "\u{8}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{B}": out += "\\v"
            case "\u{C}": out += "\\f"
            case "\r": out += "\\r"
            case "\u{1B}": out += "\\e"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default:
                // YAML cannot hold C0 and C1 controls, DEL, a byte-order mark or U+FFFE/U+FFFF as they are.
                if c.value < 0x20 || (c.value >= 0x7F && c.value <= 0x9F) {
                    out += "\\x" + hex(c.value, digits: 2)
                } else if c.value == 0xFEFF || c.value == 0xFFFE || c.value == 0xFFFF {
                    out += "\\u" + hex(c.value, digits: 4)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
