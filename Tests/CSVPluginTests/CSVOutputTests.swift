import CSV
import CSVPlugin
import DocumentModel
import Foundation
import Testing
import TestSupport
import WarraqKit

/// Writes `document` with the csv output and the given options.
func csv(_ document: Document, _ raw: [String: String] = [:], name: String = "doc.txt") throws -> (String, [Diagnostic]) {
    let plugin = CSVOutput()
    let options = try OptionValues.check(raw.map { RawOption(name: $0.key, value: $0.value) }, against: plugin.options, plugin: plugin.name)
    var context = PluginContext(inputName: name)
    let bytes = try plugin.write(document, options: options, context: &context)
    return (String(decoding: bytes, as: UTF8.self), context.diagnostics)
}

/// Reads CSV back with CSV.swift: the header and the rows.
func parse(_ text: String, delimiter: UnicodeScalar = ",") throws -> (header: [String], rows: [[String]]) {
    let reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: false, delimiter: delimiter)
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    return (reader.headerRow ?? [], rows)
}

@Suite("CSV output")
struct CSVOutputTests {
    @Test func oneRowPerDocumentReadsBackWithArabicIntact() throws {
        let document = try TestDocuments.sampleArticle()
        let (text, warnings) = try csv(document, name: "config/samples/aleppo-ceasefire.ar.txt")
        #expect(warnings.isEmpty)
        #expect(text.hasSuffix("\r\n"))
        let (header, rows) = try parse(text)
        #expect(header == ["id", "source", "title", "authors", "date", "language", "publisher", "text", "persons", "places", "organizations", "dates", "times", "numbers", "percents", "money", "other_entities"])
        #expect(rows.count == 1)
        let row = Dictionary(uniqueKeysWithValues: zip(header, rows[0]))
        #expect(row["title"] == "واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا")
        #expect(row["language"] == "ar")
        #expect(row["text"] == document.blocks.map(\.plainText).joined(separator: "\n\n"))
        #expect(row["persons"] == "0")
        #expect(Golden.mismatch(Array(text.utf8), "csv/aleppo-ceasefire.ar.documents.csv") == nil)
    }

    @Test func blocksAndEntities() throws {
        let document = TestDocuments.everyKindDocument()
        let (blocksText, _) = try csv(document, ["rows": "blocks"], name: "every-kind")
        let blocks = try parse(blocksText)
        #expect(blocks.header == ["id", "block", "kind", "level", "text"])
        #expect(blocks.rows.count == document.blocks.count)
        #expect(blocks.rows[0] == ["every-kind", "0", "heading", "1", "واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا"])
        #expect(blocks.rows[1][3] == "6")

        let (entitiesText, _) = try csv(document, ["rows": "entities"], name: "every-kind")
        let entities = try parse(entitiesText)
        #expect(entities.header == ["id", "block", "start", "end", "kind", "text", "normalized", "reference"])
        // Each entity's offsets point at its text in the block's plain text, as Python counts.
        #expect(entities.rows.first == ["every-kind", "2", "4", "12", "person", "جون كيري", "John Kerry", "https://www.wikidata.org/wiki/Q22316"])
        for row in entities.rows {
            let block = document.blocks[Int(row[1])!]
            let scalars = Array(block.plainText.unicodeScalars)
            let start = Int(row[2])!, end = Int(row[3])!
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == row[5])
        }
        #expect(entities.rows.map { $0[4] } == ["person", "date", "number", "event", "place"])
        #expect(Golden.mismatch(Array(blocksText.utf8), "csv/every-kind.blocks.csv") == nil)
        #expect(Golden.mismatch(Array(entitiesText.utf8), "csv/every-kind.entities.csv") == nil)
        let (documentsText, _) = try csv(document, name: "every-kind")
        let row = try parse(documentsText).rows[0]
        #expect(Array(row[8...]) == ["1", "1", "0", "1", "0", "1", "0", "0", "1"])
        #expect(Golden.mismatch(Array(documentsText.utf8), "csv/every-kind.documents.csv") == nil)
    }

    @Test func edgeCasesQuotingNewlinesAndFormulas() throws {
        for (name, document) in TestDocuments.edgeCases() {
            let (text, _) = try csv(document, name: name)
            let (header, rows) = try parse(text)
            #expect(header.count == 17 && rows.count == 1 && rows[0].count == 17)
            #expect(rows[0][2] == (document.metadata.title ?? ""))
            #expect(Golden.mismatch(Array(text.utf8), "csv/\(name).documents.csv") == nil)
        }
        let tricky = Document(metadata: Metadata(title: "=HYPERLINK(\"x\")", authors: ["a, \"b\"", "+c"]), blocks: [.paragraph("line one\r\nline \"two\",\nthree")])
        let (guarded, warnings) = try csv(tricky)
        let row = try parse(guarded).rows[0]
        #expect(row[2] == "'=HYPERLINK(\"x\")")
        #expect(row[3] == "a, \"b\"; +c")
        #expect(row[7] == "line one\r\nline \"two\",\nthree")
        #expect(warnings.map(\.code) == ["csv-formula-guard"])
        let (plain, none) = try csv(tricky, ["formula-guard": "false", "line-ending": "lf"])
        #expect(try parse(plain).rows[0][2] == "=HYPERLINK(\"x\")")
        #expect(none.isEmpty)
        #expect(plain.hasSuffix("\n") && !plain.hasSuffix("\r\n"))
    }

    @Test func tabDelimiterAndByteOrderMark() throws {
        let (text, _) = try csv(try TestDocuments.sampleArticle(), ["delimiter": "tab", "bom": "true"])
        #expect(text.utf8.starts(with: [0xEF, 0xBB, 0xBF]))
        let (header, rows) = try parse(String(text.dropFirst()), delimiter: "\t")
        #expect(header.first == "id" && rows.count == 1)
        #expect(!text.split(separator: "\r\n").first!.contains(","))
        #expect(throws: Diagnostic.self) { try csv(Document(), ["delimiter": "::"]) }
        let (piped, _) = try csv(Document(metadata: Metadata(title: "a|b")), ["delimiter": "pipe"])
        #expect(piped.hasPrefix("id|source|title|"))
        #expect(try parse(piped, delimiter: "|").rows[0][2] == "a|b")
    }

    @Test(.enabled(if: pythonAvailable, "python3 is needed to read the CSV back with Python's csv module"))
    func pythonsCSVModuleReadsItBack() throws {
        let document = try TestDocuments.sampleArticle()
        let (text, _) = try csv(document, ["rows": "blocks", "bom": "true"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(text.utf8).write(to: file)
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
                rows = list(csv.reader(f))
            print(json.dumps({"header": rows[0], "count": len(rows) - 1, "title": rows[2][4]}, ensure_ascii=False))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let result = try JSONSerialization.jsonObject(with: output) as? [String: Any]
        #expect(result?["header"] as? [String] == ["id", "block", "kind", "level", "text"])
        #expect(result?["count"] as? Int == document.blocks.count)
        #expect(result?["title"] as? String == document.metadata.title)
    }
}

let pythonAvailable = ExternalTool.works(["python3", "-c", "import csv"])
