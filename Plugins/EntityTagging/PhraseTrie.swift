/// A trie over token hashes: the compiled automaton behind gazetteers and the rules' word lists.
///
/// Each edge goes from a node on one token's hash; a node that ends a phrase holds a value.
/// Matching from a token tries each of its readings (with and without proclitics) as the
/// first step, then follows the next tokens exactly, and reports every phrase it passes.
struct PhraseTrie<Value: Sendable>: Sendable {
    private var edges = EdgeTable()
    /// For each node, the index of its value in `values`, or -1.
    private var payload: [Int32] = [-1]
    private(set) var values: [Value] = []

    init() {}

    var isEmpty: Bool { values.isEmpty }
    var count: Int { values.count }

    /// Adds a phrase; when it is there already, `merge` decides (by default the first stays).
    /// Returns whether a new phrase was added.
    @discardableResult
    mutating func insert(_ tokens: [UInt64], _ value: Value, replace: ((Value) -> Bool)? = nil) -> Bool {
        guard !tokens.isEmpty else { return false }
        var node: Int32 = 0
        for t in tokens {
            if let next = edges.find(node, t) {
                node = next
            } else {
                let next = Int32(payload.count)
                payload.append(-1)
                edges.insert(node, t, next)
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

    /// Makes room for about `phrases` more phrases of two words, so that loading a large
    /// gazetteer does not rehash the edge table again and again.
    mutating func reserve(phrases: Int) {
        edges.reserve(edges.count + 2 * phrases)
        payload.reserveCapacity(payload.count + 2 * phrases)
        values.reserveCapacity(values.count + phrases)
    }

    @inline(__always) func step(_ node: Int32, _ token: UInt64) -> Int32? { edges.find(node, token) }

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

    /// The longest phrase at `start` (fewest letters stripped among equals).
    func longest<R: Collection<Reading>>(in text: PreparedText, at start: Int, readings: R, accept: (Value, Reading) -> Bool = { _, _ in true }) -> Match? {
        var best: Match? = nil
        let tokens = text.tokens
        for reading in readings {
            guard var node = step(0, reading.hash) else { continue }
            var end = start
            while true {
                if let v = value(at: node), accept(v, reading) {
                    if let b = best, b.end > end || (b.end == end && b.reading.stripped <= reading.stripped) {
                    } else {
                        best = Match(start: start, end: end, reading: reading, value: v)
                    }
                }
                let next = end + 1
                guard next < tokens.count, let n = step(node, tokens[next].hash) else { break }
                node = n
                end = next
            }
        }
        return best
    }

    /// Whether some phrase starts with `token`.
    @inline(__always) func starts(with token: UInt64) -> Bool { !isEmpty && step(0, token) != nil }
}

/// The trie's edges: an open-addressing hash table from (node, token hash) to the child node,
/// cheaper than a `Dictionary` with a hashed key struct for millions of edges.
struct EdgeTable: Sendable {
    private var nodes: [Int32] = []
    private var tokens: [UInt64] = []
    private var children: [Int32] = []
    private var mask = 0
    private(set) var count = 0

    init() { allocate(16) }

    private mutating func allocate(_ capacity: Int) {
        nodes = [Int32](repeating: -1, count: capacity)
        tokens = [UInt64](repeating: 0, count: capacity)
        children = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    @inline(__always) private static func slot(_ node: Int32, _ token: UInt64, _ mask: Int) -> Int {
        var x = token &+ UInt64(UInt32(bitPattern: node)) &* 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 31)) &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        return Int(truncatingIfNeeded: x) & mask
    }

    @inline(__always) func find(_ node: Int32, _ token: UInt64) -> Int32? {
        var i = Self.slot(node, token, mask)
        while true {
            let n = nodes[i]
            if n < 0 { return nil }
            if n == node && tokens[i] == token { return children[i] }
            i = (i + 1) & mask
        }
    }

    /// Makes room for `count` edges in all.
    mutating func reserve(_ count: Int) {
        var capacity = nodes.count
        while count * 2 > capacity { capacity *= 2 }
        if capacity > nodes.count { grow(to: capacity) }
    }

    mutating func insert(_ node: Int32, _ token: UInt64, _ child: Int32) {
        if (count + 1) * 2 > nodes.count { grow(to: nodes.count * 2) }
        var i = Self.slot(node, token, mask)
        while nodes[i] >= 0 { i = (i + 1) & mask }
        nodes[i] = node
        tokens[i] = token
        children[i] = child
        count += 1
    }

    mutating func update(_ node: Int32, _ token: UInt64, _ child: Int32) {
        var i = Self.slot(node, token, mask)
        while nodes[i] >= 0 {
            if nodes[i] == node && tokens[i] == token {
                children[i] = child
                return
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow(to capacity: Int) {
        let (oldNodes, oldTokens, oldChildren) = (nodes, tokens, children)
        allocate(capacity)
        count = 0
        for k in oldNodes.indices where oldNodes[k] >= 0 { insert(oldNodes[k], oldTokens[k], oldChildren[k]) }
    }
}

/// A map from 64-bit hashes to small integers on ``EdgeTable``: the rules' trigger words and
/// the document-level pass's word counts.
struct HashMap: Sendable {
    private var table = EdgeTable()

    @inline(__always) subscript(_ key: UInt64) -> Int32? { table.find(0, key) }

    mutating func set(_ key: UInt64, _ value: Int32) {
        if table.find(0, key) != nil { table.update(0, key, value) } else { table.insert(0, key, value) }
    }

    mutating func add(_ key: UInt64, _ amount: Int32 = 1) {
        if let v = table.find(0, key) { table.update(0, key, v + amount) } else { table.insert(0, key, amount) }
    }
}
