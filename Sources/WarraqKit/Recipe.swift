import DocumentModel
#if canImport(Glibc)
import Glibc
#endif

/// A recipe: what a conversion is (an input, transforms in order, an output), written once in
/// YAML and run over one file or a corpus.
///
/// ```yaml
/// warraq: 1
/// name: arabic-news-json
/// input: {format: text, options: {structure: article}}
/// steps:
///   - normalize: {preset: arabic-news}
/// output: {format: json, options: {pretty: false}}
/// extends: base.yaml
/// ```
public struct Recipe: Sendable {
    /// A plugin named in a recipe, with its options as written.
    public struct PluginUse: Sendable {
        public var name: String
        public var options: [RawOption]
        /// Where the name was written.
        public var location: SourceLocation?
        /// An external program given in place (`- run: {command: […]}`, `input: {command: […]}`)
        /// rather than a plugin's name.
        public var external: ExternalPluginDeclaration?

        public init(name: String, options: [RawOption] = [], location: SourceLocation? = nil, external: ExternalPluginDeclaration? = nil) {
            self.name = name
            self.options = options
            self.location = location
            self.external = external
        }
    }

    /// The recipe format version this warraq reads.
    public static let formatVersion = 1
    /// The keys a recipe may have.
    public static let keys = ["warraq", "name", "description", "plugins", "input", "steps", "output", "extends"]

    /// The recipe file as the user named it.
    public var path: String
    /// The files read, the most basic first (through `extends`), this one last.
    public var files: [String]
    public var name: String?
    public var description: String?
    /// The input; nil for `input: auto` (or no `input`): chosen per file by extension, then content.
    public var input: PluginUse?
    public var steps: [PluginUse]
    /// The output; nil when the recipe leaves it to the command line.
    public var output: PluginUse?
    /// External plugins the recipe declares (in `plugins:` or the plugins files it includes).
    public var plugins: [ExternalPluginDeclaration] = []

    /// Reads a recipe and the recipes it extends, and checks its keys and their types.
    /// Plugin names and options are checked by
    /// ``configure(registry:inputOverride:outputOverride:inputOptions:outputOptions:)``.
    ///
    /// - Throws: a ``Diagnostic`` at the file, line and column of the problem.
    public static func load(_ path: String) throws(Diagnostic) -> Recipe {
        var files: [String] = []
        let tree = try loadTree(path, chain: [], files: &files)
        return try Recipe(tree: tree, path: path, files: files)
    }

    static func resolve(_ path: String, against folder: String) -> String {
        if path.hasPrefix("/") || folder == "." { return path }
        return (folder.hasSuffix("/") ? folder : folder + "/") + path
    }

