import ArgumentParser
import WarraqKit

/// The options `warraq convert` and `warraq run` share.
struct ConversionOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Input files or folders (read recursively); - for standard input.", valueName: "input"))
    var inputs: [String] = []

    @Option(name: [.short, .long], help: ArgumentHelp("Input format (default: the recipe's, else each file's extension).", valueName: "format"))
    var from: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Output format (default: the recipe's, else -o's extension).", valueName: "format"))
    var to: String?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file (- for standard output); several documents need a collection format such as jsonl.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("output-dir"), help: ArgumentHelp("Write one file per input into this folder, mirroring the input folders.", valueName: "dir"))
    var outputDirectory: String?

    @Option(name: .long, help: ArgumentHelp("External plugins declared in this plugins file (or recipe), usable by name with --from and --to (repeatable).", valueName: "file"))
    var plugins: [String] = []

    @Option(name: .customShort("I"), help: ArgumentHelp("An input plugin option, over the recipe's (repeatable).", valueName: "name=value"))
    var inputOptions: [String] = []

    @Option(name: .customShort("O"), help: ArgumentHelp("An output plugin option, over the recipe's (repeatable).", valueName: "name=value"))
    var outputOptions: [String] = []

    @Option(name: .long, help: ArgumentHelp("In folders, read only files matching this glob (repeatable; default: files the input format reads).", valueName: "glob"))
    var include: [String] = []

    @Option(name: .long, help: ArgumentHelp("Leave out files matching this glob (repeatable).", valueName: "glob"))
    var exclude: [String] = []

    @Option(name: [.short, .long], help: ArgumentHelp("Documents converted at once (default: the number of cores). The output does not depend on it.", valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("Progress on standard error: auto (a bar when it is a terminal), bar, plain (a line per file), none.", valueName: "mode"))
    var progress: ProgressMode = .auto

    @Flag(name: [.short, .long], help: "Print errors only: no warnings, progress or summary.")
    var quiet = false

    @Flag(name: .customLong("fail-fast"), help: "Stop at the first document that fails.")
    var failFast = false

    @Flag(name: .customLong("skip-existing"), help: "Leave inputs whose output file exists (to carry on after an interrupted run).")
    var skipExisting = false

    @Option(
        name: .customLong("max-input-size"),
        help: ArgumentHelp("Refuse an input larger than this (e.g. 50MB, 2GB, or bytes); such a file fails alone.", valueName: "size"))
    var maxInputSize = "1GB"

    /// ``maxInputSize`` in bytes (checked by `validate`).
    var maximumInputSize: Int { ByteCount.parse(maxInputSize) ?? Int.max }

    @Flag(
        name: .customLong("no-fsync"),
        help: "Rename output files into place without flushing them to the disk first: much faster for many small files; a file is still never seen half-written, but a power cut can leave it empty or missing.")
    var noFsync = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        if ByteCount.parse(maxInputSize) == nil {
            throw ValidationError("--max-input-size expects a size such as 500MB, 2GB or a number of bytes, got '\(maxInputSize)'")
        }
    }
}

enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
    case auto, bar, plain, none
}
