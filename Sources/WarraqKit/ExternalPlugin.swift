import DocumentModel
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// An external plugin as a recipe declares it: a program that speaks the AST JSON, in any
/// language.
///
/// - A transform reads a document's AST JSON on standard input and writes the transformed
///   document's AST JSON on standard output.
/// - An input reads the raw bytes of a file on standard input (its path is the last argument)
///   and writes AST JSON.
/// - An output reads AST JSON and writes the bytes of the output file.
///
/// Its options and the context come in the environment variable `WARRAQ_PLUGIN` as one JSON
/// object; what it writes on standard error becomes warnings. The command runs directly
/// (never through a shell), in the folder of the recipe that declared it, in a process group
/// of its own that is killed whole on a timeout.
public struct ExternalPluginDeclaration: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case input, output, transform
    }

    /// How a transform's process is used.
    public enum Mode: String, Sendable, CaseIterable {
        /// A process per document: the whole AST JSON in, the whole AST JSON out.
        case document
        /// One process for many documents: one document of AST JSON a line in, one a line out.
        case stream
    }

    /// The name recipes use (`my-cleaner`); for an inline `run:` step, the command.
    public var name: String
    public var kind: Kind
    /// One line for `warraq plugins`.
    public var summary: String
    /// The program and its arguments, as written.
    public var command: [String]
    /// The folder of the file that declared it: the command runs there.
    public var directory: String
    /// The options it takes, checked like a built-in plugin's.
    public var options: [OptionSpec]
    /// Seconds a document may take (in stream mode, each document).
    public var timeout: Double
    /// The most bytes it may write on standard output for one document.
    public var outputLimit: Int
    public var mode: Mode
    /// An input's file extensions (without the dot), for folders and `input: auto`.
    public var fileExtensions: [String]
    /// An output's file extension, for `--output-dir`.
    public var fileExtension: String
    /// Where it was declared, for messages.
    public var location: SourceLocation?

    /// The version of the protocol between warraq and external plugins (the `api` field of
    /// `WARRAQ_PLUGIN`). It changes only when a plugin written for the old one would break.
    public static let apiVersion = 1
    /// The environment variable that holds the options and the context.
    public static let environmentVariable = "WARRAQ_PLUGIN"
    public static let defaultTimeout = 30.0
    public static let defaultOutputLimit = 64 << 20

    public init(
        name: String, kind: Kind, summary: String = "", command: [String], directory: String = ".",
        options: [OptionSpec] = [], timeout: Double = defaultTimeout, outputLimit: Int = defaultOutputLimit,
        mode: Mode = .document, fileExtensions: [String] = [], fileExtension: String = "out", location: SourceLocation? = nil
    ) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.command = command
        self.directory = directory
        self.options = options
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.mode = mode
        self.fileExtensions = fileExtensions
        self.fileExtension = fileExtension
        self.location = location
    }

    /// The plugin this declaration describes, ready for a registry.
    public func makePlugin() -> any Plugin {
        switch kind {
        case .input: ExternalInput(self)
        case .output: ExternalOutput(self)
        case .transform: ExternalTransform(self)
        }
    }
}

/// A plugin that a recipe declares and a program outside warraq runs: its name, summary and
/// options are those of its declaration.
public protocol ExternalPlugin: Plugin {
    var declaration: ExternalPluginDeclaration { get }
}

extension ExternalPlugin {
    public var name: String { declaration.name }
    public var summary: String { declaration.summary }
    public var options: [OptionSpec] { declaration.options }
}

/// An external transform: AST JSON in, AST JSON out.
public struct ExternalTransform: Transform, ExternalPlugin {
    public let declaration: ExternalPluginDeclaration
    private let runner: ExternalRunner

    public init(_ declaration: ExternalPluginDeclaration) {
        self.declaration = declaration
        runner = ExternalRunner(declaration)
    }

    public func apply(to document: Document, options: OptionValues, context: inout PluginContext) throws -> Document {
        let json = try ASTJSON.encode(document)
        return try runner.run(json, arguments: [], inputPath: nil, options: options, context: &context, then: runner.decode)
    }
}

