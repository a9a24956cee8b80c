import Foundation
import Testing

/// Runs warraq in the background, for tests that interrupt it.
func startWarraq(_ arguments: [String], in directory: URL) throws -> (Process, URL) {
    let errPath = directory.appendingPathComponent("stderr-\(UUID().uuidString).txt")
    #expect(FileManager.default.createFile(atPath: errPath.path, contents: nil))
    let process = Process()
    process.executableURL = CLI.binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: errPath)
    try process.run()
    return (process, errPath)
}

/// Every file below `root`, as paths relative to it, hidden files included.
func allFiles(_ root: URL) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var files: [String] = []
    while let path = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(path)
        }
    }
    return files.sorted()
}

/// A corpus of `count` copies of the sample in nested folders, with one corrupt file.
func makeCorpus(_ count: Int, in directory: URL) throws -> URL {
    let corpus = directory.appendingPathComponent("corpus")
    let sample = try Data(contentsOf: URL(fileURLWithPath: CLI.sample))
    for i in 0..<count {
        let folder = corpus.appendingPathComponent("y\(2016 + i % 3)/m\(i % 7)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var copy = sample
        copy.append(Data("\n\nنسخة رقم \(i)\n".utf8))
        try copy.write(to: folder.appendingPathComponent("story-\(i).txt"))
    }
    try Data([0x61, 0xC3, 0x28]).write(to: corpus.appendingPathComponent("y2016/corrupt.txt"))
    try Data("not an article".utf8).write(to: corpus.appendingPathComponent("y2016/notes.md"))
    try Data("hidden".utf8).write(to: corpus.appendingPathComponent(".hidden.txt"))
    return corpus
}

@Suite("Batches and recipes", .serialized)
struct BatchTests {
    static let recipes = CLI.packageRoot.appendingPathComponent("config/recipes")

    @Test func aThousandDocumentsMirrorTheTreeWithTheSameBytesAtAnyJobCount() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try makeCorpus(1000, in: directory)
        let one = try CLI.run(["convert", "corpus", "--output-dir", "out1", "--to", "json", "--jobs", "1"], in: directory)
        let two = try CLI.run(["convert", "corpus", "--output-dir", "out2", "--to", "json", "--jobs", "2"], in: directory)
        for result in [one, two] {
            #expect(result.status == 1)
            #expect(result.stderr.contains("corpus/y2016/corrupt.txt:1:2: error: invalid UTF-8"))
            #expect(result.stderr.contains("converted 1000, failed 1, skipped 0"))
        }
        let files = allFiles(directory.appendingPathComponent("out1"))
        #expect(files.count == 1000)
        #expect(files.contains("y2017/m1/story-1.json"))
        #expect(!files.contains { $0.hasPrefix(".") || $0.contains("/.") || $0.hasSuffix(".md.json") })
        #expect(allFiles(directory.appendingPathComponent("out2")) == files)
        for file in files {
            let a = try Data(contentsOf: directory.appendingPathComponent("out1/" + file))
            let b = try Data(contentsOf: directory.appendingPathComponent("out2/" + file))
            if a != b { Issue.record("\(file) differs between --jobs 1 and --jobs 2"); break }
        }
        // Without fsync the same files appear, whole, and no temporary file is left.
        let unflushed = try CLI.run(["convert", "corpus", "--output-dir", "out3", "--to", "json", "--jobs", "2", "--no-fsync"], in: directory)
        #expect(unflushed.status == 1)
        #expect(unflushed.stderr.contains("converted 1000, failed 1, skipped 0"))
        #expect(allFiles(directory.appendingPathComponent("out3")) == files)
        for file in files {
            let a = try Data(contentsOf: directory.appendingPathComponent("out1/" + file))
            let c = try Data(contentsOf: directory.appendingPathComponent("out3/" + file))
            if a != c { Issue.record("\(file) differs with --no-fsync"); break }
        }
        // A collection is the same bytes at any job count too, in input order.
        let c1 = try CLI.run(["convert", "corpus", "-o", "one.jsonl", "--jobs", "1", "--quiet"], in: directory)
        let c2 = try CLI.run(["convert", "corpus", "-o", "two.jsonl", "--jobs", "2", "--quiet"], in: directory)
        #expect(c1.status == 1 && c2.status == 1)
        let jsonl = try Data(contentsOf: directory.appendingPathComponent("one.jsonl"))
        #expect(jsonl == (try Data(contentsOf: directory.appendingPathComponent("two.jsonl"))))
        #expect(jsonl.filter { $0 == 0x0A }.count == 1000)
    }

    @Test func aBatchIntoOneCSVFileIsOneTable() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try makeCorpus(5, in: directory)
        let result = try CLI.run(["convert", "corpus", "-o", "corpus.csv", "--quiet"], in: directory)
        #expect(result.status == 1)  // the corrupt file
        let text = try String(contentsOf: directory.appendingPathComponent("corpus.csv"), encoding: .utf8)
        #expect(text.hasPrefix("id,source,title,"))
        #expect(text.components(separatedBy: "id,source,title,").count == 2, "one header")
        #expect(text.components(separatedBy: "\r\ncorpus/").count == 6, "five rows")
        let tsv = try CLI.run(["convert", CLI.sample, "--to", "csv", "-O", "delimiter=tab", "-O", "rows=blocks"])
        #expect(tsv.status == 0 && tsv.text.hasPrefix("id\tblock\tkind\tlevel\ttext\r\n"))
    }

    @Test func globsSkipExistingFailFastAndTheOutputFolderInsideTheInputs() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = try makeCorpus(30, in: directory)
        // --include and --exclude.
        let some = try CLI.run(["convert", "corpus", "--output-dir", "some", "--to", "json", "--include", "*.txt", "--exclude", "y2016/*", "--exclude", "story-1.txt"], in: directory)
        #expect(some.status == 0, "\(some.stderr)")
        let files = allFiles(directory.appendingPathComponent("some"))
        #expect(!files.contains { $0.hasPrefix("y2016/") } && !files.contains("y2017/m1/story-1.json"))
        #expect(files.count == 30 - 10 - 1)
        // An output folder inside the input tree is not read back as input.
        let inside = try CLI.run(["convert", "corpus", "--output-dir", "corpus/out", "--to", "jsonl", "--include", "*", "--exclude", "*.md"], in: directory)
        #expect(inside.stderr.contains("converted 30, failed 1"), "\(inside.stderr)")
        let again = try CLI.run(["convert", "corpus", "--output-dir", "corpus/out", "--to", "jsonl", "--include", "*", "--exclude", "*.md"], in: directory)
        #expect(again.stderr.contains("converted 30, failed 1"), "\(again.stderr)")
        // --skip-existing carries on where a run stopped.
        try FileManager.default.removeItem(at: corpus.appendingPathComponent("out/y2017"))
        let resumed = try CLI.run(["convert", "corpus", "--output-dir", "corpus/out", "--to", "jsonl", "--skip-existing"], in: directory)
        #expect(resumed.stderr.contains("converted 10, failed 1, skipped 20"), "\(resumed.stderr)")
        // --fail-fast stops starting documents after the first failure.
        let fast = try CLI.run(["convert", "corpus", "--output-dir", "fast", "--to", "json", "--jobs", "1", "--fail-fast"], in: directory)
        #expect(fast.status == 1)
        #expect(fast.stderr.contains("not started"), "\(fast.stderr)")
    }

    @Test(arguments: ["SIGINT", "SIGTERM"])
    func anInterruptedBatchLeavesNoPartialFileAndCanBeResumed(signal: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try makeCorpus(3000, in: directory)
        let (process, errPath) = try startWarraq(["convert", "corpus", "--output-dir", "out", "--to", "json", "--jobs", "2"], in: directory)
        // Wait until it has written some files, then interrupt it.
        let out = directory.appendingPathComponent("out")
        let deadline = Date().addingTimeInterval(60)
        while allFiles(out).count < 50 && Date() < deadline && process.isRunning { usleep(2_000) }
        kill(process.processIdentifier, signal == "SIGINT" ? SIGINT : SIGTERM)
        process.waitUntilExit()
        let stderr = try String(contentsOf: errPath, encoding: .utf8)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 128 + (signal == "SIGINT" ? SIGINT : SIGTERM), "\(stderr)")
        #expect(stderr.contains("interrupted"))
        let written = allFiles(out)
        #expect(written.count > 0 && written.count < 3000)
        // Every file there is whole; no temporary file is left.
        #expect(!written.contains { $0.contains(".warraq-") }, "\(written.filter { $0.contains(".warraq-") })")
        for file in written {
            let data = try Data(contentsOf: out.appendingPathComponent(file))
            if (try? JSONSerialization.jsonObject(with: data)) == nil { Issue.record("\(file) is not whole JSON"); break }
        }
        // A rerun with --skip-existing converts the rest.
        let resumed = try CLI.run(["convert", "corpus", "--output-dir", "out", "--to", "json", "--skip-existing", "--quiet"], in: directory)
        #expect(resumed.status == 1)  // the corrupt file
        #expect(allFiles(out).count == 3000)
    }

    @Test func temporaryFilesAKilledRunLeftAreRemoved() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try makeCorpus(3, in: directory)
        let out = directory.appendingPathComponent("out/y2016/m0")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("{\"half".utf8).write(to: out.appendingPathComponent(".story-0.json.warraq-Ab12Cd"))
        try Data("keep".utf8).write(to: out.appendingPathComponent(".unrelated.warraq-Ab12Cd"))
        let result = try CLI.run(["convert", "corpus", "--output-dir", "out", "--to", "json", "--quiet"], in: directory)
        #expect(result.status == 1)
        #expect(allFiles(out) == [".unrelated.warraq-Ab12Cd", "story-0.json"])
    }

    @Test func everyShippedRecipeChecksAndRunsOnTheSample() throws {
        let recipes = try FileManager.default.contentsOfDirectory(atPath: Self.recipes.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!recipes.isEmpty)
        // Recipes that read web pages get the sample's page, which lives beside the package.
        let page = CLI.packageRoot.appendingPathComponent("../shared/samples/aleppo-ceasefire.ar.html").standardized.path
        for name in recipes {
            let path = Self.recipes.appendingPathComponent(name).path
            let check = try CLI.run(["recipe", "check", path])
            #expect(check.status == 0, "\(name): \(check.stderr)")
            #expect(check.text.hasPrefix("warraq: 1") || check.text.hasPrefix("# resolved from:"))
            var sample = CLI.sample
            if try String(contentsOfFile: path, encoding: .utf8).contains("input: {format: html}") {
                guard FileManager.default.fileExists(atPath: page) else {
                    print("skipped running \(name): ../shared/samples/aleppo-ceasefire.ar.html is not beside the package")
                    continue
                }
                sample = page
            }
            let run = try CLI.run(["run", path, sample])
            #expect(run.status == 0, "\(name): \(run.stderr)")
            // What each output format starts with, and that the title made it through.
            let text = run.text
            #expect(text.contains("واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا"), "\(name)")
            if text.hasPrefix("{") {
                let whole = try? JSONSerialization.jsonObject(with: run.stdout)
                let lines = run.stdout.split(separator: 0x0A).map { try? JSONSerialization.jsonObject(with: Data($0)) }
                #expect(whole is [String: Any] || (!lines.isEmpty && lines.allSatisfy { $0 is [String: Any] }), "\(name)")
            } else if text.hasPrefix("<?xml") {
                #expect(text.contains("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"ar\">"), "\(name)")
            } else if text.hasPrefix("\u{FEFF}id,") || text.hasPrefix("id,") {
                #expect(text.split(separator: "\r\n").count == 2, "\(name): a header and a row")
            } else {
                #expect(text.hasPrefix("---\n") && text.contains("\n# "), "\(name): Markdown with front matter")
            }
        }
    }

    @Test func recipeMistakesStopBeforeAnyInputIsRead() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("warraq: 1\ninput: {format: text, options: {structure: article}}\nsteps: []\noutptu: {format: json}\n".utf8)
            .write(to: directory.appendingPathComponent("r.yaml"))
        let result = try CLI.run(["run", "r.yaml", "does-not-exist.txt"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("r.yaml:4:1: error: unknown key 'outptu' in a recipe"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean 'output'?"))
        #expect(!result.stderr.contains("does-not-exist"))
        // An alias bomb fails at once.
        var bomb = "warraq: 1\na: &a [x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for level in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            bomb += "\(level): &\(level) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            previous = level
        }
        try Data(bomb.utf8).write(to: directory.appendingPathComponent("bomb.yaml"))
        let exploded = try CLI.run(["recipe", "check", "bomb.yaml"], in: directory)
        #expect(exploded.status == 2)
        #expect(exploded.stderr.contains("bomb.yaml:"), "\(exploded.stderr)")
    }

    @Test func flagsOverrideTheRecipeAndNewRecipesCheck() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recipe = Self.recipes.appendingPathComponent("arabic-news-json.yaml").path
        let lines = try CLI.run(["run", recipe, CLI.sample, "--to", "jsonl"])
        #expect(lines.status == 0 && lines.text.filter { $0 == "\n" }.count == 1)
        let compact = try CLI.run(["convert", "--recipe", recipe, CLI.sample, "-O", "pretty=false"])
        #expect(compact.status == 0 && compact.text.filter { $0 == "\n" }.count == 1)
        let paragraphs = try CLI.run(["run", recipe, CLI.sample, "-I", "structure=paragraphs", "-O", "pretty=false"])
        #expect(!paragraphs.text.contains("\"title\""))
        let new = try CLI.run(["recipe", "new", "mine"], in: directory)
        #expect(new.status == 0)
        let check = try CLI.run(["recipe", "check", "mine.yaml"], in: directory)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.text.contains("structure: article") && check.text.contains("line-breaks: soft  # default"))
        #expect(check.text.contains("pretty: true\n"))
        // The resolved recipe is itself a recipe that checks.
        try Data(check.stdout).write(to: directory.appendingPathComponent("resolved.yaml"))
        // (with every option now given, none is marked as a default).
        let again = try CLI.run(["recipe", "check", "resolved.yaml"], in: directory)
        #expect(again.status == 0)
        #expect(again.text == check.text.replacingOccurrences(of: "  # default", with: ""))
        #expect(try CLI.run(["recipe", "new", "mine"], in: directory).status == 1)
    }
}
