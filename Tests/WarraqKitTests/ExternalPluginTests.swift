import DocumentModel
import Foundation
import Testing
import TestSupport
import WarraqKit

/// External plugins run as processes: what they get, what they give back, and every way they
/// can fail. Plugins here are `sh` scripts, which every system that runs warraq has.
@Suite("External plugins")
struct ExternalPluginTests {
    static let document = Document(
        metadata: Metadata(title: "عنوان", language: "ar"),
        blocks: [.paragraph("فقرة أولى من النص"), .paragraph("CRASH? no: a second paragraph")])

    /// A transform that runs `script` with `sh -c`.
    static func shell(
        _ script: String, name: String = "test-plugin", timeout: Double = 10, outputLimit: Int = 1 << 20,
        mode: ExternalPluginDeclaration.Mode = .document, options: [OptionSpec] = []
    ) -> ExternalTransform {
        ExternalTransform(ExternalPluginDeclaration(
            name: name, kind: .transform, command: ["sh", "-c", script], options: options, timeout: timeout,
            outputLimit: outputLimit, mode: mode))
    }

    static func apply(_ plugin: ExternalTransform, to document: Document = document, raw: [RawOption] = [], name: String = "story.txt") throws -> (Document, PluginContext) {
        var context = PluginContext(inputName: name)
        let options = try OptionValues.check(raw, against: plugin.options, plugin: plugin.name)
        let result = try plugin.apply(to: document, options: options, context: &context)
        return (result, context)
    }

    /// The diagnostic a failing plugin throws.
    static func failure(_ plugin: ExternalTransform, name: String = "story.txt") -> Diagnostic? {
        do {
            _ = try apply(plugin, name: name)
            return nil
        } catch let diagnostic as Diagnostic {
            return diagnostic
        } catch {
            Issue.record("not a Diagnostic: \(error)")
            return nil
        }
    }

