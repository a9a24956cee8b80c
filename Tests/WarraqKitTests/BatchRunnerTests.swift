import Testing
import WarraqKit

@Suite("Batch runner")
struct BatchRunnerTests {
    static func items(_ count: Int) -> [BatchItem] {
        (0..<count).map { BatchItem(input: "doc-\($0).txt", relativePath: "doc-\($0).txt") }
    }

    /// One job converts in the calling task; more run concurrently: either way the outcomes
    /// come out in input order, and each item is converted once.
    @Test(arguments: [1, 2, 3, 8])
    func outcomesComeInInputOrder(jobs: Int) async {
        let items = Self.items(50)
        var emitted: [String] = []
        let started = await BatchRunner(jobs: jobs).run(
            items,
            work: { item in
                // Later items finish first now and then, so that the order is the runner's doing.
                var spin = 0
                for _ in 0..<((50 - Int(item.input.dropFirst(4).dropLast(4))!) * 1000) { spin &+= 1 }
                return BatchOutcome(status: .converted, bytes: Array(item.input.utf8) + [UInt8(truncatingIfNeeded: spin & 0)])
            },
            emit: { item, outcome in
                emitted.append(item.input)
                #expect(outcome.bytes.map { Array($0.dropLast()) } == Array(item.input.utf8))
            })
        #expect(started == 50)
        #expect(emitted == items.map(\.input))
    }

    /// After the first failure no new item starts; with one job that is the very next one.
    @Test func failFastWithOneJobStopsAtTheFailure() async {
        let items = Self.items(10)
        var emitted: [BatchOutcome.Status] = []
        let started = await BatchRunner(jobs: 1, failFast: true).run(
            items,
            work: { item in BatchOutcome(status: item.input == "doc-3.txt" ? .failed : .converted) },
            emit: { _, outcome in emitted.append(outcome.status) })
        #expect(started == 4)
        #expect(emitted == [.converted, .converted, .converted, .failed])
    }

    @Test func failFastWithSeveralJobsStopsStartingNewOnes() async {
        let items = Self.items(40)
        var emitted: [BatchOutcome.Status] = []
        let started = await BatchRunner(jobs: 2, failFast: true).run(
            items,
            work: { item in BatchOutcome(status: item.input == "doc-3.txt" ? .failed : .converted) },
            emit: { _, outcome in emitted.append(outcome.status) })
        #expect(started >= 4 && started < 40)
        #expect(emitted.count == started)
        #expect(emitted.prefix(4) == [.converted, .converted, .converted, .failed])
    }

    @Test func withoutFailFastEveryItemRuns() async {
        for jobs in [1, 2] {
            var count = 0
            let started = await BatchRunner(jobs: jobs).run(
                Self.items(12),
                work: { item in BatchOutcome(status: item.input.hasSuffix("1.txt") ? .failed : .converted) },
                emit: { _, _ in count += 1 })
            #expect(started == 12 && count == 12)
        }
    }
}
