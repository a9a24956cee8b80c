import Foundation
import Testing

/// Input nobody should send, each case by name: every one ends in a result or a clear error
/// (exit 1 or 2, with the file and, where there is one, the line), never a crash, a hang, a
/// half-written file or a file outside the output folder. Further cases live beside the
/// code they exercise (see README, "Reliability").
@Suite("Hostile input", .serialized)
struct HostileInputTests {
    func write(_ bytes: [UInt8], _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// No `.NAME.warraq-…` temporary file is left in `directory` (or below).
    func noTemporaryFiles(in directory: URL) -> Bool {
        let names = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? []
        return !names.contains { $0.contains(".warraq-") }
    }

    @Test("Every class of invalid UTF-8", arguments: [
        ("overlong two bytes", [0xC0, 0xAF]), ("overlong three bytes", [0xE0, 0x80, 0xAF]),
        ("overlong four bytes", [0xF0, 0x80, 0x80, 0xAF]), ("a surrogate", [0xED, 0xA0, 0x80]),
        ("truncated at the end", [0xE2, 0x82]), ("truncated before ASCII", [0xE2, 0x82, 0x41]),
        ("a lone continuation byte", [0x80]), ("past U+10FFFF", [0xF4, 0x90, 0x80, 0x80]), ("0xFF", [0xFF]),
        ("a five-byte form", [0xF8, 0x88, 0x80, 0x80, 0x80]),
    ] as [(String, [UInt8])])
    func invalidUTF8(name: String, bad: [UInt8]) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(Array("سطر اول\nقبل ".utf8) + bad + Array(" بعد\n".utf8), "bad.txt", in: directory)
        let strict = try CLI.run(["convert", path, "--to", "json"])
        #expect(strict.status == 1 && strict.exitedNormally, "\(name)")
        #expect(strict.stderr.contains("bad.txt:2:5: error: invalid UTF-8"), "\(name): \(strict.stderr)")
        let replaced = try CLI.run(["convert", path, "--to", "jsonl", "-I", "on-invalid=replace"])
        #expect(replaced.status == 0, "\(name): \(replaced.stderr)")
        #expect(replaced.text.contains("قبل \u{FFFD}"), "\(name)")
        // Web pages are read as browsers read them: with replacement characters.
        let page = try write(Array("<p>قبل ".utf8) + bad + Array(" بعد</p>".utf8), "bad.html", in: directory)
        let html = try CLI.run(["convert", page, "--to", "jsonl", "-I", "extract=body"])
        #expect(html.status == 0 && html.text.contains("\u{FFFD}"), "\(name): \(html.stderr)")
    }