/// An external input: the file's bytes in (its path as the last argument), AST JSON out.
public struct ExternalInput: InputPlugin, ExternalPlugin {
    public let declaration: ExternalPluginDeclaration
    private let runner: ExternalRunner

    public init(_ declaration: ExternalPluginDeclaration) {
        self.declaration = declaration
        runner = ExternalRunner(declaration)
    }

    public var fileExtensions: [String] { declaration.fileExtensions }

    public func read(_ input: InputSource, options: OptionValues, context: inout PluginContext) throws -> Document {
        let path = input.path.map(ExternalRunner.absolute)
        return try runner.run(
            input.bytes, arguments: path.map { [$0] } ?? [], inputPath: input.path, options: options, context: &context, then: runner.decode)
    }
}

/// An external output: AST JSON in, the output file's bytes out.
public struct ExternalOutput: OutputPlugin, ExternalPlugin {
    public let declaration: ExternalPluginDeclaration
    private let runner: ExternalRunner

    public init(_ declaration: ExternalPluginDeclaration) {
        self.declaration = declaration
        runner = ExternalRunner(declaration)
    }

    public var fileExtension: String { declaration.fileExtension }

    public func write(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] {
        let json = try ASTJSON.encode(document)
        return try runner.run(json, arguments: [], inputPath: nil, options: options, context: &context) { output, _ in output }
    }
}

/// Runs an external plugin's program for one document, and keeps the processes of a
/// stream-mode transform between documents.
final class ExternalRunner: Sendable {
    let declaration: ExternalPluginDeclaration
    /// Idle stream-mode processes, by the `WARRAQ_PLUGIN` text they were started with (the
    /// same transform may run with different options in two steps).
    private let idle = Mutex<[String: [ChildProcess]]>([:])

    init(_ declaration: ExternalPluginDeclaration) {
        self.declaration = declaration
        if declaration.mode == .stream { ExternalProcesses.register(self) }
    }

    var quotedName: String { "'\(declaration.name)'" }

    /// Runs the program over `bytes` and passes its standard output to `then` (which decodes
    /// or checks it).
    ///
    /// - Throws: a ``Diagnostic`` naming the plugin: it could not start, exited non-zero, was
    ///   killed by a signal, took longer than its timeout or wrote more than its output limit;
    ///   or what `then` throws.
    func run<T>(
        _ bytes: [UInt8], arguments: [String], inputPath: String?, options: OptionValues, context: inout PluginContext,
        then finish: ([UInt8], PluginContext) throws(Diagnostic) -> T
    ) throws(Diagnostic) -> T {
        if declaration.mode == .stream {
            return try runStreaming(bytes, options: options, context: &context, then: finish)
        }
        let environment = [ExternalPluginDeclaration.environmentVariable: contextJSON(options: options, inputPath: inputPath, inputName: context.inputName)]
        let process: ChildProcess
        do {
            process = try ChildProcess(arguments: declaration.command + arguments, directory: declaration.directory, environment: environment)
        } catch {
            throw failure("could not start: \(error.message)", context: context, notes: startNotes())
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(declaration.timeout * 1000))
        let (outcome, output) = process.exchange(bytes, closeInput: true, untilNewline: false, deadline: deadline, maximumOutput: declaration.outputLimit)
        switch outcome {
        case .timedOut:
            process.killGroup()
            _ = process.wait(until: .now)
            throw failure(timeoutMessage, context: context, stderr: process.takeErrorOutput())
        case .outputTooLarge:
            process.killGroup()
            _ = process.wait(until: .now)
            throw failure(outputLimitMessage, context: context, stderr: process.takeErrorOutput())
        case .finished, .closed:
            break
        }
        let termination = process.wait(until: deadline)
        let stderr = process.takeErrorOutput()
        switch termination {
        case .exited(0):
            report(stderr, into: &context)
            return try finish(output, context)
        case .exited(let status):
            throw failure("failed: it exited with status \(status)", context: context, stderr: stderr)
        case .signaled(let signal):
            throw failure("crashed: it was killed by signal \(signal) (\(Self.signalName(signal)))", context: context, stderr: stderr)
        case .killed:
            throw failure(timeoutMessage, context: context, stderr: stderr)
        }
    }

