import ArgumentParser
import BuiltinPlugins
import DocumentModel
import WarraqKit
#if canImport(Glibc)
import Glibc
#endif

/// `warraq convert`: read inputs, write them in another format.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert documents from one format to another.",
        discussion: """
            Formats come from --from and --to, or from the files' extensions (.txt → text,
            .json → json; -o out.jsonl → jsonl). `-` reads standard input or writes standard
            output. Without -o or --output-dir one document goes to standard output; several go
            there only in a collection format (jsonl).

            Plugin options: -I NAME=VALUE for the input, -O NAME=VALUE for the output, checked
            before any document is read (`warraq plugins` lists them).

            Examples:
              warraq convert config/samples/aleppo-ceasefire.ar.txt --to json
              warraq convert article.txt -o article.json -O pretty=false
              warraq convert legacy.txt --to json -I encoding=windows-1256
              warraq convert a.txt b.txt c.txt --output-dir out --to json
              warraq convert *.txt -o corpus.jsonl
              cat article.txt | warraq convert - --from text --to json

            Exit status: 0 on success, 1 when a document failed (the others are still
            written), 2 on a usage error (nothing is read).
            """)

    @Argument(help: ArgumentHelp("Input files; - for standard input.", valueName: "input"))
    var inputs: [String] = []

    @Option(name: [.short, .long], help: ArgumentHelp("Input format (default: from each file's extension).", valueName: "format"))
    var from: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Output format (default: from -o's extension).", valueName: "format"))
    var to: String?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file (- for standard output).", valueName: "file"))
    var output: String?

    @Option(name: .customLong("output-dir"), help: ArgumentHelp("Write one file per input into this folder, named after the input.", valueName: "dir"))
    var outputDirectory: String?

    @Option(name: .customShort("I"), help: ArgumentHelp("An input plugin option (repeatable).", valueName: "name=value"))
    var inputOptions: [String] = []

    @Option(name: .customShort("O"), help: ArgumentHelp("An output plugin option (repeatable).", valueName: "name=value"))
    var outputOptions: [String] = []

    @Flag(name: [.short, .long], help: "Print errors only, no warnings.")
    var quiet = false

    func run() throws {
        let plan: Plan
        do {
            plan = try makePlan()
        } catch {
            StandardStreams.printError(error.rendered)
            throw ExitCode(ExitStatus.usage)
        }
        let failures = plan.execute(quiet: quiet)
        if failures > 0 { throw ExitCode(ExitStatus.failure) }
    }

    /// Everything decided before any document is read: plugins, options, destinations.
    struct Plan {
        enum Destination {
            case standardOutput
            case file(String)
        }
        var jobs: [(input: String, conversion: Conversion, destination: Destination)]
        /// Set when all documents go into one collection (JSON Lines) at this destination.
        var collection: Destination?

        func execute(quiet: Bool) -> Int {
            var failures = 0
            // A collection written to a file is streamed into a temporary file that replaces
            // the target at the end, so memory stays flat however many documents there are.
            var collectionFile: AtomicFileWriter? = nil
            if case .file(let path)? = collection {
                do {
                    collectionFile = try AtomicFileWriter(path: path)
                } catch {
                    StandardStreams.report([error])
                    return jobs.count
                }
            }
            var wroteHeader = false
            for job in jobs {
                let name = job.input == "-" ? "<stdin>" : job.input
                var context = PluginContext(inputName: name)
                do {
                    let bytes = try FileInput.read(job.input)
                    let source = InputSource(bytes: bytes, path: job.input == "-" ? nil : job.input)
                    let document = try job.conversion.document(from: source, context: &context)
                    if collection != nil {
                        var out: [UInt8] = []
                        if !wroteHeader, let c = job.conversion.output.plugin as? any CollectionOutputPlugin {
                            out += c.collectionHeader(options: job.conversion.output.options)
                            wroteHeader = true
                        }
                        out += try job.conversion.writeRecord(document, name: name, context: &context)
                        if let collectionFile { try collectionFile.append(out) } else { try StandardStreams.writeOut(out) }
                    } else {
                        let out = try job.conversion.write(document, name: name, context: &context)
                        switch job.destination {
                        case .standardOutput: try StandardStreams.writeOut(out)
                        case .file(let path): try AtomicFile.write(out, to: path)
                        }
                    }
                    StandardStreams.report(context.diagnostics, quiet: quiet)
                } catch {
                    StandardStreams.report(context.diagnostics, quiet: quiet)
                    StandardStreams.report([error])
                    failures += 1
                    if collectionFile != nil && error.code == "write-failed" {
                        // The collection file itself could not be written: nothing more can go into it.
                        return jobs.count
                    }
                }
            }
            if let collectionFile {
                if failures == jobs.count {
                    collectionFile.abandon()
                } else {
                    do {
                        try collectionFile.commit()
                    } catch {
                        StandardStreams.report([error])
                        return jobs.count
                    }
                }
            }
            return failures
        }
    }

    func makePlan() throws(Diagnostic) -> Plan {
        let registry = BuiltinPlugins.registry
        guard !inputs.isEmpty else {
            throw .error("usage", "no input: give one or more files, or - for standard input", notes: ["see warraq convert --help"])
        }
        if output != nil && outputDirectory != nil {
            throw .error("usage", "-o and --output-dir cannot be used together")
        }
        if inputs.filter({ $0 == "-" }).count > 1 {
            throw .error("usage", "standard input (-) can be read only once")
        }

        // The output format.
        let outputPlugin: any OutputPlugin
        if let to {
            outputPlugin = try registry.requireOutput(to)
        } else if let output, output != "-" {
            guard let plugin = registry.output(forPath: output) else {
                throw .error(
                    "unknown-format", "cannot tell the output format from '\(output)'",
                    notes: ["give --to FORMAT; output formats: \(registry.outputs.map(\.name).joined(separator: ", "))"])
            }
            outputPlugin = plugin
        } else {
            throw .error(
                "unknown-format", "nothing says which output format to write",
                notes: ["give --to FORMAT, or -o FILE with a known extension; output formats: \(registry.outputs.map(\.name).joined(separator: ", "))"])
        }
        let outputOptionValues = try OptionValues.check(
            try outputOptions.map { (t: String) throws(Diagnostic) in try RawOption.parse(t, origin: "-O") },
            against: outputPlugin.options, plugin: outputPlugin.name)
        let configuredOutput = Configured(outputPlugin as any OutputPlugin, options: outputOptionValues)

        // The input format of each input, and its checked options.
        let rawInputOptions = try inputOptions.map { (t: String) throws(Diagnostic) in try RawOption.parse(t, origin: "-I") }
        var checked: [String: OptionValues] = [:]
        var conversions: [Conversion] = []
        for input in inputs {
            let plugin: any InputPlugin
            if let from {
                plugin = try registry.requireInput(from)
            } else if input == "-" {
                throw .error(
                    "unknown-format", "cannot tell the format of standard input",
                    notes: ["give --from FORMAT; input formats: \(registry.inputs.map(\.name).joined(separator: ", "))"])
            } else if let p = registry.input(forPath: input) {
                plugin = p
            } else {
                throw .error(
                    "unknown-format", "cannot tell the input format of '\(input)' from its extension",
                    notes: ["give --from FORMAT; input formats: \(registry.inputs.map { "\($0.name) (.\($0.fileExtensions.joined(separator: ", .")))" }.joined(separator: ", "))"])
            }
            if checked[plugin.name] == nil {
                checked[plugin.name] = try OptionValues.check(rawInputOptions, against: plugin.options, plugin: plugin.name)
            }
            conversions.append(Conversion(input: Configured(plugin, options: checked[plugin.name]!), output: configuredOutput))
        }

        // Where each document goes.
        var jobs: [(input: String, conversion: Conversion, destination: Plan.Destination)] = []
        var collection: Plan.Destination? = nil
        if let directory = outputDirectory {
            var used: [String: String] = [:]
            for (input, conversion) in zip(inputs, conversions) {
                let base = input == "-" ? "stdin" : baseName(input)
                let path = (directory.hasSuffix("/") ? directory : directory + "/") + base + "." + outputPlugin.fileExtension
                if let other = used[path] {
                    throw .error("usage", "'\(other)' and '\(input)' would both be written to '\(path)'")
                }
                used[path] = input
                jobs.append((input, conversion, .file(path)))
            }
            try AtomicFile.makeDirectories(directory)
        } else {
            let destination: Plan.Destination = (output == nil || output == "-") ? .standardOutput : .file(output!)
            if inputs.count > 1 {
                guard outputPlugin is any CollectionOutputPlugin else {
                    throw .error(
                        "usage", "\(inputs.count) inputs cannot go into one \(outputPlugin.name) document",
                        notes: ["use --output-dir DIR for one file each, or a collection format such as jsonl"])
                }
                collection = destination
            }
            for (input, conversion) in zip(inputs, conversions) { jobs.append((input, conversion, destination)) }
        }
        // Never overwrite an input.
        for job in jobs {
            guard case .file(let path) = job.destination, let target = realPath(path) else { continue }
            for input in inputs where input != "-" && realPath(input) == target {
                throw .error("usage", "the output '\(path)' is the input '\(input)'; warraq does not overwrite its inputs")
            }
        }
        return Plan(jobs: jobs, collection: collection)
    }

    /// The file name without folder and last extension: `a/b/story.ar.txt` → `story.ar`.
    func baseName(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
