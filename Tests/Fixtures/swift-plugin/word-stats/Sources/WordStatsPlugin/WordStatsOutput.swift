import DocumentModel
import WarraqKit

/// Writes a document as one line of tab-separated values: the title and its word count
/// (from the word-stats transform). `--to word-stats-tsv`, or `-o FILE.word-stats.tsv`.
public struct WordStatsOutput: OutputPlugin {
    public let name = "word-stats-tsv"
    public let summary = "The title and word count of a document, tab-separated"
    public let fileExtension = "word-stats.tsv"
    public let options = [OptionSpec("header", .bool, default: .bool(false), help: "start with a header line")]

    public init() {}

    public func write(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] {
        guard let count = document.metadata.extra.last(where: { $0.key == "word-count" })?.value else {
            throw Diagnostic.error(
                "no-word-count", "the document has no word count",
                notes: ["run the word-stats transform first: `- word-stats` in a recipe's steps"])
        }
        let title = (document.metadata.title ?? "").map { $0 == "\t" || $0.isNewline ? " " : $0 }
        let header = options.bool("header") == true ? "title\twords\n" : ""
        return Array((header + String(title) + "\t" + count + "\n").utf8)
    }
}
