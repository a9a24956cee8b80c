internal import CYAML

/// A YAML node (a scalar, a sequence or a mapping) with where it starts in its file.
public struct YAMLNode: Sendable, Hashable {
    /// What the node is.
    public enum Kind: Sendable, Hashable {
        /// Text with its tag as libyaml reports it (`tag:yaml.org,2002:str` for `!!str`, `!x`
        /// for a local tag, nil for none) and how it was written.
        case scalar(String, tag: String?, style: ScalarStyle)
        case sequence([YAMLNode])
        /// Key/value pairs in document order.
        case mapping([YAMLPair])
    }

    /// How a scalar was written: the plain ones are typed (`true`, `12`, `null`), the others
    /// are always text.
    public enum ScalarStyle: String, Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var kind: Kind
    /// Where the node starts (at its anchor or tag when it has one): path, 1-based line and
    /// column (in Unicode scalars), byte offset and the line's text. The copy an alias makes is
    /// located at the alias; the nodes inside it keep the locations of the anchored original.
    public var location: SourceLocation

    public init(kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// One entry of a YAML mapping.
public struct YAMLPair: Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// The YAML loader, on libyaml. The only code in warraq that talks to libyaml.
public enum YAML {
    /// Bounds that keep a hostile or broken file from exhausting memory or the stack.
    public struct Limits: Sendable {
        /// The most nodes the loaded tree may hold, counting every node an alias copies.
        public var maximumNodes: Int = 100_000
        /// The deepest nesting of sequences and mappings, aliases expanded.
        public var maximumDepth: Int = 256

        public init(maximumNodes: Int = 100_000, maximumDepth: Int = 256) {
            self.maximumNodes = maximumNodes
            self.maximumDepth = maximumDepth
        }
    }

    /// Parses one YAML document.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 text, with or without a byte order mark.
    ///   - path: the file's path as the user gave it, for locations.
    ///   - limits: bounds on the size and depth of the tree.
    /// - Returns: the document's root node, or nil for an empty file (or one of only comments).
    /// - Throws: a `Diagnostic` located in the file: `yaml-syntax` (libyaml's scanner and parser
    ///   errors, control characters), `invalid-utf8`, `duplicate-key`, `yaml-unknown-alias`,
    ///   `yaml-multiple-documents`, `yaml-too-large`, `yaml-too-deep`, `yaml-memory`.
    public static func parse(_ bytes: [UInt8], path: String, limits: Limits = Limits()) throws(Diagnostic) -> YAMLNode? {
        // The BOM is not passed on: libyaml would count it as a column, and then "a" on the
        // first line would sit deeper than "b" on the next.
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if bytes.count == bom { return nil }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            throw .error("yaml-memory", "out of memory while starting the YAML parser", at: SourceLocation(path: path))
        }
        defer { yaml_parser_delete(parser) }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(Diagnostic) -> YAMLNode? in
            yaml_parser_set_input_string(parser, buffer.baseAddress! + bom, buffer.count - bom)
            // UTF-8 only: without this libyaml would also take UTF-16 after a UTF-16 BOM.
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            var loader = YAMLLoader(bytes: bytes, path: path, limits: limits)
            return try loader.load(parser)
        }
    }
}

// MARK: - Typed views

extension YAMLNode {
    private static let nullTag = "tag:yaml.org,2002:null"
    private static let boolTag = "tag:yaml.org,2002:bool"
    private static let intTag = "tag:yaml.org,2002:int"
    private static let floatTag = "tag:yaml.org,2002:float"

    /// The scalar's text when it is untagged and plain, or tagged with `tag`: the text the
    /// YAML 1.2 core schema would resolve.
    private func resolvable(as tags: String...) -> String? {
        guard case .scalar(let text, let tag, let style) = kind else { return nil }
        if let tag { return tags.contains(tag) ? text : nil }
        return style == .plain ? text : nil
    }

