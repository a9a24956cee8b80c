import DocumentModel
import WarraqKit

/// `json`: reads warraq AST JSON back (any 1.x version).
public struct JSONInput: InputPlugin {
    public init() {}
    public let name = "json"
    public let summary = "warraq AST JSON (any 1.x): what the json output and external plugins write"
    public let fileExtensions = ["json"]
    public let options: [OptionSpec] = []

    /// An object whose first key is `"warraq-ast"`, as warraq and external plugins write it.
    public func recognizes(_ prefix: ArraySlice<UInt8>) -> Bool {
        var rest = prefix.drop(while: { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) })
        guard rest.first == UInt8(ascii: "{") else { return false }
        rest = rest.dropFirst().drop(while: { [0x20, 0x09, 0x0A, 0x0D].contains($0) })
        return rest.starts(with: Array("\"warraq-ast\"".utf8))
    }

    public func read(_ input: InputSource, options: OptionValues, context: inout PluginContext) throws -> Document {
        var bytes = input.bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
            context.warn("bom", "a byte-order mark before JSON was skipped")
        }
        if let (offset, reason) = TextDecoding.firstInvalidUTF8(in: input.bytes, from: input.bytes.count - bytes.count) {
            throw Diagnostic.error(
                "invalid-utf8", "invalid UTF-8 at byte offset \(offset): \(reason); JSON must be UTF-8",
                at: input.location(ofByte: offset))
        }
        do {
            return try ASTJSON.decode(bytes)
        } catch {
            let offset = error.offset + (input.bytes.count - bytes.count)
            throw Diagnostic.error("invalid-ast-json", error.message, at: input.location(ofByte: offset))
        }
    }
}