    private static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Reads one file and merges it over the file it extends.
    private static func loadTree(_ path: String, chain: [String], files: inout [String]) throws(Diagnostic) -> YAMLNode {
        let bytes = try FileInput.read(path, limit: 16 << 20)
        guard let root = try YAML.parse(bytes, path: path) else {
            throw .error("empty-recipe", "the recipe is empty", at: SourceLocation(path: path), notes: ["`warraq recipe new NAME` writes a starter recipe"])
        }
        guard let pairs = root.mapping else {
            throw .error("bad-recipe", "a recipe is a mapping of keys (\(keys.joined(separator: ", "))), not \(root.typeDescription)", at: root.location)
        }
        let me = canonical(path)
        guard let extends = root["extends"] else {
            files.append(path)
            return root
        }
        guard let basePath = extends.string, !extends.isNull, extends.sequence == nil, extends.mapping == nil else {
            throw .error("bad-recipe", "extends expects the path of a recipe, got \(extends.typeDescription)", at: extends.location)
        }
        let resolved = resolve(basePath, against: parentFolder(of: path))
        let baseCanonical = canonical(resolved)
        if baseCanonical == me || chain.contains(baseCanonical) {
            throw .error(
                "extends-cycle", "extends makes a cycle: \((chain + [me, baseCanonical]).joined(separator: " → "))", at: extends.location)
        }
        var base: YAMLNode
        do {
            base = try loadTree(resolved, chain: chain + [me], files: &files)
        } catch {
            if error.code == "read-failed" {
                throw .error("bad-recipe", "cannot read the recipe it extends, '\(resolved)': \(error.message)", at: extends.location)
            }
            throw error
        }
        files.append(path)
        var own = root
        own.kind = .mapping(pairs.filter { $0.key.string != "extends" }.map { pair in
            // `output: json` over `output: {format: json, options: …}` keeps the options: the
            // short form is read as {format: json}.
            guard ["input", "output"].contains(pair.key.string ?? ""), pair.value.mapping == nil, pair.value.sequence == nil,
                !pair.value.isNull, let name = pair.value.string, name != "auto"
            else { return pair }
            let format = YAMLNode(kind: .scalar("format", tag: nil, style: .plain), location: pair.value.location)
            return YAMLPair(key: pair.key, value: YAMLNode(kind: .mapping([YAMLPair(key: format, value: pair.value)]), location: pair.value.location))
        })
        // An input or output of another format replaces the inherited one whole: the options
        // of one format mean nothing to another.
        if var basePairs = base.mapping {
            for key in ["input", "output"] {
                guard let mine = own[key].flatMap(formatName), let theirs = base[key], mine != formatName(theirs) else { continue }
                basePairs.removeAll { $0.key.string == key }
            }
            base.kind = .mapping(basePairs)
        }
        return merge(base, own)
    }

    /// The format an `input` or `output` node names (`text`, or `{format: text}`).
    private static func formatName(_ node: YAMLNode) -> String? {
        // An external program in place of a format: another format than any name.
        if node["command"] != nil { return "\u{0}command" }
        return node.mapping == nil ? node.string : node["format"]?.string
    }

    /// `override` over `base`: mappings merge key by key, anything else (lists, scalars) is
    /// replaced.
    static func merge(_ base: YAMLNode, _ override: YAMLNode) -> YAMLNode {
        guard let basePairs = base.mapping, let overridePairs = override.mapping else { return override }
        var result = basePairs
        for pair in overridePairs {
            if let i = result.firstIndex(where: { $0.key.string == pair.key.string }) {
                result[i].value = merge(result[i].value, pair.value)
                result[i].key = pair.key
            } else {
                result.append(pair)
            }
        }
        var merged = override
        merged.kind = .mapping(result)
        return merged
    }

    private init(tree: YAMLNode, path: String, files: [String]) throws(Diagnostic) {
        self.path = path
        self.files = files
        steps = []
        let pairs = tree.mapping!
        for pair in pairs {
            guard let key = pair.key.string, Self.keys.contains(key) else {
                throw Self.unknownKey(pair.key, valid: Self.keys, in: "a recipe")
            }
        }
        guard let version = tree["warraq"] else {
            throw .error(
                "bad-recipe", "the recipe does not say its format version", at: tree.location,
                notes: ["add `warraq: \(Self.formatVersion)` at the top"])
        }
        guard version.int != nil, case .scalar(_, _, .plain) = version.kind else {
            throw .error(
                "bad-recipe", "warraq expects the recipe format version as a number, got \(version.typeDescription) \(version.string.map { "'\($0)'" } ?? "")",
                at: version.location, notes: ["write `warraq: \(Self.formatVersion)`"])
        }
        guard version.int == Self.formatVersion else {
            throw .error(
                "bad-recipe", "recipe format version \(version.string ?? version.typeDescription) is not supported: this warraq reads version \(Self.formatVersion)",
                at: version.location)
        }
        name = try Self.optionalString(tree["name"], "name")
        if let node = tree["plugins"] { plugins = try Self.declarations(node) }
        description = try Self.optionalString(tree["description"], "description")
        if let node = tree["input"] {
            if node.string == "auto" && node.mapping == nil {
                input = nil
            } else {
                input = try Self.pluginUse(node, role: "input")
                if input?.name == "auto" {
                    if let first = input?.options.first {
                        throw .error(
                            "bad-recipe", "input: auto takes no options: they depend on the format, which is chosen per file",
                            at: first.location, notes: ["name the format (input: {format: text, options: …}) to give options"])
                    }
                    input = nil
                }
            }
        }
        if let node = tree["output"] { output = try Self.pluginUse(node, role: "output") }
        if let node = tree["steps"], !node.isNull {
            guard let items = node.sequence else {
                throw .error("bad-recipe", "steps expects a list of transforms (- name, or - name: {options}), got \(node.typeDescription)", at: node.location)
            }
            for item in items { steps.append(try Self.step(item)) }
        }
    }

