import DocumentModel
import Testing
import WarraqKit
import WordStatsPlugin

@Suite struct WordStatsTests {
    let document = Document(
        metadata: Metadata(title: "عنوان الخبر"),
        blocks: [
            Block(.heading(level: 1, content: [Inline(.text("عنوان الخبر"))])),
            Block(.paragraph([Inline(.text("في حلب")), Inline(.emphasis([Inline(.text("اليوم"))]))])),
        ])

    func counted(_ raw: [RawOption] = []) throws -> (Document, PluginContext) {
        let transform = WordStatsTransform()
        var context = PluginContext(inputName: "story.txt")
        let options = try OptionValues.check(raw, against: transform.options, plugin: transform.name)
        return (try transform.apply(to: document, options: options, context: &context), context)
    }

    @Test func countsEveryWord() throws {
        let (result, context) = try counted()
        #expect(result.metadata.extra == [KeyValue("word-count", "5")])
        #expect(context.diagnostics.isEmpty)
    }

    @Test func leavesOutShortWords() throws {
        #expect(try counted([RawOption(name: "min-length", value: "3")]).0.metadata.extra == [KeyValue("word-count", "4")])
    }

    @Test func badOptionsAreRefusedBeforeAnyDocument() {
        #expect(throws: Diagnostic.self) {
            try OptionValues.check([RawOption(name: "min-length", value: "0")], against: WordStatsTransform().options, plugin: "word-stats")
        }
    }

    @Test func writesATitleAndACount() throws {
        let output = WordStatsOutput()
        var context = PluginContext(inputName: "story.txt")
        let options = try OptionValues.check([RawOption(name: "header", value: "true")], against: output.options, plugin: output.name)
        let bytes = try output.write(try counted().0, options: options, context: &context)
        #expect(String(decoding: bytes, as: UTF8.self) == "title\twords\nعنوان الخبر\t5\n")
        #expect(throws: Diagnostic.self) { try output.write(document, options: options, context: &context) }
    }

    @Test func theDocumentSurvivesTheASTJSON() throws {
        let result = try counted().0
        #expect(try ASTJSON.decode(try ASTJSON.encode(result)) == result)
    }
}
