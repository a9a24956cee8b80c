import Foundation
import Testing
import TestSupport

/// Validates every golden TEI file against TEI P5's `tei_all` schema with jing, and parses
/// them with xmllint.
///
/// The schema is not part of warraq: it is looked for at `../shared/schemas/tei_all.rng`
/// beside the package. jing takes a few seconds to start, so every file goes to one run.
/// Without jing or the schema (or xmllint) the test is skipped; well-formedness is also
/// checked in process by `TEIOutputTests`, which needs no outside tool.
struct TEISchemaTests {
    static let schema = TestDocuments.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/schemas/tei_all.rng")

    static let jing = executable("jing")
    static let xmllint = executable("xmllint")

    static var jingAndSchemaAvailable: Bool {
        jing != nil && FileManager.default.fileExists(atPath: schema.path)
    }

    @Test(.enabled(if: TEISchemaTests.jingAndSchemaAvailable, "jing and ../shared/schemas/tei_all.rng are needed to validate TEI"))
    func everyGoldenFileIsValidTEI() throws {
        let (directory, files) = try Self.writeCases()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, errors) = try Self.run(try #require(Self.jing), [Self.schema.path] + files, in: directory)
        #expect(status == 0 && errors.isEmpty, "jing found the TEI invalid:\n\(errors.joined(separator: "\n"))")
    }

    @Test(.enabled(if: TEISchemaTests.xmllint != nil, "xmllint (libxml2-utils) is needed for this check"))
    func xmllintParsesEveryGoldenFile() throws {
        let (directory, files) = try Self.writeCases()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, errors) = try Self.run(try #require(Self.xmllint), ["--noout", "--nonet"] + files, in: directory)
        #expect(status == 0 && errors.isEmpty, "xmllint found the XML not well-formed:\n\(errors.joined(separator: "\n"))")
    }

    /// The path of an executable on the PATH.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Every case written into a new temporary folder.
    static func writeCases() throws -> (directory: URL, files: [String]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-tei-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var files: [String] = []
        for teiCase in try TEICase.all() {
            let url = directory.appendingPathComponent(teiCase.name + ".tei.xml")
            try Data(try teiCase.write().bytes).write(to: url)
            files.append(url.path)
        }
        return (directory, files)
    }

    /// Runs a tool; returns its exit status and the lines it printed (on either stream), with
    /// the folder's path taken out of them.
    static func run(_ tool: String, _ arguments: [String], in directory: URL) throws -> (status: Int32, lines: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Debian's wrapper script for jing notes optional jars it does not find; those lines are not
        // about the files.
        let errors = String(decoding: output, as: UTF8.self).split(separator: "\n")
            .filter { !$0.hasPrefix("[warning]") }
            .map { $0.replacingOccurrences(of: directory.path + "/", with: "") }
        return (process.terminationStatus, errors)
    }
}
