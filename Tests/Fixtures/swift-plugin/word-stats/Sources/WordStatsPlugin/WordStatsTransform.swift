import DocumentModel
import WarraqKit

/// Counts a document's words into its metadata (`word-count`), leaving out words shorter
/// than `min-length` letters. Used in a recipe as `- word-stats: {min-length: 2}`.
public struct WordStatsTransform: Transform {
    public let name = "word-stats"
    public let summary = "Counts the words of a document into its metadata (word-count)"
    public let options = [
        OptionSpec("min-length", .integer(1...100), default: .integer(1), help: "the fewest letters a counted word has")
    ]

    public init() {}

    public func apply(to document: Document, options: OptionValues, context: inout PluginContext) throws -> Document {
        let minimum = options.integer("min-length") ?? 1
        let words = document.query { node -> [Substring]? in
            guard case .inline(let inline) = node, case .text(let text) = inline.kind else { return nil }
            return text.split(whereSeparator: \.isWhitespace)
        }.joined().filter { $0.count >= minimum }
        if words.isEmpty { context.warn("no-words", "the document has no words to count") }
        var result = document
        result.metadata.extra.removeAll { $0.key == "word-count" }
        result.metadata.extra.append(KeyValue("word-count", String(words.count)))
        return result
    }
}
