import ArgumentParser
import WarraqKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `warraq plugins`: every input, output and transform with its summary and options.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List every input, output and transform with its summary and options.",
        discussion: """
            With --recipe, the external plugins a recipe (or a plugins file) declares under \
            `plugins:` are listed too, marked [external].
            """)

    @Option(name: .long, help: ArgumentHelp("Also list the external plugins this recipe or plugins file declares.", valueName: "recipe"))
    var recipe: String?

    func run() throws {
        var registry = ActivePlugins.registry
        if let recipe {
            do {
                registry = try registry.adding(try Recipe.declaredPlugins(in: recipe))
            } catch {
                StandardStreams.printError(error.rendered)
                throw ExitCode(ExitStatus.usage)
            }
        }
        let width = Self.terminalWidth()
        var lines: [String] = []
        func describe(_ plugin: any Plugin, extra: String) {
            var extra = extra
            for case let external? in [
                (plugin as? ExternalTransform)?.declaration, (plugin as? ExternalInput)?.declaration,
                (plugin as? ExternalOutput)?.declaration,
            ] {
                extra += "  [external: \(external.command.joined(separator: " "))\(external.mode == .stream ? ", stream" : "")]"
            }
            lines.append("  \(plugin.name)\(extra)")
            lines += Self.wrap(plugin.summary, indent: 6, width: width)
            for option in plugin.options {
                let value = option.defaultValue.map { " (default: \($0))" } ?? ""
                lines.append("      \(option.name): \(option.type)\(value)")
                lines += Self.wrap(option.help, indent: 10, width: width)
            }
        }
        lines.append("Inputs (--from, -I NAME=VALUE):")
        for p in registry.inputs { describe(p, extra: "  [." + p.fileExtensions.joined(separator: ", .") + "]") }
        lines.append("")
        lines.append("Outputs (--to, -O NAME=VALUE):")
        for p in registry.outputs { describe(p, extra: "  [." + ([p.fileExtension] + p.otherExtensions).joined(separator: ", .") + "]") }
        lines.append("")
        lines.append("Transforms:")
        for p in registry.transforms { describe(p, extra: "") }
        if recipe == nil {
            lines.append("")
            lines.append("Plugins of your own: declare them in a recipe (plugins:) and list them with")
            lines.append("`warraq plugins --recipe RECIPE`; `warraq plugin new NAME` starts one.")
        }
        print(lines.joined(separator: "\n"))
    }

    /// The width help is wrapped to, found as the argument parser finds it for `--help`:
    /// `COLUMNS`, else the terminal's width, else 80.
    static func terminalWidth() -> Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return max(columns, 40) }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return max(Int(size.ws_col), 40) }
        return 80
    }

    /// `text` in lines of at most `width` columns, each indented by `indent` spaces, broken
    /// at spaces (a word longer than the line stays whole).
    static func wrap(_ text: String, indent: Int, width: Int) -> [String] {
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty && indent + line.count + 1 + word.count > width {
                lines.append(margin + line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        lines.append(margin + line)
        return lines
    }
}