    static func optionalString(_ node: YAMLNode?, _ key: String) throws(Diagnostic) -> String? {
        guard let node, !node.isNull else { return nil }
        guard let text = node.string else {
            throw .error("bad-recipe", "\(key) expects text, got \(node.typeDescription)", at: node.location)
        }
        return text
    }

    static func unknownKey(_ key: YAMLNode, valid: [String], in what: String) -> Diagnostic {
        let name = key.string ?? key.typeDescription
        var notes = ["valid keys in \(what): \(valid.joined(separator: ", "))"]
        if let close = closestMatch(name, in: valid) { notes.insert("did you mean '\(close)'?", at: 0) }
        return .error("unknown-key", "unknown key '\(name)' in \(what)", at: key.location, notes: notes)
    }

    /// `text`, or `{format: text, options: {…}}`.
    static func pluginUse(_ node: YAMLNode, role: String) throws(Diagnostic) -> PluginUse {
        if let name = node.string, node.mapping == nil, node.sequence == nil, !node.isNull {
            return PluginUse(name: name, location: node.location)
        }
        guard let pairs = node.mapping else {
            throw .error("bad-recipe", "\(role) expects a format name or {format: NAME, options: {…}}, got \(node.typeDescription)", at: node.location)
        }
        if node["command"] != nil { return try commandUse(node, role: role) }
        for pair in pairs where !["format", "options"].contains(pair.key.string ?? "") {
            throw unknownKey(pair.key, valid: ["format", "options"], in: role)
        }
        guard let format = node["format"] else {
            throw .error("bad-recipe", "\(role) needs a format", at: node.location, notes: ["for example \(role): {format: \(role == "input" ? "text" : "json")}"])
        }
        guard let name = format.string, !format.isNull else {
            throw .error("bad-recipe", "format expects a name, got \(format.typeDescription)", at: format.location)
        }
        return PluginUse(name: name, options: try options(node["options"], of: name), location: format.location)
    }

    /// `- name` or `- name: {options}`.
    static func step(_ node: YAMLNode) throws(Diagnostic) -> PluginUse {
        if let name = node.string, node.mapping == nil, !node.isNull {
            return PluginUse(name: name, location: node.location)
        }
        guard let pairs = node.mapping, pairs.count == 1, let name = pairs[0].key.string else {
            throw .error(
                "bad-recipe", "a step is `- name` or `- name: {options}`, got \(node.typeDescription)", at: node.location,
                notes: ["for example:\n  steps:\n    - normalize: {preset: arabic-news}\n    - tag-entities"])
        }
        if name == "run" { return try runStep(pairs[0].value, at: pairs[0].key.location) }
        return PluginUse(name: name, options: try options(pairs[0].value, of: name), location: pairs[0].key.location)
    }

    /// The options mapping of a plugin: scalars only; relative paths resolve against the folder
    /// of the file the option was written in.
    static func options(_ node: YAMLNode?, of plugin: String) throws(Diagnostic) -> [RawOption] {
        guard let node, !node.isNull else { return [] }
        guard let pairs = node.mapping else {
            throw .error("bad-recipe", "the options of '\(plugin)' are a mapping {name: value, …}, got \(node.typeDescription)", at: node.location)
        }
        var result: [RawOption] = []
        for pair in pairs {
            guard let name = pair.key.string else {
                throw .error("bad-recipe", "an option name is text, got \(pair.key.typeDescription)", at: pair.key.location)
            }
            let value = pair.value
            if value.isNull {
                throw .error("bad-option-value", "option '\(name)' of '\(plugin)' has no value", at: value.location)
            }
            guard let text = value.string, value.mapping == nil, value.sequence == nil else {
                throw .error(
                    "bad-option-value", "option '\(name)' of '\(plugin)' expects a single value, got \(value.typeDescription)", at: value.location)
            }
            result.append(RawOption(
                name: name, value: text, location: pair.key.location, valueLocation: value.location,
                baseDirectory: parentFolder(of: pair.key.location.path)))
        }
        return result
    }
}

