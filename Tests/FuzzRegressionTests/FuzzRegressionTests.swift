import Foundation
import FuzzHarness
import Testing

/// Every input a fuzz target once failed on (`Tests/Fuzz/Regressions/TARGET/`), and the seed
/// inputs the fuzzing starts from, replayed through the same checks.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    static func files(_ folder: String) -> [URL] {
        let url = root.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return names.sorted().filter { !$0.hasPrefix(".") }.map { url.appendingPathComponent($0) }
    }

    @Test("Inputs that once failed", arguments: FuzzHarness.targets.map(\.name))
    func regressions(target: String) throws {
        let run = try #require(FuzzHarness.targets.first { $0.name == target }).run
        for file in Self.files("Fuzz/Regressions/\(target)") {
            let bytes = try [UInt8](Data(contentsOf: file))
            #expect(run(bytes) == [], "\(target): \(file.lastPathComponent)")
        }
    }

    /// The fixtures the fuzzing is seeded with pass too (and every target runs in `swift test`,
    /// so that a harness that cannot build or always fails shows there, not only when fuzzing).
    @Test("Seed inputs", arguments: FuzzHarness.targets.map(\.name))
    func seeds(target: String) throws {
        let run = try #require(FuzzHarness.targets.first { $0.name == target }).run
        var seeds: [[UInt8]] = [[], Array("warraq".utf8), [0xFF, 0xFE, 0x00], Array(repeating: 0x7B, count: 300)]
        let folders = ["Fixtures/json", "Fixtures/tei", "Fixtures/csv", "Fixtures/markdown", "Fixtures/html", "../config/samples", "../config/recipes"]
        for folder in folders {
            for file in Self.files(folder) { seeds.append(try [UInt8](Data(contentsOf: file))) }
        }
        #expect(seeds.count > 10)
        for seed in seeds {
            #expect(run(seed) == [], "\(target): a seed of \(seed.count) bytes")
        }
    }
}
