import DocumentModel

/// Reading external plugins from recipes: the `plugins:` section (and the plugins files it
/// includes), `- run: {command: […]}` steps, and `input:`/`output:` given as a command.
extension Recipe {
    /// The keys of a declaration in `plugins:`.
    static let declarationKeys = ["kind", "summary", "command", "options", "timeout", "output-limit", "mode", "extensions", "extension"]
    /// The keys of an option's declaration.
    static let optionKeys = ["type", "default", "help", "values", "min", "max"]
    /// Names a declared plugin cannot take.
    static let reservedNames = ["run", "include", "auto"]

    /// The `plugins:` section: a mapping of name → declaration (with `include:` naming plugins
    /// files), or the path of a plugins file, or a list of paths.
    static func declarations(_ node: YAMLNode, chain: [String] = []) throws(Diagnostic) -> [ExternalPluginDeclaration] {
        if node.isNull { return [] }
        if let path = node.string, node.mapping == nil, node.sequence == nil {
            return try pluginsFile(path, from: node, chain: chain)
        }
        if let items = node.sequence {
            var result: [ExternalPluginDeclaration] = []
            for item in items {
                guard let path = item.string, item.mapping == nil, item.sequence == nil, !item.isNull else {
                    throw .error("bad-recipe", "a list under plugins names plugins files, got \(item.typeDescription)", at: item.location)
                }
                result += try pluginsFile(path, from: item, chain: chain)
            }
            return try unique(result)
        }
        guard let pairs = node.mapping else {
            throw .error(
                "bad-recipe", "plugins expects a mapping of plugin names to declarations, or the path of a plugins file, got \(node.typeDescription)",
                at: node.location, notes: ["for example:\n  plugins:\n    my-cleaner:\n      command: [python3, clean.py]"])
        }
        var result: [ExternalPluginDeclaration] = []
        for pair in pairs {
            guard let name = pair.key.string else {
                throw .error("bad-recipe", "a plugin name is text, got \(pair.key.typeDescription)", at: pair.key.location)
            }
            if name == "include" {
                result += try declarations(pair.value, chain: chain)
                continue
            }
            result.append(try declaration(name, pair.value, at: pair.key.location))
        }
        return try unique(result)
    }

    private static func unique(_ list: [ExternalPluginDeclaration]) throws(Diagnostic) -> [ExternalPluginDeclaration] {
        var seen: [String: SourceLocation?] = [:]
        for item in list {
            if let first = seen[item.name] {
                throw .error(
                    "duplicate-plugin", "the plugin '\(item.name)' is declared twice", at: item.location,
                    notes: first.map { ["first declared at \($0.path):\($0.line ?? 0)"] } ?? [])
            }
            seen[item.name] = item.location
        }
        return list
    }

    /// A plugins file: a YAML mapping with one key, `plugins:`.
    private static func pluginsFile(_ path: String, from node: YAMLNode, chain: [String]) throws(Diagnostic) -> [ExternalPluginDeclaration] {
        let resolved = resolve(path, against: parentFolder(of: node.location.path))
        if chain.contains(resolved) || chain.count > 16 {
            throw .error("include-cycle", "plugins files include each other: \((chain + [resolved]).joined(separator: " → "))", at: node.location)
        }
        let bytes: [UInt8]
        do {
            bytes = try FileInput.read(resolved, limit: 16 << 20)
        } catch {
            throw .error("bad-recipe", "cannot read the plugins file '\(resolved)': \(error.message)", at: node.location)
        }
        guard let root = try YAML.parse(bytes, path: resolved) else { return [] }
        guard let pairs = root.mapping else {
            throw .error("bad-plugins-file", "a plugins file is a mapping with the key plugins, not \(root.typeDescription)", at: root.location)
        }
        for pair in pairs where !["plugins", "warraq"].contains(pair.key.string ?? "") {
            throw unknownKey(pair.key, valid: ["plugins", "warraq"], in: "a plugins file")
        }
        guard let section = root["plugins"] else { return [] }
        return try declarations(section, chain: chain + [resolved])
    }

