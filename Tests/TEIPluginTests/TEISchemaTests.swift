import Foundation
import Testing
import TestSupport

/// Validates every golden TEI file against TEI P5's `tei_all` schema with jing.
///
/// The schema is not part of warraq: it is looked for at `../shared/schemas/tei_all.rng`
/// beside the package. jing takes a few seconds to start, so every file goes to one run.
/// Without jing or the schema the test is skipped.
struct TEISchemaTests {
    static let schema = TestDocuments.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/schemas/tei_all.rng")

    /// jing's path, if it is on the PATH.
    static let jing: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/jing" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var available: Bool {
        jing != nil && FileManager.default.fileExists(atPath: schema.path)
    }

    @Test(.enabled(if: TEISchemaTests.available, "jing and ../shared/schemas/tei_all.rng are needed to validate TEI"))
    func everyGoldenFileIsValidTEI() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-tei-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var files: [String] = []
        for teiCase in try TEICase.all() {
            let url = directory.appendingPathComponent(teiCase.name + ".tei.xml")
            try Data(try teiCase.write().bytes).write(to: url)
            files.append(url.path)
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.jing))
        process.arguments = [Self.schema.path] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Debian's wrapper script notes optional jars it does not find; those lines are not
        // about the files.
        let errors = String(decoding: output, as: UTF8.self).split(separator: "\n")
            .filter { !$0.hasPrefix("[warning]") }
            .map { $0.replacingOccurrences(of: directory.path + "/", with: "") }
        #expect(process.terminationStatus == 0 && errors.isEmpty, "jing found the TEI invalid:\n\(errors.joined(separator: "\n"))")
    }
}