    /// A plain `""`, `~`, `null`, `Null` or `NULL` scalar, or one tagged `!!null`.
    public var isNull: Bool {
        guard let text = resolvable(as: Self.nullTag) else { return false }
        if case .scalar(_, tag: Self.nullTag?, _) = kind { return true }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// Any scalar's text, whatever its style or tag.
    public var string: String? {
        if case .scalar(let text, _, _) = kind { return text }
        return nil
    }

    /// A plain `true`/`True`/`TRUE` or `false`/`False`/`FALSE` (the YAML 1.2 core schema: not
    /// `yes`, `no`, `on` or `off`).
    public var bool: Bool? {
        switch resolvable(as: Self.boolTag) {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// A plain integer: decimal with an optional sign, `0x` hexadecimal or `0o` octal. Nil when
    /// it does not fit an `Int`.
    public var int: Int? {
        guard let text = resolvable(as: Self.intTag) else { return nil }
        return Self.integer(text)
    }

    /// A plain number: an integer, a decimal fraction with an optional exponent, `.inf`,
    /// `-.inf` or `.nan`.
    public var double: Double? {
        guard let text = resolvable(as: Self.floatTag, Self.intTag) else { return nil }
        if let value = Self.integer(text) { return Double(value) }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        return Self.isDecimal(text) ? Double(text) : nil
    }

    /// The items of a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The pairs of a mapping, in document order.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The value of the first pair whose key is a scalar with text `key`; nil when there is
    /// none or this is not a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.string == key }?.value
    }

    /// What the node is, for messages: "a string", "a number", "true/false", "null",
    /// "a list" or "a mapping".
    public var typeDescription: String {
        switch kind {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar:
            if isNull { return "null" }
            if bool != nil { return "true/false" }
            if double != nil { return "a number" }
            return "a string"
        }
    }

    private static func integer(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        func digits(_ from: Int, _ valid: (UInt8) -> Bool) -> Bool {
            from < bytes.count && bytes[from...].allSatisfy(valid)
        }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        if bytes.count > 2 && bytes[0] == 0x30 && bytes[1] == 0x78 {  // 0x
            let isHex = { (b: UInt8) in isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66) }
            return digits(2, isHex) ? Int(text.dropFirst(2), radix: 16) : nil
        }
        if bytes.count > 2 && bytes[0] == 0x30 && bytes[1] == 0x6F {  // 0o
            return digits(2, { $0 >= 0x30 && $0 <= 0x37 }) ? Int(text.dropFirst(2), radix: 8) : nil
        }
        let start = bytes.first == 0x2B || bytes.first == 0x2D ? 1 : 0  // + -
        return digits(start, isDigit) ? Int(text) : nil
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isDecimal(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0
        func digitRun() -> Int {
            let start = i
            while i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < bytes.count && (bytes[i] == 0x2B || bytes[i] == 0x2D) { i += 1 }
        var mantissa = digitRun()
        if i < bytes.count && bytes[i] == 0x2E {
            i += 1
            mantissa += digitRun()
        }
        guard mantissa > 0 else { return false }
        if i < bytes.count && (bytes[i] == 0x65 || bytes[i] == 0x45) {
            i += 1
            if i < bytes.count && (bytes[i] == 0x2B || bytes[i] == 0x2D) { i += 1 }
            guard digitRun() > 0 else { return false }
        }
        return i == bytes.count
    }

    /// Whether two nodes say the same thing, wherever they are: for duplicate keys. Like scalar
    /// keys, scalars are compared by their text, whatever their style or tag.
    fileprivate func sameContent(as other: YAMLNode) -> Bool {
        switch (kind, other.kind) {
        case let (.scalar(a, _, _), .scalar(b, _, _)):
            return a == b
        case let (.sequence(a), .sequence(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.sameContent(as: $1) }
        case let (.mapping(a), .mapping(b)):
            return a.count == b.count
                && zip(a, b).allSatisfy { $0.key.sameContent(as: $1.key) && $0.value.sameContent(as: $1.value) }
        default:
            return false
        }
    }
}

// MARK: - Loading

/// Builds the tree from libyaml's events, with an explicit stack of open collections.
private struct YAMLLoader {
    let path: String
    let limits: YAML.Limits
    var locator: MarkLocator

    /// A node that has been anchored, with the nodes it counts, how deep it nests and the hash
    /// of its content.
    struct Anchored {
        var node: YAMLNode
        var size: Int
        var height: Int
        var hash: Int
    }

    /// A sequence or mapping whose end has not come yet.
    struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var anchor: String?
        /// `nodeCount` before this collection began.
        var startCount: Int
        /// The height of the tallest item so far (a scalar is 0 high, a collection 1 more
        /// than its tallest item).
        var height = 0
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        var scalarKeys: [String: SourceLocation] = [:]
        /// Keys that are sequences or mappings, by the hash of their content.
        var complexKeys: [Int: [YAMLNode]] = [:]
        /// The hash of the content so far: kind, then each item's content hash.
        var hasher = Hasher()
    }

    var anchors: [String: Anchored] = [:]
    var stack: [Frame] = []
    /// How many open collections carry an anchor (to skip the search for recursive aliases).
    var openAnchors = 0
    var nodeCount = 0
    var documents = 0
    var root: YAMLNode?

    init(bytes: [UInt8], path: String, limits: YAML.Limits) {
        self.path = path
        self.limits = limits
        self.locator = MarkLocator(bytes: bytes, path: path)
    }

    mutating func load(_ parser: UnsafeMutablePointer<yaml_parser_t>) throws(Diagnostic) -> YAMLNode? {
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) != 0 else { throw libyamlError(parser.pointee) }
            defer { yaml_event_delete(&event) }
            if try handle(event) { return root }
        }
    }

    /// Takes in one event; true at the end of the stream.
    private mutating func handle(_ event: yaml_event_t) throws(Diagnostic) -> Bool {
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            if documents > 0 {
                throw .error(
                    "yaml-multiple-documents", "a second YAML document starts here; the file must hold one document",
                    at: location(event.start_mark),
                    notes: ["a '---' or '...' line after the content ends the first document"])
            }
            documents += 1
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(data.length)), as: UTF8.self) } ?? ""
            let tag = data.tag.map { String(cString: $0) }
            let node = YAMLNode(kind: .scalar(text, tag: tag, style: Self.style(data.style)), location: location(event.start_mark))
            try count(1, at: node.location)
            var hasher = Hasher()
            hasher.combine(0 as UInt8)
            hasher.combine(text)
            try complete(node, size: 1, height: 0, hash: hasher.finalize(), anchor: data.anchor.map { String(cString: $0) })
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            let here = location(event.start_mark)
            guard let anchored = anchors[name] else {
                if openAnchors > 0 && stack.contains(where: { $0.anchor == name }) {
                    throw .error(
                        "yaml-unknown-alias", "the alias '*\(name)' refers to a node that contains it", at: here,
                        notes: ["warraq cannot load recursive YAML"])
                }
                throw .error("yaml-unknown-alias", "unknown alias '*\(name)': no anchor '&\(name)' comes before it", at: here)
            }
            try count(anchored.size, at: here)
            if stack.count + anchored.height > limits.maximumDepth { throw tooDeep(at: here) }
            var node = anchored.node
            node.location = here
            try complete(node, size: anchored.size, height: anchored.height, hash: anchored.hash, anchor: nil)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let here = location(event.start_mark)
            if stack.count >= limits.maximumDepth { throw tooDeep(at: here) }
            let startCount = nodeCount
            try count(1, at: here)
            var frame = Frame(isMapping: isMapping, location: here, anchor: anchor.map { String(cString: $0) }, startCount: startCount)
            frame.hasher.combine(isMapping ? 2 as UInt8 : 1 as UInt8)
            if frame.anchor != nil { openAnchors += 1 }
            stack.append(frame)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { break }
            if frame.anchor != nil { openAnchors -= 1 }
            let node = YAMLNode(kind: frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items), location: frame.location)
            try complete(
                node, size: nodeCount - frame.startCount, height: frame.height + 1, hash: frame.hasher.finalize(), anchor: frame.anchor)
        default:
            break  // stream start, document end
        }
        return false
    }

    /// Puts a finished node into the collection that holds it (or makes it the root) and
    /// records its anchor.
    private mutating func complete(_ node: YAMLNode, size: Int, height: Int, hash: Int, anchor: String?) throws(Diagnostic) {
        if let anchor { anchors[anchor] = Anchored(node: node, size: size, height: height, hash: hash) }
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].height = max(stack[top].height, height)
        stack[top].hasher.combine(hash)
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].pendingKey else {
            try Self.checkDuplicate(node, hash: hash, in: &stack[top])
            stack[top].pendingKey = node
            return
        }
        stack[top].pairs.append(YAMLPair(key: key, value: node))
        stack[top].pendingKey = nil
    }

    /// Static, so that the call does not copy the loader (and with it the stack) to pass `self`
    /// next to an `inout` part of it.
    private static func checkDuplicate(_ key: YAMLNode, hash: Int, in frame: inout Frame) throws(Diagnostic) {
        if let text = key.string {
            if let first = frame.scalarKeys[text] {
                let shown = shortened(text)
                throw .error(
                    "duplicate-key", "the key '\(shown)' appears twice in this mapping", at: key.location,
                    notes: ["the first '\(shown)' is on line \(first.line ?? 0)"])
            }
            frame.scalarKeys[text] = key.location
        } else {
            // The hash finds the candidates without walking the keys (which aliases can make
            // large); only a real duplicate is walked.
            if let first = frame.complexKeys[hash]?.first(where: { $0.sameContent(as: key) }) {
                throw .error(
                    "duplicate-key", "this key appears twice in this mapping", at: key.location,
                    notes: ["the first one is on line \(first.location.line ?? 0)"])
            }
            frame.complexKeys[hash, default: []].append(key)
        }
    }

    /// A key as messages show it: its first line, at most 40 characters.
    private static func shortened(_ text: String) -> String {
        let line = text.prefix { $0 != "\n" && $0 != "\r" }
        return line.count > 40 || line.count < text.count ? line.prefix(40) + "…" : text
    }

    private mutating func count(_ nodes: Int, at location: SourceLocation) throws(Diagnostic) {
        nodeCount += nodes
        if nodeCount > limits.maximumNodes {
            throw .error(
                "yaml-too-large", "the YAML expands to more than \(limits.maximumNodes) nodes (an alias bomb?)", at: location,
                notes: ["every alias counts all the nodes of the node it refers to"])
        }
    }

    private func tooDeep(at location: SourceLocation) -> Diagnostic {
        .error("yaml-too-deep", "the YAML nests deeper than \(limits.maximumDepth) levels", at: location)
    }

    private mutating func location(_ mark: yaml_mark_t) -> SourceLocation {
        locator.location(ofCharacter: Int(truncatingIfNeeded: mark.index))
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    /// libyaml's error state as a diagnostic.
    private mutating func libyamlError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "the YAML cannot be read"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return .error("yaml-memory", "out of memory while reading the YAML", at: SourceLocation(path: path))
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset into the input (after the BOM), not a mark.
            var offset = locator.firstLineStart + Int(truncatingIfNeeded: parser.problem_offset)
            let value = Int(parser.problem_value)
            if problem.contains("trailing") {
                // libyaml points at the bad trailing byte; point at the sequence it breaks.
                var start = offset
                while start > max(0, offset - 3) && locator.byte(at: start - 1).map({ $0 & 0xC0 == 0x80 }) == true { start -= 1 }
                if start > 0 && locator.byte(at: start - 1).map({ $0 >= 0xC0 }) == true { offset = start - 1 }
                let here = locator.location(ofByte: offset)
                return .error(
                    "invalid-utf8",
                    "the YAML is not valid UTF-8: \(problem) (0x\(hex(value, digits: 2)) in the sequence that starts here)", at: here)
            }
            let here = locator.location(ofByte: offset)
            if problem.contains("UTF-8") {
                let byte = value >= 0 ? " (byte 0x\(hex(value, digits: 2)))" : ""
                return .error("invalid-utf8", "the YAML is not valid UTF-8: \(problem)\(byte)", at: here)
            }
            if problem.contains("Unicode") {
                return .error("invalid-utf8", "the YAML is not valid UTF-8: \(problem) (U+\(hex(value, digits: 4)))", at: here)
            }
            if problem.contains("control characters") {
                return .error("yaml-syntax", "control character U+\(hex(value, digits: 4)) is not allowed in YAML", at: here)
            }
            if problem.contains("too long") {
                return .error("yaml-too-large", "the YAML is too long", at: here)
            }
            return .error("yaml-syntax", problem, at: here)
        default:  // scanner and parser errors
            let context = parser.context.map { String(cString: $0) }
            let here = locator.location(ofCharacter: Int(truncatingIfNeeded: parser.problem_mark.index))
            var message = problem
            var notes: [String] = []
            if let context {
                message += " " + context
                if parser.context_mark.index != parser.problem_mark.index {
                    let start = locator.location(ofCharacter: Int(truncatingIfNeeded: parser.context_mark.index))
                    let place = "line \(start.line ?? 0), column \(start.column ?? 0)"
                    var what = context
                    for prefix in ["while parsing ", "while scanning "] where what.hasPrefix(prefix) {
                        what.removeFirst(prefix.count)
                    }
                    if what.hasPrefix("a ") || what.hasPrefix("an ") {
                        what = "the " + what.drop { $0 != " " }.dropFirst()
                        notes.append("\(what) began at \(place)")
                    } else {
                        notes.append("\(context), from \(place)")
                    }
                }
            }
            if let offset = here.offset, locator.byte(at: offset) == 0x09 {
                notes.append("YAML does not allow tabs for indentation; use spaces")
            }
            return .error("yaml-syntax", message, at: here, notes: notes)
        }
    }

    private func hex(_ value: Int, digits: Int) -> String {
        let text = String(max(0, value), radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

// MARK: - Locations

/// Turns libyaml's marks (which count characters) into warraq locations (byte offsets; lines
/// ending at LF, CRLF or CR; 1-based columns in Unicode scalars; a leading BOM not counted).
///
/// libyaml's own line and column are not used: it also breaks lines at U+0085, U+2028 and
/// U+2029, which no other part of warraq does. Marks mostly move forward, so a cursor walks
/// the bytes once rather than from the start for every node.
private struct MarkLocator {
    let bytes: [UInt8]
    let path: String
    /// Where the first line starts: after a UTF-8 byte order mark, if there is one.
    let firstLineStart: Int
    /// The cursor: a character index (libyaml's count, which starts after the BOM) and its
    /// byte offset, line, line start and column.
    var character = 0, offset = 0, line = 1, lineStart = 0, column = 1
    /// The line last shown: where it starts and ends, and its text when it is short.
    var cachedLine: (start: Int, end: Int, text: String?)?

    /// Lines longer than this many bytes are shown around the column only, as
    /// `SourceLocation.at(offset:in:path:)` does.
    static let window = 200

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        self.firstLineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        reset()
    }

    func byte(at offset: Int) -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    private mutating func reset() {
        character = 0
        offset = firstLineStart
        line = 1
        lineStart = firstLineStart
        column = 1
    }

    mutating func location(ofCharacter index: Int) -> SourceLocation {
        if index < character {
            if index >= character - (column - 1) {
                // Back along the current line.
                while character > index {
                    offset -= 1
                    while offset > lineStart && bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
                    character -= 1
                    column -= 1
                }
            } else {
                reset()
            }
        }
        while character < index && offset < bytes.count {
            advanceByte()
            while offset < bytes.count && bytes[offset] & 0xC0 == 0x80 { advanceByte() }
            character += 1
        }
        return current()
    }

    mutating func location(ofByte target: Int) -> SourceLocation {
        let target = min(max(target, 0), bytes.count)
        if target < offset { reset() }
        while offset < target {
            if bytes[offset] & 0xC0 != 0x80 { character += 1 }
            advanceByte()
        }
        return current()
    }

    private mutating func advanceByte() {
        let byte = bytes[offset]
        offset += 1
        if byte == 0x0A {
            if !(offset >= 2 && bytes[offset - 2] == 0x0D) { line += 1 }
            lineStart = offset
            column = 1
        } else if byte == 0x0D {
            line += 1
            lineStart = offset
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    /// The location of the cursor, with the text of its line.
    private mutating func current() -> SourceLocation {
        let bounds: (start: Int, end: Int, text: String?)
        if let cachedLine, cachedLine.start == lineStart {
            bounds = cachedLine
        } else {
            var end = lineStart
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            bounds = (lineStart, end, end - lineStart > Self.window * 4 ? nil : Self.text(bytes[lineStart..<end]))
            cachedLine = bounds
        }
        var location = SourceLocation(path: path, line: line, column: column, offset: offset)
        if let text = bounds.text {
            location.sourceLine = text
            return location
        }
        // A long line: show about `window` bytes either side of the column.
        var start = max(bounds.start, offset - Self.window)
        while start > bounds.start && start < bytes.count && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        var end = min(bounds.end, offset + Self.window)
        while end < bounds.end && bytes[end] & 0xC0 == 0x80 { end += 1 }
        let shownColumn = 1 + bytes[start..<max(start, offset)].count { $0 & 0xC0 != 0x80 }
        location.sourceLine = (start != bounds.start ? "…" : "") + Self.text(bytes[start..<end]) + (end != bounds.end ? "…" : "")
        location.displayColumnShift = column - shownColumn - (start != bounds.start ? 1 : 0)
        return location
    }

    /// Bytes as text to show: invalid UTF-8 as U+FFFD, control characters but tab as U+FFFD.
    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        if !bytes.contains(where: { $0 < 0x20 && $0 != 0x09 }) { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 && $0 != "\t" ? "\u{FFFD}" : $0 }))
    }
}
