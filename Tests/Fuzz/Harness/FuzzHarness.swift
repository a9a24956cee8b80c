import BuiltinPlugins
import DocumentModel
import Foundation
import TestSupport
import WarraqKit

#if canImport(FoundationXML)
import FoundationXML
#endif

/// What the fuzz targets run on each input, and what the regression tests replay: every
/// function returns the problems it found (empty when the input was handled well). A thrown
/// ``Diagnostic`` is a good outcome for bad input; a crash, a hang, or an output that does
/// not parse back is not.
///
/// The libFuzzer entry points in `Tests/Fuzz/Targets` call these and trap on a problem;
/// `Tests/Fuzz/run` builds and runs them.
public enum FuzzHarness {
    /// The targets by name.
    public static let targets: [(name: String, run: @Sendable ([UInt8]) -> [String])] = [
        ("text", text), ("html", html), ("json", json), ("yaml", yaml), ("writers", writers),
    ]

    // MARK: The plain-text input

    /// Reads the bytes as plain text with several option sets: an error must be a diagnostic,
    /// `on-invalid: replace` must always give a document, spans must lie inside the input, and
    /// the document must survive AST JSON.
    public static func text(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        let sets: [[String: String]] = [
            [:], ["on-invalid": "replace"], ["structure": "paragraphs", "line-breaks": "keep"], ["encoding": "auto"],
        ]
        for raw in sets {
            guard let document = read("text", bytes, raw, &problems) else { continue }
            // Offsets count bytes of the file when it is UTF-8, else of the decoded text
            // (replacement characters, UTF-16), which is at most three times as long.
            let utf8 = String(validating: bytes, as: UTF8.self) != nil
            problems += spansInside(document, utf8 ? bytes.count : 3 * bytes.count)
            problems += survivesJSON(document)
        }
        return problems
    }

    // MARK: The HTML input

    /// Reads the bytes as a web page, the article and the whole body: an error must be a
    /// diagnostic, spans must lie inside the input, and the document must survive AST JSON.
    public static func html(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        for raw in [[:], ["extract": "body"]] as [[String: String]] {
            guard let document = read("html", bytes, raw, &problems) else { continue }
            let utf8 = String(validating: bytes, as: UTF8.self) != nil
            problems += spansInside(document, utf8 ? bytes.count : 3 * bytes.count)
            problems += survivesJSON(document)
        }
        return problems
    }

    // MARK: The AST JSON input

    /// Decodes the bytes as AST JSON: an error must be a JSONError; a document must encode to
    /// JSON that decodes to the same document, byte for byte.
    public static func json(_ bytes: [UInt8]) -> [String] {
        guard let document = try? ASTJSON.decode(bytes) else { return [] }
        return survivesJSON(document)
    }

    // MARK: Recipes (YAML)

    private static let scratch: String = {
        let folder = NSTemporaryDirectory() + "warraq-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }()

    /// Loads the bytes as a recipe and configures it with the built-in plugins: any outcome
    /// but a diagnostic at the recipe's file is a problem.
    public static func yaml(_ bytes: [UInt8]) -> [String] {
        // A recipe may name other files (extends, plugins files); devices could block.
        if bytes.count > 1 << 20 || String(decoding: bytes, as: UTF8.self).contains("/dev/") { return [] }
        let path = scratch + "/recipe.yaml"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return ["cannot write \(path)"] }
        do {
            let recipe = try Recipe.load(path)
            _ = try recipe.configure(registry: BuiltinPlugins.registry)
        } catch {
            if error.location == nil { return ["a recipe error without a location: \(error.rendered)"] }
        }
        return []
    }

    // MARK: The writers

    /// Makes a document from the bytes and writes it with every output plugin: the output
    /// must be UTF-8; JSON must read back as the same document; JSON Lines one line; TEI
    /// well-formed XML; CSV rectangular, with no cell a spreadsheet would run as a formula.
    public static func writers(_ bytes: [UInt8]) -> [String] {
        var generator = DocumentGenerator(rng: ByteSource(bytes), extraFragments: fragments(of: bytes))
        let document = generator.document()
        var problems: [String] = []
        let variants: [String: [[String: String]]] = [
            "json": [[:], ["pretty": "false"]],
            "csv": [["rows": "documents"], ["rows": "blocks"], ["rows": "entities"]],
        ]
        for output in BuiltinPlugins.registry.outputs {
            for raw in variants[output.name] ?? [[:]] {
                let label = "\(output.name) \(raw)"
                let options: OptionValues
                do {
                    options = try OptionValues.check(
                        raw.map { RawOption(name: $0.key, value: $0.value) }, against: output.options, plugin: output.name)
                } catch {
                    problems.append("\(label): options refused: \(error.rendered)")
                    continue
                }
                var context = PluginContext(inputName: "fuzz")
                let out: [UInt8]
                do {
                    out = try output.write(document, options: options, context: &context)
                } catch {
                    problems.append("\(label): a valid document was refused: \(error)")
                    continue
                }
                guard String(validating: out, as: UTF8.self) != nil else {
                    problems.append("\(label): the output is not UTF-8")
                    continue
                }
                switch output.name {
                case "json":
                    problems += readsBack(out, as: document, pretty: raw["pretty"] != "false", label)
                case "jsonl":
                    if out.last != 0x0A || out.dropLast().contains(0x0A) { problems.append("\(label): not one line") }
                    problems += readsBack(out, as: document, pretty: false, label)
                case "tei":
                    problems += wellFormedXML(out, label)
                case "csv":
                    problems += csvProblems(out, label)
                default:
                    break
                }
            }
        }
        return problems
    }

