import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One document of a batch: where it is read from and where it goes.
public struct BatchItem: Sendable, Hashable {
    /// The input path, or `-` for standard input.
    public var input: String
    /// The path below the folder given on the command line (`news/2016/a.txt`), or the file
    /// name for a file given directly; `stdin` for standard input.
    public var relativePath: String
    /// The output file, when each document gets its own.
    public var output: String?
    /// The folder ``output`` must stay inside (`--output-dir`), when there is one.
    public var outputRoot: String?

    public init(input: String, relativePath: String, output: String? = nil, outputRoot: String? = nil) {
        self.input = input
        self.relativePath = relativePath
        self.output = output
        self.outputRoot = outputRoot
    }

    /// The input as messages name it.
    public var displayName: String { input == "-" ? "<stdin>" : input }
}

/// Turns the inputs given on the command line (files, folders, `-`) into a list of documents.
public enum BatchInputs {
    /// Which files of a folder are read.
    public struct Selection: Sendable {
        /// Glob patterns a file must match (any of them); empty: the extensions decide.
        public var include: [String]
        /// Glob patterns that leave a file out.
        public var exclude: [String]
        /// Extensions read when `include` is empty; nil: every file.
        public var extensions: Set<String>?

        public init(include: [String] = [], exclude: [String] = [], extensions: Set<String>? = nil) {
            self.include = include
            self.exclude = exclude
            self.extensions = extensions
        }

        /// Patterns without a `/` match the file name; with one, the path below the folder
        /// given (where `*` also matches `/`).
        static func matches(_ pattern: String, _ relativePath: String) -> Bool {
            let subject = pattern.contains("/") ? relativePath : String(lastComponent(of: relativePath))
            return fnmatch(pattern, subject, 0) == 0
        }

        func accepts(_ relativePath: String, explicitlyGiven: Bool) -> Bool {
            if exclude.contains(where: { Self.matches($0, relativePath) }) { return false }
            if explicitlyGiven { return true }
            if !include.isEmpty { return include.contains(where: { Self.matches($0, relativePath) }) }
            guard let extensions else { return true }
            return fileExtension(of: relativePath).map(extensions.contains) ?? false
        }
    }

    /// Expands folders (recursively, in name order, skipping hidden files and folders and the
    /// folder `skipping`) and keeps files and `-` as given.
    ///
    /// - Throws: a ``Diagnostic`` for an input that does not exist.
    public static func collect(_ arguments: [String], selection: Selection, skipping skipped: String? = nil) throws(Diagnostic) -> [BatchItem] {
        let skippedReal = skipped.flatMap(realPath)
        var items: [BatchItem] = []
        for argument in arguments {
            if argument == "-" {
                items.append(BatchItem(input: "-", relativePath: "stdin"))
                continue
            }
            var info = stat()
            guard stat(argument, &info) == 0 else {
                // A missing file fails as a document (so that the others go on); it is listed here.
                items.append(BatchItem(input: argument, relativePath: baseName(argument)))
                continue
            }
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                if selection.accepts(baseName(argument), explicitlyGiven: true) {
                    items.append(BatchItem(input: argument, relativePath: baseName(argument)))
                }
                continue
            }
            let root = argument.hasSuffix("/") && argument.count > 1 ? String(argument.dropLast()) : argument
            var pending: [String] = [""]  // folders below root, relative
            var found: [String] = []
            while let relative = pending.popLast() {
                let folder = relative.isEmpty ? root : root + "/" + relative
                if let skippedReal, realPath(folder) == skippedReal { continue }
                guard let dir = opendir(folder) else {
                    throw .error("read-failed", "cannot read the folder: " + String(cString: strerror(errno)), at: SourceLocation(path: folder))
                }
                // With the type the folder gives (d_type), so that a file or folder that is not a
                // link needs no `stat`; a link, or a file system that does not say, gets one.
                var entries: [(name: String, type: UInt8)] = []
                while let entry = readdir(dir) {
                    let name = entryName(entry)
                    if name.hasPrefix(".") { continue }
                    entries.append((name, entry.pointee.d_type))
                }
                closedir(dir)
                var folders: [String] = []
                for (name, entryType) in entries.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
                    let path = relative.isEmpty ? name : relative + "/" + name
                    let isFolder: Bool, isFile: Bool
                    switch Int32(entryType) {
                    case Int32(DT_REG):
                        (isFolder, isFile) = (false, true)
                    case Int32(DT_DIR):
                        (isFolder, isFile) = (true, false)
                    default:
                        var entryInfo = stat()
                        guard stat(root + "/" + path, &entryInfo) == 0 else { continue }
                        let type = entryInfo.st_mode & S_IFMT
                        // Links to folders are not followed, so that a loop cannot make the walk endless.
                        var linkInfo = stat()
                        let isLink = lstat(root + "/" + path, &linkInfo) == 0 && (linkInfo.st_mode & S_IFMT) == S_IFLNK
                        (isFolder, isFile) = (type == S_IFDIR && !isLink, type == S_IFREG)
                    }
                    if isFolder {
                        folders.append(path)
                    } else if isFile && selection.accepts(path, explicitlyGiven: false) {
                        found.append(path)
                    }
                }
                pending += folders
            }
            // In byte order of the path below the folder, whatever order the walk took.
            for path in found.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                items.append(BatchItem(input: root + "/" + path, relativePath: path))
            }
        }
        return items
    }

    /// Gives each item an output file in `directory` that mirrors its relative path, with the
    /// extension replaced: `news/a.txt` → `OUT/news/a.json`.
    ///
    /// - Throws: a ``Diagnostic`` when two inputs would be written to one file, or an output
    ///   would replace an input.
    public static func mirror(_ items: [BatchItem], into directory: String, extension ext: String) throws(Diagnostic) -> [BatchItem] {
        var used: [String: String] = [:]
        let inputs = InputFiles(items.map(\.input))
        var result: [BatchItem] = []
        for var item in items {
            let stem = replacingExtension(item.relativePath)
            let path = (directory.hasSuffix("/") ? directory : directory + "/") + stem + "." + ext
            if let other = used[path] {
                throw .error("usage", "'\(other)' and '\(item.displayName)' would both be written to '\(path)'")
            }
            if inputs.contains(path) {
                throw .error("usage", "the output '\(path)' is an input; warraq does not overwrite its inputs")
            }
            used[path] = item.displayName
            item.output = path
            item.outputRoot = directory
            result.append(item)
        }
        return result
    }

    /// `a/b/story.ar.txt` → `a/b/story.ar`.
    static func replacingExtension(_ path: String) -> String {
        let name = baseName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path }
        let folder = path.dropLast(name.count)
        return String(folder) + String(name[..<dot])
    }

    static func baseName(_ path: String) -> String {
        String(lastComponent(of: path))
    }
}

