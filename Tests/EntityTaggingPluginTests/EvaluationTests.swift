import DocumentModel
import EntityEvaluation
import Foundation
import Testing
import TestSupport
import WarraqKit

@testable import EntityTaggingPlugin

@Suite("Entity evaluation")
struct EvaluationTests {
    func read(_ text: String, mapping: TagMapping = .standard) throws(Diagnostic) -> GoldCorpus {
        var corpus = GoldCorpus()
        try GoldCorpus.read("gold.txt", bytes: Array(text.utf8), mapping: mapping, into: &corpus)
        return corpus
    }

    @Test func chunksAsConllevalReadsThem() {
        let m = TagMapping.standard
        #expect(Chunks.from(["B-PER", "I-PER", "O", "B-LOC"], mapping: m) == [Chunk(start: 0, end: 2, kind: .person), Chunk(start: 3, end: 4, kind: .place)])
        // An I- after O, or after another type, starts a chunk.
        #expect(Chunks.from(["O", "I-ORG", "I-ORG", "I-PER"], mapping: m) == [Chunk(start: 1, end: 3, kind: .organization), Chunk(start: 3, end: 4, kind: .person)])
        #expect(Chunks.from(["B-PER", "B-PER"], mapping: m).count == 2)
        // Ignored types are no chunks.
        #expect(Chunks.from(["B-MISC", "I-MISC", "B-Group"], mapping: m).isEmpty)
        #expect(Chunks.from(["B-Politician", "I-Politician", "B-Nation", "B-Media"], mapping: m).map(\.kind) == [.person, .place, .organization])
    }

    @Test func scoresCountExactMatchesOnly() {
        var score = EntityScore()
        let gold = [Chunk(start: 0, end: 2, kind: .person), Chunk(start: 3, end: 4, kind: .place)]
        let predicted = [Chunk(start: 0, end: 1, kind: .person), Chunk(start: 3, end: 4, kind: .place), Chunk(start: 5, end: 6, kind: .place)]
        let (missed, falseAlarms) = score.add(gold: gold, predicted: predicted)
        #expect(missed == [Chunk(start: 0, end: 2, kind: .person)])
        #expect(falseAlarms.count == 2)
        #expect(score.byKind[.place]?.precision == 0.5)
        #expect(score.byKind[.place]?.recall == 1)
        #expect(score.overall.correct == 1 && score.overall.predicted == 3 && score.overall.gold == 2)
        #expect(abs(score.overall.f1 - 0.4) < 1e-9)
    }

    @Test func readsSentencesDocumentsAndBothSeparators() throws {
        let corpus = try read("\u{FEFF}-DOCSTART- O\n\n\u{200E}جون B-PER\r\nكيري\tI-PER\nقال O\n\nفي O\nحلب B-LOC\n-DOCSTART- -X- O O\nx NN B-NP O\n")
        #expect(corpus.documents.count == 2)
        #expect(corpus.documents[0].count == 2)
        #expect(corpus.documents[0][0].tokens.map(\.text) == ["جون", "كيري", "قال"])
        #expect(corpus.documents[0][1].tokens[1].line == 8)
        #expect(corpus.documents[1][0].tokens[0].tag == "O")
    }

    @Test(arguments: [
        ("جون B-PER\nكيري\n", 2, 5, "expected a token and a tag"),
        ("جون B-PER\nكيري X-PER\n", 2, 6, "bad tag"),
        ("جون B-PER\nكيري I-Alien\n", 2, 8, "unknown entity type 'Alien'"),
        ("جون B-\n", 1, 5, "bad tag"),
    ])
    func badGoldFilesNameLineAndColumn(_ text: String, _ line: Int, _ column: Int, _ message: String) throws {
        do {
            _ = try read(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.location?.line == line)
            #expect(error.location?.column == column)
            #expect(error.rendered.hasPrefix("gold.txt:\(line):\(column): error:"))
        }
    }

    @Test func tagMapOverrides() throws {
        var mapping = TagMapping.standard
        mapping.set("Group", to: "person")
        mapping.set("PER", to: "ignore")
        #expect(Chunks.from(["B-Group", "B-PER"], mapping: mapping) == [Chunk(start: 0, end: 1, kind: .person)])
    }

    @Test func evaluatesTheTransformAgainstGold() throws {
        let gold = """
            قال B-X
            وزير O
            الخارجية O
            جون B-PER
            كيري I-PER
            في O
            حلب B-LOC
            ان O
            الامم B-ORG
            المتحدة I-ORG
            و O
            كيري B-PER

            """
        var mapping = TagMapping.standard
        mapping.set("X", to: "ignore")
        let corpus = try read(gold, mapping: mapping)
        let transform = TagEntitiesTransform()
        let options = try OptionValues.check([], against: transform.options, plugin: transform.name)
        let evaluator = EntityEvaluator(transforms: [Configured(transform, options: options)], mapping: mapping)
        let result = try evaluator.evaluate(corpus)
        #expect(result.score.overall.gold == 4)
        #expect(result.score.overall.correct == 4, "\(result.errors.map { "\($0.side) \($0.kind) \($0.text)" })")
        #expect(result.score.overall.predicted == 4)
        #expect(result.sentences == 1 && result.tokens == 12)
    }

    /// NewsFANE Gold, the development set: a regression guard on the figures README gives.
    @Test func developmentSetFigures() throws {
        let path = TestDocuments.packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/datasets/newsfane-gold/NewsFANE_Gold_2014_170K.txt").path
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipped: ../shared/datasets/newsfane-gold is not there; the development-set figures were not checked")
            return
        }
        var corpus = GoldCorpus()
        try GoldCorpus.read(path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), mapping: .standard, into: &corpus)
        let transform = TagEntitiesTransform()
        let options = try OptionValues.check([], against: transform.options, plugin: transform.name)
        let result = try EntityEvaluator(transforms: [Configured(transform, options: options)], mapping: .standard).evaluate(corpus)
        #expect(result.tokens == 168_080)
        #expect(result.score.overall.f1 >= 0.70, "micro F1 \(result.score.overall.f1)")
        #expect(result.score.byKind[.place]!.f1 >= 0.80)
    }
}
