import Foundation
import Testing
import WarraqKit

@Suite("Atomic output")
struct AtomicFileTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "warraq-atomic-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func writesWholeFilesAndLeavesNoTemporaryFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.json"
        try AtomicFile.write(Array("first".utf8), to: path)
        try AtomicFile.write(Array("second, longer".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second, longer")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.json"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o044 } == 0o044, "readable by others as an ordinary file is")
        // The mode the mask gives a new file, the mask read once.
        let mask = umask(0)
        umask(mask)
        #expect(AtomicFile.processMask == mask)
        #expect(mode == Int(0o666 & ~mask))
    }

    /// Folders are made where missing, found where there, and a file in the way is an error.
    @Test func foldersAreMadeOrFound() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.makeDirectories(directory + "/a/b/c")
        try AtomicFile.makeDirectories(directory + "/a/b/c")
        try AtomicFile.makeDirectories(directory + "/a/b")
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: directory + "/a/b/c", isDirectory: &isFolder) && isFolder.boolValue)
        try AtomicFile.write(Array("x".utf8), to: directory + "/a/file")
        #expect(throws: Diagnostic.self) { try AtomicFile.makeDirectories(directory + "/a/file/d") }
        #expect(throws: Diagnostic.self) { try AtomicFile.makeDirectories(directory + "/a/file") }
    }

    @Test func withoutFlushingAFileStillAppearsWholeOnlyWhenCommitted() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.json"
        let writer = try AtomicFileWriter(path: path, flush: false)
        #expect(!writer.flush)
        try writer.append(Array("half".utf8))
        #expect(!FileManager.default.fileExists(atPath: path), "nothing at the path before the commit")
        try writer.append(Array(", then whole".utf8))
        try writer.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "half, then whole")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.json"])
        try AtomicFile.write(Array("again".utf8), to: path, flush: false)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "again")
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try AtomicFile.write([1, 2, 3], to: directory + "/missing/out.json")
            Issue.record("wrote into a missing folder")
        } catch {
            #expect(error.message.contains("cannot create a file in"))
            #expect(error.message.contains("No such file or directory"))
        }
        // A target that is a folder cannot be replaced by a file.
        try FileManager.default.createDirectory(atPath: directory + "/taken", withIntermediateDirectories: false)
        #expect(throws: Diagnostic.self) { try AtomicFile.write([1], to: directory + "/taken") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["taken"])
    }

    @Test func linksAreFollowedAndDevicesWrittenInto() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(FileManager.default.createFile(atPath: directory + "/real.json", contents: Data("old".utf8)))
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.json", withDestinationPath: directory + "/real.json")
        try AtomicFile.write(Array("new".utf8), to: directory + "/link.json")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/link.json") == directory + "/real.json")
        #expect(try String(contentsOfFile: directory + "/real.json", encoding: .utf8) == "new")
        // A device is written into, never replaced by a file.
        try AtomicFile.write(Array("discarded".utf8), to: "/dev/null")
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
    }

    @Test func aWriterInPiecesAppearsOnlyOnCommit() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/all.jsonl"
        let writer = try AtomicFileWriter(path: path)
        try writer.append(Array("one\n".utf8))
        try writer.append(Array("two\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: path))
        try writer.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\ntwo\n")
        // Abandoned, or dropped without a commit: nothing appears and nothing is left behind.
        let abandoned = try AtomicFileWriter(path: directory + "/abandoned.jsonl")
        try abandoned.append([1, 2, 3])
        abandoned.abandon()
        do {
            let dropped = try AtomicFileWriter(path: directory + "/dropped.jsonl")
            try dropped.append([1, 2, 3])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["all.jsonl"])
    }

    @Test func afterAFailedWriteEveryWriteAndTheCommitThrowTheSameError() throws {
        // /dev/full takes nothing: every write fails with "no space left on device".
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let writer = try AtomicFileWriter(path: "/dev/full")
        var first: Diagnostic? = nil
        do { try writer.append(Array("one".utf8)) } catch { first = error }
        #expect(first?.code == "write-failed")
        // A plugin that swallowed the sink's error and went on gets it again, not a crash.
        #expect(throws: first!) { try [UInt8]("two".utf8).withUnsafeBytes { try writer.write($0) } }
        #expect(throws: first!) { try writer.commit() }
    }

    @Test func makeDirectoriesCreatesParentsAndRefusesFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.makeDirectories(directory + "/a/b/c")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: directory + "/a/b/c", isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(FileManager.default.createFile(atPath: directory + "/file", contents: Data()))
        #expect(throws: Diagnostic.self) { try AtomicFile.makeDirectories(directory + "/file/sub") }
    }

    @Test func readingFilesAndErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(FileManager.default.createFile(atPath: directory + "/in.txt", contents: Data([0x61, 0x00, 0xFF])))
        #expect(try FileInput.read(directory + "/in.txt") == [0x61, 0x00, 0xFF])
        #expect(throws: Diagnostic.self) { try FileInput.read(directory + "/none.txt") }
        #expect(throws: Diagnostic.self) { try FileInput.read(directory) }
        #expect(throws: Diagnostic.self) { try FileInput.read(directory + "/in.txt", limit: 2) }
    }
}
