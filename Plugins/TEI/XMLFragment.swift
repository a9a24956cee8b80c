/// Checks that a piece of raw TEI is well-formed XML element content, so that it can be put
/// into the output as it is without breaking the document.
///
/// It follows XML 1.0 and Namespaces in XML 1.0 for content (the `content` production):
/// elements that nest and close, attributes quoted and not repeated, prefixes declared,
/// references to the five predefined entities or to allowed characters only, comments,
/// processing instructions and CDATA sections closed. A DOCTYPE cannot occur in content, so
/// no other entity is defined. Names must pass ``XMLNames`` (the stricter fourth-edition
/// tables). It does not check the TEI schema: raw TEI is trusted to be TEI.
///
/// Iterative, so raw text nested to any depth is checked without recursion. A hand-written
/// checker rather than Foundation's `XMLParser`: on Linux that one wraps libxml2, whose
/// global state is not safe to share between the documents a batch converts at once.
enum XMLFragment {
    /// Nil when `text` is well-formed XML content, else why it is not.
    static func problem(in text: String) -> String? {
        var scanner = Scanner(Array(text.unicodeScalars))
        do {
            try scanner.content()
            return nil
        } catch {
            return error.message
        }
    }

    struct Problem: Error {
        var message: String
    }

    fileprivate struct Scanner {
        let s: [Unicode.Scalar]
        var i = 0
        /// Open elements: the name as written and the prefixes each one declares.
        var open: [(name: String, prefixes: [String: String])] = []

        init(_ scalars: [Unicode.Scalar]) { s = scalars }

        static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
        static let xmlnsNamespace = "http://www.w3.org/2000/xmlns/"

        mutating func content() throws(Problem) {
            while i < s.count {
                let c = s[i]
                guard Self.isChar(c) else { throw fail("character U+\(hex(c.value)) is not allowed in XML") }
                switch c {
                case "<":
                    if at("<!--") {
                        try comment()
                    } else if at("<![CDATA[") {
                        try cdata()
                    } else if at("<?") {
                        try processingInstruction()
                    } else if at("<!") {
                        throw fail("a declaration (<!…) cannot occur inside an element")
                    } else if at("</") {
                        try endTag()
                    } else {
                        try startTag()
                    }
                case "&":
                    try reference()
                case "]" where at("]]>"):
                    throw fail("\"]]>\" cannot occur in text")
                default:
                    i += 1
                }
            }
            if let element = open.last { throw Problem(message: "<\(element.name)> is not closed") }
        }

        // MARK: Markup

        mutating func comment() throws(Problem) {
            i += 4
            while i < s.count {
                guard Self.isChar(s[i]) else { throw fail("character U+\(hex(s[i].value)) is not allowed in XML") }
                if at("--") {
                    guard at("-->") else { throw fail("\"--\" cannot occur inside a comment") }
                    i += 3
                    return
                }
                i += 1
            }
            throw Problem(message: "a comment is not closed")
        }

        mutating func cdata() throws(Problem) {
            i += 9
            while i < s.count {
                guard Self.isChar(s[i]) else { throw fail("character U+\(hex(s[i].value)) is not allowed in XML") }
                if at("]]>") {
                    i += 3
                    return
                }
                i += 1
            }
            throw Problem(message: "a CDATA section is not closed")
        }

        mutating func processingInstruction() throws(Problem) {
            i += 2
            let target = try name()
            guard target.lowercased() != "xml" else { throw fail("an XML declaration cannot occur inside an element") }
            guard !target.contains(":") else { throw fail("a processing instruction's target cannot hold a colon") }
            if at("?>") {
                i += 2
                return
            }
            guard i < s.count, Self.isSpace(s[i]) else { throw fail("expected white space or \"?>\" after <?\(target)") }
            while i < s.count {
                guard Self.isChar(s[i]) else { throw fail("character U+\(hex(s[i].value)) is not allowed in XML") }
                if at("?>") {
                    i += 2
                    return
                }
                i += 1
            }
            throw Problem(message: "a processing instruction is not closed")
        }

        mutating func startTag() throws(Problem) {
            i += 1
            let element = try name()
            var attributes: [(name: String, value: String)] = []
            while true {
                let hadSpace = skipSpace()
                guard i < s.count else { throw Problem(message: "the start tag <\(element)> is not closed") }
                if at("/>") || s[i] == ">" { break }
                guard hadSpace else { throw fail("expected white space before an attribute in <\(element)>") }
                let attribute = try name()
                skipSpace()
                guard i < s.count, s[i] == "=" else { throw fail("expected \"=\" after the attribute \(attribute)") }
                i += 1
                skipSpace()
                let value = try attributeValue()
                guard !attributes.contains(where: { $0.name == attribute }) else {
                    throw fail("the attribute \(attribute) is repeated in <\(element)>")
                }
                attributes.append((attribute, value))
            }
            let selfClosing = at("/>")
            i += selfClosing ? 2 : 1

            // Namespaces: the declarations this element makes, then every prefix in scope.
            var prefixes: [String: String] = [:]
            for attribute in attributes {
                if attribute.name == "xmlns" {
                    guard attribute.value != Self.xmlNamespace && attribute.value != Self.xmlnsNamespace else {
                        throw fail("the default namespace cannot be \(attribute.value)")
                    }
                } else if attribute.name.hasPrefix("xmlns:") {
                    let prefix = String(attribute.name.dropFirst(6))
                    guard prefix != "xmlns" else { throw fail("the prefix xmlns cannot be declared") }
                    guard !attribute.value.isEmpty else { throw fail("the prefix \(prefix) cannot be undeclared") }
                    guard (prefix == "xml") == (attribute.value == Self.xmlNamespace), attribute.value != Self.xmlnsNamespace else {
                        throw fail("the prefix \(prefix) cannot be bound to \(attribute.value)")
                    }
                    prefixes[prefix] = attribute.value
                }
            }
            open.append((element, prefixes))
            _ = try namespace(of: element, isElement: true)
            var expanded: Set<String> = []
            for attribute in attributes where attribute.name != "xmlns" && !attribute.name.hasPrefix("xmlns:") {
                let uri = try namespace(of: attribute.name, isElement: false)
                let local = attribute.name.split(separator: ":").last.map(String.init) ?? attribute.name
                guard expanded.insert(uri + " " + local).inserted else {
                    throw fail("two attributes of <\(element)> have the same namespace and name \(local)")
                }
            }
            if selfClosing { open.removeLast() }
        }

        mutating func endTag() throws(Problem) {
            i += 2
            let element = try name()
            skipSpace()
            guard i < s.count, s[i] == ">" else { throw fail("the end tag </\(element)> is not closed") }
            guard let current = open.last else { throw fail("</\(element)> closes no element") }
            guard current.name == element else { throw fail("</\(element)> closes <\(current.name)>") }
            i += 1
            open.removeLast()
        }

        /// A quoted attribute value, references checked; returns the value as written.
        mutating func attributeValue() throws(Problem) -> String {
            guard i < s.count, s[i] == "\"" || s[i] == "'" else { throw fail("expected a quoted attribute value") }
            let quote = s[i]
            i += 1
            let start = i
            while i < s.count && s[i] != quote {
                guard Self.isChar(s[i]) else { throw fail("character U+\(hex(s[i].value)) is not allowed in XML") }
                if s[i] == "<" { throw fail("\"<\" cannot occur in an attribute value") }
                if s[i] == "&" {
                    try reference()
                } else {
                    i += 1
                }
            }
            guard i < s.count else { throw Problem(message: "an attribute value is not closed") }
            var value = String.UnicodeScalarView()
            value.append(contentsOf: s[start..<i])
            i += 1
            return String(value)
        }

        /// `&name;`, `&#digits;` or `&#xhex;`.
        mutating func reference() throws(Problem) {
            let start = i
            i += 1
            if i < s.count && s[i] == "#" {
                i += 1
                let isHex = i < s.count && s[i] == "x"
                if isHex { i += 1 }
                var value: UInt32 = 0
                var digits = 0
                while i < s.count, let digit = Self.digitValue(s[i], hex: isHex) {
                    value = value > 0x10FFFF ? value : value * (isHex ? 16 : 10) + digit
                    digits += 1
                    i += 1
                }
                guard digits > 0, i < s.count, s[i] == ";" else {
                    i = start
                    throw fail("a character reference is not well-formed")
                }
                i += 1
                guard let scalar = Unicode.Scalar(value), Self.isChar(scalar) else {
                    i = start
                    throw fail("a character reference names a character XML does not allow")
                }
                return
            }
            let entity: String
            do {
                entity = try name()
            } catch {
                i = start
                throw fail("\"&\" must start a reference such as &amp;")
            }
            guard i < s.count, s[i] == ";" else {
                i = start
                throw fail("\"&\" must start a reference such as &amp;")
            }
            i += 1
            guard ["lt", "gt", "amp", "apos", "quot"].contains(entity) else {
                i = start
                throw fail("the entity &\(entity); is not defined")
            }
        }

        // MARK: Pieces

        /// A QName (checked with ``XMLNames``).
        mutating func name() throws(Problem) -> String {
            let start = i
            while i < s.count, s[i] == ":" || XMLNames.isNameCharacter(s[i]) { i += 1 }
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: s[start..<i])
            let result = String(scalars)
            guard XMLNames.isQName(result) else {
                i = start
                throw fail(result.isEmpty ? "expected a name" : "\"\(result)\" is not an XML name")
            }
            return result
        }

