import ArgumentParser
import DocumentModel
import Synchronization
import WarraqKit
#if canImport(Glibc)
import Glibc
#endif

/// Runs a conversion plan: documents concurrently, outputs in input order, progress and a
/// summary on standard error.
enum BatchExecution {
    static func run(_ options: ConversionOptions, recipe: String?) async throws {
        let plan: ConversionPlan
        do {
            plan = try ConversionPlan.make(options, recipePath: recipe)
        } catch {
            StandardStreams.printError(error.rendered)
            throw ExitCode(ExitStatus.usage)
        }
        let status = await execute(plan, options)
        if status != 0 { throw ExitCode(status) }
    }

    static func execute(_ plan: ConversionPlan, _ options: ConversionOptions) async -> Int32 {
        let start = ContinuousClock.now
        // Outputs a killed run left half-written are removed before anything is written.
        AtomicFile.removeStaleTemporaryFiles(besides: plan.items.compactMap(\.output))

        var collectionFile: AtomicFileWriter? = nil
        var asRecord = false
        switch plan.destination {
        case .collection(let path):
            asRecord = true
            if let path {
                do {
                    try AtomicFile.makeDirectories(parentFolder(of: path))
                    collectionFile = try AtomicFileWriter(path: path, flush: !options.noFsync)
                } catch {
                    StandardStreams.printError(error.rendered)
                    return ExitStatus.failure
                }
            }
        case .eachToFile, .standardOutput:
            break
        }

        let mode: ProgressMode = options.quiet ? .none : (options.progress == .auto ? (isatty(2) == 1 && plan.isBatch ? .bar : .none) : options.progress)
        var progress = ProgressReporter(mode: mode, total: plan.items.count)
        var converted = 0, failed = 0, skipped = 0
        var failures: [String] = []
        var wroteHeader = false
        var outputBroken = false

        let conversion = plan.conversion
        let skipExisting = options.skipExisting
        let flush = !options.noFsync
        let record = asRecord
        let maximumInputSize = options.maximumInputSize
        let runner = BatchRunner(jobs: options.jobs ?? defaultJobs(), failFast: options.failFast)
        // A single document is not freed: warraq exits once it is written, and the system takes
        // its memory back at once, where freeing a large document node by node takes a while.
        let keep: (@Sendable (InputSource, Document) -> Void)? = plan.items.count == 1 ? KeptUntilExit.keep : nil
        let folders = ResolvedFolders()
        let started = await runner.run(
            plan.items,
            work: { item in
                conversion.convert(
                    item, asRecord: record, skipExisting: skipExisting, maximumInputSize: maximumInputSize, flush: flush, keep: keep,
                    folders: folders)
            },
            emit: { item, outcome in
                progress.clear()
                StandardStreams.report(outcome.diagnostics, quiet: options.quiet)
                var outcome = outcome
                if var bytes = outcome.bytes, !outputBroken {
                    if asRecord && !wroteHeader, let c = conversion.output.plugin as? any CollectionOutputPlugin {
                        bytes = c.collectionHeader(options: conversion.output.options) + bytes
                        wroteHeader = true
                    }
                    do throws(Diagnostic) {
                        if let collectionFile { try collectionFile.append(bytes) } else { try StandardStreams.writeOut(bytes) }
                    } catch {
                        StandardStreams.printError(error.rendered)
                        outputBroken = true
                        outcome.status = .failed
                    }
                }
                switch outcome.status {
                case .converted: converted += 1
                case .skipped: skipped += 1
                case .failed:
                    failed += 1
                    failures.append(item.displayName)
                }
                progress.record(item, outcome.status, output: item.output)
            })
        progress.finish()
        // Stream-mode plugins wait for more documents: there are none.
        ExternalProcesses.shutDown()

        if let collectionFile {
            if converted == 0 || outputBroken {
                collectionFile.abandon()
            } else {
                do {
                    try collectionFile.commit()
                } catch {
                    StandardStreams.printError(error.rendered)
                    outputBroken = true
                }
            }
        }
        let notStarted = plan.items.count - started
        if plan.isBatch && !options.quiet {
            let seconds = (ContinuousClock.now - start).seconds
            let rate = seconds > 0 ? Double(converted) / seconds : 0
            var summary = "converted \(converted), failed \(failed), skipped \(skipped)"
            if notStarted > 0 { summary += ", not started \(notStarted) (--fail-fast)" }
            summary += " in \(format(seconds, digits: 2)) s (\(format(rate, digits: 1)) documents/s)"
            StandardStreams.printError(summary)
            if !failures.isEmpty {
                StandardStreams.printError("failed: " + failures.prefix(20).joined(separator: ", ") + (failures.count > 20 ? ", … (\(failures.count - 20) more)" : ""))
            }
        }
        return failed > 0 || outputBroken || notStarted > 0 ? ExitStatus.failure : ExitStatus.success
    }

    static func defaultJobs() -> Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    static func format(_ value: Double, digits: Int) -> String {
        let scale = Double((0..<digits).reduce(1) { acc, _ in acc * 10 })
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        }
        return text
    }
}

/// What is left for the system to free when warraq exits.
enum KeptUntilExit {
    private static let kept = Mutex<[(InputSource, Document)]>([])

    @Sendable static func keep(_ source: InputSource, _ document: Document) {
        kept.withLock { $0.append((source, document)) }
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