/// A recipe's plugins found in a registry, with their options checked.
public struct ConfiguredRecipe: Sendable {
    /// nil: chosen per file by extension, then by content.
    public var input: Configured<any InputPlugin>?
    public var transforms: [Configured<any Transform>]
    /// nil: the command line must say.
    public var output: Configured<any OutputPlugin>?
    /// The registry the plugins were found in: the one given, with the recipe's external
    /// plugins added.
    public var registry: PluginRegistry
}

extension Recipe {
    /// Finds every plugin the recipe names and checks its options, before any document is read.
    ///
    /// - Parameters:
    ///   - registry: the plugins to find the recipe's in; the external plugins the recipe
    ///     declares are added to it.
    ///   - inputOverride: an input format given on the command line, which replaces the
    ///     recipe's (its options for that plugin are then dropped).
    ///   - outputOverride: likewise, an output format.
    ///   - inputOptions: input options from the command line, over the recipe's.
    ///   - outputOptions: output options from the command line, over the recipe's.
    public func configure(
        registry: PluginRegistry, inputOverride: String? = nil, outputOverride: String? = nil,
        inputOptions: [RawOption] = [], outputOptions: [RawOption] = []
    ) throws(Diagnostic) -> ConfiguredRecipe {
        func located(_ use: PluginUse?, _ body: () throws(Diagnostic) -> Void) throws(Diagnostic) {
            do { try body() } catch {
                var d = error
                if d.location == nil { d.location = use?.location }
                throw d
            }
        }
        var declared = registry
        try located(nil) { () throws(Diagnostic) in declared = try registry.adding(plugins) }
        let registry = declared
        var result = ConfiguredRecipe(input: nil, transforms: [], output: nil, registry: registry)
        var inputUse = input
        if let inputOverride, inputOverride != input?.name || input?.external != nil {
            inputUse = inputOverride == "auto" ? nil : PluginUse(name: inputOverride)
        }
        if let use = inputUse {
            try located(use) { () throws(Diagnostic) in
                let plugin: any InputPlugin
                if let external = use.external { plugin = external.makePlugin() as! any InputPlugin } else { plugin = try registry.requireInput(use.name) }
                let options = try OptionValues.check(RawOption.merge(use.options, inputOptions), against: plugin.options, plugin: plugin.name)
                result.input = Configured(plugin, options: options)
            }
        } else if let first = inputOptions.first {
            throw .error("usage", "input options (-I \(first.name)=…) need an input format: give --from FORMAT", notes: ["with input: auto the format is chosen per file"])
        }
        for step in steps {
            try located(step) { () throws(Diagnostic) in
                let plugin: any Transform
                if let external = step.external { plugin = external.makePlugin() as! any Transform } else { plugin = try registry.requireTransform(step.name) }
                let options = try OptionValues.check(step.options, against: plugin.options, plugin: plugin.name)
                try plugin.prepare(options: options)
                result.transforms.append(Configured(plugin, options: options))
            }
        }
        var outputUse = output
        if let outputOverride, outputOverride != output?.name || output?.external != nil { outputUse = PluginUse(name: outputOverride) }
        if let use = outputUse {
            try located(use) { () throws(Diagnostic) in
                let plugin: any OutputPlugin
                if let external = use.external { plugin = external.makePlugin() as! any OutputPlugin } else { plugin = try registry.requireOutput(use.name) }
                let options = try OptionValues.check(RawOption.merge(use.options, outputOptions), against: plugin.options, plugin: plugin.name)
                result.output = Configured(plugin, options: options)
            }
        }
        return result
    }
}
