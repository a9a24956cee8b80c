import Testing
import WarraqKit

@Suite("YAML text")
struct YAMLTextTests {
    @Test("Double-quoted text reads back as itself", arguments: [
        "plain", "", "true", "12", "- dash", "key: value", "# not a comment", "\"quoted\" \\ backslash",
        "line\nbreak\r\nand\ttab", "\u{0}\u{1}\u{1B}\u{7F}\u{85}\u{9F}", "\u{2028}\u{2029}\u{FEFF}\u{FFFE}",
        "واشنطن تطالب «بوقف» لاطلاق النار", "👍🏽 e\u{301}", "{[*&!|>'%@`]}",
    ])
    func roundTrip(text: String) throws {
        let yaml = "value: " + YAMLText.doubleQuoted(text) + "\n"
        let node = try #require(try YAML.parse(Array(yaml.utf8), path: "t.yaml"))
        #expect(node["value"]?.string == text)
    }
}
