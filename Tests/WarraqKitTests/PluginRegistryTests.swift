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

    @Test func doubleExtensions() {
        #expect(doubleFileExtension(of: "a/story.TEI.xml") == "tei.xml")
        #expect(doubleFileExtension(of: "story.xml") == nil)
        #expect(doubleFileExtension(of: ".tei.xml") == nil)
        #expect(doubleFileExtension(of: "story.tei.") == nil)
        #expect(doubleFileExtension(of: "story..xml") == nil)
    }
}
