/// Writes XML text element by element: escapes text and attribute values, leaves out the
/// characters XML 1.0 does not allow (and counts them), and, when pretty, indents elements
/// that hold only elements.
///
/// White space is never added inside mixed content (a `p`, a `head`, a `hi`): an element opened
/// inside mixed content is mixed content itself, whatever it was opened as.
struct XMLBuilder {
    /// What an element holds, which decides whether it may be indented.
    enum Content {
        /// Only elements (a `div`, a `list`): pretty output puts each child on its own line.
        case elements
        /// Text and elements (a `p`, a `head`): written exactly as given.
        case mixed
    }

    /// The UTF-8 bytes written so far, in one growing buffer.
    private(set) var output: [UInt8] = []
    /// How many characters were left out because XML 1.0 does not allow them.
    private(set) var droppedCharacters = 0

    private let pretty: Bool
    private var open: [(name: String, content: Content)] = []
    /// True while a start tag is written without its closing `>`, so that an element that
    /// gets no content can still end as `<name/>`.
    private var startTagPending = false

    init(pretty: Bool) {
        self.pretty = pretty
        output.reserveCapacity(16_384)
    }

    /// The XML declaration and a newline.
    mutating func declaration() {
        append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    }

    /// Opens an element. Attribute values are escaped here; names are written as given.
    mutating func start(_ name: String, _ attributes: [(String, String)] = [], content: Content) {
        beginChild()
        output.append(0x3C)
        append(name)
        for (key, value) in attributes {
            output.append(0x20)
            append(key)
            output.append(0x3D)
            output.append(0x22)
            appendEscaped(value, inAttribute: true)
            output.append(0x22)
        }
        startTagPending = true
        let inherited: Content = open.last?.content == .mixed ? .mixed : content
        open.append((name, inherited))
    }

    /// Closes the innermost open element, as `<name/>` if it got no content.
    mutating func end() {
        let element = open.removeLast()
        if startTagPending {
            output.append(0x2F)
            output.append(0x3E)
            startTagPending = false
            return
        }
        if pretty && element.content == .elements { newline() }
        output.append(0x3C)
        output.append(0x2F)
        append(element.name)
        output.append(0x3E)
    }

    /// An element with text content only (or nothing, when `text` is empty).
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String = "") {
        start(name, attributes, content: .mixed)
        self.text(text)
        end()
    }

    /// Escaped text. Text that is empty once forbidden characters are left out writes nothing.
    mutating func text(_ string: String) {
        guard Self.hasAllowedCharacter(string) else {
            droppedCharacters += string.unicodeScalars.count
            return
        }
        beginChild()
        appendEscaped(string, inAttribute: false)
    }

    /// Markup written as it is: the caller has checked that it is well-formed.
    mutating func raw(_ markup: String) {
        guard !markup.isEmpty else { return }
        beginChild()
        append(markup)
    }

    /// The output as UTF-8 bytes, with a final newline.
    var bytes: [UInt8] {
        precondition(open.isEmpty, "elements left open: \(open.map(\.name))")
        return output + [0x0A]
    }

    // MARK: - Private

    /// Closes a pending start tag and, inside element-only content, starts a new line.
    private mutating func beginChild() {
        if startTagPending {
            output.append(0x3E)
            startTagPending = false
        }
        if pretty, let parent = open.last, parent.content == .elements { newline() }
    }

    private mutating func newline() {
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: 2 * open.count))
    }

    /// True for the characters XML 1.0 does not allow in a document at all: C0 controls other
    /// than tab, line feed and carriage return, and U+FFFE, U+FFFF. (Lone surrogates cannot
    /// occur in a Swift string.)
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF
    }

    /// Appends `string` as it is.
    private mutating func append(_ string: String) {
        string.withUTF8Bytes { output.append(contentsOf: $0) }
    }

    /// True when `string` holds a character XML 1.0 allows (see ``isForbidden(_:)``).
    static func hasAllowedCharacter(_ string: String) -> Bool {
        string.withUTF8Bytes { bytes in
            var k = 0
            let n = bytes.count
            while k < n {
                let b = bytes[k]
                if b < 0x20 {
                    if b == 0x09 || b == 0x0A || b == 0x0D { return true }
                    k += 1
                } else if b == 0xEF && k + 2 < n && bytes[k + 1] == 0xBF && (bytes[k + 2] == 0xBE || bytes[k + 2] == 0xBF) {
                    k += 3  // U+FFFE or U+FFFF
                } else {
                    return true
                }
            }
            return false
        }
    }

    /// Appends `string` escaped: `&`, `<`, `>` always, and in attribute values `"` and the
    /// white space that attribute-value normalization would turn into spaces. A carriage
    /// return is written as a reference everywhere, since parsers turn a literal one into a
    /// line feed. Works on the UTF-8 bytes: runs that need nothing are copied whole.
    private mutating func appendEscaped(_ string: String, inAttribute: Bool) {
        string.withUTF8Bytes { bytes in
            let n = bytes.count
            var runStart = 0
            var k = 0
            while k < n {
                let b = bytes[k]
                // Everything above `>` but the lead byte of U+FFFE and U+FFFF is written as it is.
                if b > 0x3E && b != 0xEF {
                    k += 1
                    continue
                }
                var replacement: StaticString? = nil
                var width = 1
                switch b {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x0D: replacement = "&#xD;"
                case 0x22 where inAttribute: replacement = "&quot;"
                case 0x09 where inAttribute: replacement = "&#x9;"
                case 0x0A where inAttribute: replacement = "&#xA;"
                case 0x09, 0x0A:
                    k += 1
                    continue
                case 0xEF:
                    guard k + 2 < n, bytes[k + 1] == 0xBF, bytes[k + 2] == 0xBE || bytes[k + 2] == 0xBF else {
                        k += 1
                        continue
                    }
                    width = 3  // U+FFFE or U+FFFF: left out
                default:
                    guard b < 0x20 else {
                        k += 1
                        continue
                    }
                    // A control character: left out.
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<k]))
                if let replacement {
                    replacement.withUTF8Buffer { output.append(contentsOf: $0) }
                } else {
                    droppedCharacters += 1
                }
                k += width
                runStart = k
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<n]))
        }
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes (a native string's own storage, not a copy).
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var string = self
        return try string.withUTF8(body)
    }
}
