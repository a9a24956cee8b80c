#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Temporary files being written, so that an interrupted run can remove them.
///
/// Creating a temporary file and renaming it into place both happen under the lock, and so
/// does the clean-up after a signal: a file is either whole at its path or gone.
public enum TemporaryFiles {
    private static let paths = Mutex<Set<String>>([])

    /// Runs `body` (which creates or renames a temporary file) under the lock.
    static func withLock<T>(_ body: (inout Set<String>) throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        try paths.withLock { (set: inout Set<String>) throws(Diagnostic) -> T in try body(&set) }
    }

    /// Removes every temporary file still registered, prints `message(count)` on standard
    /// error and exits with `status`, all while holding the lock, so that no other thread can
    /// create or rename a temporary file in between.
    static func removeAllAndExit(status: Int32, message: (Int) -> String) -> Never {
        paths.withLock { set -> Never in
            for path in set { unlink(path) }
            let text = message(set.count) + "\n"
            _ = text.withCString { write(2, $0, strlen($0)) }
            _exit(status)
        }
    }
}

/// The pipe a signal handler writes the signal's number into (the self-pipe trick: writing is
/// all a handler may safely do).
nonisolated(unsafe) private var signalPipe: (read: Int32, write: Int32) = (-1, -1)

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP: remove temporary files and exit with 128 + the signal.
///
/// The handler only writes the signal's number into a pipe; a thread of its own reads it,
/// removes the unfinished output files (taking locks and allocating as an ordinary thread can,
/// which a handler could not) and exits.
public enum Interruption {
    /// Call once, first thing in `main`.
    public static func install(onInterrupt message: @escaping @Sendable (Int32, Int) -> String = { signal, removed in
        "warraq: interrupted (signal \(signal)); \(removed) unfinished output file\(removed == 1 ? "" : "s") removed"
    }) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        signalPipe = (fds[0], fds[1])
        let box = Box(message: message, readEnd: fds[0])
        var thread = pthread_t()
        let context = Unmanaged.passRetained(box).toOpaque()
        pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            var number: UInt8 = 0
            while read(box.readEnd, &number, 1) != 1 {}
            let signal = Int32(number)
            // External plugins run in process groups of their own, out of the terminal's
            // reach: they are killed here.
            ChildProcesses.killAll()
            TemporaryFiles.removeAllAndExit(status: 128 + signal) { removed in box.message(signal, removed) }
        }, context)
        pthread_detach(thread)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipe.write, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
        }
    }

    private final class Box: @unchecked Sendable {
        let message: @Sendable (Int32, Int) -> String
        let readEnd: Int32
        init(message: @escaping @Sendable (Int32, Int) -> String, readEnd: Int32) {
            self.message = message
            self.readEnd = readEnd
        }
    }
}
