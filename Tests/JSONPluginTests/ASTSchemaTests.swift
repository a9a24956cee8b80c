import DocumentModel
import Foundation
import Testing
import TestSupport

/// Checks that the AST JSON warraq writes matches `config/schema/ast.schema.json`, and that the
/// schema refuses documents warraq refuses.
///
/// The schema is checked by python3's `jsonschema` module (Draft 2020-12); without it, these
/// tests are skipped.
struct ASTSchemaTests {
    // MARK: - Tests

    @Test(.enabled(if: Self.schemaToolsAvailable, "python3 with the jsonschema module is needed to check the schema"))
    func documentsWarraqWritesMatchTheSchema() throws {
        let directory = try Self.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        var files: [String] = []
        for (name, document) in Self.validDocuments() {
            let bytes = try ASTJSON.encode(document, pretty: false)
            let decoded = try ASTJSON.decode(bytes)
            #expect(decoded == document, "\(name): the encoded document does not read back as itself")
            let url = directory.appendingPathComponent("\(name).json")
            try Data(bytes).write(to: url)
            files.append(url.path)
        }
        for document in Self.acceptedRawDocuments {
            do {
                _ = try ASTJSON.decode(Array(document.json.utf8))
            } catch {
                Issue.record("\(document.name): ASTJSON.decode refuses a document the schema should accept: \(error)")
            }
            let url = directory.appendingPathComponent("\(document.name).json")
            try Data(document.json.utf8).write(to: url)
            files.append(url.path)
        }

        let verdicts = try Self.validate(files, in: directory)
        #expect(verdicts.map(\.file) == files, "the schema check did not report on every file")
        for verdict in verdicts {
            if let error = verdict.error {
                Issue.record("\(verdict.file) does not match the schema: \(error)")
            }
        }
    }

    /// The every-kind document must keep covering every node kind, or the schema check above
    /// would miss some.
    @Test func theEveryKindDocumentUsesEveryKind() throws {
        let bytes = try ASTJSON.encode(TestDocuments.everyKindDocument(), pretty: false)
        let json = String(decoding: bytes, as: UTF8.self)
        for name in Self.blockTypes + Self.inlineTypes {
            #expect(json.contains("\"type\":\"\(name)\""), "the every-kind document has no node of type \(name)")
        }
        let fields = [
            "\"attributes\":{\"id\":", "\"classes\":", "\"lang\":", "\"dir\":", "\"pairs\":", "\"span\":{",
            "\"confidence\":", "\"header\":true", "\"rowSpan\":", "\"columnSpan\":", "\"alignment\":",
            "\"extra\":", "\"imageCaption\":",
        ]
        for field in fields {
            #expect(json.contains(field), "the every-kind document never writes \(field)")
        }
    }

    @Test(.enabled(if: Self.schemaToolsAvailable, "python3 with the jsonschema module is needed to check the schema"))
    func theSchemaRejectsInvalidDocuments() throws {
        let directory = try Self.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        var files: [String] = []
        var expectedPaths: [String: String] = [:]
        for document in Self.rejectedRawDocuments {
            // warraq's own reader refuses these too: the schema and the decoder agree.
            do {
                _ = try ASTJSON.decode(Array(document.json.utf8))
                Issue.record("\(document.name): ASTJSON.decode accepts a document the schema should reject")
            } catch {
                // Expected.
            }
            let url = directory.appendingPathComponent("\(document.name).json")
            try Data(document.json.utf8).write(to: url)
            files.append(url.path)
            expectedPaths[url.path] = document.errorPath
        }

        let verdicts = try Self.validate(files, in: directory)
        #expect(verdicts.map(\.file) == files, "the schema check did not report on every file")
        for verdict in verdicts {
            guard let error = verdict.error else {
                Issue.record("\(verdict.file) is invalid AST JSON but the schema accepts it")
                continue
            }
            let path = expectedPaths[verdict.file] ?? "?"
            #expect(error.hasPrefix(path + ":"), "\(verdict.file) was rejected for another reason than expected (at \(path)): \(error)")
        }
    }

    // MARK: - Documents built with the DocumentModel API

    static let blockTypes = [
        "heading", "paragraph", "blockQuote", "list", "codeBlock", "table", "figure", "thematicBreak", "division", "raw",
    ]
    static let inlineTypes = [
        "text", "softBreak", "lineBreak", "emphasis", "strong", "strikeout", "superscript", "subscript", "code", "link",
        "image", "quoted", "span", "entity", "raw",
    ]

    /// The documents whose encoding must match the schema, each with a file name.
    static func validDocuments() -> [(name: String, document: Document)] {
        [
            ("every-kind", TestDocuments.everyKindDocument()),
            ("empty", Document()),
            ("plain", TestDocuments.plainDocument()),
            ("nested", nestedDocument(depth: 40)),
        ]
    }

    /// Divisions and emphases nested `depth` levels deep, to exercise the schema's recursion.
    static func nestedDocument(depth: Int) -> Document {
        var inline = Inline.text("deep")
        var block = Block.paragraph("deep")
        for _ in 0..<depth {
            inline = Inline(.emphasis([inline]))
            block = Block(.division([block]))
        }
        return Document(blocks: [block, Block(.paragraph([inline]))])
    }

    // MARK: - Documents written as JSON text

    struct RawDocument: Sendable {
        var name: String
        var json: String
        /// For a document the schema rejects: the JSON pointer the error is reported at.
        var errorPath: String = ""
    }

