import ArgumentParser
import WarraqKit

/// Everything decided before any document is read: plugins and their options, the documents
/// and where each goes.
struct ConversionPlan {
    enum Destination {
        /// Each document to its own file (`BatchItem.output`).
        case eachToFile
        /// One document to standard output.
        case standardOutput
        /// Every document as a record of one collection, into a file or (nil) standard output.
        case collection(String?)
    }

    var conversion: Conversion
    var items: [BatchItem]
    var destination: Destination
    /// Whether a folder was given, which makes even one document a batch.
    var isBatch: Bool

    static func make(_ options: ConversionOptions, recipePath: String?) throws(Diagnostic) -> ConversionPlan {
        var registry = ActivePlugins.registry
        for file in options.plugins {
            registry = try registry.adding(try Recipe.declaredPlugins(in: file))
        }
        guard !options.inputs.isEmpty else {
            throw .error("usage", "no input: give one or more files or folders, or - for standard input", notes: ["see warraq convert --help"])
        }
        if options.output != nil && options.outputDirectory != nil {
            throw .error("usage", "-o and --output-dir cannot be used together")
        }
        if options.inputs.filter({ $0 == "-" }).count > 1 {
            throw .error("usage", "standard input (-) can be read only once")
        }
        let inputOptions = try options.inputOptions.map { (t: String) throws(Diagnostic) in try RawOption.parse(t, origin: "-I") }
        let outputOptions = try options.outputOptions.map { (t: String) throws(Diagnostic) in try RawOption.parse(t, origin: "-O") }

        // Plugins from the recipe, overridden by the flags.
        var input: Configured<any InputPlugin>? = nil
        var transforms: [Configured<any Transform>] = []
        var output: Configured<any OutputPlugin>? = nil
        var automaticInput = false
        if let recipePath {
            let recipe = try Recipe.load(recipePath)
            let configured = try recipe.configure(
                registry: registry, inputOverride: options.from, outputOverride: options.to,
                inputOptions: inputOptions, outputOptions: outputOptions)
            registry = configured.registry
            input = configured.input
            transforms = configured.transforms
            output = configured.output
            automaticInput = input == nil
        } else {
            if let from = options.from {
                let plugin = try registry.requireInput(from)
                input = Configured(plugin, options: try OptionValues.check(inputOptions, against: plugin.options, plugin: plugin.name))
            }
            if let to = options.to {
                let plugin = try registry.requireOutput(to)
                output = Configured(plugin, options: try OptionValues.check(outputOptions, against: plugin.options, plugin: plugin.name))
            }
        }
        if output == nil {
            guard let path = options.output, path != "-" else {
                throw .error(
                    "unknown-format", "nothing says which output format to write",
                    notes: ["give --to FORMAT, or -o FILE with a known extension; output formats: \(registry.outputs.map(\.name).joined(separator: ", "))"])
            }
            guard let plugin = registry.output(forPath: path) else {
                throw .error(
                    "unknown-format", "cannot tell the output format from '\(path)'",
                    notes: ["give --to FORMAT; output formats: \(registry.outputs.map(\.name).joined(separator: ", "))"])
            }
            output = Configured(plugin, options: try OptionValues.check(outputOptions, against: plugin.options, plugin: plugin.name))
        }
        let outputPlugin = output!.plugin

        // Without a format from the flags or the recipe, each file's extension says.
        if input == nil && !automaticInput {
            var plugins: [String: any InputPlugin] = [:]
            for path in options.inputs {
                if path == "-" {
                    throw .error(
                        "unknown-format", "cannot tell the format of standard input",
                        notes: ["give --from FORMAT; input formats: \(registry.inputs.map(\.name).joined(separator: ", "))"])
                }
                if FileInput.isDirectory(path) { continue }
                guard let plugin = registry.input(forPath: path) else {
                    throw .error(
                        "unknown-format", "cannot tell the input format of '\(path)' from its extension",
                        notes: ["give --from FORMAT; input formats: \(registry.inputs.map { "\($0.name) (.\($0.fileExtensions.joined(separator: ", .")))" }.joined(separator: ", "))"])
                }
                plugins[plugin.name] = plugin
            }
            if plugins.count == 1 && !options.inputs.contains(where: FileInput.isDirectory) {
                let plugin = plugins.values.first!
                input = Configured(plugin, options: try OptionValues.check(inputOptions, against: plugin.options, plugin: plugin.name))
            } else if let first = inputOptions.first {
                throw .error("usage", "input options (-I \(first.name)=…) need one input format: give --from FORMAT")
            }
        }
        let selection: InputSelection = input.map { .plugin($0) } ?? .automatic(registry)

        // The documents.
        var extensions: Set<String>? = nil
        switch selection {
        case .plugin(let configured): extensions = Set(configured.plugin.fileExtensions)
        case .automatic(let registry): extensions = Set(registry.inputs.flatMap(\.fileExtensions))
        }
        let isBatch = options.inputs.contains(where: FileInput.isDirectory)
        var items = try BatchInputs.collect(
            options.inputs, selection: BatchInputs.Selection(include: options.include, exclude: options.exclude, extensions: extensions),
            skipping: options.outputDirectory)
        if items.isEmpty {
            throw .error("usage", "no documents to convert: the folders given hold no file the input format reads", notes: ["name the files with --include GLOB"])
        }

        // Where they go.
        let conversion = Conversion(input: selection, transforms: transforms, output: output!)
        let destination: Destination
        if let directory = options.outputDirectory {
            items = try BatchInputs.mirror(items, into: directory, extension: outputPlugin.fileExtension)
            destination = .eachToFile
        } else if items.count == 1 && !isBatch {
            if let path = options.output, path != "-" {
                items[0].output = path
                destination = .eachToFile
            } else {
                destination = .standardOutput
            }
        } else {
            guard outputPlugin is any CollectionOutputPlugin else {
                throw .error(
                    "usage", "\(items.count) inputs cannot go into one \(outputPlugin.name) document",
                    notes: ["use --output-dir DIR for one file each, or a collection format such as jsonl"])
            }
            destination = .collection(options.output == "-" ? nil : options.output)
        }
        // Never overwrite an input.
        let inputs = InputFiles(items.map(\.input))
        var targets = items.compactMap(\.output)
        if case .collection(let path?) = destination { targets.append(path) }
        for target in targets {
            if inputs.contains(target) {
                throw .error("usage", "the output '\(target)' is an input; warraq does not overwrite its inputs")
            }
        }
        return ConversionPlan(conversion: conversion, items: items, destination: destination, isBatch: isBatch || items.count > 1)
    }
}
