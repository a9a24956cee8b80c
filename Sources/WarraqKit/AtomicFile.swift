#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Files written whole or not at all: into a temporary file beside the target, flushed, then
/// renamed into place. A failure (a full disk, a read-only folder) leaves no partial file.
public enum AtomicFile {
    /// Writes `bytes` to `path`, replacing it atomically.
    ///
    /// A symbolic link is followed and its target replaced. A target that exists and is not a
    /// regular file (`/dev/stdout`, a named pipe) is written into directly, as there is nothing
    /// to replace; a folder is an error.
    ///
    /// - Throws: a ``Diagnostic`` naming the path and the system's reason.
    public static func write(_ bytes: [UInt8], to path: String) throws(Diagnostic) {
        var info = stat()
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { throw failure("cannot write '\(path)': it is a folder", path: path, errorNumber: 0) }
            if type != S_IFREG { return try writeDirectly(bytes, to: path) }
            var linkInfo = stat()
            if lstat(path, &linkInfo) == 0 && (linkInfo.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) {
                let target = String(cString: resolved)
                free(resolved)
                return try replace(bytes, at: target, shownAs: path)
            }
        }
        try replace(bytes, at: path, shownAs: path)
    }

    private static func writeDirectly(_ bytes: [UInt8], to path: String) throws(Diagnostic) {
        let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open '\(path)'", path: path) }
        defer { close(fd) }
        if let e = writeAll(bytes, to: fd) { throw failure("cannot write '\(path)'", path: path, errorNumber: e) }
    }

    /// Writes all of `bytes` to `fd`; the errno of a failure, or nil.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        var written = 0
        return bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return nil
        }
    }

    private static func replace(_ bytes: [UInt8], at path: String, shownAs shown: String) throws(Diagnostic) {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array("\(directory.isEmpty ? "/" : directory)/.\(name).warraq-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure("cannot create a file in '\(directory)'", path: shown) }
        let temporary = String(cString: template)
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        if let writeError = writeAll(bytes, to: fd) {
            close(fd)
            throw failure("cannot write '\(shown)'", path: shown, errorNumber: writeError)
        }
        if fsync(fd) != 0 && errno != EINVAL {
            let e = errno
            close(fd)
            throw failure("cannot write '\(shown)'", path: shown, errorNumber: e)
        }
        // mkstemp creates the file 0600; give it the usual permissions.
        let mask = umask(0)
        umask(mask)
        fchmod(fd, 0o666 & ~mask)
        if close(fd) != 0 { throw failure("cannot write '\(shown)'", path: shown) }
        guard rename(temporary, path) == 0 else { throw failure("cannot replace '\(shown)'", path: shown) }
        ok = true
    }

    /// Creates `path` and its parents as folders, if missing.
    public static func makeDirectories(_ path: String) throws(Diagnostic) {
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

/// Reading whole files and standard input as bytes.
public enum FileInput {
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
        if (info.st_mode & S_IFMT) == S_IFREG { result.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .error("read-failed", "cannot read: " + String(cString: strerror(errno)), at: SourceLocation(path: path))
            }
            if n == 0 { break }
            result += chunk[0..<n]
            if result.count > limit {
                throw .error("input-too-large", "the input is larger than the limit of \(limit) bytes", at: SourceLocation(path: path))
            }
        }
        return result
    }
}
