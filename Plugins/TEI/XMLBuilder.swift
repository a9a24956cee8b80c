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

    /// The text written so far.
    private(set) var output = ""
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
        output += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    }

    /// Opens an element. Attribute values are escaped here; names are written as given.
    mutating func start(_ name: String, _ attributes: [(String, String)] = [], content: Content) {
        beginChild()
        output += "<" + name
        for (key, value) in attributes {
            output += " " + key + "=\""
            appendEscaped(value, inAttribute: true)
            output += "\""
        }
        startTagPending = true
        let inherited: Content = open.last?.content == .mixed ? .mixed : content
        open.append((name, inherited))
    }

    /// Closes the innermost open element, as `<name/>` if it got no content.
    mutating func end() {
        let element = open.removeLast()
        if startTagPending {
            output += "/>"
            startTagPending = false
            return
        }
        if pretty && element.content == .elements { newline() }
        output += "</" + element.name + ">"
    }

    /// An element with text content only (or nothing, when `text` is empty).
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String = "") {
        start(name, attributes, content: .mixed)
        self.text(text)
        end()
    }

    /// Escaped text. Text that is empty once forbidden characters are left out writes nothing.
    mutating func text(_ string: String) {
        guard string.unicodeScalars.contains(where: { !Self.isForbidden($0) }) else {
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
        output += markup
    }

    /// The output as UTF-8 bytes, with a final newline.
    var bytes: [UInt8] {
        precondition(open.isEmpty, "elements left open: \(open.map(\.name))")
        return Array((output + "\n").utf8)
    }

    // MARK: - Private

    /// Closes a pending start tag and, inside element-only content, starts a new line.
    private mutating func beginChild() {
        if startTagPending {
            output += ">"
            startTagPending = false
        }
        if pretty, let parent = open.last, parent.content == .elements { newline() }
    }

    private mutating func newline() {
        output += "\n"
        output += String(repeating: "  ", count: open.count)
    }

    /// True for the characters XML 1.0 does not allow in a document at all: C0 controls other
    /// than tab, line feed and carriage return, and U+FFFE, U+FFFF. (Lone surrogates cannot
    /// occur in a Swift string.)
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF
    }

    /// Appends `string` escaped: `&`, `<`, `>` always, and in attribute values `"` and the
    /// white space that attribute-value normalization would turn into spaces. A carriage
    /// return is written as a reference everywhere, since parsers turn a literal one into a
    /// line feed.
    private mutating func appendEscaped(_ string: String, inAttribute: Bool) {
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\r": output += "&#xD;"
            case "\"" where inAttribute: output += "&quot;"
            case "\t" where inAttribute: output += "&#x9;"
            case "\n" where inAttribute: output += "&#xA;"
            default:
                if Self.isForbidden(scalar) {
                    droppedCharacters += 1
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
