import WarraqKit
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
    static func quoted(_ text: String) -> String { YAMLText.doubleQuoted(text) }
}
