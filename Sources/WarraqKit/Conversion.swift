import DocumentModel

/// A plugin with its checked options.
public struct Configured<P: Sendable>: Sendable {
    public var plugin: P
    public var options: OptionValues

    public init(_ plugin: P, options: OptionValues) {
        self.plugin = plugin
        self.options = options
    }
}

/// How the input plugin of a conversion is chosen.
public enum InputSelection: Sendable {
    /// Always this plugin.
    case plugin(Configured<any InputPlugin>)
    /// Per file: by extension, then by content (`input: auto`), with default options.
    case automatic(PluginRegistry)

    /// The plugin and options for one input.
    public func choose(for source: InputSource) throws(Diagnostic) -> Configured<any InputPlugin> {
        switch self {
        case .plugin(let configured):
            return configured
        case .automatic(let registry):
            let plugin = registry.detectInput(path: source.path, bytes: source.bytes)
            return Configured(plugin, options: try OptionValues.check([], against: plugin.options, plugin: plugin.name))
        }
    }
}

/// One conversion: an input, transforms in order, an output. Options were checked when it
/// was made, before any document is read.
public struct Conversion: Sendable {
    public var input: InputSelection
    public var transforms: [Configured<any Transform>]
    public var output: Configured<any OutputPlugin>

    public init(input: InputSelection, transforms: [Configured<any Transform>] = [], output: Configured<any OutputPlugin>) {
        self.input = input
        self.transforms = transforms
        self.output = output
    }

    public init(input: Configured<any InputPlugin>, transforms: [Configured<any Transform>] = [], output: Configured<any OutputPlugin>) {
        self.init(input: .plugin(input), transforms: transforms, output: output)
    }

    /// Reads and transforms one input.
    ///
    /// - Throws: a ``Diagnostic`` for the input; warnings gathered so far are in `context`.
    public func document(from source: InputSource, context: inout PluginContext) throws(Diagnostic) -> Document {
        let input = try input.choose(for: source)
        var document = try Self.run(source.displayName) { () throws -> Document in
            try input.plugin.read(source, options: input.options, context: &context)
        }
        for step in transforms {
            document = try Self.run(source.displayName) { () throws -> Document in
                try document.checkDepth()
                return try step.plugin.apply(to: document, options: step.options, context: &context)
            }
        }
        return document
    }

    /// Writes a document with the output plugin.
    public func write(_ document: Document, name: String, context: inout PluginContext) throws(Diagnostic) -> [UInt8] {
        try Self.run(name) { () throws -> [UInt8] in
            try document.checkDepth()
            return try output.plugin.write(document, options: output.options, context: &context)
        }
    }

    /// Writes a document with the output plugin into `sink` as it is made (an output file).
    public func write(_ document: Document, name: String, context: inout PluginContext, to sink: any ByteSink) throws(Diagnostic) {
        try Self.run(name) { () throws in
            try document.checkDepth()
            try output.plugin.write(document, options: output.options, context: &context, to: sink)
        }
    }

    /// Writes a document as one record of a collection (JSON Lines, CSV rows).
    public func writeRecord(_ document: Document, name: String, context: inout PluginContext) throws(Diagnostic) -> [UInt8] {
        guard let collection = output.plugin as? any CollectionOutputPlugin else {
            throw .error("not-a-collection", "the output format '\(output.plugin.name)' holds one document per file")
        }
        return try Self.run(name) { () throws -> [UInt8] in
            try document.checkDepth()
            return try collection.collectionRecord(document, options: output.options, context: &context)
        }
    }

    /// Runs plugin code and turns whatever it throws into a ``Diagnostic`` that names the input.
    static func run<T>(_ name: String, _ body: () throws -> T) throws(Diagnostic) -> T {
        do {
            return try body()
        } catch let diagnostic as Diagnostic {
            throw diagnostic.locatedIn(name)
        } catch let error as DepthLimitExceeded {
            throw Diagnostic.error("too-deep", error.description, at: SourceLocation(path: name))
        } catch {
            throw Diagnostic.error("plugin-failed", "\(error)", at: SourceLocation(path: name))
        }
    }
}
