import DocumentModel
import WarraqKit

/// `json`: one document as AST JSON.
public struct JSONOutput: OutputPlugin {
    public init() {}
    public let name = "json"
    public let summary = "warraq AST JSON, one document (the format external plugins speak)"
    public let fileExtension = "json"
    public let options = [
        OptionSpec("pretty", .bool, default: .bool(true), help: "indent by two spaces, one field a line (false: one line)"),
        OptionSpec(
            "layout", .choice(["tree", "standoff"]), default: .string("tree"),
            help: "tree: the AST, entities nested in it; standoff: each block's text with its entities as offsets"),
    ]

    public func write(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] {
        let pretty = options.bool("pretty") ?? true
        var bytes = options.string("layout") == "standoff"
            ? try StandoffJSON.encode(document, pretty: pretty) : try ASTJSON.encode(document, pretty: pretty)
        bytes.append(0x0A)
        return bytes
    }

    /// The tree layout streams into the file a chunk at a time; standoff is written whole.
    public func write(_ document: Document, options: OptionValues, context: inout PluginContext, to sink: any ByteSink) throws {
        guard options.string("layout") != "standoff" else {
            return try write(document, options: options, context: &context).withUnsafeBytes { try sink.write($0) }
        }
        try ASTJSON.encode(document, pretty: options.bool("pretty") ?? true, terminator: 0x0A, to: sink)
    }
}

/// `jsonl`: JSON Lines, one AST JSON document a line, for streams and large batches.
public struct JSONLinesOutput: CollectionOutputPlugin {
    public init() {}
    public let name = "jsonl"
    public let summary = "JSON Lines: one AST JSON document a line, for streams and batches"
    public let fileExtension = "jsonl"
    public let otherExtensions = ["ndjson"]
    public let options: [OptionSpec] = []

    public func write(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] {
        try collectionRecord(document, options: options, context: &context)
    }

    public func collectionHeader(options: OptionValues) -> [UInt8] { [] }

    public func collectionRecord(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] {
        var bytes = try ASTJSON.encode(document, pretty: false)
        bytes.append(0x0A)
        return bytes
    }
}
