import Foundation
import Testing

/// The benchmark driver is not a test, but it should at least start: `Benchmarks/run --smoke`
/// on a tiny corpus, warraq only (the built binary, no release build, no comparison tools).
@Suite("Benchmark driver")
struct BenchmarkSmokeTests {
    static let script = CLI.packageRoot.appendingPathComponent("Benchmarks/run").path

    @Test(.enabled(if: ExternalPluginCommandLineTests.hasPython, "python3 is needed to run Benchmarks/run"))
    func startsAndPrintsEveryKindOfFigure() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, "--smoke", "--warraq", CLI.binary.path, "--work", work.path]
        let output = work.appendingPathComponent("stdout.txt")
        #expect(FileManager.default.createFile(atPath: output.path, contents: nil))
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = process.standardOutput
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(text)")
        for line in [
            "Plain text: 20 articles", "text -> json (pretty, the default), --jobs 1", "text -> tei", "text -> jsonl (one output file)",
            "HTML, generated Arabic pages: 3 pages", "warraq html -> tei, normalize + tag-entities", "warraq --version",
            "warraq convert SAMPLE",
        ] {
            #expect(text.contains(line), "no '\(line)' in:\n\(text)")
        }
        #expect(text.contains("docs/s") && text.contains("MB/s") && text.contains("MB peak"))
    }
}
