import DocumentModel

/// One option a plugin declares: its name, type, default and help.
public struct OptionSpec: Sendable, Hashable {
    public var name: String
    public var type: OptionType
    /// The value when the option is not given; nil for an option that is simply absent then.
    public var defaultValue: OptionValue?
    /// One line for `warraq plugins` and for error messages.
    public var help: String

    public init(_ name: String, _ type: OptionType, default defaultValue: OptionValue? = nil, help: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.help = help
    }
}

/// The type of an option's value.
public enum OptionType: Sendable, Hashable, CustomStringConvertible {
    case string
    case bool
    case integer(ClosedRange<Int>?)
    case number
    /// One of a fixed set of words.
    case choice([String])
    /// A file or folder; a relative path in a recipe resolves against the recipe's folder.
    case path
    /// One or more files or folders separated by commas; each relative one resolves against
    /// the recipe's folder.
    case paths
    /// A calendar date written `YYYY-MM-DD` (a day that exists: no 2015-02-29).
    case date

    public var description: String {
        switch self {
        case .string: "string"
        case .bool: "true|false"
        case .integer(let range?) where range.upperBound == .max: "integer ≥ \(range.lowerBound)"
        case .integer(let range?) where range.lowerBound == .min: "integer ≤ \(range.upperBound)"
        case .integer(let range?): "integer \(range.lowerBound)…\(range.upperBound)"
        case .integer(nil): "integer"
        case .number: "number"
        case .choice(let words): words.joined(separator: "|")
        case .path: "path"
        case .paths: "path[,path…]"
        case .date: "YYYY-MM-DD"
        }
    }
}

/// A checked option value.
public enum OptionValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case number(Double)

    public var description: String {
        switch self {
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .integer(let i): "\(i)"
        case .number(let d): "\(d)"
        }
    }
}

/// An option as the user wrote it (on the command line or in a recipe), not yet checked.
public struct RawOption: Sendable, Hashable {
    public var name: String
    /// The value's text.
    public var value: String
    /// Where the name was written, for errors.
    public var location: SourceLocation?
    /// Where the value was written, for errors; the name's location if nil.
    public var valueLocation: SourceLocation?
    /// The folder a relative path value resolves against (a recipe's folder); nil for the
    /// current folder.
    public var baseDirectory: String?

    public init(
        name: String, value: String, location: SourceLocation? = nil, valueLocation: SourceLocation? = nil,
        baseDirectory: String? = nil
    ) {
        self.name = name
        self.value = value
        self.location = location
        self.valueLocation = valueLocation
        self.baseDirectory = baseDirectory
    }

    /// `base` with `overrides` applied: an option named in both takes the override's value.
    public static func merge(_ base: [RawOption], _ overrides: [RawOption]) -> [RawOption] {
        let overridden = Set(overrides.map(\.name))
        return base.filter { !overridden.contains($0.name) } + overrides
    }

    /// Parses `name=value` as given to `-I`/`-O` on the command line.
    public static func parse(_ text: String, origin: String) throws(Diagnostic) -> RawOption {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw .error("bad-option", "\(origin) expects NAME=VALUE, got \"\(text)\"")
        }
        return RawOption(name: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
    }
}

/// A plugin's options after checking: every declared option with a value or a default.
public struct OptionValues: Sendable, Hashable {
    public private(set) var values: [String: OptionValue]

    public init(_ values: [String: OptionValue] = [:]) { self.values = values }

    public subscript(name: String) -> OptionValue? { values[name] }

    public func string(_ name: String) -> String? {
        switch values[name] {
        case .string(let s)?: s
        case let v?: v.description
        case nil: nil
        }
    }

    public func bool(_ name: String) -> Bool? {
        if case .bool(let b)? = values[name] { return b }
        return nil
    }

    public func integer(_ name: String) -> Int? {
        if case .integer(let i)? = values[name] { return i }
        return nil
    }

    public func number(_ name: String) -> Double? {
        switch values[name] {
        case .number(let d)?: d
        case .integer(let i)?: Double(i)
        default: nil
        }
    }

