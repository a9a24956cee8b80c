import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// External plugins through the command line: batches where a plugin crashes, hangs or prints
/// garbage on some documents, stream mode, the examples that ship, `warraq plugins --recipe`,
/// and Ctrl-C while a plugin runs.
@Suite("External plugins on the command line", .serialized)
struct ExternalPluginCommandLineTests {
    static let examples = CLI.packageRoot.appendingPathComponent("config/plugins")

    static func works(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static let hasPython = works(["python3", "-c", "import json"])
    static let hasJQ = works(["jq", "--version"])

    /// A plugin in shell that behaves as the document asks: it crashes on "CRASH", hangs on
    /// "HANG", prints garbage on "GARBAGE", and otherwise adds a keyword.
    static let moody = #"""
        #!/bin/sh
        input=$(cat)
        case "$input" in
          *CRASH*) echo "segfault in the tagger" >&2; kill -SEGV $$ ;;
          *HANG*) sleep 300 ;;
          *GARBAGE*) echo "this is not JSON" ;;
          *) printf '%s' "$input" | sed 's/"metadata":{/"metadata":{"keywords":["moody"],/' ;;
        esac
        """#

    static func corpus(in directory: URL, words: [String]) throws {
        let corpus = directory.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for (i, word) in words.enumerated() {
            try Data("عنوان الخبر\n\nهذه فقرة من خبر طويل فيها كلمات كثيرة تكفي لتكون نصا جاريا في المقال رقم \(i) \(word).\n".utf8)
                .write(to: corpus.appendingPathComponent("doc-\(i).txt"))
        }
    }

    @Test func aPluginThatCrashesHangsOrPrintsGarbageFailsThoseDocumentsAndTheBatchGoesOn() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.moody.utf8).write(to: directory.appendingPathComponent("moody.sh"))
        try Data("""
            warraq: 1
            plugins:
              moody:
                summary: a plugin with moods
                command: [sh, moody.sh]
                timeout: 4
            input: text
            steps: [moody]
            output: {format: json, options: {pretty: false}}
            """.utf8).write(to: directory.appendingPathComponent("r.yaml"))
        try Self.corpus(in: directory, words: ["ok", "CRASH", "ok", "HANG", "GARBAGE", "ok"])
        let start = Date()
        let result = try CLI.run(["run", "r.yaml", "corpus", "--output-dir", "out", "--jobs", "2"], in: directory)
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(result.exitedNormally && result.status == 1, "\(result.stderr)")
        let out = directory.appendingPathComponent("out")
        #expect(allFiles(out) == ["doc-0.json", "doc-2.json", "doc-5.json"])
        for file in allFiles(out) {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(file))) as? [String: Any]
            #expect((json?["metadata"] as? [String: Any])?["keywords"] as? [String] == ["moody"])
        }
        let stderr = result.stderr
        #expect(stderr.contains("corpus/doc-1.txt: error: external plugin 'moody' crashed: it was killed by signal 11 (SIGSEGV)"), "\(stderr)")
        #expect(stderr.contains("segfault in the tagger"))
        #expect(stderr.contains("corpus/doc-3.txt: error: external plugin 'moody' did not finish within 4 s (its timeout): its process group was killed"), "\(stderr)")
        #expect(stderr.contains("corpus/doc-4.txt: error: external plugin 'moody' printed invalid AST JSON: 1:1: expected a JSON value"), "\(stderr)")
        #expect(stderr.contains("converted 3, failed 3"))
    }

    @Test func streamModeWritesWhatDocumentModeWrites() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Puts the title in brackets, a line at a time: a line in, a line out (in document
        // mode the one line is the whole document).
        let script = #"while IFS= read -r line || [ -n "$line" ]; do printf '%s\n' "$line" | sed 's/"title":"\([^"]*\)"/"title":"[\1]"/'; done"#
        try Data(script.utf8).write(to: directory.appendingPathComponent("brackets.sh"))
        for mode in ["document", "stream"] {
            try Data("""
                warraq: 1
                steps:
                  - run: {command: [sh, brackets.sh], mode: \(mode)}
                output: jsonl
                """.utf8).write(to: directory.appendingPathComponent("\(mode).yaml"))
        }
        try Self.corpus(in: directory, words: Array(repeating: "x", count: 30))
        let document = try CLI.run(["run", "document.yaml", "corpus", "-o", "document.jsonl"], in: directory)
        let stream = try CLI.run(["run", "stream.yaml", "corpus", "-o", "stream.jsonl", "--jobs", "3"], in: directory)
        #expect(document.status == 0 && stream.status == 0, "\(document.stderr)\(stream.stderr)")
        let a = try Data(contentsOf: directory.appendingPathComponent("document.jsonl"))
        let b = try Data(contentsOf: directory.appendingPathComponent("stream.jsonl"))
        #expect(a == b)
        #expect(String(decoding: a, as: UTF8.self).components(separatedBy: "\"title\":\"[عنوان الخبر]\"").count == 31)
    }

    @Test(.enabled(if: hasPython && hasJQ, "python3 and jq are needed to run the example plugins"))
    func theShippedExamplesRunInTheirRecipe() throws {
        let recipe = Self.examples.appendingPathComponent("newsroom.yaml").path
        let result = try CLI.run(["run", recipe, CLI.sample])
        #expect(result.status == 0, "\(result.stderr)")
        let xml = result.text
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<story desk=\"world\" lang=\"ar\">"))
        #expect(xml.contains("<headline>واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا</headline>"))
        #expect(xml.hasSuffix("</story>\n"))
        // The document is well-formed XML.
        let parser = XMLParser(data: result.stdout)
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        // Before the XML writer: the keywords jq added and the paragraphs Python dropped.
        let json = try CLI.run(["run", recipe, CLI.sample, "--to", "json"])
        let document = try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any]
        #expect((document?["metadata"] as? [String: Any])?["keywords"] as? [String] == ["حلب", "سوريا"])
        // Declared in a plugins file, an output is used like a built-in one from the command line.
        let plugins = Self.examples.appendingPathComponent("plugins.yaml").path
        let direct = try CLI.run(["convert", CLI.sample, "--plugins", plugins, "--to", "newsroom-xml", "-O", "desk=sport"])
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.text.contains("<story desk=\"sport\" lang=\"ar\">"))
        let unknown = try CLI.run(["convert", CLI.sample, "--plugins", plugins, "--to", "newsroom-xml", "-O", "dsk=sport"])
        #expect(unknown.status == 2 && unknown.stderr.contains("did you mean 'desk'?"), "\(unknown.stderr)")
        let all = try CLI.run(["convert", CLI.sample, "--to", "json"])
        let before = (try JSONSerialization.jsonObject(with: all.stdout) as? [String: Any])?["blocks"] as? [Any]
        let after = document?["blocks"] as? [Any]
        #expect((after?.count ?? 0) > 0 && (after?.count ?? 0) < (before?.count ?? 0))
    }

    @Test(.enabled(if: hasPython, "python3 is needed to run the example plugin"))
    func thePythonExampleRunsInStreamModeToo() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = Self.examples.appendingPathComponent("drop_short_paragraphs.py").path
        for mode in ["document", "stream"] {
            try Data("""
                warraq: 1
                steps:
                  - run: {command: [python3, "\(script)"], mode: \(mode), options: {min-words: 12}}
                output: jsonl
                """.utf8).write(to: directory.appendingPathComponent("\(mode).yaml"))
        }
        try Self.corpus(in: directory, words: Array(repeating: "x", count: 6))
        let document = try CLI.run(["run", "document.yaml", "corpus", "--quiet"], in: directory)
        let stream = try CLI.run(["run", "stream.yaml", "corpus", "--quiet"], in: directory)
        #expect(document.status == 0 && stream.status == 0, "\(document.stderr)\(stream.stderr)")
        #expect(document.stdout == stream.stdout)
        #expect(!document.stdout.isEmpty)
    }

    @Test func pluginsListsTheDeclaredPlugins() throws {
        let result = try CLI.run(["plugins", "--recipe", Self.examples.appendingPathComponent("plugins.yaml").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("  drop-short-paragraphs  [external: python3 drop_short_paragraphs.py]\n      Drops paragraphs of fewer than min-words words"))
        #expect(result.text.contains("      min-words: integer ≥ 1 (default: 5)"))
        #expect(result.text.contains("  newsroom-xml  [.xml]  [external: python3 newsroom_xml.py]"))
        #expect(result.text.contains("  add-keywords  [external: ./add_keywords.sh]"))
        // The built-in ones are still there.
        #expect(result.text.contains("  normalize\n"))
        let missing = try CLI.run(["plugins", "--recipe", "no-such-file.yaml"])
        #expect(missing.status == 2)
    }

    @Test func anExternalInputReadsTheFilesOfItsExtensionsInAFolder() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The reader makes a document of the file's first line, titled with its path's name.
        try Data(#"""
            #!/bin/sh
            line=$(head -n 1)
            printf '{"warraq-ast": "1.0", "metadata": {"title": "%s"}, "blocks": [{"type": "paragraph", "content": [{"type": "text", "text": "%s"}]}]}' "$(basename "$1")" "$line"
            """#.utf8).write(to: directory.appendingPathComponent("read.sh"))
        try Data("warraq: 1\ninput: {command: [sh, read.sh], extensions: [feed]}\noutput: jsonl\n".utf8)
            .write(to: directory.appendingPathComponent("r.yaml"))
        let corpus = directory.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try Data("first\nrest".utf8).write(to: corpus.appendingPathComponent("a.feed"))
        try Data("second".utf8).write(to: corpus.appendingPathComponent("b.FEED"))
        try Data("not read".utf8).write(to: corpus.appendingPathComponent("c.txt"))
        let result = try CLI.run(["run", "r.yaml", "corpus", "--quiet"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.contains(#""title":"a.feed""#) == true && lines.first?.contains(#""text":"first""#) == true, "\(lines)")
        #expect(lines.last?.contains(#""title":"b.FEED""#) == true)
    }

    @Test func recipeCheckShowsExternalPluginsResolved() throws {
        let check = try CLI.run(["recipe", "check", Self.examples.appendingPathComponent("newsroom.yaml").path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.text.contains("""
            plugins:
              drop-short-paragraphs:
                kind: transform
                summary: "Drops paragraphs of fewer than min-words words (Python, standard library)"
                command: [python3, drop_short_paragraphs.py]  # runs in \(Self.examples.path)
                timeout: 30
                output-limit: 64MB
                mode: document
                options:
                  min-words: {type: integer, min: 1, default: 5, help: the fewest words a paragraph keeps}
            """), "\(check.text)")
        #expect(check.text.contains("  - drop-short-paragraphs:\n      min-words: 8\n"))
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("warraq: 1\nsteps:\n  - run: {command: [sh, x.sh], options: {n: 2}, mode: stream, timeout: 1.5}\noutput: {command: [./w.sh], extension: xml}\n".utf8)
            .write(to: directory.appendingPathComponent("r.yaml"))
        let inline = try CLI.run(["recipe", "check", "r.yaml"], in: directory)
        #expect(inline.status == 0, "\(inline.stderr)")
        #expect(inline.text.hasSuffix("""
            steps:
              - run:
                  command: [sh, x.sh]  # runs in .
                  timeout: 1.5
                  output-limit: 64MB
                  mode: stream
                  options:
                    n: 2
            output:
              command: [./w.sh]  # runs in .
              timeout: 30
              output-limit: 64MB
              extension: xml

            """), "\(inline.text)")
    }

    @Test func aMissingProgramIsAnErrorPerDocument() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("warraq: 1\nsteps:\n  - run: [./not-there.py]\noutput: json\n".utf8).write(to: directory.appendingPathComponent("r.yaml"))
        let result = try CLI.run(["run", "r.yaml", "-", "--from", "text"], stdin: Data("نص قصير".utf8), in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("<stdin>: error: external plugin './not-there.py' could not start: cannot run './not-there.py': No such file or directory"), "\(result.stderr)")
    }

    @Test func ctrlCKillsThePluginsToo() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("""
            warraq: 1
            steps:
              - run: [sh, -c, 'echo $$ > plugin.pid; sleep 300']
            output: json
            """.utf8).write(to: directory.appendingPathComponent("r.yaml"))
        try Self.corpus(in: directory, words: ["x"])
        let (process, errPath) = try startWarraq(["run", "r.yaml", "corpus/doc-0.txt"], in: directory)
        let pidFile = directory.appendingPathComponent("plugin.pid")
        let deadline = Date().addingTimeInterval(30)
        var pid: Int32? = nil
        while pid == nil && Date() < deadline {
            pid = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if pid == nil { usleep(10_000) }
        }
        let plugin = try #require(pid)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(String(decoding: (try? Data(contentsOf: errPath)) ?? Data(), as: UTF8.self))")
        var gone = false
        for _ in 0..<200 where !gone {
            gone = kill(plugin, 0) != 0 || (try? String(contentsOfFile: "/proc/\(plugin)/stat", encoding: .utf8))?.contains(") Z ") == true
            if !gone { usleep(10_000) }
        }
        #expect(gone, "the plugin \(plugin) outlived warraq")
    }
}

/// `warraq plugin new`: the skeletons it writes work as they are.
@Suite("Plugin skeletons", .serialized)
struct PluginSkeletonTests {
    static let fixture = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/swift-plugin/word-stats")

    @Test(.enabled(if: ExternalPluginCommandLineTests.hasPython, "python3 is needed to test the Python skeleton"))
    func thePythonSkeletonPassesItsTestsAndRunsInItsRecipe() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let made = try CLI.run(["plugin", "new", "my-cleaner"], in: directory)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(allFiles(directory.appendingPathComponent("my-cleaner")) == ["my_cleaner.py", "recipe.yaml", "test_my_cleaner.py"])
        // Its own tests pass.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "unittest", "discover", "-s", "my-cleaner"]
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // Its recipe runs it, and `warraq plugins` lists it.
        let run = try CLI.run(["run", "my-cleaner/recipe.yaml", CLI.sample], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let document = try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any]
        #expect((document?["blocks"] as? [Any])?.isEmpty == false)
        let listed = try CLI.run(["plugins", "--recipe", "my-cleaner/recipe.yaml"], in: directory)
        #expect(listed.text.contains("  my-cleaner  [external: python3 my_cleaner.py]"))
        // It refuses to overwrite.
        let again = try CLI.run(["plugin", "new", "my-cleaner"], in: directory)
        #expect(again.status == 1 && again.stderr.contains("already exists"))
    }

    /// The example package CI builds and tests (.ci/run) is exactly what `plugin new --swift`
    /// writes, so that building it proves the skeleton and warraq's public API are enough.
    @Test func theSwiftSkeletonIsTheExamplePackageCIBuilds() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let made = try CLI.run(["plugin", "new", "word-stats", "--swift", "--warraq", "../../../.."], in: directory)
        #expect(made.status == 0, "\(made.stderr)")
        let written = directory.appendingPathComponent("word-stats")
        let files = allFiles(written)
        #expect(files == allFiles(Self.fixture).filter { !$0.hasPrefix(".build/") && !$0.hasPrefix(".swiftpm/") && $0 != "Package.resolved" })
        for file in files {
            let mine = try Data(contentsOf: written.appendingPathComponent(file))
            let fixture = try Data(contentsOf: Self.fixture.appendingPathComponent(file))
            #expect(mine == fixture, "\(file) differs from Tests/Fixtures/swift-plugin/word-stats; regenerate it with `warraq plugin new`")
        }
        let url = try CLI.run(["plugin", "new", "other", "--swift", "--warraq", "https://example.com/warraq.git"], in: directory)
        #expect(url.status == 0)
        let package = try String(contentsOf: directory.appendingPathComponent("other/Package.swift"), encoding: .utf8)
        #expect(package.contains(#".package(url: "https://example.com/warraq.git", branch: "main")"#))
        let bad = try CLI.run(["plugin", "new", "Bad_Name"], in: directory)
        #expect(bad.status == 2 && bad.stderr.contains("a plugin name is lowercase letters"))
    }
}

/// The guide in README.md works as written: its Python transform and recipe, copied out as a
/// new user would, run.
@Suite("The plugin guide")
struct PluginGuideTests {
    /// The fenced code block of `language` whose first line is `# NAME: …`.
    static func block(_ language: String, named name: String) throws -> String {
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let fences = readme.components(separatedBy: "```\(language)\n").dropFirst()
        let block = try #require(fences.first { $0.hasPrefix("# \(name)") }, "README.md has no \(language) block starting '# \(name)'")
        let end = try #require(block.range(of: "```"))
        return String(block[..<end.lowerBound])
    }

    @Test(.enabled(if: ExternalPluginCommandLineTests.hasPython, "python3 is needed to run the guide's Python transform"))
    func theGuidesPythonTransformRunsInItsRecipe() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = try Self.block("python", named: "breaking.py")
        #expect(script.split(separator: "\n").count <= 16, "the guide promises a transform in 15 lines")
        try Data(script.utf8).write(to: directory.appendingPathComponent("breaking.py"))
        try Data(try Self.block("yaml", named: "breaking.yaml").utf8).write(to: directory.appendingPathComponent("breaking.yaml"))
        // Run from another folder: the command is found beside the recipe.
        let result = try CLI.run(["run", directory.appendingPathComponent("breaking.yaml").path, CLI.sample])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        #expect((document?["metadata"] as? [String: Any])?["title"] as? String == "خبر عاجل: واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا")
        // In stream mode too, over a batch.
        let corpus = directory.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for i in 0..<5 { try FileManager.default.copyItem(atPath: CLI.sample, toPath: corpus.appendingPathComponent("\(i).txt").path) }
        var recipe = try Self.block("yaml", named: "breaking.yaml")
        recipe = recipe.replacingOccurrences(of: "    command: [python3, breaking.py]\n", with: "    command: [python3, breaking.py]\n    mode: stream\n")
        try Data(recipe.utf8).write(to: directory.appendingPathComponent("stream.yaml"))
        let stream = try CLI.run(["run", "stream.yaml", "corpus", "-o", "all.jsonl", "--to", "jsonl", "--quiet"], in: directory)
        #expect(stream.status == 0, "\(stream.stderr)")
        let lines = try String(contentsOf: directory.appendingPathComponent("all.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5 && lines.allSatisfy { $0.contains("\"title\":\"خبر عاجل: واشنطن") })
        let listed = try CLI.run(["plugins", "--recipe", "breaking.yaml"], in: directory)
        #expect(listed.text.contains("  breaking  [external: python3 breaking.py]\n      Puts a prefix before the headline\n      prefix: string (default: عاجل: )"), "\(listed.text)")
    }
}
