import ArgumentParser
import BuiltinPlugins
import WarraqKit
#if canImport(Glibc)
import Glibc
#endif

/// `warraq`: the root command only dispatches to its subcommands.
///
/// The `warraq` executable calls `main(plugins: [])`; a package of one's own that depends on the
/// `WarraqCLI` product calls ``main(plugins:)`` to get the same command with its own plugins
/// beside the built-in ones.
public struct WarraqCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "warraq",
        abstract: "Convert and annotate documents, news articles first: text, HTML and AST JSON in; JSON, JSON Lines, CSV, Markdown and TEI out.",
        discussion: """
            warraq reads a document into its AST, runs transforms over it and writes it out. \
            Formats are plugins; `warraq plugins` lists them with their options. Plugins \
            of your own, in any language, run from recipes (`warraq plugin new NAME`).

            Examples:
              warraq convert article.txt --to json
              warraq convert article.txt -o article.tei.xml
              warraq convert corpus/ --output-dir out --to markdown
              warraq convert corpus/ -o corpus.csv -O bom=true
              cat article.txt | warraq convert - --from text --to json
              warraq convert article.txt --to json -I structure=paragraphs -O pretty=false
              warraq run config/recipes/arabic-news-tei.yaml corpus/ --output-dir tei
              warraq recipe new my-recipe
              warraq plugin new my-cleaner
              warraq evaluate entities --gold gold.conll --recipe news-entities.yaml

            Exit status: 0 on success, 1 when a document failed, 2 on a usage error.
            Shell completion: warraq --generate-completion-script bash|zsh|fish
            """,
        version: WarraqVersion.current,
        subcommands: [
            ConvertCommand.self, RunCommand.self, RecipeCommand.self, PluginsCommand.self, PluginCommand.self, EvaluateCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line with the built-in plugins and `plugins` beside them, then exits.
    ///
    /// Each plugin goes where its protocol says (``InputPlugin``, ``OutputPlugin``,
    /// ``Transform``); one with the name of a built-in plugin of its kind replaces it.
    ///
    /// ```swift
    /// import WarraqCLI
    /// await WarraqCommand.main(plugins: [NewsroomXMLOutput()])
    /// ```
    public static func main(plugins: [any Plugin]) async {
        var registry = BuiltinPlugins.registry
        for plugin in plugins { registry.register(plugin) }
        ActivePlugins.registry = registry
        await runCommandLine()
    }

    /// Runs the command line. Exit status: 0 success, 1 a document failed, 2 a usage error
    /// (ArgumentParser's own usage errors, exit 64, are mapped to 2).
    ///
    /// (Not named `main()`: from another module that name resolves to ArgumentParser's
    /// synchronous entry point, which refuses an asynchronous command.)
    static func runCommandLine() async {
        // Ctrl-C and SIGTERM remove unfinished output files before warraq exits; set up
        // before any other thread starts.
        Interruption.install()
        // Past a file-size limit (ulimit -f) a write should fail with EFBIG, which becomes a
        // clear error with the partial file removed, rather than the signal killing warraq.
        signal(SIGXFSZ, SIG_IGN)
        reserveMemoryInLargeSteps()
        // The file mode mask, read while there is one thread (see AtomicFile.processMask).
        AtomicFile.readProcessMask()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardStreams.printError(fullMessage(for: error))
                Glibc.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// Has the C library's allocator take memory from the system 64 MB at a time.
///
/// A large document is hundreds of thousands of small nodes and strings. By default each
/// thread's heap is made writable a page or so at a time as they are allocated (an `mprotect`
/// per step, a tenth of the time of converting a 100 MB text), and the main heap grows by
/// 128 KB steps. With a 64 MB pad a heap is made writable whole when it is created; pages are
/// still only backed by memory once they are touched, so the resident size does not grow.
/// Up to 64 MB freed at the top of a heap is kept for the next document rather than handed back.
func reserveMemoryInLargeSteps() {
    #if canImport(Glibc)
    // `mallopt` is declared in <malloc.h>, which the Glibc module leaves out: looked up in the
    // C library instead. M_TOP_PAD is -2 there.
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
    _ = unsafeBitCast(symbol, to: Mallopt.self)(-2, 64 << 20)
    #endif
}

/// The exit statuses warraq uses.
enum ExitStatus {
    static let success: Int32 = 0
    /// A document failed; the others were written.
    static let failure: Int32 = 1
    /// The command line was wrong; nothing was read.
    static let usage: Int32 = 2
}
