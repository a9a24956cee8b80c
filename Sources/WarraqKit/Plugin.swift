import DocumentModel

/// What every plugin has: a stable lowercase name, a one-line summary and declared options.
public protocol Plugin: Sendable {
    /// The name recipes and the command line use (`text`, `json`, `normalize`).
    var name: String { get }
    /// One line for `warraq plugins`.
    var summary: String { get }
    /// The options it takes; anything else is refused before a document is read.
    var options: [OptionSpec] { get }
}

/// Reads bytes into a document. Encodings are the input plugin's job.
public protocol InputPlugin: Plugin {
    /// File extensions (without the dot, lowercase) that select this plugin.
    var fileExtensions: [String] { get }

    /// Reads one input.
    ///
    /// - Throws: a ``Diagnostic`` naming the file and, where there is one, line and column.
    func read(_ input: InputSource, options: OptionValues, context: inout PluginContext) throws -> Document

    /// True when the start of an input looks like this plugin's format, for `input: auto`
    /// on a file whose extension says nothing.
    func recognizes(_ prefix: ArraySlice<UInt8>) -> Bool
}

extension InputPlugin {
    public func recognizes(_ prefix: ArraySlice<UInt8>) -> Bool { false }
}

/// Writes a document as bytes.
public protocol OutputPlugin: Plugin {
    /// The extension (without the dot) of the files it writes, for `--output-dir`.
    var fileExtension: String { get }
    /// Further extensions that select it for `-o FILE`.
    var otherExtensions: [String] { get }

    /// Writes one document.
    func write(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8]

    /// Writes one document into `sink` as it is made, for an output file: a writer that
    /// streams never holds the whole output in memory. The bytes must be those
    /// ``write(_:options:context:)`` returns. The default writes those bytes in one piece, so
    /// a plugin need implement only ``write(_:options:context:)``.
    ///
    /// The sink is a temporary file that appears at its path only after the whole document was
    /// written; when this throws, it is removed.
    func write(_ document: Document, options: OptionValues, context: inout PluginContext, to sink: any ByteSink) throws
}

extension OutputPlugin {
    public var otherExtensions: [String] { [] }

    public func write(_ document: Document, options: OptionValues, context: inout PluginContext, to sink: any ByteSink) throws {
        try write(document, options: options, context: &context).withUnsafeBytes { try sink.write($0) }
    }
}

/// An output that can also hold many documents in one file (JSON Lines, CSV).
public protocol CollectionOutputPlugin: OutputPlugin {
    /// Bytes before the first record (a CSV header), or empty.
    func collectionHeader(options: OptionValues) -> [UInt8]
    /// One document's record.
    func collectionRecord(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8]
}

/// Rewrites a document: normalization, entity tagging, anything a user adds.
public protocol Transform: Plugin {
    func apply(to document: Document, options: OptionValues, context: inout PluginContext) throws -> Document

    /// Checks, once when the recipe is loaded and before any document is read, what the
    /// options name beyond their types (the files they point to, say), so that a mistake
    /// stops the run at once rather than failing every document. The default does nothing.
    ///
    /// - Throws: a ``Diagnostic`` naming the problem and, where there is one, its file, line
    ///   and column.
    func prepare(options: OptionValues) throws(Diagnostic)
}

extension Transform {
    public func prepare(options: OptionValues) throws(Diagnostic) {}
}

/// One input: its bytes and where they came from.
public struct InputSource: Sendable {
    public var bytes: [UInt8]
    /// The path as the user gave it; nil for standard input.
    public var path: String?

    public init(bytes: [UInt8], path: String?) {
        self.bytes = bytes
        self.path = path
    }

    /// The path, or `<stdin>`, for messages.
    public var displayName: String { path ?? "<stdin>" }

    /// The location of byte `offset`, with line, column and the line's text.
    public func location(ofByte offset: Int) -> SourceLocation {
        SourceLocation.at(offset: offset, in: bytes, path: displayName)
    }
}

/// What a plugin is told about the conversion, and where it leaves warnings.
public struct PluginContext: Sendable {
    /// The input's path or `<stdin>`, for messages.
    public var inputName: String
    /// Warnings and notes, in order.
    public var diagnostics: [Diagnostic] = []

    public init(inputName: String) { self.inputName = inputName }

    /// Records a warning; the conversion goes on.
    public mutating func warn(_ code: String, _ message: String, at location: SourceLocation? = nil, notes: [String] = []) {
        diagnostics.append(.warning(code, message, at: location ?? SourceLocation(path: inputName), notes: notes))
    }
}