    /// One document through a long-running process: a line of AST JSON in, a line out.
    private func runStreaming<T>(
        _ bytes: [UInt8], options: OptionValues, context: inout PluginContext, then finish: ([UInt8], PluginContext) throws(Diagnostic) -> T
    ) throws(Diagnostic) -> T {
        let environment = contextJSON(options: options, inputPath: nil, inputName: nil)
        let reused = idle.withLock { $0[environment]?.popLast() }
        let process: ChildProcess
        if let reused {
            process = reused
        } else {
            do {
                process = try ChildProcess(
                    arguments: declaration.command, directory: declaration.directory,
                    environment: [ExternalPluginDeclaration.environmentVariable: environment])
            } catch {
                throw failure("could not start: \(error.message)", context: context, notes: startNotes())
            }
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(declaration.timeout * 1000))
        let (outcome, line) = process.exchange(bytes + [0x0A], closeInput: false, untilNewline: true, deadline: deadline, maximumOutput: declaration.outputLimit)
        switch outcome {
        case .finished:
            report(process.takeErrorOutput(), into: &context)
            let result: T
            do {
                result = try finish(line, context)
            } catch {
                // A process whose answer was not a document is out of step with its input: the
                // next document gets a fresh one.
                process.killGroup()
                _ = process.wait(until: .now)
                throw error
            }
            idle.withLock { $0[environment, default: []].append(process) }
            return result
        case .closed:
            // Standard output closed before a whole line: the process ended.
            process.closeInputPipe()
            let termination = process.wait(until: .now + .seconds(1))
            let stderr = process.takeErrorOutput()
            switch termination {
            case .exited(let status) where status != 0:
                throw failure("failed: it exited with status \(status)", context: context, stderr: stderr)
            case .signaled(let signal):
                throw failure("crashed: it was killed by signal \(signal) (\(Self.signalName(signal)))", context: context, stderr: stderr)
            default:
                throw failure(
                    "stopped before answering: in stream mode it must write one line of AST JSON for each line it reads",
                    context: context, stderr: stderr)
            }
        case .timedOut:
            process.killGroup()
            _ = process.wait(until: .now)
            throw failure(
                timeoutMessage, context: context, stderr: process.takeErrorOutput(),
                notes: ["in stream mode, end each answer with a newline and flush standard output"])
        case .outputTooLarge:
            process.killGroup()
            _ = process.wait(until: .now)
            throw failure(outputLimitMessage, context: context, stderr: process.takeErrorOutput())
        }
    }

    /// Ends the idle stream-mode processes: closes their input and gives them a moment to exit.
    func shutDown() {
        let processes = idle.withLock { table -> [ChildProcess] in
            defer { table = [:] }
            return table.values.flatMap { $0 }
        }
        for process in processes { process.closeInputPipe() }
        let deadline = ContinuousClock.now + .seconds(2)
        for process in processes { _ = process.wait(until: deadline) }
    }