        /// The namespace of a prefixed name; for an element, its prefix must be declared.
        func namespace(of name: String, isElement: Bool) throws(Problem) -> String {
            guard let colon = name.firstIndex(of: ":") else { return isElement ? "default" : "" }
            let prefix = String(name[..<colon])
            if prefix == "xml" { return Self.xmlNamespace }
            guard prefix != "xmlns" else { throw fail("the prefix xmlns cannot be used on \(name)") }
            for element in open.reversed() {
                if let uri = element.prefixes[prefix] { return uri }
            }
            throw fail("the prefix \(prefix) of \(name) is not declared")
        }

        @discardableResult
        mutating func skipSpace() -> Bool {
            let start = i
            while i < s.count && Self.isSpace(s[i]) { i += 1 }
            return i > start
        }

        func at(_ literal: String) -> Bool {
            var j = i
            for scalar in literal.unicodeScalars {
                guard j < s.count, s[j] == scalar else { return false }
                j += 1
            }
            return true
        }

        /// A problem at the current position, which it names (counting characters from 1).
        func fail(_ message: String) -> Problem {
            Problem(message: "\(message) (at character \(i + 1))")
        }

        func hex(_ value: UInt32) -> String {
            let digits = String(value, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }

        static func isSpace(_ c: Unicode.Scalar) -> Bool {
            c == " " || c == "\t" || c == "\n" || c == "\r"
        }

        /// XML 1.0's `Char`.
        static func isChar(_ c: Unicode.Scalar) -> Bool {
            !XMLBuilder.isForbidden(c)
        }

        static func digitValue(_ c: Unicode.Scalar, hex: Bool) -> UInt32? {
            switch c.value {
            case 0x30...0x39: return c.value - 0x30
            case 0x41...0x46 where hex: return c.value - 0x41 + 10
            case 0x61...0x66 where hex: return c.value - 0x61 + 10
            default: return nil
            }
        }
    }
}
