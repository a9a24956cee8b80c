import DocumentModel

/// An entity found in a block's normalized text, before overlaps are resolved.
struct Candidate: Sendable {
    /// Scalar offsets into the normalized text.
    var start: Int
    var end: Int
    var entity: Entity
    /// Among candidates of one length, the higher wins: a gazetteer name over a rule's guess.
    var priority: Int
    /// The tokens it covers (for the document-level pass).
    var firstToken: Int
    var lastToken: Int

    enum Priority {
        static let propagated = 0
        static let context = 1
        static let pattern = 2
        static let gazetteer = 3
    }
}

extension Candidate {
    /// Longest first (in words); among equals the higher priority, then the earlier start,
    /// then the longer in letters; a candidate that overlaps one already kept is dropped. The
    /// kept ones, in text order.
    static func resolve(_ candidates: [Candidate]) -> [Candidate] {
        guard candidates.count > 1 else { return candidates }
        // Sort indices, not the candidates, which carry strings.
        let order = candidates.indices.sorted { a, b in
            let x = candidates[a], y = candidates[b]
            let ta = x.lastToken - x.firstToken, tb = y.lastToken - y.firstToken
            if ta != tb { return ta > tb }
            if x.priority != y.priority { return x.priority > y.priority }
            if x.start != y.start { return x.start < y.start }
            if x.end - x.start != y.end - y.start { return x.end - x.start > y.end - y.start }
            return a < b
        }
        var keptIndices: [Int] = []
        keptIndices.reserveCapacity(candidates.count)
        for k in order {
            let (start, end) = (candidates[k].start, candidates[k].end)
            // The kept ones are few: comparing with each is cheaper than a map of the text.
            guard end > start, !keptIndices.contains(where: { candidates[$0].start < end && start < candidates[$0].end }) else { continue }
            keptIndices.append(k)
        }
        let kept = keptIndices.map { candidates[$0] }
        return kept.sorted { $0.start < $1.start }
    }
}
