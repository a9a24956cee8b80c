import Foundation
import TestSupport
import Testing

/// The comparison with trafilatura on Readability's test pages, run by
/// `Tests/Scripts/html_extraction_compare.py` over the HTMLBenchmark built beside this test
/// bundle. Opt-in (it takes a minute or two in a debug build): set `WARRAQ_HTML_COMPARE=1`;
/// it needs python3 with trafilatura (`pip install trafilatura lxml_html_clean`) and
/// `../shared/datasets/readability-test-pages`. Only the text F1 is checked here; speed is
/// the benchmark's to print, in a release build.
@Suite("HTML input: compared with trafilatura")
struct TrafilaturaComparisonTests {
    static let pages = SharedData.path("datasets/readability-test-pages/test/test-pages")
    static let requested = ProcessInfo.processInfo.environment["WARRAQ_HTML_COMPARE"] == "1"
    static let trafilatura = requested && ExternalTool.works(["python3", "-c", "import trafilatura, lxml_html_clean"])

    /// The HTMLBenchmark executable beside the test bundle.
    static let benchmark: String? = {
        let me = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var directory = me.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("HTMLBenchmark").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    @Test(.enabled(
        if: requested && trafilatura && pages != nil && benchmark != nil,
        "opt-in: WARRAQ_HTML_COMPARE=1, with python3 and trafilatura, ../shared/datasets/readability-test-pages and a built HTMLBenchmark"))
    func textF1AtLeastTrafilaturasAndAtLeast095() throws {
        let script = TestDocuments.packageRoot.appendingPathComponent("Tests/Scripts/html_extraction_compare.py").path
        let result = try #require(ExternalTool.run(["python3", script, Self.benchmark!, "--pages", Self.pages!]))
        print(result.output)
        #expect(result.status == 0, "\(result.output)")
        func f1(_ system: String) -> Double? {
            let line = result.output.split(separator: "\n").first { $0.hasPrefix(system + " ") }
            return line.flatMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(3).first }.flatMap { Double($0) }
        }
        let ours = try #require(f1("warraq"), "\(result.output)")
        let theirs = try #require(f1("trafilatura"), "\(result.output)")
        #expect(ours >= 0.95)
        #expect(ours >= theirs, "warraq \(ours), trafilatura \(theirs)")
    }
}
