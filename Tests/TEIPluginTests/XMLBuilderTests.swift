import Testing
@testable import TEIPlugin

/// The XML builder writes bytes and escapes runs at a time; what it writes is what escaping
/// scalar by scalar into a string (the way it was first written, kept here as the reference)
/// gives.
@Suite struct XMLBuilderTests {
    static let texts: [String] = [
        "", "plain", "a & b < c > d \"q\" 'a'", "tab\tnew\nline\rcarriage\r\n", "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{7F}",
        "\u{FFFE}\u{FFFF}\u{FFFD}\u{FEFF}\u{EFFF}", "بقلم مراسل — «الأخبار» & <غيرها>", "\u{1F600} 𝒜 e\u{301}", "&amp;&lt;",
        "\u{1}", "\u{FFFF}\u{2}", " ", ">>>", "end&",
    ]

    static func reference(_ string: String, inAttribute: Bool, dropped: inout Int) -> String {
        var output = ""
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
                if XMLBuilder.isForbidden(scalar) { dropped += 1 } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }

    @Test(arguments: texts)
    func textAndAttributesAreEscapedAsScalarByScalar(_ text: String) {
        var xml = XMLBuilder(pretty: false)
        xml.start("p", [("n", text)], content: .mixed)
        xml.text(text)
        xml.end()
        var dropped = 0
        let value = Self.reference(text, inAttribute: true, dropped: &dropped)
        var content = ""
        if text.unicodeScalars.contains(where: { !XMLBuilder.isForbidden($0) }) {
            content = Self.reference(text, inAttribute: false, dropped: &dropped)
        } else {
            dropped += text.unicodeScalars.count
        }
        let expected = "<p n=\"" + value + "\"" + (content.isEmpty ? "/>" : ">" + content + "</p>") + "\n"
        #expect(String(decoding: xml.bytes, as: UTF8.self) == expected)
        #expect(xml.droppedCharacters == dropped)
    }

    @Test func prettyOutputIndentsElementOnlyContent() {
        var xml = XMLBuilder(pretty: true)
        xml.declaration()
        xml.start("div", [("type", "article")], content: .elements)
        xml.start("list", content: .elements)
        xml.element("item", text: "one & two")
        xml.element("item")
        xml.end()
        xml.element("p", text: "x")
        xml.end()
        #expect(String(decoding: xml.bytes, as: UTF8.self) == """
            <?xml version="1.0" encoding="UTF-8"?>
            <div type="article">
              <list>
                <item>one &amp; two</item>
                <item/>
              </list>
              <p>x</p>
            </div>

            """)
    }
}