    @Test func aTransformGetsTheDocumentAndGivesOneBack() throws {
        // `cat` gives back what it got: the document survives the trip unchanged.
        let (same, context) = try Self.apply(Self.shell("cat"))
        #expect(same == Self.document)
        #expect(context.diagnostics.isEmpty)
        // A change made outside is read back.
        let (changed, _) = try Self.apply(Self.shell(#"sed 's/"title":"عنوان"/"title":"غيره"/'"#))
        #expect(changed.metadata.title == "غيره")
    }

    @Test func optionsAndContextComeInTheEnvironment() throws {
        let plugin = Self.shell(
            #"printf '%s' "$WARRAQ_PLUGIN" >&2; cat"#,
            options: [OptionSpec("min-words", .integer(nil), default: .integer(5), help: ""), OptionSpec("strict", .bool, help: "")])
        let (_, context) = try Self.apply(plugin, raw: [RawOption(name: "strict", value: "yes")])
        let message = try #require(context.diagnostics.first?.message)
        let json = try #require(message.split(separator: ": ", maxSplits: 1).last.map(String.init))
        let value = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(value["api"] as? Int == ExternalPluginDeclaration.apiVersion)
        #expect(value["ast"] as? String == ASTJSON.version)
        #expect(value["plugin"] as? String == "test-plugin")
        #expect(value["kind"] as? String == "transform")
        #expect(value["mode"] as? String == "document")
        #expect(value["input-name"] as? String == "story.txt")
        let options = try #require(value["options"] as? [String: Any])
        #expect(options["min-words"] as? Int == 5)
        #expect(options["strict"] as? Bool == true)
    }

    @Test func standardErrorBecomesWarningsNamingThePlugin() throws {
        let (_, context) = try Self.apply(Self.shell("echo 'first line' >&2; echo >&2; echo 'second line' >&2; cat"))
        #expect(context.diagnostics.map(\.severity) == [.warning, .warning])
        #expect(context.diagnostics.map(\.message) == ["'test-plugin': first line", "'test-plugin': second line"])
        #expect(context.diagnostics.allSatisfy { $0.location?.path == "story.txt" })
    }

    @Test func aNonZeroExitIsAnErrorWithItsStandardError() throws {
        let d = try #require(Self.failure(Self.shell("cat >/dev/null; echo 'model not found' >&2; exit 3")))
        #expect(d.code == "external-plugin-failed")
        #expect(d.message == "external plugin 'test-plugin' failed: it exited with status 3")
        #expect(d.location?.path == "story.txt")
        #expect(d.notes.joined().contains("model not found"))
    }

    @Test func aCrashNamesTheSignal() throws {
        let d = try #require(Self.failure(Self.shell("kill -SEGV $$")))
        #expect(d.message == "external plugin 'test-plugin' crashed: it was killed by signal 11 (SIGSEGV)")
    }

    @Test func garbageAndAnotherMajorVersionAreClearErrors() throws {
        let garbage = try #require(Self.failure(Self.shell("cat >/dev/null; echo 'Traceback (most recent call last):'")))
        #expect(garbage.message.hasPrefix("external plugin 'test-plugin' printed invalid AST JSON: 1:1:"), "\(garbage.message)")
        #expect(garbage.notes.contains { $0.contains("Traceback") })
        let nothing = try #require(Self.failure(Self.shell("cat >/dev/null")))
        #expect(nothing.message == "external plugin 'test-plugin' printed no AST JSON on standard output")
        let future = try #require(Self.failure(Self.shell(#"cat >/dev/null; echo '{"warraq-ast": "2.0", "blocks": []}'"#)))
        #expect(future.message.contains("AST JSON version 2.0 is not supported"), "\(future.message)")
        // A later minor version of the same major is read, its unknown fields ignored.
        let (newer, _) = try Self.apply(Self.shell(#"cat >/dev/null; echo '{"warraq-ast": "1.9", "blocks": [], "later": {"x": 1}}'"#))
        #expect(newer == Document())
    }

    @Test func aPluginThatHangsIsKilledWithItsWholeProcessGroup() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-hang-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("child.pid").path
        // The plugin starts a child of its own, which must die with it.
        let plugin = Self.shell("sleep 300 & echo $! > '\(pidFile)'; wait", timeout: 3)
        let start = Date()
        let d = try #require(Self.failure(plugin))
        #expect(Date().timeIntervalSince(start) < 15)
        #expect(d.message == "external plugin 'test-plugin' did not finish within 3 s (its timeout): its process group was killed")
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // Killed; the orphan is reaped by init soon after.
        var gone = false
        for _ in 0..<100 where !gone {
            gone = kill(pid, 0) != 0 || (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") == true
            if !gone { usleep(20_000) }
        }
        #expect(gone, "the plugin's child \(pid) is still running")
    }

    @Test func outputPastTheLimitStopsThePlugin() throws {
        let d = try #require(Self.failure(Self.shell("yes", outputLimit: 64 << 10)))
        #expect(d.message == "external plugin 'test-plugin' wrote more than 64 KB on standard output (its output-limit): its process group was killed")
    }

    @Test func aProgramThatCannotStartSaysSo() throws {
        let plugin = ExternalTransform(ExternalPluginDeclaration(name: "missing", kind: .transform, command: ["warraq-no-such-program-x"]))
        let d = try #require(Self.failure(plugin))
        #expect(d.message.hasPrefix("external plugin 'missing' could not start: cannot run 'warraq-no-such-program-x'"), "\(d.message)")
        #expect(d.notes.contains { $0.contains("PATH") })
    }

    @Test func aPluginThatReadsNothingDoesNotBlockOnALargeDocument() throws {
        // 4 MB of text: more than a pipe holds; the plugin never reads it and answers at once.
        let big = Document(blocks: [.paragraph(String(repeating: "كلمة ", count: 400_000))])
        let plugin = Self.shell(#"echo '{"warraq-ast": "1.0", "blocks": []}'"#)
        let (result, _) = try Self.apply(plugin, to: big)
        #expect(result.blocks.isEmpty)
        // And one that writes a lot while it reads a lot does not deadlock either.
        let (echoed, _) = try Self.apply(Self.shell("cat", outputLimit: 16 << 20), to: big)
        #expect(echoed == big)
    }

    @Test func streamModeKeepsOneProcessForManyDocuments() throws {
        // Each answer carries the process id; one process answers every document.
        let script = #"while IFS= read -r line; do echo "pid $$" >&2; printf '%s\n' "$line"; done"#
        let plugin = Self.shell(script, mode: .stream)
        var pids: Set<String> = []
        for i in 0..<20 {
            var document = Self.document
            document.metadata.title = "document \(i)"
            let (result, context) = try Self.apply(plugin, to: document)
            #expect(result == document)
            pids.formUnion(context.diagnostics.map(\.message))
        }
        #expect(pids.count == 1, "\(pids)")
        ExternalProcesses.shutDown()
    }

    @Test func aStreamProcessThatDiesFailsOneDocumentAndTheNextGetsAFreshOne() throws {
        // The process answers one line, then exits 4 on the second.
        let script = #"IFS= read -r line; printf '%s\n' "$line"; IFS= read -r line; echo 'out of memory' >&2; exit 4"#
        let plugin = Self.shell(script, mode: .stream)
        #expect(try Self.apply(plugin).0 == Self.document)
        let d = try #require(Self.failure(plugin, name: "second.txt"))
        #expect(d.message == "external plugin 'test-plugin' failed: it exited with status 4")
        #expect(d.location?.path == "second.txt")
        #expect(d.notes.joined().contains("out of memory"))
        #expect(try Self.apply(plugin).0 == Self.document)
        // One that hangs on a document is killed, and the next document starts another.
        let hanging = Self.shell(#"IFS= read -r line; printf '%s\n' "$line"; sleep 300"#, timeout: 3, mode: .stream)
        #expect(try Self.apply(hanging).0 == Self.document)
        let timeout = try #require(Self.failure(hanging))
        #expect(timeout.message.contains("did not finish within 3 s"))
        #expect(timeout.notes.contains { $0.contains("end each answer with a newline") })
        #expect(try Self.apply(hanging).0 == Self.document)
        ExternalProcesses.shutDown()
    }

    @Test func aStreamProcessThatPrintsGarbageIsNotAskedAgain() throws {
        // On a document titled GARBAGE it prints a stray line before its answer; a process
        // kept after that would hand the next document this one's answer.
        let script = #"while IFS= read -r line; do case "$line" in *GARBAGE*) echo 'debug: here';; esac; printf '%s\n' "$line"; done"#
        let plugin = Self.shell(script, mode: .stream)
        var bad = Self.document
        bad.metadata.title = "GARBAGE"
        var context = PluginContext(inputName: "bad.txt")
        #expect(throws: Diagnostic.self) { try plugin.apply(to: bad, options: OptionValues(), context: &context) }
        var good = Self.document
        good.metadata.title = "good"
        #expect(try Self.apply(plugin, to: good).0 == good)
        ExternalProcesses.shutDown()
    }

    @Test func externalInputsGetBytesAndThePathAndOutputsGiveBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-ext-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The input echoes the last argument (the path) as the title, and the byte count.
        let input = ExternalInput(ExternalPluginDeclaration(
            name: "pathy", kind: .input,
            command: ["sh", "-c", #"n=$(wc -c | tr -d ' '); printf '{"warraq-ast": "1.0", "metadata": {"title": "%s", "description": "%s"}, "blocks": []}' "$1" "$n""#, "pathy"],
            directory: folder.path, fileExtensions: ["raw"]))
        var context = PluginContext(inputName: "/data/a.raw")
        let document = try input.read(
            InputSource(bytes: Array("12345".utf8), path: "/data/a.raw"),
            options: try OptionValues.check([], against: [], plugin: "pathy"), context: &context)
        #expect(document.metadata.title == "/data/a.raw")
        #expect(document.metadata.description == "5")
        #expect(input.fileExtensions == ["raw"])

        let output = ExternalOutput(ExternalPluginDeclaration(
            name: "shout", kind: .output, command: ["sh", "-c", "tr a-z A-Z"], fileExtension: "up"))
        var outContext = PluginContext(inputName: "a.txt")
        let bytes = try output.write(Document(metadata: Metadata(title: "abc")), options: OptionValues(), context: &outContext)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"WARRAQ-AST":"1.0","METADATA":{"TITLE":"ABC"}"#))
        #expect(output.fileExtension == "up")
    }
}
