import DocumentModel
import WarraqKit

/// `markdown`: CommonMark, or GitHub Flavored Markdown with `flavor=gfm`.
///
/// Text is escaped so that it never turns into markup; what Markdown cannot hold is written as
/// HTML (tables CommonMark or GFM cannot hold, superscript, subscript, strikeout in
/// CommonMark) or left out with a warning (raw text in other formats, control characters).
public struct MarkdownOutput: OutputPlugin {
    public init() {}
    public let name = "markdown"
    public let summary = "Markdown: CommonMark, or GitHub Flavored Markdown with pipe tables and strikethrough"
    public let fileExtension = "md"
    public let otherExtensions = ["markdown"]
    public let options = [
        OptionSpec(
            "flavor", .choice(["commonmark", "gfm"]), default: .string("commonmark"),
            help: "commonmark, or gfm for pipe tables and ~~strikethrough~~"),
        OptionSpec(
            "front-matter", .bool, default: .bool(false),
            help: "begin with a YAML front matter block holding the metadata"),
        OptionSpec(
            "entities", .choice(["plain", "spans"]), default: .string("plain"),
            help: "entities as plain text, or as pandoc bracketed spans [text]{.person}"),
    ]

    public func write(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] {
        try document.checkDepth()
        var writer = MarkdownWriter(
            flavor: MarkdownWriter.Flavor(rawValue: options.string("flavor") ?? "") ?? .commonmark,
            entities: MarkdownWriter.EntityStyle(rawValue: options.string("entities") ?? "") ?? .plain,
            direction: document.metadata.direction)
        let body = writer.body(document.blocks)
        var text = ""
        if options.bool("front-matter") == true, let yaml = MarkdownFrontMatter.yaml(document.metadata) {
            text = body.isEmpty ? yaml : yaml + "\n"
        }
        text += body
        writer.report.emit(into: &context)
        return Array(text.utf8)
    }
}
