/// Every plugin warraq knows: a plain list, assembled in `BuiltinPlugins` (and extended by
/// whoever builds on `WarraqKit`).
public struct PluginRegistry: Sendable {
    public var inputs: [any InputPlugin]
    public var outputs: [any OutputPlugin]
    public var transforms: [any Transform]

    public init(inputs: [any InputPlugin] = [], outputs: [any OutputPlugin] = [], transforms: [any Transform] = []) {
        self.inputs = inputs
        self.outputs = outputs
        self.transforms = transforms
    }

    /// Adds a plugin where its protocol says: an ``InputPlugin`` to the inputs, an
    /// ``OutputPlugin`` to the outputs, a ``Transform`` to the transforms (a value that is
    /// several is added to each). One with the name of a plugin of the same kind replaces it.
    public mutating func register(_ plugin: any Plugin) {
        if let input = plugin as? any InputPlugin {
            if let i = inputs.firstIndex(where: { $0.name == input.name }) { inputs[i] = input } else { inputs.append(input) }
        }
        if let output = plugin as? any OutputPlugin {
            if let i = outputs.firstIndex(where: { $0.name == output.name }) { outputs[i] = output } else { outputs.append(output) }
        }
        if let transform = plugin as? any Transform {
            if let i = transforms.firstIndex(where: { $0.name == transform.name }) { transforms[i] = transform } else { transforms.append(transform) }
        }
    }

    public func input(named name: String) -> (any InputPlugin)? { inputs.first { $0.name == name } }
    public func output(named name: String) -> (any OutputPlugin)? { outputs.first { $0.name == name } }
    public func transform(named name: String) -> (any Transform)? { transforms.first { $0.name == name } }

    /// The input plugin for a file's extension (case-insensitive), if one claims it.
    public func input(forPath path: String) -> (any InputPlugin)? {
        guard let ext = fileExtension(of: path) else { return nil }
        return inputs.first { $0.fileExtensions.contains(ext) }
    }

    /// The output plugin for a file's extension (case-insensitive): `out.json` → `json`. A
    /// double extension is tried first, so that `out.tei.xml` finds the plugin that claims
    /// `tei.xml` even when another claims `xml`.
    public func output(forPath path: String) -> (any OutputPlugin)? {
        for ext in [doubleFileExtension(of: path), fileExtension(of: path)].compactMap({ $0 }) {
            if let plugin = outputs.first(where: { $0.fileExtension == ext || $0.otherExtensions.contains(ext) }) {
                return plugin
            }
        }
        return nil
    }

    /// The input plugin for `input: auto`: by the path's extension, then by the first 4 KB of
    /// content, then plain text.
    public func detectInput(path: String?, bytes: [UInt8]) -> any InputPlugin {
        if let path, let plugin = input(forPath: path) { return plugin }
        let prefix = bytes.prefix(4096)
        if let plugin = inputs.first(where: { $0.recognizes(prefix) }) { return plugin }
        return input(named: "text") ?? inputs[0]
    }

    /// An input by name, or an error listing the valid names.
    public func requireInput(_ name: String) throws(Diagnostic) -> any InputPlugin {
        if let plugin = input(named: name) { return plugin }
        throw unknown("input format", name, inputs.map(\.name))
    }

    /// An output by name, or an error listing the valid names.
    public func requireOutput(_ name: String) throws(Diagnostic) -> any OutputPlugin {
        if let plugin = output(named: name) { return plugin }
        throw unknown("output format", name, outputs.map(\.name))
    }

    /// A transform by name, or an error listing the valid names.
    public func requireTransform(_ name: String) throws(Diagnostic) -> any Transform {
        if let plugin = transform(named: name) { return plugin }
        throw unknown("transform", name, transforms.map(\.name))
    }

    private func unknown(_ what: String, _ name: String, _ valid: [String]) -> Diagnostic {
        var notes = ["valid: \(valid.joined(separator: ", "))"]
        if let close = closestMatch(name, in: valid) { notes.insert("did you mean '\(close)'?", at: 0) }
        return .error("unknown-plugin", "unknown \(what) '\(name)'", notes: notes)
    }
}

/// The lowercase extension of a path's last component (`a/b.TXT` → `txt`), or nil.
public func fileExtension(of path: String) -> String? {
    let name = lastComponent(of: path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
    let ext = name[name.index(after: dot)...]
    return ext.isEmpty ? nil : ext.lowercased()
}

/// The last component of a path, trailing slashes aside (`a/b/` → `b`); the path itself when
/// it has none (`/`, the empty path). A batch asks this of every file, so it looks at the end
/// of the path only.
func lastComponent(of path: String) -> Substring {
    let utf8 = path.utf8
    var end = utf8.endIndex
    while end > utf8.startIndex, utf8[utf8.index(before: end)] == 0x2F { end = utf8.index(before: end) }
    guard end > utf8.startIndex else { return path[...] }
    var start = end
    while start > utf8.startIndex, utf8[utf8.index(before: start)] != 0x2F { start = utf8.index(before: start) }
    return path[start..<end]
}

/// The lowercase last two extensions of a path's last component (`a/b.TEI.xml` → `tei.xml`),
/// or nil when it has fewer than two (a leading dot starts no extension).
public func doubleFileExtension(of path: String) -> String? {
    let name = lastComponent(of: path)
    guard let last = name.lastIndex(of: "."), last != name.startIndex,
        let previous = name[..<last].lastIndex(of: "."), previous != name.startIndex,
        name.index(after: previous) < last, name.index(after: last) < name.endIndex
    else { return nil }
    return name[name.index(after: previous)...].lowercased()
}

/// The folder part of a path: `a/b/c.txt` → `a/b`, `/c.txt` → `/`, `c.txt` → `.`.
public func parentFolder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
