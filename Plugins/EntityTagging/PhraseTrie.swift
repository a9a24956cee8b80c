/// A trie over token hashes: the compiled automaton behind gazetteers and the rules' word lists.
///
/// Each edge goes from a node on one token's hash; a node that ends a phrase holds a value.
/// Matching from a token tries each of its readings (with and without proclitics) as the
/// first step, then follows the next tokens exactly, and reports every phrase it passes.
struct PhraseTrie<Value: Sendable>: Sendable {
    private struct Edge: Hashable {
        var node: Int32
        var token: UInt64
    }

    private var edges: [Edge: Int32] = [:]
    /// For each node, the index of its value in `values`, or -1.
    private var payload: [Int32] = [-1]
    private(set) var values: [Value] = []

    init() {}

    init(minimumCapacity: Int) {
        edges.reserveCapacity(minimumCapacity)
        payload.reserveCapacity(minimumCapacity)
        values.reserveCapacity(minimumCapacity)
    }

    var isEmpty: Bool { values.isEmpty }
    var count: Int { values.count }

    /// Adds a phrase; when it is there already, `merge` decides (by default the first stays).
    /// Returns whether a new phrase was added.
    @discardableResult
    mutating func insert(_ tokens: [UInt64], _ value: Value, replace: ((Value) -> Bool)? = nil) -> Bool {
        guard !tokens.isEmpty else { return false }
        var node: Int32 = 0
        for t in tokens {
            let edge = Edge(node: node, token: t)
            if let next = edges[edge] {
                node = next
            } else {
                let next = Int32(payload.count)
                payload.append(-1)
                edges[edge] = next
                node = next
            }
        }
        let slot = payload[Int(node)]
        if slot >= 0 {
            if let replace, replace(values[Int(slot)]) { values[Int(slot)] = value }
            return false
        }
        payload[Int(node)] = Int32(values.count)
        values.append(value)
        return true
    }

    @inline(__always) func step(_ node: Int32, _ token: UInt64) -> Int32? { edges[Edge(node: node, token: token)] }

    @inline(__always) func value(at node: Int32) -> Value? {
        let slot = payload[Int(node)]
        return slot >= 0 ? values[Int(slot)] : nil
    }

    /// A phrase found: it runs from token `start` (read as `reading`) to token `end`, inclusive.
    struct Match {
        var start: Int
        var end: Int
        var reading: Reading
        var value: Value
    }

    /// Every phrase that starts at token `start`, for each reading; `accept` can refuse one
    /// (an entry that does not allow its article to be taken off).
    func matches(in text: PreparedText, at start: Int, readings: [Reading], accept: (Value, Reading) -> Bool = { _, _ in true }) -> [Match] {
        var found: [Match] = []
        let tokens = text.tokens
        for reading in readings {
            guard var node = step(0, reading.hash) else { continue }
            var end = start
            while true {
                if let v = value(at: node), accept(v, reading) { found.append(Match(start: start, end: end, reading: reading, value: v)) }
                let next = end + 1
                guard next < tokens.count, let n = step(node, tokens[next].hash) else { break }
                node = n
                end = next
            }
        }
        return found
    }

    /// The longest phrase at `start` (fewest letters stripped among equals).
    func longest(in text: PreparedText, at start: Int, readings: [Reading], accept: (Value, Reading) -> Bool = { _, _ in true }) -> Match? {
        var best: Match? = nil
        for m in matches(in: text, at: start, readings: readings, accept: accept) {
            if let b = best, b.end > m.end || (b.end == m.end && b.reading.stripped <= m.reading.stripped) { continue }
            best = m
        }
        return best
    }
}
