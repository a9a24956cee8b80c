import ArgumentParser
import WarraqKit
#if canImport(Glibc)
import Glibc
#endif

/// `warraq`: the root command only dispatches to its subcommands.
@main
struct WarraqCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warraq",
        abstract: "Convert and annotate documents, news articles first: text and AST JSON in; JSON, JSON Lines, CSV, Markdown and TEI out.",
        discussion: """
            warraq reads a document into its AST, runs transforms over it and writes it out.
            Formats are plugins; `warraq plugins` lists them with their options.

            Examples:
              warraq convert article.txt --to json
              warraq convert article.txt -o article.tei.xml
              warraq convert corpus/ --output-dir out --to markdown
              warraq convert corpus/ -o corpus.csv -O bom=true
              cat article.txt | warraq convert - --from text --to json
              warraq convert article.txt --to json -I structure=paragraphs -O pretty=false
              warraq run config/recipes/arabic-news-tei.yaml corpus/ --output-dir tei
              warraq recipe new my-recipe
              warraq evaluate entities --gold gold.conll --recipe config/recipes/arabic-news-entities-json.yaml

            Exit status: 0 on success, 1 when a document failed, 2 on a usage error.
            Shell completion: warraq --generate-completion-script bash|zsh|fish
            """,
        version: WarraqVersion.current,
        subcommands: [ConvertCommand.self, RunCommand.self, RecipeCommand.self, PluginsCommand.self, EvaluateCommand.self]
    )

    /// Runs the command line. Exit status: 0 success, 1 a document failed, 2 a usage error
    /// (ArgumentParser's own usage errors, exit 64, are mapped to 2).
    static func main() async {
        // Ctrl-C and SIGTERM remove unfinished output files before warraq exits; set up
        // before any other thread starts.
        Interruption.install()
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

/// The exit statuses warraq uses.
enum ExitStatus {
    static let success: Int32 = 0
    /// A document failed; the others were written.
    static let failure: Int32 = 1
    /// The command line was wrong; nothing was read.
    static let usage: Int32 = 2
}
