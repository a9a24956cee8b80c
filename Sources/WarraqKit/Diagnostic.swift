import DocumentModel

/// A message about a document, a recipe or a command: an error, a warning or a note.
///
/// Rendered as `path:line:column: error: message`, then the offending line and a caret under
/// the column, then the notes. A fatal problem is thrown as a `Diagnostic`; a lossy but
/// survivable one is collected as a warning and the conversion goes on.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case note, warning, error

        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.note, .warning, .error]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public var severity: Severity
    /// A stable, kebab-case identifier of the kind of problem (`invalid-utf8`, `unknown-option`).
    public var code: String
    public var message: String
    /// Where the problem is, when it is somewhere.
    public var location: SourceLocation?
    /// Further lines: hints, the valid choices.
    public var notes: [String]

    public init(
        _ severity: Severity, code: String, _ message: String, location: SourceLocation? = nil, notes: [String] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.notes = notes
    }

    public static func error(_ code: String, _ message: String, at location: SourceLocation? = nil, notes: [String] = []) -> Diagnostic {
        Diagnostic(.error, code: code, message, location: location, notes: notes)
    }

    public static func warning(_ code: String, _ message: String, at location: SourceLocation? = nil, notes: [String] = []) -> Diagnostic {
        Diagnostic(.warning, code: code, message, location: location, notes: notes)
    }

    /// The diagnostic as the command line prints it, without a trailing newline.
    public var rendered: String {
        var head = ""
        if let location {
            head += location.path
            if let line = location.line {
                head += ":\(line)"
                if let column = location.column { head += ":\(column)" }
            }
            head += ": "
        }
        head += "\(severity.rawValue): \(message)"
        var lines = [head]
        if let location, let source = location.sourceLine {
            lines.append("    " + source)
            if let column = location.column {
                // Keep tabs so that the caret lines up under tabbed text.
                let caretColumn = column - location.displayColumnShift
                let prefix = source.unicodeScalars.prefix(max(0, caretColumn - 1)).map { $0 == "\t" ? "\t" : " " }
                lines.append("    " + prefix.joined() + "^")
            }
        }
        for note in notes { lines.append("note: " + note) }
        return lines.joined(separator: "\n")
    }

    public var description: String { rendered }

    /// A copy that names `path` where the diagnostic has no location yet.
    public func locatedIn(_ path: String) -> Diagnostic {
        guard location == nil else { return self }
        var copy = self
        copy.location = SourceLocation(path: path)
        return copy
    }
}

/// A place in a file: its path and, where known, line, column, byte offset and the text of
/// the line.
public struct SourceLocation: Sendable, Hashable {
    /// The path as the user gave it, or `<stdin>`.
    public var path: String
    /// 1-based line.
    public var line: Int?
    /// 1-based column, in Unicode scalars.
    public var column: Int?
    /// 0-based byte offset.
    public var offset: Int?
    /// The text of the line, for the caret display.
    public var sourceLine: String?

    public init(path: String, line: Int? = nil, column: Int? = nil, offset: Int? = nil, sourceLine: String? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.offset = offset
        self.sourceLine = sourceLine
    }

    /// The location of byte `offset` in `bytes`, with its line and column worked out and the
    /// line's text (invalid UTF-8 shown as U+FFFD, at most 200 characters around the column).
    public static func at(offset: Int, in bytes: [UInt8], path: String) -> SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        let position = TextPosition.locate(offset: offset, in: bytes)
        var lineStart = offset
        while lineStart > 0 && bytes[lineStart - 1] != 0x0A && bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
        var lineEnd = offset
        while lineEnd < bytes.count && bytes[lineEnd] != 0x0A && bytes[lineEnd] != 0x0D { lineEnd += 1 }
        var column = position.column
        // A very long line (a minified file, a 10 MB paragraph) is shown around the column only.
        let window = 200
        var start = lineStart, end = lineEnd
        if end - start > window * 4 {
            start = max(lineStart, offset - window)
            while start > lineStart && start < bytes.count && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            end = min(lineEnd, offset + window)
            while end < lineEnd && bytes[end] & 0xC0 == 0x80 { end += 1 }
            let skipped = TextPosition.locate(offset: start - lineStart, in: bytes[lineStart..<start]).column - 1
            column -= skipped
        }
        var text = String(decoding: bytes[start..<end], as: UTF8.self)
        text = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 && $0 != "\t" ? "\u{FFFD}" : $0 }))
        var location = SourceLocation(path: path, line: position.line, column: position.column, offset: offset, sourceLine: text)
        if start != lineStart || end != lineEnd {
            location.sourceLine = (start != lineStart ? "…" : "") + text + (end != lineEnd ? "…" : "")
            // The caret display counts columns in the shown text.
            location.displayColumnShift = position.column - column - (start != lineStart ? 1 : 0)
        }
        return location
    }

    /// How far the caret column is from the real column, when the line is shown shortened.
    public var displayColumnShift: Int = 0
}
