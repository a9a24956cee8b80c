import DocumentModel
import Foundation
import WarraqKit

/// Compiled gazetteers and word lists, built once per run and shared by every document and
/// thread: the first document that needs a set builds it, the others wait and reuse it.
final class GazetteerStore: @unchecked Sendable {
    static let shared = GazetteerStore()

    private struct Key: Hashable {
        var files: [String]
        var normalization: TextNormalization
        var articleOptional: Bool
    }

    private let lock = NSLock()
    private var gazetteers: [Key: Gazetteer] = [:]
    /// Sets that failed to load, with why: every later document gets the same error without
    /// reading the files again.
    private var failures: [Key: Diagnostic] = [:]
    private var lexicons: [TextNormalization: Lexicon] = [:]
    /// Whether each shipped language folder exists, looked at once a run rather than once a
    /// document (the set compiled from it is kept for the run anyway).
    private var shippedFolders: [String: Bool] = [:]

    /// Whether the shipped gazetteers' folder `folder` exists (the first answer is kept).
    func shippedFolderExists(_ folder: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let known = shippedFolders[folder] { return known }
        let exists = Gazetteer.exists(folder)
        shippedFolders[folder] = exists
        return exists
    }

    func gazetteer(_ paths: [String], normalization: TextNormalization, articleOptional: Bool) throws(Diagnostic) -> Gazetteer {
        lock.lock()
        defer { lock.unlock() }
        let key = Key(files: paths, normalization: normalization, articleOptional: articleOptional)
        if let g = gazetteers[key] { return g }
        if let failure = failures[key] { throw failure }
        do {
            let g = try Gazetteer.load(paths, normalization: normalization, articleOptional: articleOptional)
            gazetteers[key] = g
            return g
        } catch {
            failures[key] = error
            throw error
        }
    }

    func lexicon(_ normalization: TextNormalization) -> Lexicon {
        lock.lock()
        defer { lock.unlock() }
        if let l = lexicons[normalization] { return l }
        let l = Lexicon(normalization: normalization)
        lexicons[normalization] = l
        return l
    }

    /// The folder of the gazetteers that ship (`config/gazetteers`): `WARRAQ_GAZETTEERS` when
    /// set, else the first `config/gazetteers` found going up from the executable's folder,
    /// then from the current folder.
    static let shippedRoot: String? = {
        if let env = ProcessInfo.processInfo.environment["WARRAQ_GAZETTEERS"], !env.isEmpty { return env }
        let fm = FileManager.default
        var starts: [URL] = []
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        starts.append(Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() ?? URL(fileURLWithPath: fm.currentDirectoryPath))
        starts.append(URL(fileURLWithPath: fm.currentDirectoryPath))
        for start in starts {
            var dir = start.standardizedFileURL
            while true {
                let candidate = dir.appendingPathComponent("config/gazetteers")
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: candidate.path, isDirectory: &isDir), isDir.boolValue { return candidate.path }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return nil
    }()
}
