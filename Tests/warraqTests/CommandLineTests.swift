import Foundation
import Testing

/// Runs the built `warraq` binary.
struct CLI {
    struct Result {
        var status: Int32
        var exitedNormally: Bool
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary beside the test bundle (SwiftPM builds it because the tests depend on it).
    static let binary: URL = {
        let me = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var directory = me.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("warraq")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/warraq")
    }()

    static let sample = packageRoot.appendingPathComponent("config/samples/aleppo-ceasefire.ar.txt").path

    /// Runs warraq with `arguments`, feeding `stdin`, in `directory`.
    static func run(_ arguments: [String], stdin: Data = Data(), in directory: URL? = nil) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-cli-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inPath = scratch.appendingPathComponent("in"), outPath = scratch.appendingPathComponent("out"), errPath = scratch.appendingPathComponent("err")
        try stdin.write(to: inPath)
        #expect(FileManager.default.createFile(atPath: outPath.path, contents: nil))
        #expect(FileManager.default.createFile(atPath: errPath.path, contents: nil))
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let input = try FileHandle(forReadingFrom: inPath), output = try FileHandle(forWritingTo: outPath), error = try FileHandle(forWritingTo: errPath)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        try input.close(); try output.close(); try error.close()
        return Result(
            status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
            stdout: try Data(contentsOf: outPath), stderr: String(decoding: try Data(contentsOf: errPath), as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-cli-dir-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite("Command line", .serialized)
struct CommandLineTests {
    @Test func convertsTheSampleToJSON() throws {
        let result = try CLI.run(["convert", CLI.sample, "--to", "json"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let json = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        #expect(json?["warraq-ast"] as? String == "1.0")
        let metadata = json?["metadata"] as? [String: Any]
        #expect(metadata?["title"] as? String == "واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا")
        #expect(metadata?["language"] as? String == "ar")
        #expect(metadata?["direction"] as? String == "rtl")
        #expect((json?["blocks"] as? [Any])?.count == 14)
    }

    @Test func jsonReadBackReproducesTheOutputByteForByte() throws {
        let first = try CLI.run(["convert", CLI.sample, "--to", "json"])
        let second = try CLI.run(["convert", "-", "--from", "json", "--to", "json"], stdin: first.stdout)
        #expect(second.status == 0)
        #expect(second.stdout == first.stdout)
        let compact = try CLI.run(["convert", "-", "--from", "json", "--to", "json", "-O", "pretty=false"], stdin: first.stdout)
        let again = try CLI.run(["convert", "-", "--from", "json", "--to", "json"], stdin: compact.stdout)
        #expect(again.stdout == first.stdout)
    }

    @Test func invalidUTF8OnStandardInputNamesTheByteOffset() throws {
        let result = try CLI.run(["convert", "-", "--from", "text", "--to", "json"], stdin: Data([0x61, 0x62, 0x63, 0xFF, 0xFE]))
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("<stdin>:1:4: error: invalid UTF-8 at byte offset 3 (line 1)"), "\(result.stderr)")
        #expect(result.stderr.contains("    ^"))
        let replaced = try CLI.run(["convert", "-", "--from", "text", "--to", "json", "-I", "on-invalid=replace"], stdin: Data([0x61, 0xFF]))
        #expect(replaced.status == 0)
        #expect(replaced.stderr.contains("warning: invalid UTF-8 replaced"))
        let quiet = try CLI.run(["convert", "-", "--from", "text", "--to", "json", "-I", "on-invalid=replace", "--quiet"], stdin: Data([0x61, 0xFF]))
        #expect(quiet.stderr.isEmpty)
    }

    @Test func aHundredThousandLevelDocumentIsAnErrorNotACrash() throws {
        var deep = #"{"warraq-ast": "1.0", "blocks": ["#
        deep += String(repeating: #"{"type": "blockQuote", "blocks": ["#, count: 100_000)
        deep += String(repeating: "]}", count: 100_000) + "]}"
        let result = try CLI.run(["convert", "-", "--from", "json", "--to", "json"], stdin: Data(deep.utf8))
        #expect(result.exitedNormally)
        #expect(result.status == 1)
        #expect(result.stderr.contains("levels deep"))
        let arrays = try CLI.run(["convert", "-", "--from", "json", "--to", "json"], stdin: Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8))
        #expect(arrays.exitedNormally && arrays.status == 1)
    }

    @Test func badASTJSONIsReportedWithLineAndColumn() throws {
        let result = try CLI.run(["convert", "-", "--from", "json", "--to", "json"], stdin: Data("{\"warraq-ast\": \"2.0\",\n \"blocks\": []}".utf8))
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("<stdin>:1:16: error: AST JSON version 2.0 is not supported"))
    }

    @Test("Usage errors exit 2 and say what is wrong", arguments: [
        (["convert", "a.txt"], "nothing says which output format"),
        (["convert", "a.txt", "--to", "tei-xml"], "unknown output format 'tei-xml'"),
        (["convert", "a.txt", "--to", "jsn"], "did you mean 'json'?"),
        (["convert", "-", "--to", "json"], "cannot tell the format of standard input"),
        (["convert", "a.unknown", "--to", "json"], "cannot tell the input format of 'a.unknown'"),
        (["convert", "a.txt", "-o", "out.xyz"], "cannot tell the output format from 'out.xyz'"),
        (["convert", "a.txt", "--to", "json", "-I", "structure=poem"], "expects one of article, paragraphs"),
        (["convert", "a.txt", "--to", "json", "-I", "colour=red"], "valid options of 'text': encoding, on-invalid, structure, line-breaks, language, direction"),
        (["convert", "a.txt", "--to", "json", "-O", "pretty"], "-O expects NAME=VALUE"),
        (["convert", "a.txt", "--to", "json", "-o", "x.json", "--output-dir", "d"], "-o and --output-dir cannot be used together"),
        (["convert", "a.txt", "b.txt", "--to", "json"], "2 inputs cannot go into one json document"),
        (["convert", "--to", "json"], "no input"),
        (["convert", "a.txt", "--bogus"], "Unknown option '--bogus'"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ] as [([String], String)])
    func usageErrors(arguments: [String], message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func outputDirectoryWritesOneFileEachAndFailuresLeaveNoFile() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("عنوان\n\nنص الخبر كاملا هنا مع كلمات كثيرة تكفي لتكون فقرة من متن الخبر نفسه.".utf8).write(to: directory.appendingPathComponent("good.ar.txt"))
        try Data([0x61, 0xFF]).write(to: directory.appendingPathComponent("bad.txt"))
        let result = try CLI.run(["convert", "good.ar.txt", "bad.txt", "missing.txt", "--output-dir", "out", "--to", "json"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.txt:1:2: error: invalid UTF-8"))
        #expect(result.stderr.contains("missing.txt: error: cannot open"))
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("out").path)
        #expect(written == ["good.ar.json"])
        // Two inputs that would share a name are refused before anything is written.
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: directory.appendingPathComponent("sub/good.ar.txt"))
        let clash = try CLI.run(["convert", "good.ar.txt", "sub/good.ar.txt", "--output-dir", "out2", "--to", "json"], in: directory)
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("would both be written to"))
    }

    @Test func outputFileIsWrittenWholeOrNotAtAll() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ok = try CLI.run(["convert", CLI.sample, "-o", "sample.json"], in: directory)
        #expect(ok.status == 0)
        let data = try Data(contentsOf: directory.appendingPathComponent("sample.json"))
        #expect(data == (try CLI.run(["convert", CLI.sample, "--to", "json"]).stdout))
        let failed = try CLI.run(["convert", "-", "--from", "text", "-o", "broken.json"], stdin: Data([0xC0]), in: directory)
        #expect(failed.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["sample.json"])
        // An input is never overwritten.
        let same = try CLI.run(["convert", "sample.json", "-o", "sample.json"], in: directory)
        #expect(same.status == 2)
        #expect(same.stderr.contains("does not overwrite its inputs"))
    }

    @Test func severalInputsGoIntoOneJSONLinesFile() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("one paragraph only".utf8).write(to: directory.appendingPathComponent("a.txt"))
        let result = try CLI.run(["convert", CLI.sample, "a.txt", "-o", "all.jsonl"], in: directory)
        #expect(result.status == 0)
        let lines = try String(contentsOf: directory.appendingPathComponent("all.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines { #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any]) }
        // When every document fails, no collection file appears.
        try Data([0xFF]).write(to: directory.appendingPathComponent("bad.txt"))
        let failed = try CLI.run(["convert", "bad.txt", "bad.txt", "-o", "none.jsonl"], in: directory)
        #expect(failed.status == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("none.jsonl").path))
        let toStdout = try CLI.run(["convert", CLI.sample, "a.txt", "--to", "jsonl"], in: directory)
        #expect(toStdout.text.split(separator: "\n").map(String.init) == lines.map(String.init))
    }

    @Test func convertsToTEIByNameByExtensionAndIntoAFolder() throws {
        let result = try CLI.run(["convert", CLI.sample, "--to", "tei"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"ar\">"))
        #expect(result.text.contains("<title>واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا</title>"))

        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // -o NAME.tei.xml (and NAME.xml) picks tei by the extension.
        for name in ["sample.tei.xml", "sample.xml"] {
            let file = try CLI.run(["convert", CLI.sample, "-o", name, "-O", "header=minimal"], in: directory)
            #expect(file.status == 0, "\(file.stderr)")
            let written = String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
            #expect(written.hasPrefix("<?xml") && written.contains("<sourceDesc>\n        <p/>"), "\(name)")
        }
        // In a folder, files are named NAME.tei.xml.
        let corpus = directory.appendingPathComponent("corpus/2016")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try Data(contentsOf: URL(fileURLWithPath: CLI.sample)).write(to: corpus.appendingPathComponent("story.txt"))
        let batch = try CLI.run(["convert", "corpus", "--output-dir", "out", "--to", "tei"], in: directory)
        #expect(batch.status == 0, "\(batch.stderr)")
        let written = try Data(contentsOf: directory.appendingPathComponent("out/2016/story.tei.xml"))
        #expect(written == result.stdout)
        // Options are checked before anything is read.
        let bad = try CLI.run(["convert", CLI.sample, "--to", "tei", "-O", "header=short"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("expects one of full, minimal"))
    }

    @Test func convertsTheSampleToMarkdown() throws {
        let result = try CLI.run(["convert", CLI.sample, "--to", "markdown"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.text.contains("\n# واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا\n"))
        let frontMatter = try CLI.run(["convert", CLI.sample, "--to", "markdown", "-O", "front-matter=true", "-O", "flavor=gfm"])
        #expect(frontMatter.text.hasPrefix("---\ntitle: \"واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا\"\n"))
        // `-o x.md` (or `.markdown`) picks the Markdown output.
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["x.md", "y.markdown"] {
            let written = try CLI.run(["convert", CLI.sample, "-o", name], in: directory)
            #expect(written.status == 0, "\(written.stderr)")
            #expect(try Data(contentsOf: directory.appendingPathComponent(name)) == result.stdout)
        }
        let bad = try CLI.run(["convert", CLI.sample, "--to", "markdown", "-O", "flavor=gfn"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("expects one of commonmark, gfm"))
    }

    @Test func versionHelpPluginsAndCompletion() throws {
        let version = try CLI.run(["--version"])
        #expect(version.status == 0 && version.text == "0.1.0\n")
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        #expect(help.text.contains("Examples:") && help.text.contains("convert") && help.text.contains("Exit status"))
        let convertHelp = try CLI.run(["convert", "--help"])
        #expect(convertHelp.text.contains("--output-dir") && convertHelp.text.contains("-I <name=value>"))
        let plugins = try CLI.run(["plugins"])
        #expect(plugins.status == 0)
        for expected in ["text  [.txt, .text]", "json  [.json]", "jsonl  [.jsonl, .ndjson]", "tei  [.tei.xml, .xml]", "markdown  [.md, .markdown]", "header: full|minimal (default: full)", "flavor: commonmark|gfm (default: commonmark)", "structure: article|paragraphs (default: article)", "pretty: true|false (default: true)"] {
            #expect(plugins.text.contains(expected), "\(expected)")
        }
        let completion = try CLI.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0 && completion.text.contains("convert"))
    }

    /// `warraq plugins` wraps summaries and option help to the width `--help` uses, with a
    /// hanging indent, and keeps every word.
    @Test func thePluginsListWrapsToTheWidth() throws {
        let width = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).map { max($0, 40) } ?? 80
        let plugins = try CLI.run(["plugins"])
        #expect(plugins.status == 0)
        let lines = plugins.text.split(separator: "\n")
        for line in lines where line.count > width {
            #expect(!line.trimmingCharacters(in: .whitespaces).contains(" "), "longer than \(width) columns: \(line)")
        }
        // The normalize transform's controls option has a long help: it comes out on several
        // lines, all indented under the option, and read back it is the help word for word.
        let start = try #require(lines.firstIndex { $0.hasPrefix("      controls: ") })
        let help = lines[(start + 1)...].prefix { $0.hasPrefix("          ") }
        #expect(help.count > 1)
        #expect(help.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ").hasPrefix("remove: bidi controls (LRM, RLM, ALM, LRE…PDF, LRI…PDI), zero-width space, soft hyphen"))
    }

    /// Help text is wrapped by the argument parser at the terminal's width (80 columns when
    /// not a terminal). A paragraph written with line breaks of its own comes out with a word
    /// or two stranded on a line; an example longer than the width spills into column 0.
    @Test(arguments: [[], ["convert"], ["run"], ["recipe"], ["recipe", "check"], ["recipe", "new"], ["plugins"], ["plugin"], ["plugin", "new"], ["evaluate"], ["evaluate", "entities"]])
    func helpParagraphsWrapCleanly(command: [String]) throws {
        let help = try CLI.run(command + ["--help"])
        #expect(help.status == 0)
        let lines = help.text.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.hasPrefix("USAGE:") }
        #expect(lines.count > 1)
        for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !next.isEmpty && next.first != " " {
            #expect(line.first != " ", "an example wraps into column 0 after: \(line)")
            #expect(line.count >= 40 || line.hasSuffix(":"), "a paragraph breaks early after: \(line)")
        }
    }
}
