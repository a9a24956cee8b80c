import DocumentModel
import Testing
import WarraqKit

/// An output that claims extensions, for choosing a plugin by a file's name.
private struct ExtensionOutput: OutputPlugin {
    let name: String
    let summary = "stub"
    let fileExtension: String
    let otherExtensions: [String]
    let options: [OptionSpec] = []
    func write(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] { [] }
}

@Suite("Plugin registry")
struct PluginRegistryTests {
    /// A plain XML writer listed before a TEI one that also claims `.xml`: the double
    /// extension `.tei.xml` must still find TEI.
    private let registry = PluginRegistry(outputs: [
        ExtensionOutput(name: "json", fileExtension: "json", otherExtensions: []),
        ExtensionOutput(name: "plain-xml", fileExtension: "xml", otherExtensions: []),
        ExtensionOutput(name: "tei", fileExtension: "tei.xml", otherExtensions: ["xml"]),
    ])

    @Test(arguments: [
        ("out.tei.xml", "tei"), ("dir/Story.TEI.XML", "tei"), ("out.xml", "plain-xml"), ("out.ar.xml", "plain-xml"),
        ("tei.xml", "plain-xml"), (".tei.xml", "plain-xml"), ("a..xml", "plain-xml"), ("out.json", "json"),
        ("out.ar.json", "json"), ("dir.tei.xml/out.json", "json"),
    ])
    func outputsAreChosenByTheDoubleExtensionFirst(_ path: String, _ expected: String) {
        #expect(registry.output(forPath: path)?.name == expected)
    }

    @Test func pathsWithoutAKnownExtensionChooseNothing() {
        for path in ["out", "out.", "out.txt", "out.tei", ".xml", "dir.xml/out"] {
            #expect(registry.output(forPath: path) == nil, "\(path)")
        }
    }

    /// As splitting the path at `/` and taking the last piece would find them.
    @Test(arguments: [
        ("story.TXT", "txt"), ("a/b/story.ar.txt", "txt"), ("a/b/", nil), ("a.d/story", nil), ("a.d/story.txt/", "txt"),
        ("/", nil), ("", nil), ("//x.md//", "md"), (".hidden", nil), ("a/.hidden", nil), ("a/..", nil), ("story.", nil),
        ("خبر.تكست", "تكست"), ("a/b.c.JSON", "json"),
    ] as [(String, String?)])
    func fileExtensions(_ path: String, _ expected: String?) {
        #expect(fileExtension(of: path) == expected)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let old: String? = name.lastIndex(of: ".").flatMap { dot in
            dot == name.startIndex || name.index(after: dot) == name.endIndex ? nil : name[name.index(after: dot)...].lowercased()
        }
        #expect(fileExtension(of: path) == old)
    }

    @Test func doubleExtensions() {
        #expect(doubleFileExtension(of: "a/story.TEI.xml") == "tei.xml")
        #expect(doubleFileExtension(of: "story.xml") == nil)
        #expect(doubleFileExtension(of: ".tei.xml") == nil)
        #expect(doubleFileExtension(of: "story.tei.") == nil)
        #expect(doubleFileExtension(of: "story..xml") == nil)
    }
}