/// Whether `path` would be written inside `root`: the deepest folder of it that exists,
/// symbolic links resolved, is `root` or below it. (A folder still to be made is made below
/// that one, and the file replaces any link at its own name rather than writing through it.)
///
/// With `folders`, the folders a batch has resolved before are not resolved again (see
/// ``ResolvedFolders``).
public func staysInside(_ path: String, root: String, folders: ResolvedFolders? = nil) -> Bool {
    let resolve: (String) -> String? = { folders?.realPath($0) ?? realPath($0) }
    guard let realRoot = resolve(root) else { return true }
    var folder = parentFolder(of: path)
    var resolved = resolve(folder)
    while resolved == nil {
        let up = parentFolder(of: folder)
        if up == folder { return true }
        folder = up
        resolved = resolve(folder)
    }
    guard let real = resolved else { return true }
    return real == realRoot || real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/")
}

/// The folders one batch has resolved (``realPath(_:)``), so that checking where each
/// document's output lands (``staysInside(_:root:folders:)``) resolves its folder and the
/// output folder once a batch rather than once a document: two `realpath` calls, a system
/// call per folder of their paths each. Only folders that exist are kept; a folder the batch
/// makes later is resolved when it is first asked about. Safe to share between jobs.
public final class ResolvedFolders: Sendable {
    private let resolved = Mutex<[String: String]>([:])

    public init() {}

    /// `path` with its symbolic links resolved, or nil when it does not exist.
    public func realPath(_ path: String) -> String? {
        if let known = resolved.withLock({ $0[path] }) { return known }
        guard let real = WarraqKit.realPath(path) else { return nil }
        resolved.withLock { $0[path] = real }
        return real
    }
}

/// The files a batch reads, to check that no output replaces one of them.
///
/// An output is an input when both resolve to one canonical path (``realPath(_:)``). Resolving
/// each of thousands of inputs costs a system call per folder of its path; here each input is
/// looked at once (`stat`), and only an output that is the same file as an input (device and
/// inode) is resolved and compared. The inputs are looked at only once an output that exists
/// is asked about: a first run into a new file or folder does not look at them at all.
public final class InputFiles {
    private struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }
    private let paths: [String]
    /// The inputs by the file they are, once an output that exists asked.
    private var byIdentity: [Identity: [String]]? = nil

    /// The files at `paths` (standard input, `-`, and paths that do not exist are left out).
    public init(_ paths: [String]) {
        self.paths = paths.filter { $0 != "-" }
    }

    /// True when `path` and one of the inputs have one canonical path.
    public func contains(_ path: String) -> Bool {
        guard let identity = Self.identity(path) else { return false }
        if byIdentity == nil {
            var map: [Identity: [String]] = [:]
            for input in paths {
                if let identity = Self.identity(input) { map[identity, default: []].append(input) }
            }
            byIdentity = map
        }
        guard let candidates = byIdentity?[identity], let real = realPath(path) else { return false }
        return candidates.contains { realPath($0) == real }
    }

    /// The device and inode of the file at `path`, links followed.
    private static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// The canonical absolute path of an existing file, or nil.
public func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

/// The name of a folder entry `readdir` returned.
///
/// Read in place up to its NUL: the record can be shorter than `dirent`'s 256-byte name field,
/// and copying the whole field out (as `entry.pointee.d_name` does) can read past the end of
/// the buffer `readdir` filled, into an unmapped page.
func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
    let name = UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    return String(cString: name.assumingMemoryBound(to: CChar.self))
}
