#if canImport(Glibc)
import Glibc
#endif
import WarraqKit

/// Writing to standard output and error.
enum StandardStreams {
    static func writeOut(_ bytes: [UInt8]) throws(Diagnostic) {
        if let e = write(bytes, to: 1) {
            throw .error("write-failed", "cannot write to standard output: " + String(cString: strerror(e)))
        }
    }

    /// Writes text to standard error as it is (no newline added).
    static func printRaw(_ text: String) {
        _ = write(Array(text.utf8), to: 2)
    }

    static func printError(_ text: String) {
        _ = write(Array((text + "\n").utf8), to: 2)
    }

    /// Writes all of `bytes` to a file descriptor; the errno of a failure, or nil.
    private static func write(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += n
        }
        return nil
    }

    static func report(_ diagnostics: [Diagnostic], quiet: Bool = false) {
        for d in diagnostics where !(quiet && d.severity != .error) { printError(d.rendered) }
    }
}
