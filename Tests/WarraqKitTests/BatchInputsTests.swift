import Foundation
import Testing
import WarraqKit

@Suite("Batch inputs")
struct BatchInputsTests {
    /// Large folders fill `readdir`'s buffer to its end: every name must still be read whole,
    /// and reading it must not run past the buffer (which crashed now and then).
    @Test func aLargeFolderIsListedWholeInByteOrder() throws {
        let directory = NSTemporaryDirectory() + "warraq-inputs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var names: [String] = []
        for i in 0..<3000 {
            // Names of many lengths, Arabic ones too, so that records of every size end the buffer.
            let name = String(repeating: i % 2 == 0 ? "a" : "خ", count: 1 + i % 40) + "-\(i).txt"
            names.append(name)
            #expect(FileManager.default.createFile(atPath: directory + "/" + name, contents: Data()))
        }
        for _ in 0..<5 {
            let items = try BatchInputs.collect([directory], selection: BatchInputs.Selection(extensions: ["txt"]))
            #expect(items.map(\.relativePath) == names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        }
    }

    /// A link to a file is read as the file; a link to a folder is not followed (a loop of
    /// links cannot make the walk endless); plain files and folders are known without `stat`.
    @Test func linksToFilesAreReadAndLinksToFoldersAreNot() throws {
        let fm = FileManager.default
        let directory = NSTemporaryDirectory() + "warraq-links-" + UUID().uuidString
        try fm.createDirectory(atPath: directory + "/in/sub/deeper", withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: directory) }
        for name in ["in/b.txt", "in/sub/a.txt", "in/sub/deeper/c.txt", "in/skip.md", "in/.hidden.txt", "outside.txt"] {
            #expect(fm.createFile(atPath: directory + "/" + name, contents: Data("x".utf8)))
        }
        try fm.createSymbolicLink(atPath: directory + "/in/link.txt", withDestinationPath: directory + "/outside.txt")
        try fm.createSymbolicLink(atPath: directory + "/in/sub/loop", withDestinationPath: directory + "/in")
        try fm.createSymbolicLink(atPath: directory + "/in/dangling.txt", withDestinationPath: directory + "/missing.txt")
        let items = try BatchInputs.collect([directory + "/in"], selection: BatchInputs.Selection(extensions: ["txt"]))
        #expect(items.map(\.relativePath) == ["b.txt", "link.txt", "sub/a.txt", "sub/deeper/c.txt"])
        #expect(items.map(\.input) == items.map { directory + "/in/" + $0.relativePath })
    }

    /// An output is an input when both have one canonical path: through a link, yes; a hard
    /// link (another path to the same data, which a rename would not touch) or another file, no.
    @Test func outputsAreCheckedAgainstInputsByCanonicalPath() throws {
        let fm = FileManager.default
        let directory = NSTemporaryDirectory() + "warraq-same-" + UUID().uuidString
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: directory) }
        for name in ["a.txt", "b.txt"] { #expect(fm.createFile(atPath: directory + "/" + name, contents: Data(name.utf8))) }
        try fm.createSymbolicLink(atPath: directory + "/link.txt", withDestinationPath: directory + "/a.txt")
        try fm.linkItem(atPath: directory + "/a.txt", toPath: directory + "/hard.txt")
        let inputs = InputFiles([directory + "/a.txt", "-", directory + "/missing.txt"])
        #expect(inputs.contains(directory + "/a.txt"))
        #expect(inputs.contains(directory + "/./a.txt"))
        #expect(inputs.contains(directory + "/link.txt"))
        #expect(!inputs.contains(directory + "/hard.txt"))
        #expect(!inputs.contains(directory + "/b.txt"))
        #expect(!inputs.contains(directory + "/missing.txt"))
        #expect(!inputs.contains("-"))
        // Through a link to the input given.
        let linked = InputFiles([directory + "/link.txt"])
        #expect(linked.contains(directory + "/a.txt"))
        // Mirroring into the inputs' own folder is refused.
        let items = try BatchInputs.collect([directory + "/a.txt"], selection: BatchInputs.Selection())
        #expect(throws: Diagnostic.self) { try BatchInputs.mirror(items, into: directory, extension: "txt") }
    }
}