    /// Checks `raw` against `specs`: unknown names, wrong types and bad choices are errors that
    /// name the valid options or values. Undeclared defaults are filled in.
    ///
    /// - Parameter plugin: the plugin's name, for messages.
    public static func check(_ raw: [RawOption], against specs: [OptionSpec], plugin: String) throws(Diagnostic) -> OptionValues {
        var values: [String: OptionValue] = [:]
        for spec in specs {
            if let d = spec.defaultValue { values[spec.name] = d }
        }
        var seen: Set<String> = []
        for option in raw {
            guard let spec = specs.first(where: { $0.name == option.name }) else {
                let valid = specs.map(\.name)
                var notes = [valid.isEmpty ? "'\(plugin)' takes no options" : "valid options of '\(plugin)': \(valid.joined(separator: ", "))"]
                if let close = closestMatch(option.name, in: valid) { notes.insert("did you mean '\(close)'?", at: 0) }
                throw .error("unknown-option", "unknown option '\(option.name)' for '\(plugin)'", at: option.location, notes: notes)
            }
            guard seen.insert(option.name).inserted else {
                throw .error("duplicate-option", "option '\(option.name)' of '\(plugin)' is given twice", at: option.location)
            }
            values[spec.name] = try convert(option, spec, plugin: plugin)
        }
        return OptionValues(values)
    }

    /// Whether `text` is a date `YYYY-MM-DD` of the proleptic Gregorian calendar.
    static func isDate(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return false }
        func number(_ r: Range<Int>) -> Int? {
            var v = 0
            for k in r {
                guard (0x30...0x39).contains(b[k]) else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            return v
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), (1...12).contains(m), d >= 1 else { return false }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    static func convert(_ option: RawOption, _ spec: OptionSpec, plugin: String) throws(Diagnostic) -> OptionValue {
        let text = option.value
        let location = option.valueLocation ?? option.location
        func bad(_ expected: String) -> Diagnostic {
            .error(
                "bad-option-value", "option '\(spec.name)' of '\(plugin)' expects \(expected), got \"\(text)\"",
                at: location, notes: ["\(spec.name): \(spec.help)"])
        }
        switch spec.type {
        case .string:
            return .string(text)
        case .path:
            guard !text.isEmpty else { throw bad("a path") }
            if let base = option.baseDirectory, !text.hasPrefix("/") {
                return .string(base == "." ? text : (base.hasSuffix("/") ? base : base + "/") + text)
            }
            return .string(text)
        case .paths:
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else { throw bad("paths separated by commas") }
            return .string(
                parts.map { part in
                    guard let base = option.baseDirectory, !part.hasPrefix("/"), base != "." else { return part }
                    return (base.hasSuffix("/") ? base : base + "/") + part
                }.joined(separator: ","))
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "on", "1": return .bool(true)
            case "false", "no", "off", "0": return .bool(false)
            default: throw bad("true or false")
            }
        case .integer(let range):
            guard let i = Int(text) else { throw bad("an integer") }
            if let range, !range.contains(i) { throw bad("an integer from \(range.lowerBound) to \(range.upperBound)") }
            return .integer(i)
        case .number:
            guard let d = Double(text), d.isFinite else { throw bad("a number") }
            return .number(d)
        case .date:
            guard Self.isDate(text) else { throw bad("a date YYYY-MM-DD") }
            return .string(text)
        case .choice(let words):
            guard words.contains(text) else {
                var d = bad("one of \(words.joined(separator: ", "))")
                if let close = closestMatch(text, in: words) { d.notes.insert("did you mean '\(close)'?", at: 0) }
                throw d
            }
            return .string(text)
        }
    }
}

/// The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo.
public func closestMatch(_ word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
    let w = Array(word.lowercased())
    let scored = candidates.map { ($0, distance(w, Array($0.lowercased()))) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, w.count / 3) else { return nil }
    return best.0
}

extension Substring {
    /// The text without spaces at either end.
    fileprivate var trimmingSpaces: String {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