    /// One entry of `plugins:`.
    static func declaration(_ name: String, _ node: YAMLNode, at location: SourceLocation) throws(Diagnostic) -> ExternalPluginDeclaration {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }),
            name.first?.isLetter == true
        else {
            throw .error("bad-plugin-name", "a plugin name is lowercase letters, digits and hyphens, starting with a letter; got '\(name)'", at: location)
        }
        if reservedNames.contains(name) {
            throw .error("bad-plugin-name", "'\(name)' is a word recipes use; give the plugin another name", at: location)
        }
        guard let pairs = node.mapping else {
            throw .error(
                "bad-recipe", "the declaration of '\(name)' is a mapping (command, kind, summary, options, …), got \(node.typeDescription)",
                at: node.location)
        }
        for pair in pairs where !declarationKeys.contains(pair.key.string ?? "") {
            throw unknownKey(pair.key, valid: declarationKeys, in: "the declaration of '\(name)'")
        }
        var kind = ExternalPluginDeclaration.Kind.transform
        if let node = node["kind"] {
            guard let text = node.string, let value = ExternalPluginDeclaration.Kind(rawValue: text) else {
                throw choiceError("kind", node, ExternalPluginDeclaration.Kind.allCases.map(\.rawValue))
            }
            kind = value
        }
        var declaration = try commandSettings(node, name: name, kind: kind, location: location, allowed: declarationKeys)
        declaration.summary = try optionalString(node["summary"], "summary") ?? "an external plugin: \(declaration.command.joined(separator: " "))"
        if let options = node["options"], !options.isNull {
            declaration.options = try optionSpecs(options, plugin: name)
        }
        return declaration
    }

    /// The settings shared by declarations and inline commands: command, timeout, output-limit,
    /// mode, extensions, extension.
    static func commandSettings(
        _ node: YAMLNode, name: String?, kind: ExternalPluginDeclaration.Kind, location: SourceLocation, allowed: [String]
    ) throws(Diagnostic) -> ExternalPluginDeclaration {
        guard let commandNode = node["command"] else {
            throw .error(
                "bad-recipe", "\(name.map { "'\($0)'" } ?? "an external plugin") needs a command", at: node.location,
                notes: ["for example command: [python3, clean.py]"])
        }
        let command = try self.command(commandNode)
        var declaration = ExternalPluginDeclaration(
            name: name ?? command.joined(separator: " "), kind: kind, command: command,
            directory: parentFolder(of: commandNode.location.path), location: location)
        if let node = node["timeout"] {
            guard let text = node.string, let seconds = Double(text), seconds > 0, seconds <= 86_400, node.mapping == nil else {
                throw .error("bad-option-value", "timeout expects a number of seconds from 0 to 86400, got \(node.typeDescription) \(node.string.map { "'\($0)'" } ?? "")", at: node.location)
            }
            declaration.timeout = seconds
        }
        if let node = node["output-limit"] {
            guard let text = node.string, let bytes = byteCount(text) else {
                throw .error("bad-option-value", "output-limit expects a size such as 64MB, 512KB or a number of bytes, got \(node.string.map { "'\($0)'" } ?? node.typeDescription)", at: node.location)
            }
            declaration.outputLimit = bytes
        }
        if let node = node["mode"] {
            guard let text = node.string, let mode = ExternalPluginDeclaration.Mode(rawValue: text) else {
                throw choiceError("mode", node, ExternalPluginDeclaration.Mode.allCases.map(\.rawValue))
            }
            if mode == .stream && kind != .transform {
                throw .error("bad-recipe", "mode: stream is for transforms; an \(kind.rawValue) runs once per document", at: node.location)
            }
            declaration.mode = mode
        }
        if let node = node["extensions"] {
            guard kind == .input else { throw .error("bad-recipe", "extensions is for inputs; an output has extension", at: node.location) }
            let list = node.sequence ?? [node]
            declaration.fileExtensions = try list.map { (item: YAMLNode) throws(Diagnostic) -> String in
                guard let text = item.string, !text.isEmpty, item.mapping == nil, item.sequence == nil else {
                    throw .error("bad-recipe", "extensions expects file extensions such as [xml, html], got \(item.typeDescription)", at: item.location)
                }
                return String(text.drop(while: { $0 == "." })).lowercased()
            }
        }
        if let node = node["extension"] {
            guard kind == .output else { throw .error("bad-recipe", "extension is for outputs; an input has extensions", at: node.location) }
            guard let text = node.string, !text.isEmpty, node.mapping == nil, node.sequence == nil else {
                throw .error("bad-recipe", "extension expects a file extension such as xml, got \(node.typeDescription)", at: node.location)
            }
            declaration.fileExtension = String(text.drop(while: { $0 == "." }))
        }
        return declaration
    }

    /// `[program, argument, …]`: run directly, never split or given to a shell.
    static func command(_ node: YAMLNode) throws(Diagnostic) -> [String] {
        if let text = node.string, node.mapping == nil, node.sequence == nil, !node.isNull {
            if text.contains(" ") {
                let words = text.split(separator: " ").map(String.init)
                throw .error(
                    "bad-recipe", "a command is a list of the program and its arguments; warraq does not split it or use a shell",
                    at: node.location,
                    notes: ["write command: [\(words.joined(separator: ", "))]", "for a shell, say so: command: [sh, -c, \"\(text)\"]"])
            }
            guard !text.isEmpty else { throw .error("bad-recipe", "the command is empty", at: node.location) }
            return [text]
        }
        guard let items = node.sequence, !items.isEmpty else {
            throw .error("bad-recipe", "command expects a list of the program and its arguments, got \(node.typeDescription)", at: node.location)
        }
        return try items.map { (item: YAMLNode) throws(Diagnostic) -> String in
            guard let text = item.string, item.mapping == nil, item.sequence == nil, !item.isNull else {
                throw .error("bad-recipe", "each word of a command is text, got \(item.typeDescription)", at: item.location)
            }
            return text
        }
    }

    /// `64MB`, `512KB`, `1GB`, `1000`.
    static func byteCount(_ text: String) -> Int? { ByteCount.parse(text) }

    private static func choiceError(_ key: String, _ node: YAMLNode, _ valid: [String]) -> Diagnostic {
        var notes = ["valid: \(valid.joined(separator: ", "))"]
        if let text = node.string, let close = closestMatch(text, in: valid) { notes.insert("did you mean '\(close)'?", at: 0) }
        return .error("bad-option-value", "\(key) expects one of \(valid.joined(separator: ", ")), got \(node.string.map { "'\($0)'" } ?? node.typeDescription)", at: node.location, notes: notes)
    }

    /// The declared options of an external plugin: name → {type, default, help, values, min, max}.
    static func optionSpecs(_ node: YAMLNode, plugin: String) throws(Diagnostic) -> [OptionSpec] {
        guard let pairs = node.mapping else {
            throw .error("bad-recipe", "the options of '\(plugin)' are declared as a mapping name → {type, default, help}, got \(node.typeDescription)", at: node.location)
        }
        let types = ["string", "bool", "integer", "number", "choice", "path"]
        var specs: [OptionSpec] = []
        for pair in pairs {
            guard let name = pair.key.string, !name.isEmpty else {
                throw .error("bad-recipe", "an option name is text", at: pair.key.location)
            }
            let body = pair.value
            if body.isNull {
                specs.append(OptionSpec(name, .string, help: ""))
                continue
            }
            if let word = body.string, body.mapping == nil, body.sequence == nil {
                guard let type = simpleType(word) else { throw choiceError("the type of option '\(name)'", body, types) }
                specs.append(OptionSpec(name, type, help: ""))
                continue
            }
            guard body.mapping != nil else {
                throw .error("bad-recipe", "option '\(name)' of '\(plugin)' is declared as {type, default, help}, got \(body.typeDescription)", at: body.location)
            }
            for key in body.mapping! where !optionKeys.contains(key.key.string ?? "") {
                throw unknownKey(key.key, valid: optionKeys, in: "option '\(name)' of '\(plugin)'")
            }
            var type = OptionType.string
            if let typeNode = body["type"] {
                guard let word = typeNode.string, types.contains(word) else { throw choiceError("type", typeNode, types) }
                switch word {
                case "choice":
                    guard let values = body["values"]?.sequence, !values.isEmpty else {
                        throw .error("bad-recipe", "option '\(name)' of type choice needs values: [a, b, …]", at: typeNode.location)
                    }
                    type = .choice(values.compactMap(\.string))
                case "integer":
                    let low = body["min"]?.int, high = body["max"]?.int
                    if body["min"] != nil && low == nil { throw .error("bad-recipe", "min expects an integer", at: body["min"]!.location) }
                    if body["max"] != nil && high == nil { throw .error("bad-recipe", "max expects an integer", at: body["max"]!.location) }
                    if low != nil || high != nil {
                        let range = (low ?? Int.min)...(high ?? Int.max)
                        type = .integer(range)
                    } else {
                        type = .integer(nil)
                    }
                default:
                    type = simpleType(word)!
                }
            }
            let help = try optionalString(body["help"], "help") ?? ""
            var spec = OptionSpec(name, type, help: help)
            if let defaultNode = body["default"], !defaultNode.isNull {
                guard let text = defaultNode.string, defaultNode.mapping == nil, defaultNode.sequence == nil else {
                    throw .error("bad-recipe", "the default of '\(name)' is a single value", at: defaultNode.location)
                }
                spec.defaultValue = try OptionValues.convert(
                    RawOption(name: name, value: text, location: defaultNode.location, baseDirectory: parentFolder(of: defaultNode.location.path)),
                    spec, plugin: plugin)
            }
            specs.append(spec)
        }
        return specs
    }

    private static func simpleType(_ word: String) -> OptionType? {
        switch word {
        case "string": .string
        case "bool": .bool
        case "integer": .integer(nil)
        case "number": .number
        case "path": .path
        default: nil
        }
    }

    /// Options of an inline command, which declares none: each takes the type its value reads
    /// as (true/false, an integer, a number, else text).
    static func inferredSpecs(_ options: [RawOption]) -> [OptionSpec] {
        options.map { option in
            let type: OptionType =
                ["true", "false"].contains(option.value) ? .bool
                : Int(option.value) != nil ? .integer(nil)
                : Double(option.value).map { $0.isFinite } == true ? .number : .string
            return OptionSpec(option.name, type, help: "")
        }
    }

    /// `- run: {command: […], options: {…}, timeout: 30, mode: stream}` (or `- run: [program, …]`).
    static func runStep(_ node: YAMLNode, at location: SourceLocation) throws(Diagnostic) -> PluginUse {
        let body: YAMLNode
        if node.mapping != nil {
            body = node
        } else {
            // `- run: [python3, clean.py]`: the command alone.
            let key = YAMLNode(kind: .scalar("command", tag: nil, style: .plain), location: node.location)
            body = YAMLNode(kind: .mapping([YAMLPair(key: key, value: node)]), location: node.location)
        }
        let keys = ["command", "options", "timeout", "output-limit", "mode"]
        for pair in body.mapping! where !keys.contains(pair.key.string ?? "") {
            throw unknownKey(pair.key, valid: keys, in: "a run step")
        }
        var declaration = try commandSettings(body, name: nil, kind: .transform, location: location, allowed: keys)
        declaration.summary = "runs \(declaration.command.joined(separator: " "))"
        let options = try self.options(body["options"], of: declaration.name)
        declaration.options = inferredSpecs(options)
        return PluginUse(name: declaration.name, options: options, location: location, external: declaration)
    }

    /// `input: {command: […], …}` or `output: {command: […], …}`.
    static func commandUse(_ node: YAMLNode, role: String) throws(Diagnostic) -> PluginUse {
        let kind: ExternalPluginDeclaration.Kind = role == "input" ? .input : .output
        let keys = ["command", "options", "timeout", "output-limit", kind == .input ? "extensions" : "extension"]
        for pair in node.mapping! where !keys.contains(pair.key.string ?? "") {
            throw unknownKey(pair.key, valid: keys, in: "an external \(role)")
        }
        var declaration = try commandSettings(node, name: nil, kind: kind, location: node["command"]!.location, allowed: keys)
        declaration.summary = "runs \(declaration.command.joined(separator: " "))"
        let options = try self.options(node["options"], of: declaration.name)
        declaration.options = inferredSpecs(options)
        return PluginUse(name: declaration.name, options: options, location: node["command"]!.location, external: declaration)
    }

    /// The external plugins a recipe or a plugins file declares, for `warraq plugins`.
    public static func declaredPlugins(in path: String) throws(Diagnostic) -> [ExternalPluginDeclaration] {
        let bytes = try FileInput.read(path, limit: 16 << 20)
        guard let root = try YAML.parse(bytes, path: path) else { return [] }
        if root["warraq"] != nil || root["extends"] != nil {
            return try load(path).plugins
        }
        let node = YAMLNode(kind: .scalar(path, tag: nil, style: .plain), location: SourceLocation(path: "./"))
        return try pluginsFile(path, from: node, chain: [])
    }
}

extension PluginRegistry {
    /// This registry with external plugins added; a name a plugin here already has is an error.
    public func adding(_ declarations: [ExternalPluginDeclaration]) throws(Diagnostic) -> PluginRegistry {
        var registry = self
        let taken = Set(inputs.map(\.name) + outputs.map(\.name) + transforms.map(\.name))
        for declaration in declarations {
            if taken.contains(declaration.name) {
                throw .error(
                    "plugin-name-taken", "the plugin '\(declaration.name)' is declared, but warraq has a plugin of that name",
                    at: declaration.location, notes: ["give it another name; `warraq plugins` lists the names in use"])
            }
            registry.register(declaration.makePlugin())
        }
        return registry
    }
}
