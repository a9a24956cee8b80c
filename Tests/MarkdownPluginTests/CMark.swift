import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// cmark-gfm, the reference CommonMark and GFM parser, which reads the writer's Markdown back.
enum CMark {
    /// The executable, from the usual places or `PATH`; nil when it is not installed.
    static let path: String? = {
        var candidates = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm", "/opt/homebrew/bin/cmark-gfm"]
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(String(folder) + "/cmark-gfm")
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isAvailable: Bool { path != nil }

    /// One node of cmark's XML AST: its element name, attributes, children and, for leaves
    /// (`text`, `code`, `code_block`, `html_block`, `html_inline`), its text.
    struct Node: CustomStringConvertible {
        var name: String
        var attributes: [String: String]
        var children: [Node] = []
        var literal = ""

        /// Every node in the subtree, this one first.
        var all: [Node] { [self] + children.flatMap(\.all) }

        var description: String { outline(0) }
        private func outline(_ depth: Int) -> String {
            let attributes = self.attributes.filter { $0.key != "xml:space" }.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
            var line = String(repeating: "  ", count: depth) + name + attributes
            if !literal.isEmpty { line += " " + String(reflecting: literal) }
            return ([line] + children.map { $0.outline(depth + 1) }).joined(separator: "\n")
        }
    }

    /// Parses `markdown` with cmark-gfm (with the table and strikethrough extensions when
    /// `gfm`, plus `extensions`) and returns the document node.
    static func parse(_ markdown: String, gfm: Bool, extensions: [String] = []) throws -> Node {
        guard let path else { throw CMarkError("cmark-gfm is not installed") }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-md-\(UUID().uuidString).md")
        try Data(markdown.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        var arguments = ["--to", "xml"]
        for name in (gfm ? ["table", "strikethrough"] : []) + extensions { arguments += ["-e", name] }
        process.arguments = arguments + [file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let xml = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CMarkError("cmark-gfm exited with \(process.terminationStatus)") }
        let builder = TreeBuilder()
        let parser = XMLParser(data: xml)
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw CMarkError("cannot read cmark-gfm's XML: \(parser.parserError.map { "\($0)" } ?? "no document")")
        }
        return root
    }

    struct CMarkError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [Node] = []
        var root: Node?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            stack.append(Node(name: name, attributes: attributes))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].literal += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            var node = stack.removeLast()
            // Container elements only hold indentation between their children.
            if !node.children.isEmpty || !["text", "code", "code_block", "html_block", "html_inline"].contains(node.name) {
                if node.literal.allSatisfy(\.isWhitespace) { node.literal = "" }
            }
            if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
        }
    }
}
