import DocumentModel
import Foundation
import JSONPlugin
import PlainTextPlugin
import Testing
import TestSupport
import WarraqKit

func options(for plugin: any Plugin, _ raw: [String: String] = [:]) throws -> OptionValues {
    try OptionValues.check(raw.map { RawOption(name: $0.key, value: $0.value) }, against: plugin.options, plugin: plugin.name)
}

@Suite("JSON plugins")
struct JSONPluginTests {
    @Test func theSampleMatchesItsGoldenFiles() throws {
        let document = try TestDocuments.sampleArticle()
        var context = PluginContext(inputName: "sample")
        let json = JSONOutput(), jsonl = JSONLinesOutput()
        #expect(Golden.mismatch(try json.write(document, options: try options(for: json), context: &context), "json/aleppo-ceasefire.ar.json") == nil)
        let line = try jsonl.write(document, options: try options(for: jsonl), context: &context)
        #expect(Golden.mismatch(line, "json/aleppo-ceasefire.ar.jsonl") == nil)
        #expect(line.filter { $0 == 0x0A }.count == 1 && line.last == 0x0A)
        #expect(context.diagnostics.isEmpty)
    }

    @Test func theEveryKindDocumentMatchesItsGoldenFileAndReadsBack() throws {
        let document = TestDocuments.everyKindDocument()
        var context = PluginContext(inputName: "every-kind")
        let json = JSONOutput()
        let bytes = try json.write(document, options: try options(for: json), context: &context)
        #expect(Golden.mismatch(bytes, "json/every-kind.json") == nil)
        let input = JSONInput()
        let back = try input.read(InputSource(bytes: bytes, path: "every-kind.json"), options: try options(for: input), context: &context)
        #expect(back == document)
        let compact = try json.write(document, options: try options(for: json, ["pretty": "false"]), context: &context)
        #expect(!compact.dropLast().contains(0x0A))
        #expect(try input.read(InputSource(bytes: compact, path: nil), options: try options(for: input), context: &context) == document)
    }

    @Test func theEdgeCasesMatchTheirGoldenFilesAndReadBack() throws {
        let json = JSONOutput(), input = JSONInput()
        for (name, document) in TestDocuments.edgeCases() {
            var context = PluginContext(inputName: name)
            let bytes = try json.write(document, options: try options(for: json), context: &context)
            #expect(Golden.mismatch(bytes, "json/\(name).json") == nil)
            #expect(try input.read(InputSource(bytes: bytes, path: nil), options: try options(for: input), context: &context) == document)
        }
    }

    @Test func theJSONInputSkipsAByteOrderMarkWithAWarning() throws {
        let input = JSONInput()
        var context = PluginContext(inputName: "x.json")
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"warraq-ast": "1.0", "blocks": [{"type": "thematicBreak"}]}"#.utf8)
        let document = try input.read(InputSource(bytes: bytes, path: "x.json"), options: try options(for: input), context: &context)
        #expect(document.blocks == [Block(.thematicBreak)])
        #expect(context.diagnostics.map(\.code) == ["bom"])
    }

    @Test func theJSONInputLocatesErrorsInTheFile() throws {
        let input = JSONInput()
        var context = PluginContext(inputName: "x.json")
        // Offsets and columns count the byte-order mark's bytes as the file has them.
        let bad: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"warraq-ast\": \"1.0\",\n  \"blocks\": [{\"type\": \"paragraph\", \"content\": 3}]}".utf8)
        do {
            _ = try input.read(InputSource(bytes: bad, path: "x.json"), options: try options(for: input), context: &context)
            Issue.record("accepted a bad document")
        } catch let error as Diagnostic {
            #expect(error.rendered.hasPrefix("x.json:2:47: error: blocks[0].content: expected an array, found a number"), "\(error.rendered)")
        }
        let notUTF8: [UInt8] = Array(#"{"warraq-ast": "1.0", "metadata": {"title": ""#.utf8) + [0xE9] + Array(#""}, "blocks": []}"#.utf8)
        do {
            _ = try input.read(InputSource(bytes: notUTF8, path: "y.json"), options: try options(for: input), context: &context)
            Issue.record("accepted invalid UTF-8")
        } catch let error as Diagnostic {
            #expect(error.message.contains("invalid UTF-8 at byte offset 45"))
        }
    }
}
