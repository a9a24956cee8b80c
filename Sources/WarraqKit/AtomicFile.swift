import DocumentModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Files written whole or not at all: into a temporary file beside the target, flushed, then
/// renamed into place. A failure (a full disk, a read-only folder) leaves no partial file.
///
/// Flushing (`fsync`) is what makes a file whole after a power cut or a crash of the system,
/// not only after the process is killed; it is the default. Without it (`flush: false`, the
/// command line's `--no-fsync`) a file still appears at its path only once it is written whole,
/// but a power cut soon after can leave it empty or missing.
public enum AtomicFile {
    /// What the names of temporary files carry: `.NAME.warraq-XXXXXX` beside `NAME`.
    public static let temporaryMarker = ".warraq-"

    /// Removes temporary files that a killed run (SIGKILL, a power cut) left beside `targets`:
    /// `.NAME.warraq-XXXXXX` for each target `NAME`. Returns how many were removed.
    @discardableResult
    public static func removeStaleTemporaryFiles(besides targets: [String]) -> Int {
        var byFolder: [String: Set<String>] = [:]
        for target in targets {
            let folder = parentFolder(of: target)
            byFolder[folder, default: []].insert(String(lastComponent(of: target)))
        }
        var removed = 0
        for (folder, names) in byFolder {
            guard let dir = opendir(folder) else { continue }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = entryName(entry)
                let scalars = Array(name.unicodeScalars)
                let stem = String(String.UnicodeScalarView(scalars.dropLast(6)))
                guard name.hasPrefix("."), scalars.count > 7, stem.hasSuffix(temporaryMarker) else { continue }
                let original = String(stem.dropFirst().dropLast(temporaryMarker.count))
                if names.contains(original) {
                    if unlink((folder == "." ? "" : folder + "/") + name) == 0 { removed += 1 }
                }
            }
        }
        return removed
    }

    /// Writes `bytes` to `path`, replacing it atomically.
    ///
    /// A symbolic link is followed and its target replaced. A target that exists and is not a
    /// regular file (`/dev/stdout`, a named pipe) is written into directly, as there is nothing
    /// to replace; a folder is an error.
    ///
    /// - Parameter flush: flush the file to the disk before renaming it into place (`fsync`).
    /// - Throws: a ``Diagnostic`` naming the path and the system's reason.
    public static func write(_ bytes: [UInt8], to path: String, flush: Bool = true) throws(Diagnostic) {
        let writer = try AtomicFileWriter(path: path, flush: flush)
        try writer.append(bytes)
        try writer.commit()
    }

    /// The process's file mode mask, read once. Reading it means setting it for a moment, and
    /// a folder another job made in that moment would get no mask at all: so it is read once,
    /// before any job starts (the command line reads it at start-up, ``readProcessMask()``).
    public static let processMask: mode_t = {
        let mask = umask(0)
        umask(mask)
        return mask
    }()

    /// Reads ``processMask`` now, while the process has one thread.
    public static func readProcessMask() { _ = processMask }

    /// Creates `path` and its parents as folders, if missing.
    public static func makeDirectories(_ path: String) throws(Diagnostic) {
        // Usually the folder is there already (a batch asks for every document): one look.
        var existing = stat()
        if !path.isEmpty && stat(path, &existing) == 0 && (existing.st_mode & S_IFMT) == S_IFDIR { return }
        var current = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + part
            var info = stat()
            if stat(current, &info) == 0 {
                if (info.st_mode & S_IFMT) != S_IFDIR { throw failure("'\(current)' exists and is not a folder", path: path, errorNumber: 0) }
                continue
            }
            if mkdir(current, 0o777) != 0 && errno != EEXIST { throw failure("cannot create the folder '\(current)'", path: path) }
        }
    }

    static func failure(_ message: String, path: String, errorNumber: Int32 = errno) -> Diagnostic {
        let reason = errorNumber == 0 ? "" : ": " + String(cString: strerror(errorNumber))
        return .error("write-failed", message + reason, at: SourceLocation(path: path))
    }
}

/// A file written in pieces that appears at its path only when ``commit()`` succeeds.
///
/// Until then the bytes go to a temporary file beside the target; if the writer is dropped
/// without a commit, or a write fails, the temporary file is removed. See ``AtomicFile/write(_:to:)``
/// for links, devices and folders. As a ``ByteSink`` it takes the output of a writer that
/// streams.
public final class AtomicFileWriter: ByteSink {
    /// The path as the caller gave it, for messages.
    public let path: String
    private var fd: Int32
    /// The temporary file, or nil when writing straight into a device or pipe.
    private var temporary: String?
    private var target: String
    private var finished = false
    /// The error of a failed write, thrown again by any later write or commit: a plugin that
    /// goes on after its sink failed gets the error, not a half-written file.
    private var failure: Diagnostic?
    /// Whether ``commit()`` flushes the file to the disk before renaming it (`fsync`).
    public let flush: Bool
    /// True when the target is a device or a pipe, written into directly: what is appended
    /// there cannot be taken back, so a writer that may fail should append its output whole.
    public var writesInPlace: Bool { temporary == nil }

