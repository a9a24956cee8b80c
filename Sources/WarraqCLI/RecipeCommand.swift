import ArgumentParser
import WarraqKit

/// `warraq recipe`: check a recipe, or start a new one.
struct RecipeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipe",
        abstract: "Check a recipe, or write a starter recipe.",
        subcommands: [Check.self, New.self])

    /// `warraq recipe check RECIPE`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a recipe and print it resolved: after extends, with every option's value.",
            discussion: """
                Every key, plugin name and option is checked as `warraq run` would before it \
                reads a document. The resolved recipe is printed as YAML on standard output, \
                options the recipe leaves out marked `# default`. Exit status 0 when the \
                recipe is good, 2 when it is not.
                """)

        @Argument(help: ArgumentHelp("The recipe (YAML).", valueName: "recipe"))
        var recipe: String

        func run() throws {
            do {
                let loaded = try Recipe.load(recipe)
                let configured = try loaded.configure(registry: ActivePlugins.registry)
                print(ResolvedRecipe.yaml(loaded, configured), terminator: "")
            } catch {
                StandardStreams.printError(error.rendered)
                throw ExitCode(ExitStatus.usage)
            }
        }
    }

    /// `warraq recipe new NAME`.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a commented starter recipe, NAME.yaml.")

        @Argument(help: ArgumentHelp("The recipe's name, or its file name (ending in .yaml).", valueName: "name"))
        var name: String

        func run() throws {
            let path = name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? name : name + ".yaml"
            let base = String(path.split(separator: "/").last ?? Substring(path)).split(separator: ".").first.map(String.init) ?? name
            guard !FileInput.exists(path) else {
                StandardStreams.printError("\(path): error: already exists; warraq does not overwrite it")
                throw ExitCode(ExitStatus.failure)
            }
            do {
                try AtomicFile.write(Array(ResolvedRecipe.starter(name: base, file: path).utf8), to: path)
            } catch {
                StandardStreams.printError(error.rendered)
                throw ExitCode(ExitStatus.failure)
            }
            StandardStreams.printError("wrote \(path); check it with: warraq recipe check \(path)")
        }
    }
}

