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
}