    /// Decodes what the plugin printed as AST JSON.
    func decode(_ output: [UInt8], context: PluginContext) throws(Diagnostic) -> Document {
        if output.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw failure("printed no AST JSON on standard output", context: context)
        }
        do {
            return try ASTJSON.decode(output)
        } catch {
            let excerpt = String(decoding: output.prefix(80), as: UTF8.self).replacing("\n", with: "⏎")
            throw failure(
                "printed invalid AST JSON: \(error.description)", context: context,
                notes: ["its output began: \(excerpt)\(output.count > 80 ? "…" : "")"])
        }
    }

    private var timeoutMessage: String {
        "did not finish within \(Self.seconds(declaration.timeout)) s (its timeout): its process group was killed"
    }

    private var outputLimitMessage: String {
        "wrote more than \(Self.size(declaration.outputLimit)) on standard output (its output-limit): its process group was killed"
    }

    private func startNotes() -> [String] {
        var notes = ["the command: \(declaration.command.joined(separator: " ")), run in \(declaration.directory)"]
        if let program = declaration.command.first, !program.contains("/") {
            notes.append("a program without a '/' is looked for on PATH; write ./\(program) for one beside the recipe")
        }
        return notes
    }

    /// An error about this plugin and the document at hand.
    func failure(
        _ message: String, context: PluginContext, stderr: (bytes: [UInt8], truncated: Bool) = ([], false), notes: [String] = []
    ) -> Diagnostic {
        var notes = notes
        let lines = Self.lines(stderr.bytes)
        if !lines.isEmpty {
            let shown = lines.suffix(20)
            notes.append("its standard error\(shown.count < lines.count || stderr.truncated ? " (the end)" : ""):\n  " + shown.joined(separator: "\n  "))
        }
        return .error(
            "external-plugin-failed", "external plugin \(quotedName) \(message)",
            at: SourceLocation(path: context.inputName), notes: notes)
    }

    /// What a plugin printed on standard error, as warnings.
    private func report(_ stderr: (bytes: [UInt8], truncated: Bool), into context: inout PluginContext) {
        for line in Self.lines(stderr.bytes) { context.warn("plugin-message", "\(quotedName): \(line)") }
        if stderr.truncated { context.warn("plugin-message", "\(quotedName): more on standard error was dropped (over 1 MB)") }
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
            .filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// The `WARRAQ_PLUGIN` value: the protocol version, the plugin, its options and the context.
    func contextJSON(options: OptionValues, inputPath: String?, inputName: String?) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("api")
        writer.int(ExternalPluginDeclaration.apiVersion)
        writer.key("ast")
        writer.string(ASTJSON.version)
        writer.key("plugin")
        writer.string(declaration.name)
        writer.key("kind")
        writer.string(declaration.kind.rawValue)
        writer.key("mode")
        writer.string(declaration.mode.rawValue)
        writer.key("options")
        writer.beginObject()
        for spec in declaration.options {
            guard let value = options[spec.name] else { continue }
            writer.key(spec.name)
            switch value {
            case .string(let text): writer.string(spec.type == .path ? Self.absolute(text) : text)
            case .bool(let flag): writer.bool(flag)
            case .integer(let number): writer.int(number)
            case .number(let number): writer.double(number)
            }
        }
        writer.endObject()
        writer.key("input")
        if let inputPath { writer.string(Self.absolute(inputPath)) } else { writer.null() }
        writer.key("input-name")
        if let inputName { writer.string(inputName) } else { writer.null() }
        writer.key("recipe")
        if let recipe = declaration.location?.path { writer.string(Self.absolute(recipe)) } else { writer.null() }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// `path` made absolute against the current folder.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        return cwd == "/" ? "/" + relative : cwd + "/" + relative
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))" : "\(value)"
    }

    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KB" }
        return "\(bytes) bytes"
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGBUS: "SIGBUS",
            SIGFPE: "SIGFPE", SIGILL: "SIGILL", SIGINT: "SIGINT", SIGPIPE: "SIGPIPE", SIGHUP: "SIGHUP",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}

/// The stream-mode plugins of this run, so that their processes can be ended at its close.
public enum ExternalProcesses {
    private static let runners = Mutex<[ExternalRunner]>([])

    static func register(_ runner: ExternalRunner) {
        runners.withLock { $0.append(runner) }
    }

    /// Ends every stream-mode plugin process still waiting for documents: its standard input
    /// is closed and it gets two seconds to exit before its process group is killed. Call it
    /// when a batch is done.
    public static func shutDown() {
        let all = runners.withLock { list -> [ExternalRunner] in
            defer { list = [] }
            return list
        }
        for runner in all { runner.shutDown() }
    }
}