/// Recipes as YAML text.
enum ResolvedRecipe {
    static func yaml(_ recipe: Recipe, _ configured: ConfiguredRecipe) -> String {
        var lines: [String] = []
        if recipe.files.count > 1 { lines.append("# resolved from: " + recipe.files.joined(separator: " ← ")) }
        lines.append("warraq: \(Recipe.formatVersion)")
        if let name = recipe.name { lines.append("name: " + scalar(name)) }
        if let description = recipe.description { lines.append("description: " + scalar(description)) }
        if !recipe.plugins.isEmpty {
            lines.append("plugins:")
            for declaration in recipe.plugins {
                lines.append("  \(declaration.name):")
                lines += external(declaration, indent: "    ", kind: true)
                if !declaration.options.isEmpty {
                    lines.append("    options:")
                    for spec in declaration.options {
                        var fields = ["type: \(typeName(spec.type))"]
                        if case .choice(let words) = spec.type { fields.append("values: [\(words.map(scalar).joined(separator: ", "))]") }
                        if case .integer(let range?) = spec.type {
                            if range.lowerBound != .min { fields.append("min: \(range.lowerBound)") }
                            if range.upperBound != .max { fields.append("max: \(range.upperBound)") }
                        }
                        if let value = spec.defaultValue { fields.append("default: \(scalar(value))") }
                        if !spec.help.isEmpty { fields.append("help: \(scalar(spec.help))") }
                        lines.append("      \(spec.name): {\(fields.joined(separator: ", "))}")
                    }
                }
            }
        }
        func plugin(
            _ key: String, _ name: String, _ specs: [OptionSpec], _ values: OptionValues, given: [RawOption], indent: String,
            showName: Bool = true, specs inlineSpecs: [OptionSpec] = []
        ) {
            if showName { lines.append("\(indent)\(key)\(name)") }
            let shown = (showName ? specs : inlineSpecs).filter { values[$0.name] != nil }
            guard !shown.isEmpty else { return }
            lines.append("\(indent)options:")
            for spec in shown {
                let isDefault = !given.contains { $0.name == spec.name }
                lines.append("\(indent)  \(spec.name): \(scalar(values[spec.name]!))\(isDefault ? "  # default" : "")")
            }
        }
        if let input = configured.input, let declaration = recipe.input?.external, (input.plugin as? ExternalInput) != nil {
            lines.append("input:")
            lines += external(declaration, indent: "  ", kind: false)
            plugin("", "", [], input.options, given: [], indent: "  ", showName: false, specs: input.plugin.options)
        } else if let input = configured.input {
            lines.append("input:")
            plugin("format: ", input.plugin.name, input.plugin.options, input.options, given: recipe.input?.options ?? [], indent: "  ")
        } else {
            lines.append("input: auto")
        }
        if configured.transforms.isEmpty {
            lines.append("steps: []")
        } else {
            lines.append("steps:")
            for (step, use) in zip(configured.transforms, recipe.steps) {
                if let declaration = use.external {
                    lines.append("  - run:")
                    lines += external(declaration, indent: "      ", kind: false)
                    if !step.options.values.isEmpty {
                        lines.append("      options:")
                        for spec in step.plugin.options where step.options[spec.name] != nil {
                            lines.append("        \(spec.name): \(scalar(step.options[spec.name]!))")
                        }
                    }
                } else if step.options.values.isEmpty {
                    lines.append("  - " + step.plugin.name)
                } else {
                    lines.append("  - \(step.plugin.name):")
                    for spec in step.plugin.options where step.options[spec.name] != nil {
                        let isDefault = !use.options.contains { $0.name == spec.name }
                        lines.append("      \(spec.name): \(scalar(step.options[spec.name]!))\(isDefault ? "  # default" : "")")
                    }
                }
            }
        }
        if let output = configured.output, let declaration = recipe.output?.external, (output.plugin as? ExternalOutput) != nil {
            lines.append("output:")
            lines += external(declaration, indent: "  ", kind: false)
            plugin("", "", [], output.options, given: [], indent: "  ", showName: false, specs: output.plugin.options)
        } else if let output = configured.output {
            lines.append("output:")
            plugin("format: ", output.plugin.name, output.plugin.options, output.options, given: recipe.output?.options ?? [], indent: "  ")
        } else {
            lines.append("# output: none; give --to FORMAT or -o FILE when running it")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The settings of an external plugin, one a line, every one shown.
    static func external(_ declaration: ExternalPluginDeclaration, indent: String, kind: Bool) -> [String] {
        var lines: [String] = []
        if kind { lines.append("\(indent)kind: \(declaration.kind.rawValue)") }
        if kind && !declaration.summary.isEmpty { lines.append("\(indent)summary: \(scalar(declaration.summary))") }
        lines.append("\(indent)command: [\(declaration.command.map(scalar).joined(separator: ", "))]  # runs in \(declaration.directory)")
        lines.append("\(indent)timeout: \(declaration.timeout == declaration.timeout.rounded() ? String(Int(declaration.timeout)) : String(declaration.timeout))")
        let limit = declaration.outputLimit
        lines.append("\(indent)output-limit: \(limit % (1 << 20) == 0 ? "\(limit >> 20)MB" : limit % 1024 == 0 ? "\(limit >> 10)KB" : "\(limit)")")
        if declaration.kind == .transform { lines.append("\(indent)mode: \(declaration.mode.rawValue)") }
        if declaration.kind == .input { lines.append("\(indent)extensions: [\(declaration.fileExtensions.map(scalar).joined(separator: ", "))]") }
        if declaration.kind == .output { lines.append("\(indent)extension: \(scalar(declaration.fileExtension))") }
        return lines
    }

    static func typeName(_ type: OptionType) -> String {
        switch type {
        case .string: "string"
        case .bool: "bool"
        case .integer: "integer"
        case .number: "number"
        case .choice: "choice"
        case .path: "path"
        case .paths: "paths"
        case .date: "date"
        }
    }

    /// An option value in YAML: booleans and numbers plain, text as a string.
    static func scalar(_ value: OptionValue) -> String {
        switch value {
        case .bool, .integer, .number: value.description
        case .string(let text): scalar(text)
        }
    }

    /// A YAML string: plain when that reads back as the same string, else double-quoted.
    static func scalar(_ text: String) -> String {
        let plainSafe = !text.isEmpty && text.unicodeScalars.allSatisfy { s in
            s.properties.isAlphabetic || s.properties.numericType != nil || " -_./@".unicodeScalars.contains(s)
        } && text.first != " " && text.last != " " && text.first != "-"
        let special = ["true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"].contains(text.lowercased())
        if plainSafe && !special && Double(text) == nil { return text }
        return YAMLText.doubleQuoted(text)
    }

    static func starter(name: String, file: String) -> String {
        """
        # warraq recipe: \(name)
        # Run it:    warraq run \(file) INPUT... [-o FILE | --output-dir DIR]
        # Check it:  warraq recipe check \(file)
        # `warraq plugins` lists every input, output and transform with its options.

        warraq: 1                     # the recipe format version
        name: \(scalar(name))
        description: What this recipe is for

        # The input format and its options; `input: auto` picks it per file (extension, then content).
        input:
          format: text
          options:
            structure: article        # article | paragraphs
            # encoding: windows-1256  # for files that are not UTF-8

        # Transforms, in order: `- name` or `- name: {option: value}`.
        steps: []

        # The output format and its options (--to and -O override them).
        output:
          format: json
          options:
            pretty: true

        # extends: base.yaml          # take another recipe's keys, then override them here

        """
    }
}
