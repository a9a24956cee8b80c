import DocumentModel

/// The metadata as a YAML front matter block (`---` … `---`), as pandoc and static-site
/// generators read it.
///
/// Keys are the AST JSON metadata names. Every value is a double-quoted YAML string with
/// `\`, `"` and the characters YAML cannot hold as they are escaped, so any text is safe;
/// `extra` is a list of one-pair mappings, since its keys may repeat.
enum MarkdownFrontMatter {
    /// The block with its closing `---` line and a newline, or nil when the metadata is empty.
    static func yaml(_ metadata: Metadata) -> String? {
        var lines: [String] = []
        func scalar(_ key: String, _ value: String?) {
            if let value { lines.append("\(key): \(quoted(value))") }
        }
        func list(_ key: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            lines.append("\(key):")
            for value in values { lines.append("  - \(quoted(value))") }
        }
        scalar("title", metadata.title)
        scalar("subtitle", metadata.subtitle)
        list("authors", metadata.authors)
        scalar("published", metadata.published)
        scalar("modified", metadata.modified)
        scalar("language", metadata.language)
        scalar("direction", metadata.direction?.rawValue)
        scalar("sourceURL", metadata.sourceURL)
        scalar("canonicalURL", metadata.canonicalURL)
        scalar("publisher", metadata.publisher)
        scalar("description", metadata.description)
        list("keywords", metadata.keywords)
        scalar("image", metadata.image)
        scalar("imageCaption", metadata.imageCaption)
        if !metadata.extra.isEmpty {
            lines.append("extra:")
            for pair in metadata.extra { lines.append("  - \(quoted(pair.key)): \(quoted(pair.value))") }
        }
        if lines.isEmpty { return nil }
        return (["---"] + lines + ["---"]).joined(separator: "\n") + "\n"
    }

    /// `text` as a YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
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
        let symbols = Array("0123456789ABCDEF")
        return String((0..<digits).reversed().map { symbols[Int((value >> (4 * UInt32($0))) & 0xF)] })
    }
}
