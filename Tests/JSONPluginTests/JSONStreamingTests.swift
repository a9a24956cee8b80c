import DocumentModel
import Foundation
import JSONPlugin
import PlainTextPlugin
import Testing
import TestSupport
import WarraqKit

/// A transform that ends the document with what the AST JSON cannot hold, after enough text
/// that the `json` output has streamed chunks of it into the file before it finds out.
struct AppendsABadHeading: Transform {
    let name = "appends-a-bad-heading"
    let summary = "for a test"
    let options: [OptionSpec] = []

    func apply(to document: Document, options: OptionValues, context: inout PluginContext) throws -> Document {
        var document = document
        let text = String(repeating: "نص طويل ", count: 10_000)
        document.blocks += (0..<20).map { _ in Block.paragraph(text) }
        document.blocks.append(Block(.heading(level: 9, content: [.text("?")])))
        return document
    }
}

@Suite("JSON output, streamed into files")
struct JSONStreamingTests {
    @Test func streamingWritesTheBytesOfWrite() throws {
        let json = JSONOutput(), jsonl = JSONLinesOutput()
        var generator = DocumentGenerator(rng: SplitMix64(seed: 7))
        let documents = [TestDocuments.everyKindDocument(), try TestDocuments.sampleArticle()] + (0..<40).map { _ in generator.document() }
        for document in documents {
            for raw in [[:], ["pretty": "false"], ["layout": "standoff"], ["layout": "standoff", "pretty": "false"]] {
                var context = PluginContext(inputName: "test")
                let values = try options(for: json, raw)
                let buffer = ByteBuffer()
                try json.write(document, options: values, context: &context, to: buffer)
                #expect(buffer.bytes == (try json.write(document, options: values, context: &context)))
            }
            // A plugin that implements only `write` is streamed through the default.
            var context = PluginContext(inputName: "test")
            let buffer = ByteBuffer()
            try jsonl.write(document, options: try options(for: jsonl), context: &context, to: buffer)
            #expect(buffer.bytes == (try jsonl.write(document, options: try options(for: jsonl), context: &context)))
        }
    }

    @Test func aWriterThatFailsAfterStreamingLeavesNoFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-streaming-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/in.txt", output = directory + "/out/in.json"
        try Data("سطر\n".utf8).write(to: URL(fileURLWithPath: input))
        let text: any InputPlugin = PlainTextInput(), json: any OutputPlugin = JSONOutput(), bad: any Transform = AppendsABadHeading()
        let conversion = Conversion(
            input: Configured(text, options: try options(for: text)), transforms: [Configured(bad, options: try options(for: bad))],
            output: Configured(json, options: try options(for: json)))
        let outcome = conversion.convert(BatchItem(input: input, relativePath: "in.txt", output: output), asRecord: false, skipExisting: false, flush: false)
        #expect(outcome.status == .failed)
        #expect(outcome.diagnostics.last?.message.contains("heading level") == true)
        #expect(outcome.diagnostics.last?.location?.path == input)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/out").isEmpty)
    }

    /// A pipe (or `/dev/stdout`) is written into directly, with no temporary file to drop: a
    /// writer that fails after streaming megabytes must leave nothing in it.
    @Test func aWriterThatFailsLeavesNothingInAPipe() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-pipe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/in.txt", pipe = directory + "/out.json"
        try Data("سطر\n".utf8).write(to: URL(fileURLWithPath: input))
        #expect(mkfifo(pipe, 0o600) == 0)
        final class Received: @unchecked Sendable { var bytes = 0 }
        let received = Received(), done = DispatchSemaphore(value: 0)
        // The reading end, as a shell pipeline would hold it: everything the writer sends, to the end.
        Thread {
            let fd = open(pipe, O_RDONLY)
            if fd >= 0 {
                var chunk = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = read(fd, &chunk, chunk.count)
                    if n <= 0 { break }
                    received.bytes += n
                }
                close(fd)
            }
            done.signal()
        }.start()
        let text: any InputPlugin = PlainTextInput(), json: any OutputPlugin = JSONOutput(), bad: any Transform = AppendsABadHeading()
        let conversion = Conversion(
            input: Configured(text, options: try options(for: text)), transforms: [Configured(bad, options: try options(for: bad))],
            output: Configured(json, options: try options(for: json)))
        let outcome = conversion.convert(BatchItem(input: input, relativePath: "in.txt", output: pipe), asRecord: false, skipExisting: false, flush: false)
        // Should the pipe not have been opened, release the reader.
        let release = open(pipe, O_WRONLY | O_NONBLOCK)
        if release >= 0 { close(release) }
        done.wait()
        #expect(outcome.status == .failed)
        #expect(outcome.diagnostics.last?.message.contains("heading level") == true)
        #expect(received.bytes == 0)
    }

    /// `keep` is handed the input and the document that were written, whether to a file or as
    /// bytes, and nothing when the conversion failed.
    @Test func keepIsGivenTheInputAndDocumentWritten() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-keep-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/in.txt"
        let bytes = Array("عنوان قصير\n\nفقرة أولى من النص.\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let text: any InputPlugin = PlainTextInput(), json: any OutputPlugin = JSONOutput()
        let conversion = Conversion(input: Configured(text, options: try options(for: text)), output: Configured(json, options: try options(for: json)))
        var context = PluginContext(inputName: input)
        let expected = try conversion.document(from: InputSource(bytes: bytes, path: input), context: &context)
        final class Kept: @unchecked Sendable { var values: [(InputSource, Document)] = [] }
        for output in [directory + "/out.json", nil] {
            let kept = Kept()
            let outcome = conversion.convert(
                BatchItem(input: input, relativePath: "in.txt", output: output), asRecord: false, skipExisting: false, flush: false,
                keep: { kept.values.append(($0, $1)) })
            #expect(outcome.status == .converted)
            #expect(kept.values.count == 1)
            #expect(kept.values.first?.0.bytes == bytes)
            #expect(kept.values.first?.1 == expected)
        }
        let kept = Kept()
        let outcome = conversion.convert(
            BatchItem(input: directory + "/missing.txt", relativePath: "missing.txt", output: directory + "/m.json"), asRecord: false,
            skipExisting: false, flush: false, keep: { kept.values.append(($0, $1)) })
        #expect(outcome.status == .failed)
        #expect(kept.values.isEmpty)
    }
}
