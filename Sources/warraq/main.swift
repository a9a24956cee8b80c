import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

// Exit status: 0 success, 1 a document failed, 2 a usage error. ArgumentParser's own usage
// errors (exit 64) are mapped to 2 here.
do {
    var command = try WarraqCommand.parseAsRoot()
    try command.run()
} catch {
    let code = WarraqCommand.exitCode(for: error)
    if code == .validationFailure {
        let message = WarraqCommand.fullMessage(for: error)
        StandardStreams.printError(message)
        exit(ExitStatus.usage)
    }
    WarraqCommand.exit(withError: error)
}
