import WarraqKit
#if canImport(Glibc)
import Glibc
#endif

/// Progress of a batch on standard error: a bar redrawn in place (for terminals), a line per
/// file (for logs), or nothing.
struct ProgressReporter {
    let mode: ProgressMode
    let total: Int
    private var done = 0
    private let start = ContinuousClock.now
    private var lastDrawn = ContinuousClock.now - .seconds(1)
    private var barShown = false

    init(mode: ProgressMode, total: Int) {
        self.mode = mode
        self.total = total
    }

    /// Removes the bar so that a message can be printed on a clean line.
    mutating func clear() {
        if barShown {
            StandardStreams.printRaw("\r\u{1B}[K")
            barShown = false
        }
    }

    mutating func record(_ item: BatchItem, _ status: BatchOutcome.Status, output: String?) {
        done += 1
        switch mode {
        case .plain:
            let target = output.map { " → \($0)" } ?? ""
            let word = status == .converted ? "converted" : status == .failed ? "failed" : "skipped"
            StandardStreams.printError("[\(done)/\(total)] \(word) \(item.displayName)\(status == .converted ? target : "")")
        case .bar:
            let now = ContinuousClock.now
            if now - lastDrawn >= .milliseconds(100) || done == total {
                lastDrawn = now
                draw(now)
            }
        case .auto, .none:
            break
        }
    }

    mutating func finish() {
        clear()
    }

    private mutating func draw(_ now: ContinuousClock.Instant) {
        let seconds = (now - start).seconds
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var line = "\r\u{1B}[K[\(bar)] \(done)/\(total)  \(BatchExecution.format(rate, digits: 1)) docs/s"
        if rate > 0 && done < total {
            let remaining = Int((Double(total - done) / rate).rounded())
            line += "  ETA \(remaining / 60):\(remaining % 60 < 10 ? "0" : "")\(remaining % 60)"
        }
        StandardStreams.printRaw(line)
        barShown = true
    }
}
