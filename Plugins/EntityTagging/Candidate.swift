import DocumentModel

/// An entity found in a block's normalized text, before overlaps are resolved: plain
/// integers, which sorting, resolving and copying never retain or release. Its ``Entity``
/// (and the entity's strings) is made only for a candidate that is kept, from its ``origin``.
///
/// Offsets are stored in 32 bits (a block is far shorter than 2^31 scalars), so that a
/// candidate takes 28 bytes, not 56: a document's candidates are one array.
struct Candidate: Sendable {
    private var start32: Int32
    private var end32: Int32
    private var priority32: Int32
    private var firstToken32: Int32
    private var lastToken32: Int32
    /// Where its entity is found.
    var origin: Origin
    /// Whether its entity is a person (what the document-level pass carries on).
    var isPerson: Bool

    init(start: Int, end: Int, origin: Origin, priority: Int, firstToken: Int, lastToken: Int, isPerson: Bool) {
        start32 = Int32(truncatingIfNeeded: start)
        end32 = Int32(truncatingIfNeeded: end)
        priority32 = Int32(truncatingIfNeeded: priority)
        firstToken32 = Int32(truncatingIfNeeded: firstToken)
        lastToken32 = Int32(truncatingIfNeeded: lastToken)
        self.origin = origin
        self.isPerson = isPerson
    }

    /// Scalar offsets into the normalized text.
    var start: Int { Int(start32) }
    var end: Int { Int(end32) }
    /// Among candidates of one length, the higher wins: a gazetteer name over a rule's guess.
    var priority: Int { Int(priority32) }
    /// The tokens it covers (for the document-level pass).
    var firstToken: Int { Int(firstToken32) }
    var lastToken: Int { Int(lastToken32) }

    /// Where a candidate's entity is found.
    enum Origin: Sendable, Equatable {
        /// The gazetteer entry at this index of the gazetteer's names' values.
        case gazetteer(Int32)
        /// The entity at this index of those the rules made in the block.
        case rule(Int32)
        /// The person at this index of the document's persons, named again.
        case propagation(Int32)
    }

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
    /// Whether resolving `kept` (what ``resolve(_:)`` kept of some candidates) together with
    /// `added`, appended after them, would keep `kept` as it is: true when every added
    /// candidate is empty or overlaps a kept one that comes before it in the order of
    /// ``resolve(_:)`` (more words, then a higher priority, then an earlier start, then more
    /// letters; an added candidate comes after every earlier one among equals). Resolving goes
    /// through candidates in that order, so each added one meets its kept rival already kept
    /// and is dropped, and nothing else changes. False says nothing either way.
    static func keepsItsChoice(_ kept: [Candidate], against added: [Candidate]) -> Bool {
        keepsItsChoice(of: kept, kept: Array(kept.indices)[...], against: added[...])
    }

    /// ``keepsItsChoice(_:against:)`` for the candidates at `kept` of `candidates` (what
    /// ``keptIndices(_:)`` gives), without copying them out.
    static func keepsItsChoice(of candidates: [Candidate], kept: ArraySlice<Int>, against added: ArraySlice<Candidate>) -> Bool {
        added.allSatisfy { n in
            n.end <= n.start
                || kept.contains { i in
                    let k = candidates[i]
                    guard k.start < n.end && n.start < k.end else { return false }
                    let kw = k.lastToken - k.firstToken, nw = n.lastToken - n.firstToken
                    if kw != nw { return kw > nw }
                    if k.priority != n.priority { return k.priority > n.priority }
                    if k.start != n.start { return k.start < n.start }
                    return k.end - k.start >= n.end - n.start
                }
        }
    }

    static func resolve(_ candidates: [Candidate]) -> [Candidate] {
        keptIndices(candidates[...]).map { candidates[$0] }
    }

    /// The indices of the candidates ``resolve(_:)`` keeps, in text order: what a block keeps
    /// (indices of the array that `candidates` is a slice of).
    static func keptIndices(_ candidates: ArraySlice<Candidate>) -> [Int] {
        var kept: [Int] = []
        var keys: [ResolutionKey] = []
        appendKeptIndices(candidates, to: &kept, keys: &keys)
        return kept
    }

    /// A candidate as resolving sorts it: small keys rather than the candidates.
    struct ResolutionKey {
        var words: Int32
        var priority: Int32
        var start: Int32
        var end: Int32
        var index: Int
    }

    /// ``keptIndices(_:)`` appended to `kept`, with `keys` as storage to work in (kept from
    /// call to call, so that a document's blocks allocate none).
    static func appendKeptIndices(_ candidates: ArraySlice<Candidate>, to kept: inout [Int], keys: inout [ResolutionKey]) {
        guard candidates.count > 1 else {
            kept.append(contentsOf: candidates.indices)
            return
        }
        keys.removeAll(keepingCapacity: true)
        for k in candidates.indices {
            let c = candidates[k]
            keys.append(
                ResolutionKey(
                    words: Int32(truncatingIfNeeded: c.lastToken - c.firstToken), priority: Int32(truncatingIfNeeded: c.priority),
                    start: Int32(truncatingIfNeeded: c.start), end: Int32(truncatingIfNeeded: c.end), index: k))
        }
        keys.sort { x, y in
            if x.words != y.words { return x.words > y.words }
            if x.priority != y.priority { return x.priority > y.priority }
            if x.start != y.start { return x.start < y.start }
            if x.end - x.start != y.end - y.start { return x.end - x.start > y.end - y.start }
            return x.index < y.index
        }
        // The kept ones gather at the front of `keys` (never ahead of the one looked at).
        var count = 0
        next: for i in keys.indices {
            let key = keys[i]
            guard key.end > key.start else { continue }
            // The kept ones are few: comparing with each is cheaper than a map of the text.
            for j in 0..<count where keys[j].start < key.end && key.start < keys[j].end { continue next }
            keys[count] = key
            count += 1
        }
        // In text order (kept ones never overlap, so their starts differ): an insertion sort,
        // in place, of the few kept.
        for i in 0..<count {
            let key = keys[i]
            var j = i
            while j > 0 && keys[j - 1].start > key.start {
                keys[j] = keys[j - 1]
                j -= 1
            }
            keys[j] = key
        }
        for i in 0..<count { kept.append(keys[i].index) }
    }
}