    /// Opens the temporary file (or the device) for `path`.
    ///
    /// - Parameter flush: flush the file to the disk before renaming it into place (`fsync`):
    ///   without it the file is still never seen half-written at `path` while the system runs,
    ///   but a power cut can leave it empty or missing.
    public init(path: String, flush: Bool = true) throws(Diagnostic) {
        self.path = path
        self.flush = flush
        target = path
        var info = stat()
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { throw AtomicFile.failure("cannot write '\(path)': it is a folder", path: path, errorNumber: 0) }
            if type != S_IFREG {
                fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
                guard fd >= 0 else { throw AtomicFile.failure("cannot open '\(path)'", path: path) }
                temporary = nil
                return
            }
            var linkInfo = stat()
            if lstat(path, &linkInfo) == 0 && (linkInfo.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) {
                target = String(cString: resolved)
                free(resolved)
            }
        }
        let directory = parentFolder(of: target)
        let name = String(lastComponent(of: target))
        var template = Array("\(directory == "/" ? "" : directory)/.\(name)\(AtomicFile.temporaryMarker)XXXXXX".utf8CString)
        let path = path
        (fd, temporary) = try TemporaryFiles.withLock { (files: inout Set<String>) throws(Diagnostic) -> (Int32, String?) in
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw AtomicFile.failure("cannot create a file in '\(directory)'", path: path) }
            // Not inherited by external plugins started meanwhile.
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            let temporary = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            files.insert(temporary)
            return (fd, temporary)
        }
    }

    /// Appends bytes; on failure the temporary file is removed.
    public func append(_ bytes: [UInt8]) throws(Diagnostic) {
        let failure: Diagnostic? = bytes.withUnsafeBytes { raw in
            do throws(Diagnostic) {
                try append(raw)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Appends bytes, as a ``ByteSink``; on failure the temporary file is removed.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try append(bytes)
    }

    /// Appends bytes; on failure the temporary file is removed.
    public func append(_ raw: UnsafeRawBufferPointer) throws(Diagnostic) {
        if let failure { throw failure }
        precondition(!finished, "append after commit")
        var written = 0
        var errorNumber: Int32? = nil
        while written < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                errorNumber = errno
                break
            }
            written += n
        }
        if let errorNumber {
            abandon()
            let error = AtomicFile.failure("cannot write '\(path)'", path: path, errorNumber: errorNumber)
            self.failure = error
            throw error
        }
    }

    /// Flushes the file (unless ``flush`` is false) and renames it into place.
    public func commit() throws(Diagnostic) {
        if let failure { throw failure }
        precondition(!finished, "commit twice")
        guard let temporary else {
            finished = true
            close(fd)
            return
        }
        if flush && fsync(fd) != 0 && errno != EINVAL {
            let e = errno
            abandon()
            throw AtomicFile.failure("cannot write '\(path)'", path: path, errorNumber: e)
        }
        // mkstemp creates the file 0600; give it the usual permissions.
        fchmod(fd, 0o666 & ~AtomicFile.processMask)
        finished = true
        if close(fd) != 0 {
            let e = errno
            finished = false
            abandonTemporary(temporary)
            throw AtomicFile.failure("cannot write '\(path)'", path: path, errorNumber: e)
        }
        let (target, path) = (target, path)
        try TemporaryFiles.withLock { (files: inout Set<String>) throws(Diagnostic) in
            files.remove(temporary)
            guard rename(temporary, target) == 0 else {
                let e = errno
                unlink(temporary)
                throw AtomicFile.failure("cannot replace '\(path)'", path: path, errorNumber: e)
            }
        }
    }

    private func abandonTemporary(_ temporary: String) {
        finished = true
        _ = try? TemporaryFiles.withLock { (files: inout Set<String>) throws(Diagnostic) in
            files.remove(temporary)
            unlink(temporary)
        }
    }

    /// Closes and removes the temporary file; nothing appears at the path.
    public func abandon() {
        guard !finished else { return }
        finished = true
        close(fd)
        if let temporary {
            _ = try? TemporaryFiles.withLock { (files: inout Set<String>) throws(Diagnostic) in
                files.remove(temporary)
                unlink(temporary)
            }
        }
    }

    deinit { abandon() }
}

/// Reading whole files and standard input as bytes.
public enum FileInput {
    /// True when `path` is a folder.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// True when something exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// The bytes of the file at `path`, or of standard input for `-`.
    ///
    /// - Parameter limit: refuse inputs larger than this many bytes.
    public static func read(_ path: String, limit: Int = .max) throws(Diagnostic) -> [UInt8] {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .error("read-failed", "cannot open: " + String(cString: strerror(errno)), at: SourceLocation(path: path))
        }
        defer { if fd != 0 { close(fd) } }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw .error("read-failed", "is a folder, not a file", at: SourceLocation(path: path))
        }
        var result: [UInt8] = []
        // A regular file is read straight into an array of its size, without a copy through
        // a chunk; what a growing file adds, and pipes, are read a chunk at a time.
        if (info.st_mode & S_IFMT) == S_IFREG && info.st_size > 0 {
            let size = Int(info.st_size)
            if size > limit {
                throw .error("input-too-large", "the input is larger than the limit of \(limit) bytes", at: SourceLocation(path: path))
            }
            var failure: Int32 = 0
            result = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                while initialized < size {
                    let n = Glibc.read(fd, buffer.baseAddress! + initialized, size - initialized)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if n == 0 { return }
                    initialized += n
                }
            }
            if failure != 0 {
                throw .error("read-failed", "cannot read: " + String(cString: strerror(failure)), at: SourceLocation(path: path))
            }
        }
        // The chunk is not zeroed: after a whole regular file, the one read that finds the end
        // costs nothing.
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 << 16) { (chunk) throws(Diagnostic) in
            while true {
                let n = Glibc.read(fd, chunk.baseAddress!, chunk.count)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .error("read-failed", "cannot read: " + String(cString: strerror(errno)), at: SourceLocation(path: path))
                }
                if n == 0 { break }
                result.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<n]))
                if result.count > limit {
                    throw .error("input-too-large", "the input is larger than the limit of \(limit) bytes", at: SourceLocation(path: path))
                }
            }
        }
        return result
    }
}