    // MARK: Checks

    static func read(_ plugin: String, _ bytes: [UInt8], _ raw: [String: String], _ problems: inout [String]) -> Document? {
        guard let input = BuiltinPlugins.registry.input(named: plugin) else {
            problems.append("no input plugin \(plugin)")
            return nil
        }
        do {
            let options = try OptionValues.check(raw.map { RawOption(name: $0.key, value: $0.value) }, against: input.options, plugin: plugin)
            var context = PluginContext(inputName: "fuzz")
            return try input.read(InputSource(bytes: bytes, path: "fuzz.\(plugin)"), options: options, context: &context)
        } catch let diagnostic as Diagnostic {
            if raw["on-invalid"] == "replace" && diagnostic.code == "invalid-utf8" {
                problems.append("\(plugin) \(raw): invalid UTF-8 refused although replacing: \(diagnostic.rendered)")
            }
        } catch {
            problems.append("\(plugin) \(raw): an error that is not a diagnostic: \(error)")
        }
        return nil
    }

    static func spansInside(_ document: Document, _ size: Int) -> [String] {
        var problems: [String] = []
        for block in document.allBlocks {
            guard let span = block.span else { continue }
            if !(0...size).contains(span.start.offset) || !(span.start.offset...size).contains(span.end.offset)
                || span.start.line < 1 || span.start.column < 1 || span.end.line < span.start.line
            {
                problems.append("a span outside the input of \(size) bytes: \(span)")
            }
        }
        return problems
    }

    static func survivesJSON(_ document: Document) -> [String] {
        do {
            let json = try ASTJSON.encode(document)
            return readsBack(json, as: document, pretty: false, "AST JSON")
        } catch {
            return ["a document the codec cannot write: \(error)"]
        }
    }

    static func readsBack(_ json: [UInt8], as document: Document, pretty: Bool, _ label: String) -> [String] {
        do {
            let decoded = try ASTJSON.decode(json)
            var again = try ASTJSON.encode(decoded, pretty: pretty)
            if json.last == 0x0A { again.append(0x0A) }
            return again == json ? [] : ["\(label): JSON → AST → JSON differs"]
        } catch {
            return ["\(label): written JSON does not read back: \(error)"]
        }
    }

    static func wellFormedXML(_ bytes: [UInt8], _ label: String) -> [String] {
        let parser = XMLParser(data: Data(bytes))
        if parser.parse() { return [] }
        return ["\(label): not well-formed XML at line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "?")"]
    }

    /// Reads CSV as RFC 4180 does: every record as wide as the header, quotes closed, and
    /// (the formula guard being on) no data cell starting with = + - @, a tab or a CR.
    static func csvProblems(_ bytes: [UInt8], _ label: String) -> [String] {
        var records: [[[UInt8]]] = []
        var record: [[UInt8]] = []
        var field: [UInt8] = []
        var i = 0
        var quoted = false
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(b)
                }
            } else if b == 0x22 && field.isEmpty {
                quoted = true
            } else if b == 0x2C {
                record.append(field)
                field = []
            } else if b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A {
                record.append(field)
                records.append(record)
                record = []
                field = []
                i += 1
            } else if b == 0x0A {
                record.append(field)
                records.append(record)
                record = []
                field = []
            } else if b == 0x22 {
                return ["\(label): a quote inside an unquoted field at byte \(i)"]
            } else {
                field.append(b)
            }
            i += 1
        }
        if quoted { return ["\(label): a quoted field is not closed"] }
        if !field.isEmpty || !record.isEmpty { return ["\(label): the last record has no line end"] }
        guard let header = records.first else { return ["\(label): no header"] }
        var problems: [String] = []
        for (n, r) in records.enumerated() {
            if r.count != header.count { problems.append("\(label): record \(n) has \(r.count) fields, the header \(header.count)") }
            if n > 0, let bad = r.first(where: { [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains($0.first ?? 0) }) {
                problems.append("\(label): record \(n) has a cell a spreadsheet runs: \(String(decoding: bad.prefix(20), as: UTF8.self))")
            }
        }
        return problems
    }

    /// Pieces of the input (split at NUL bytes, read as UTF-8 with replacements) for the
    /// generated document's text.
    static func fragments(of bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0, omittingEmptySubsequences: true).prefix(16).map { String(decoding: $0.prefix(200), as: UTF8.self) }
    }
}

/// Randomness read from a fuzzer's input: eight bytes a number (zeros past the end), mixed
/// with a counter so that the numbers never repeat — `Int.random(in:using:)` rejects some
/// values, and a source that kept giving one of those would loop for ever. The generator's
/// depth limits end every document.
public struct ByteSource: RandomNumberGenerator {
    let bytes: [UInt8]
    var index = 0
    var counter: UInt64 = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func next() -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<8 {
            value = value << 8 | UInt64(index < bytes.count ? bytes[index] : 0)
            index += 1
        }
        counter &+= 0x9E37_79B9_7F4A_7C15
        var z = value ^ counter
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
