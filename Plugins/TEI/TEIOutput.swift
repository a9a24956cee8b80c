import DocumentModel
import WarraqKit

/// `tei`: one document as TEI P5 XML, valid against `tei_all` (TEI P5 4.3.0).
///
/// The header is made from the metadata, inventing nothing; the body is a `div type="article"`
/// whose headings open nested `div`s; entities become `persName`, `placeName`, `orgName`,
/// `date`, `time`, `num`, `measure` or `rs`. What TEI has no place for is left out with one
/// warning per kind and document. See the README's "TEI output" section for the mapping.
public struct TEIOutput: OutputPlugin {
    public init() {}
    public let name = "tei"
    public let summary = "TEI P5 XML (valid against tei_all 4.3.0): a header from the metadata, entities as persName, date, num, …"
    /// `story.txt` becomes `story.tei.xml` in an output folder.
    public let fileExtension = "tei.xml"
    /// `-o story.xml` selects it too.
    public let otherExtensions = ["xml"]
    public let options = [
        OptionSpec(
            "header", .choice(["full", "minimal"]), default: .string("full"),
            help: "full: every metadata field in its TEI place; minimal: only the parts TEI requires (title, publication and source statements)"),
        OptionSpec(
            "entities", .bool, default: .bool(true),
            help: "write entities as persName, placeName, date, num, … (false: only the text they cover)"),
        OptionSpec(
            "pretty", .bool, default: .bool(true),
            help: "indent elements that hold only elements, never inside text (false: no added white space)"),
    ]

    public func write(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] {
        var writer = TEIWriter(
            options: TEIWriter.Options(
                fullHeader: options.string("header") != "minimal",
                entities: options.bool("entities") ?? true,
                pretty: options.bool("pretty") ?? true))
        let bytes = writer.write(document)
        for warning in writer.warnings {
            context.warn(warning.code, warning.message)
        }
        return bytes
    }
}
