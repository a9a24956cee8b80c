import DocumentModel
import Foundation
import Testing
import TestSupport
import WarraqKit

@testable import EntityTaggingPlugin

/// The whole tagged document, as AST JSON, for the sample article and for a generated text,
/// against golden files: restructuring the tagger for speed must not change what it finds.
/// After an intended change of the output, `WARRAQ_UPDATE_GOLDEN=1 swift test` rewrites them;
/// read the diff before committing it.
@Suite("tag-entities golden output")
struct GoldenTaggingTests {
    /// A text of paragraphs drawn from the sample article's words, the shipped gazetteers' names,
    /// proclitics, numbers, dates and punctuation, in a fixed pseudo-random order: names at
    /// paragraph edges, after proclitics, cut by punctuation, repeated for the document-level pass.
    static func generatedDocument() throws -> Document {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % 1_000_003)
        }
        let sample = String(decoding: try Data(contentsOf: URL(fileURLWithPath: TestDocuments.samplePath)), as: UTF8.self)
        let sampleWords = sample.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        var names: [String] = []
        let folder = TestDocuments.packageRoot.appendingPathComponent("config/gazetteers/ar")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".tsv") {
            let text = String(decoding: try Data(contentsOf: folder.appendingPathComponent(file)), as: UTF8.self)
            // The first 250 names of each file, so that names added at the end of a file leave
            // the generated text as it is.
            for line in text.split(separator: "\n").filter({ !$0.hasPrefix("#") }).prefix(250) {
                if let name = line.split(separator: "\t").first { names.append(String(name).replacingOccurrences(of: "(ال)", with: "ال")) }
            }
        }
        let clitics = ["", "", "", "و", "ب", "ل", "وب", "ال", "وال", "فال"]
        let others = [
            "،", ".", "؟", "(", ")", "«", "»", "12", "٢٠١٦", "3,500", "40%", "في المئة", "عام 2016", "29/4/2016", "10:30", "مساء",
            "يوم الأحد", "الخميس الماضي", "شباط/فبراير", "1 رمضان 1437 هـ", "خمسة ملايين", "دولار", "ليرة سورية",
        ]
        var blocks: [Block] = []
        for _ in 0..<250 {
            var words: [String] = []
            for _ in 0..<(4 + next() % 30) {
                switch next() % 10 {
                case 0, 1, 2: words.append(clitics[next() % clitics.count] + names[next() % names.count])
                case 3: words.append(others[next() % others.count])
                default: words.append(sampleWords[next() % sampleWords.count])
                }
            }
            blocks.append(next() % 15 == 0 ? .heading(2, words.joined(separator: " ")) : .paragraph(words.joined(separator: " ")))
        }
        return Document(metadata: Metadata(published: "2016-04-30", language: "ar"), blocks: blocks)
    }

    @Test func theSampleArticleAsBefore() throws {
        let tagged = try Tagging.tag(try TestDocuments.sampleArticle())
        if let problem = Golden.mismatch(try ASTJSON.encode(tagged, pretty: true), "entities/aleppo-ceasefire.tagged.json") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func aGeneratedTextAsBefore() throws {
        let tagged = try Tagging.tag(try Self.generatedDocument())
        #expect(tagged.entities.count > 800)
        if let problem = Golden.mismatch(try ASTJSON.encode(tagged, pretty: true), "entities/generated.tagged.json") {
            Issue.record(Comment(rawValue: problem))
        }
    }
}
