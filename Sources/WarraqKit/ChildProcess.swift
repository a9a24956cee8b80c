#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A program warraq runs for an external plugin: started directly with `posix_spawn` (never
/// through a shell), in a process group of its own, with its standard input, output and error
/// on pipes.
///
/// Output and error are read together with `poll`, so that a child filling one pipe while
/// warraq waits on the other cannot deadlock; a deadline and a size cap bound every exchange,
/// and a child past either has its whole process group killed.
final class ChildProcess: @unchecked Sendable {
    /// How an exchange ended.
    enum Outcome: Sendable, Equatable {
        /// Output ended (standard output closed, or a whole line in line mode).
        case finished
        /// In line mode: standard output closed before a whole line came.
        case closed
        /// The deadline passed.
        case timedOut
        /// Standard output grew past the cap.
        case outputTooLarge
    }

    /// How the process ended.
    enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// Still running when warraq stopped waiting; its group was killed.
        case killed
    }

    let pid: pid_t
    private var input: Int32
    private var output: Int32
    private var error: Int32
    /// Standard output read past the line an exchange returned (line mode).
    private var pending: [UInt8] = []
    /// Standard error gathered so far, at most `maximumErrorOutput` bytes.
    private(set) var errorOutput: [UInt8] = []
    /// Whether standard error was cut at the cap.
    private(set) var errorOutputTruncated = false
    private var reaped: Termination?

    /// The most standard error kept; the rest is dropped.
    static let maximumErrorOutput = 1 << 20

    /// Starts `arguments[0]` with the rest as its arguments.
    ///
    /// - Parameters:
    ///   - directory: the working directory of the child; a program path with a `/` in it,
    ///     written relative, is relative to it.
    ///   - environment: variables set over warraq's own environment.
    /// - Throws: the system's reason (`No such file or directory`) as text.
    init(arguments: [String], directory: String?, environment: [String: String]) throws(SpawnError) {
        guard let program = arguments.first, !program.isEmpty else { throw SpawnError(message: "the command is empty") }
        Self.ignoreBrokenPipes
        // A relative program path resolves in the child, after it has changed to `directory`.
        let path = program

        var pipes: [[Int32]] = []
        for _ in 0..<3 {
            var fds: [Int32] = [-1, -1]
            guard CFunctions.pipe2(&fds, O_CLOEXEC) == 0 else {
                let reason = String(cString: strerror(errno))
                for p in pipes { close(p[0]); close(p[1]) }
                throw SpawnError(message: "cannot make a pipe: \(reason)")
            }
            pipes.append(fds)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipes[0][0], 0)
        posix_spawn_file_actions_adddup2(&actions, pipes[1][1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipes[2][1], 2)
        if let directory, directory != "." {
            guard CFunctions.addChdir(&actions, directory) == 0 else {
                for p in pipes { close(p[0]); close(p[1]) }
                throw SpawnError(message: "cannot run a program in the folder '\(directory)' on this system")
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own: a timeout or Ctrl-C kills the plugin and whatever it started.
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var variables: [String: String] = [:]
        var order: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                if variables[name] == nil { order.append(name) }
                variables[name] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            if variables[name] == nil { order.append(name) }
            variables[name] = value
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments.dropFirst()).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = order.map { strdup("\($0)=\(variables[$0]!)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        // Registered before it can run, so that Ctrl-C between spawn and registration cannot
        // leave it behind.
        let status = ChildProcesses.spawning {
            let status = posix_spawnp(&pid, path, &actions, &attributes, argv, envp)
            return (status, pid)
        }
        close(pipes[0][0])
        close(pipes[1][1])
        close(pipes[2][1])
        guard status == 0 else {
            close(pipes[0][1]); close(pipes[1][0]); close(pipes[2][0])
            throw SpawnError(message: "cannot run '\(program)': \(String(cString: strerror(status)))")
        }
        self.pid = pid
        input = pipes[0][1]
        output = pipes[1][0]
        error = pipes[2][0]
        for fd in [input, output, error] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    deinit {
        for fd in [input, output, error] where fd >= 0 { close(fd) }
        if reaped == nil {
            killGroup()
            _ = wait(until: .now + .seconds(1))
        }
    }

    /// Writes `bytes` to standard input (closing it afterwards when `closeInput`), and reads
    /// standard output until it closes, or (with `untilNewline`) until a whole line has come.
    /// Standard error is gathered meanwhile.
    ///
    /// - Returns: how the exchange ended and what standard output said (the line without its
    ///   newline, in line mode).
    func exchange(
        _ bytes: [UInt8], closeInput: Bool, untilNewline: Bool, deadline: ContinuousClock.Instant, maximumOutput: Int
    ) -> (Outcome, [UInt8]) {
        var collected = pending
        pending = []
        var written = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)

        func takeLine() -> [UInt8]? {
            guard untilNewline, let newline = collected.firstIndex(of: 0x0A) else { return nil }
            let line = Array(collected[..<newline])
            pending = Array(collected[(newline + 1)...])
            return line
        }
        if let line = takeLine() { return (.finished, line) }
        if bytes.isEmpty && closeInput { closeInputPipe() }

        while output >= 0 || (!untilNewline && error >= 0) {
            var fds: [pollfd] = []
            if input >= 0 && written < bytes.count { fds.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
            if output >= 0 { fds.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
            if error >= 0 { fds.append(pollfd(fd: error, events: Int16(POLLIN), revents: 0)) }
            let remaining = deadline - .now
            if remaining <= .zero { return (.timedOut, collected) }
            let milliseconds = Int32(min(1000, max(1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)))
            let ready = poll(&fds, nfds_t(fds.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return (untilNewline ? .closed : .finished, collected)
            }
            for fd in fds where fd.revents != 0 {
                if fd.fd == input {
                    let n = bytes.withUnsafeBytes { Glibc.write(input, $0.baseAddress! + written, $0.count - written) }
                    if n > 0 {
                        written += n
                        if written == bytes.count && closeInput { closeInputPipe() }
                    } else if n < 0 && errno != EAGAIN && errno != EINTR {
                        // The child stopped reading (EPIPE): its exit status will say why.
                        closeInputPipe()
                    }
                } else if fd.fd == output {
                    let n = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress!, $0.count) }
                    if n > 0 {
                        collected += chunk[0..<n]
                        if let line = takeLine() {
                            drainError()
                            return (.finished, line)
                        }
                        if collected.count > maximumOutput { return (.outputTooLarge, []) }
                    } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                        close(output)
                        output = -1
                    }
                } else if fd.fd == error {
                    readError(into: &chunk)
                }
            }
        }
        return (untilNewline ? .closed : .finished, collected)
    }

    /// Reads what standard error holds now, without waiting.
    func drainError() {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while error >= 0 && readError(into: &chunk) {}
    }

    /// Reads once from standard error; false when nothing more is there now.
    @discardableResult
    private func readError(into chunk: inout [UInt8]) -> Bool {
        let n = chunk.withUnsafeMutableBytes { Glibc.read(error, $0.baseAddress!, $0.count) }
        if n > 0 {
            let room = Self.maximumErrorOutput - errorOutput.count
            if room > 0 { errorOutput += chunk[0..<min(n, room)] }
            if n > room { errorOutputTruncated = true }
            return true
        }
        if n == 0 || (errno != EAGAIN && errno != EINTR) {
            close(error)
            error = -1
        }
        return false
    }

    /// Standard error gathered so far, taken away (so the next document starts afresh).
    func takeErrorOutput() -> (bytes: [UInt8], truncated: Bool) {
        defer {
            errorOutput = []
            errorOutputTruncated = false
        }
        return (errorOutput, errorOutputTruncated)
    }

    func closeInputPipe() {
        if input >= 0 {
            close(input)
            input = -1
        }
    }

    /// Waits for the process to end until `deadline`; kills its group when it does not.
    func wait(until deadline: ContinuousClock.Instant) -> Termination {
        if let reaped { return reaped }
        var delay: UInt32 = 200
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                // The exit status is in bits 8–15, the signal in bits 0–6.
                let signal = status & 0x7F
                let ended: Termination = signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
                finish(ended)
                return ended
            }
            if result < 0 && errno != EINTR {
                finish(.killed)
                return .killed
            }
            if ContinuousClock.now >= deadline {
                killGroup()
                var ignored: Int32 = 0
                while waitpid(pid, &ignored, 0) < 0 && errno == EINTR {}
                finish(.killed)
                return .killed
            }
            usleep(delay)
            delay = min(delay * 2, 20_000)
        }
    }

    /// Kills the process and every process of its group.
    func killGroup() {
        guard reaped == nil else { return }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
    }

    private func finish(_ termination: Termination) {
        reaped = termination
        // The group may still hold processes the plugin started; they go with it.
        kill(-pid, SIGKILL)
        ChildProcesses.forget(pid)
    }

    /// Writing to a plugin that stopped reading must be an error, not a SIGPIPE that ends warraq.
    private static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}

/// C functions glibc declares only under `_GNU_SOURCE`, which Swift's Glibc module is not
/// built with; looked up by name instead.
private enum CFunctions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

    private static let pipe2Function: Pipe2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    private static let addChdirFunction: AddChdir? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChdir.self) }

    /// `pipe2`: a pipe whose ends are closed on exec from the start, so that no plugin started
    /// meanwhile by another thread inherits them (and keeps another plugin's output open).
    static func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
        guard let pipe2Function else {
            errno = ENOSYS
            return -1
        }
        return pipe2Function(fds, flags)
    }

    /// `posix_spawn_file_actions_addchdir_np`: the child starts in `directory`.
    static func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ directory: String) -> Int32 {
        guard let addChdirFunction else { return ENOSYS }
        return directory.withCString { addChdirFunction(actions, $0) }
    }
}

/// Why a program could not be started.
struct SpawnError: Error, Sendable {
    var message: String
}

/// The process groups of every plugin running now, so that Ctrl-C can kill them.
enum ChildProcesses {
    private static let groups = Mutex<Set<pid_t>>([])

    /// Runs `spawn` under the lock and records the process it started.
    static func spawning(_ spawn: () -> (Int32, pid_t)) -> Int32 {
        groups.withLock { set in
            let (status, pid) = spawn()
            if status == 0 { set.insert(pid) }
            return status
        }
    }

    static func forget(_ pid: pid_t) {
        _ = groups.withLock { $0.remove(pid) }
    }

    /// Kills every plugin's process group (on Ctrl-C or SIGTERM, before warraq exits).
    static func killAll() {
        groups.withLock { set in
            for pid in set {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
            }
        }
    }
}
