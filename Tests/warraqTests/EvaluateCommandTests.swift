import Foundation
import Testing

@Suite("warraq evaluate entities", .serialized)
struct EvaluateCommandTests {
    static let recipe = CLI.packageRoot.appendingPathComponent("config/recipes/arabic-news-entities-json.yaml").path

    func gold(_ text: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("gold.conll").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func printsPrecisionRecallAndF1PerKindAndMicro() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try gold("-DOCSTART- O\n\nقال O\nجون B-PERS\nكيري I-PERS\nفي O\nحلب B-LOC\n\nزار O\nالامم B-ORG\nالمتحدة I-ORG\nامس O\nو O\nكيري B-PER\nلندن B-MISC\n", in: directory)
        let result = try CLI.run(["evaluate", "entities", "--gold", path, "--recipe", Self.recipe])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "2 sentences, 12 tokens, 1 documents")
        #expect(lines.contains { $0.hasPrefix("person") && $0.hasSuffix("2/2/2") })
        #expect(lines.contains { $0.hasPrefix("place") && $0.hasSuffix("1/2/1") })  // لندن is MISC in this gold
        #expect(lines.contains { $0.hasPrefix("organization") && $0.hasSuffix("1/1/1") })
        #expect(lines.contains { $0.hasPrefix("micro") && $0.contains("  80.0 100.0  88.9") })
    }

    @Test func errorsListsMissesAndFalseAlarms() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try gold("زار O\nلندن B-MISC\nو O\nجوتشولك B-PER\n", in: directory)
        let result = try CLI.run(["evaluate", "entities", "--gold", path, "--recipe", Self.recipe, "--errors"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("gold.conll:2: false alarm place: لندن"))
        #expect(result.text.contains("gold.conll:4: missed person: جوتشولك"))
        // Mapped, لندن is a place and found.
        let mapped = try CLI.run(["evaluate", "entities", "--gold", path, "--recipe", Self.recipe, "--tag-map", "MISC=place", "--errors"])
        #expect(!mapped.text.contains("false alarm place"))
    }

    @Test func badGoldFilesAreErrorsAtLineAndColumn() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try gold("قال O\nجون B-PERS\nكيري I-Martian\n", in: directory)
        let result = try CLI.run(["evaluate", "entities", "--gold", path, "--recipe", Self.recipe])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("\(path):3:8: error: unknown entity type 'Martian'"), "\(result.stderr)")
        #expect(result.stderr.contains("--tag-map Martian=KIND"))
        let missing = try CLI.run(["evaluate", "entities", "--gold", directory.appendingPathComponent("none.conll").path, "--recipe", Self.recipe])
        #expect(missing.status == 2)
        #expect(!missing.stderr.isEmpty)
    }

    @Test func aBadGazetteerStopsTheRunWithItsLine() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("حلب\tplace\nدمشق\n".utf8).write(to: directory.appendingPathComponent("mine.tsv"))
        try Data("warraq: 1\nsteps:\n  - tag-entities: {gazetteers: mine.tsv}\noutput: json\n".utf8).write(to: directory.appendingPathComponent("r.yaml"))
        try Data("حلب\n".utf8).write(to: directory.appendingPathComponent("second.txt"))
        // The gazetteers a recipe names load when its options are checked: a bad line is an
        // error of the recipe (status 2), said once, before any of the inputs is read.
        let result = try CLI.run(["run", "r.yaml", CLI.sample, "second.txt"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("mine.tsv:2:5: error: expected a kind after the name"), "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "error:").count == 2, "\(result.stderr)")
    }
}
