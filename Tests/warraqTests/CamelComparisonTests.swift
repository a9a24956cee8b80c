import Foundation
import Testing

/// The `normalize` transform against CAMeL Tools, the Arabic NLP reference, through
/// `Tests/Scripts/camel_compare.py`: the sample article, the first 20,000 tokens of NewsFANE
/// Gold (when `../shared/datasets` is there) and 2,000 generated lines must agree line for
/// line except for the differences README documents. Skipped without python3 and
/// camel_tools (`pip install --no-deps camel-tools==1.6.0 emoji six`).
@Suite("CAMeL Tools comparison")
struct CamelComparisonTests {
    static let script = CLI.packageRoot.appendingPathComponent("Tests/Scripts/camel_compare.py").path
    static let newsfane = CLI.packageRoot
        .appendingPathComponent("../shared/datasets/newsfane-gold/NewsFANE_Gold_2014_170K.txt").standardized.path

    static let camelToolsAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import camel_tools.utils.normalize, camel_tools.utils.dediac"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }()

    @Test(.enabled(if: camelToolsAvailable, "python3 with camel_tools is needed: pip install --no-deps camel-tools==1.6.0 emoji six"))
    func normalizationAgreesWithCamelTools() throws {
        var files = [CLI.sample]
        if FileManager.default.fileExists(atPath: Self.newsfane) { files.append(Self.newsfane) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, "--max-lines", "20000", "--generated", "2000", CLI.binary.path] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("generated: 2000 lines"), "\(text)")
    }
}
