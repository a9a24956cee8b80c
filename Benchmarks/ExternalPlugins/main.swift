// Prints how many documents a second an external plugin handles in each mode: a process per
// document (`mode: document`) and one process per job for the whole batch (`mode: stream`).
// Run it in a release build:
//
//     swift run -c release ExternalPluginsBenchmark [DOCUMENTS]
//
// The plugin is the shipped Python example, config/plugins/drop_short_paragraphs.py (python3
// must be on PATH); the documents (1,000 unless given) are the sample article, each with a
// paragraph of its own, run through warraq's batch runner with a job per core, as
// `warraq run` does.
import DocumentModel
import Foundation
import PlainTextPlugin
import WarraqKit

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1000 : 1000
let samplePath = packageRoot.appendingPathComponent("config/samples/aleppo-ceasefire.ar.txt").path
let input = PlainTextInput()
var readContext = PluginContext(inputName: samplePath)
let sample = try input.read(
    InputSource(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: samplePath))), path: samplePath),
    options: try OptionValues.check([], against: input.options, plugin: input.name), context: &readContext)
let documents = (0..<count).map { i in
    var document = sample
    document.blocks.append(.paragraph("نسخة رقم \(i) من المقال"))
    return document
}
let items = (0..<count).map { BatchItem(input: String($0), relativePath: "doc-\($0)") }
let jobs = ProcessInfo.processInfo.activeProcessorCount

func measure(_ mode: ExternalPluginDeclaration.Mode) async throws -> Double {
    let plugin = ExternalTransform(ExternalPluginDeclaration(
        name: "drop-short-paragraphs", kind: .transform, command: ["python3", "drop_short_paragraphs.py"],
        directory: packageRoot.appendingPathComponent("config/plugins").path,
        options: [OptionSpec("min-words", .integer(nil), default: .integer(5), help: "")], mode: mode))
    let options = try OptionValues.check([], against: plugin.options, plugin: plugin.name)
    let start = DispatchTime.now().uptimeNanoseconds
    var failed = 0
    await BatchRunner(jobs: jobs).run(
        items,
        work: { item in
            var context = PluginContext(inputName: item.relativePath)
            do {
                let result = try plugin.apply(to: documents[Int(item.input)!], options: options, context: &context)
                return BatchOutcome(status: result.blocks.isEmpty ? .failed : .converted)
            } catch {
                return BatchOutcome(status: .failed, diagnostics: [error as? Diagnostic ?? .error("failed", "\(error)")])
            }
        },
        emit: { _, outcome in
            if outcome.status == .failed {
                failed += 1
                if failed == 1 { FileHandle.standardError.write(Data((outcome.diagnostics.map(\.rendered).joined(separator: "\n") + "\n").utf8)) }
            }
        })
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    ExternalProcesses.shutDown()
    guard failed == 0 else {
        FileHandle.standardError.write(Data("\(failed) documents failed in \(mode.rawValue) mode: no figure\n".utf8))
        exit(1)
    }
    return Double(count) / seconds
}

print("\(count) documents (the sample article, \(documents[0].blocks.count) blocks each), python3 drop_short_paragraphs.py, \(jobs) jobs")
let perDocument = try await measure(.document)
print(String(format: "mode: document  %8.1f documents/s  (a process per document)", perDocument))
let stream = try await measure(.stream)
print(String(format: "mode: stream    %8.1f documents/s  (a process per job, a line per document)", stream))
print(String(format: "stream mode is %.1f× as fast", stream / perDocument))