    /// Valid documents that warraq does not write itself: another 1.x version, unknown fields,
    /// nulls for absent optional strings, fields left out.
    static let acceptedRawDocuments: [RawDocument] = [
        RawDocument(
            name: "future-minor-version",
            json: #"""
                {"warraq-ast": "1.7", "generator": {"name": "some tool"},
                 "blocks": [{"type": "paragraph", "newField": [1, 2], "content": [{"type": "text", "text": "x", "newField": true}]},
                            {"type": "table"}, {"type": "list", "items": [[]]}, {"type": "figure", "image": {"source": "a.png"}}]}
                """#),
        RawDocument(
            name: "null-optional-strings",
            json: #"""
                {"warraq-ast": "1.0",
                 "metadata": {"title": null, "subtitle": null, "published": null, "modified": null, "language": null,
                              "direction": null, "sourceURL": null, "canonicalURL": null, "publisher": null,
                              "description": null, "image": null, "imageCaption": null},
                 "blocks": [
                   {"type": "codeBlock", "language": null, "text": "x", "attributes": {"id": null, "lang": null, "dir": null}},
                   {"type": "paragraph", "content": [
                     {"type": "link", "target": "t", "title": null, "content": []},
                     {"type": "image", "source": "s", "title": null},
                     {"type": "entity", "entity": {"kind": "person", "normalized": null, "reference": null, "source": null},
                      "content": []}]},
                   {"type": "table", "body": [{"cells": [{"blocks": [], "alignment": null}]}]}]}
                """#),
    ]

    /// Documents that both the schema and warraq's reader must refuse.
    static let rejectedRawDocuments: [RawDocument] = [
        RawDocument(
            name: "heading-level-7",
            json: #"{"warraq-ast": "1.0", "blocks": [{"type": "heading", "level": 7, "content": [{"type": "text", "text": "x"}]}]}"#,
            errorPath: "/blocks/0/level"),
        RawDocument(
            name: "unknown-block-type",
            json: #"{"warraq-ast": "1.0", "blocks": [{"type": "sidebar", "blocks": []}]}"#,
            errorPath: "/blocks/0/type"),
        RawDocument(
            name: "unknown-inline-type",
            json: #"{"warraq-ast": "1.0", "blocks": [{"type": "paragraph", "content": [{"type": "underline", "content": []}]}]}"#,
            errorPath: "/blocks/0/content/0/type"),
        RawDocument(
            name: "major-version-2",
            json: #"{"warraq-ast": "2.0", "blocks": []}"#,
            errorPath: "/warraq-ast"),
        RawDocument(
            name: "missing-blocks",
            json: #"{"warraq-ast": "1.0", "metadata": {}}"#,
            errorPath: "/"),
        RawDocument(
            name: "row-span-0",
            json: #"{"warraq-ast": "1.0", "blocks": [{"type": "table", "body": [{"cells": [{"blocks": [], "rowSpan": 0}]}]}]}"#,
            errorPath: "/blocks/0/body/0/cells/0/rowSpan"),
        RawDocument(
            name: "entity-without-kind",
            json: #"{"warraq-ast": "1.0", "blocks": [{"type": "paragraph", "content": [{"type": "entity", "entity": {}, "content": []}]}]}"#,
            errorPath: "/blocks/0/content/0/entity"),
        RawDocument(
            name: "span-without-end-offset",
            json: #"{"warraq-ast": "1.0", "blocks": [{"type": "thematicBreak", "span": {"line": 1, "column": 1, "offset": 0, "endLine": 1, "endColumn": 2}}]}"#,
            errorPath: "/blocks/0/span"),
    ]

    // MARK: - Running the schema check

    /// The package root: two levels up from this file's folder (Tests/JSONPluginTests).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Tests/JSONPluginTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the package root
    }

    static var schemaURL: URL {
        packageRoot.appendingPathComponent("config/schema/ast.schema.json")
    }

    /// True when `python3` runs and can import `jsonschema`.
    static var schemaToolsAvailable: Bool {
        ExternalTool.run(["python3", "-c", "import jsonschema"])?.status == 0
    }

    /// Validates every file against the schema with a Draft 2020-12 validator, after checking
    /// the schema itself against the metaschema. Writes its verdicts as JSON to a file, so that
    /// Python's warnings on stderr cannot mix with them.
    static let validatorScript = #"""
        import json, sys
        import jsonschema
        from jsonschema.exceptions import best_match

        schema_path, results_path = sys.argv[1], sys.argv[2]
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        results = []
        for path in sys.argv[3:]:
            with open(path, encoding="utf-8") as f:
                document = json.load(f)
            error = best_match(validator.iter_errors(document))
            message = None
            if error is not None:
                where = "/" + "/".join(str(part) for part in error.absolute_path)
                message = where + ": " + error.message
            results.append({"file": path, "error": message})
        with open(results_path, "w", encoding="utf-8") as f:
            json.dump(results, f)
        """#

    struct Verdict: Decodable, Sendable {
        var file: String
        /// The validator's message, prefixed by the JSON pointer of the failing value; nil when valid.
        var error: String?
    }

    struct SchemaCheckFailed: Error, CustomStringConvertible {
        var description: String
    }

    static func validate(_ files: [String], in directory: URL) throws -> [Verdict] {
        let resultsURL = directory.appendingPathComponent("verdicts.json")
        let arguments = ["python3", "-c", validatorScript, schemaURL.path, resultsURL.path] + files
        guard let result = ExternalTool.run(arguments) else {
            throw SchemaCheckFailed(description: "could not start /usr/bin/env python3")
        }
        guard result.status == 0 else {
            throw SchemaCheckFailed(
                description: "checking against \(schemaURL.path) failed with exit status \(result.status):\n\(result.output)")
        }
        return try JSONDecoder().decode([Verdict].self, from: Data(contentsOf: resultsURL))
    }

    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("warraq-ast-schema-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