    @Test func loneSurrogatesInUTF16() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A byte-order mark, "A", a high surrogate with no low one, "B".
        let path = try write([0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00], "utf16.txt", in: directory)
        let result = try CLI.run(["convert", path, "--to", "json"])
        #expect(result.status == 1 && result.exitedNormally)
        #expect(result.stderr.contains("utf16.txt") && result.stderr.contains("UTF-16"), "\(result.stderr)")
        let replaced = try CLI.run(["convert", path, "--to", "jsonl", "-I", "on-invalid=replace"])
        #expect(replaced.status == 0 && replaced.text.contains("A\u{FFFD}B"), "\(replaced.stderr)")
    }

    @Test func nulBytesAreKeptWithAWarning() throws {
        let result = try CLI.run(["convert", "-", "--from", "text", "--to", "jsonl"], stdin: Data("قبل\u{0}بعد\n".utf8))
        #expect(result.status == 0)
        #expect(result.stderr.contains("NUL"), "\(result.stderr)")
        #expect(result.text.contains(#"قبل\u0000بعد"#))
    }

    @Test func aHundredMegabyteLine() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("line.txt").path
        let word = Array("كلمة ".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(100 << 20)
        while bytes.count < 100 << 20 { bytes += word }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let out = directory.appendingPathComponent("line.json").path
        let result = try CLI.run(["convert", path, "--to", "json", "-O", "pretty=false", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        #expect(size > 100 << 20)
        // Below the limit it would not be read at all.
        let refused = try CLI.run(["convert", path, "--to", "json", "--max-input-size", "50MB"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("line.txt: error: the input is larger than 50MB"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--max-input-size"))
        #expect(noTemporaryFiles(in: directory))
    }

    @Test func aHundredThousandLevelsOfNesting() throws {
        let html = String(repeating: "<div>", count: 100_000) + "عمق" + String(repeating: "</div>", count: 100_000)
        let page = try CLI.run(["convert", "-", "--from", "html", "--to", "jsonl", "-I", "extract=body"], stdin: Data(html.utf8))
        #expect(page.status == 0 && page.exitedNormally, "\(page.stderr)")
        #expect(page.text.contains("عمق"))
        let json = #"{"warraq-ast": "1.0", "blocks": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        let ast = try CLI.run(["convert", "-", "--from", "json", "--to", "json"], stdin: Data(json.utf8))
        #expect(ast.status == 1 && ast.exitedNormally)
        #expect(ast.stderr.contains("<stdin>:1:"), "\(ast.stderr)")
    }

    /// A minified page: one line of 4 MB holding 80,000 runs of text and attribute values
    /// that go to gumbo as markers. Mapping positions once searched from each marker to the
    /// end of its line, which took a minute here; it must stay a matter of seconds.
    @Test func aPageOfOneLongLineWithManyMarkers() throws {
        var html = "<html><body>"
        html.reserveCapacity(4_400_000)
        for i in 0..<40_000 { html += "<p class=\"paragraph-class-name-long-enough-\(i)\">paragraph \(i) with text long enough for a marker</p>" }
        html += "<p>نهاية الصفحة</p></body></html>"
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(Array(html.utf8), "line.html", in: directory)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["convert", path, "--to", "jsonl", "-I", "extract=body", "-o", directory.appendingPathComponent("out.jsonl").path]
        try process.run()
        // A watchdog: a page like this converts in a few seconds even in a debug build.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        let hung = process.isRunning
        if hung { process.terminate() }
        process.waitUntilExit()
        #expect(!hung, "converting a 4 MB page of one line took more than two minutes")
        #expect(process.terminationStatus == 0)
        let out = (try? String(contentsOf: directory.appendingPathComponent("out.jsonl"), encoding: .utf8)) ?? ""
        #expect(out.contains("paragraph 39999 with text long enough for a marker") && out.contains("نهاية الصفحة"))
    }

    @Test func anElementWithAMillionAttributes() throws {
        var html = "<html><body><p"
        html.reserveCapacity(12 << 20)
        for i in 0..<1_000_000 { html += " a\(i)=x" }
        html += ">نص الفقرة</p></body></html>"
        let result = try CLI.run(["convert", "-", "--from", "html", "--to", "jsonl", "-I", "extract=body"], stdin: Data(html.utf8))
        #expect(result.status == 0 && result.exitedNormally, "\(result.stderr)")
        #expect(result.text.contains("نص الفقرة"))
    }

    @Test func aFileSizeLimitIsAClearErrorAndLeavesNoFile() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // `ulimit -f 1`: no file may grow past 1 KB, as on a full disk.
        let result = try CLI.run(
            ["-c", "ulimit -f 1; exec \"$0\" convert \"$1\" --to json -o out.json", CLI.binary.path, CLI.sample], in: directory,
            shell: true)
        #expect(result.status == 1 && result.exitedNormally, "\(result.stderr)")
        #expect(result.stderr.contains("out.json: error: cannot write 'out.json': File too large"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.json").path))
        #expect(noTemporaryFiles(in: directory))
    }

    /// A small tmpfs for a real ENOSPC and a read-only folder; root can mount one, others skip.
    func mounted(_ options: String, _ body: (URL) throws -> Void) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mount = try CLI.runTool("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", directory.path])
        guard mount == 0 else {
            print("skipped: cannot mount a tmpfs here (needs root); the file-size-limit test covers a full disk")
            return
        }
        defer { _ = try? CLI.runTool("/bin/umount", [directory.path]) }
        try body(directory)
    }

    @Test func aFullDiskIsAClearErrorAndLeavesNoFile() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = try write(Array(String(repeating: "فقرة طويلة من النص.\n\n", count: 2_000).utf8), "big.txt", in: directory)
        try mounted("size=16k") { disk in
            let output = disk.appendingPathComponent("out")
            let result = try CLI.run(["convert", big, CLI.sample, "--to", "json", "--output-dir", output.path])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("big.txt") && result.stderr.contains("No space left on device"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("big.json").path))
            // The small one still fits and is written whole.
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("aleppo-ceasefire.ar.json").path))
            #expect(noTemporaryFiles(in: disk))
        }
    }

    @Test func aReadOnlyOutputFolder() throws {
        try mounted("ro,size=16k") { folder in
            let result = try CLI.run(["convert", CLI.sample, "--to", "json", "-o", folder.appendingPathComponent("out.json").path])
            #expect(result.status == 1 && result.exitedNormally)
            #expect(result.stderr.contains("out.json") && result.stderr.contains("Read-only file system"), "\(result.stderr)")
        }
    }

    @Test func outputNeverLeavesTheOutputFolder() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fm = FileManager.default
        for folder in ["work/in/sub", "elsewhere", "work/out"] {
            try fm.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let work = directory.appendingPathComponent("work")
        try Data("نص\n".utf8).write(to: work.appendingPathComponent("in/sub/a.txt"))
        try Data("نص\n".utf8).write(to: directory.appendingPathComponent("top.txt"))
        // An input above the working folder still lands inside the output folder.
        let above = try CLI.run(["convert", "../top.txt", "--to", "json", "--output-dir", "out"], in: work)
        #expect(above.status == 0, "\(above.stderr)")
        #expect(fm.fileExists(atPath: work.appendingPathComponent("out/top.json").path))
        // A symbolic link inside the output folder that leads out of it is not followed.
        try fm.createSymbolicLink(atPath: work.appendingPathComponent("out/sub").path, withDestinationPath: directory.appendingPathComponent("elsewhere").path)
        let linked = try CLI.run(["convert", "in", "--to", "json", "--output-dir", "out"], in: work)
        #expect(linked.status == 1)
        #expect(linked.stderr.contains("would be written outside the output folder 'out'"), "\(linked.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: directory.appendingPathComponent("elsewhere").path).isEmpty)
    }
}

extension CLI {
    /// Runs warraq through `/bin/sh` (for `ulimit`): `arguments` are the shell's.
    static func run(_ arguments: [String], in directory: URL, shell: Bool) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, exitedNormally: process.terminationReason == .exit, stdout: output,
            stderr: String(decoding: error, as: UTF8.self))
    }

    /// Runs a system tool quietly; its exit status.
    static func runTool(_ path: String, _ arguments: [String]) throws -> Int32 {
        guard FileManager.default.isExecutableFile(atPath: path) else { return 127 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
