import ArgumentParser
import WarraqKit

/// `warraq plugins`: every input, output and transform with its summary and options.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List every input, output and transform with its summary and options.")

    func run() throws {
        let registry = ActivePlugins.registry
        var lines: [String] = []
        func describe(_ plugin: any Plugin, extra: String) {
            lines.append("  \(plugin.name)\(extra)")
            lines.append("      \(plugin.summary)")
            for option in plugin.options {
                let value = option.defaultValue.map { " (default: \($0))" } ?? ""
                lines.append("      \(option.name): \(option.type)\(value)")
                lines.append("          \(option.help)")
            }
        }
        lines.append("Inputs (--from, -I NAME=VALUE):")
        for p in registry.inputs { describe(p, extra: "  [." + p.fileExtensions.joined(separator: ", .") + "]") }
        lines.append("")
        lines.append("Outputs (--to, -O NAME=VALUE):")
        for p in registry.outputs { describe(p, extra: "  [." + ([p.fileExtension] + p.otherExtensions).joined(separator: ", .") + "]") }
        lines.append("")
        lines.append("Transforms:")
        if registry.transforms.isEmpty { lines.append("  (none yet)") }
        for p in registry.transforms { describe(p, extra: "") }
        print(lines.joined(separator: "\n"))
    }
}
