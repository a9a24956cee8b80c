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
    /// The first words of the phrases as a bit filter (``buildBitFilter()``), asked
    /// before the table of edges for a first step: most words start no phrase.
    private var firstWords: BitFilter? = nil
    /// The other edges (node, word) as a bit filter, built with ``firstWords``: after a name's
    /// first word the next word of the text seldom goes on with it, which this tells without
    /// the table.
    private var nextWords: BitFilter? = nil

    @inline(__always) static func edgeKey(_ node: Int32, _ token: UInt64) -> UInt64 {
        token ^ (UInt64(UInt32(bitPattern: node)) &* 0xD6E8_FEB8_6659_FD93)
    }

    init() {}

    var isEmpty: Bool { values.isEmpty }
    var count: Int { values.count }

    /// Adds a phrase; when it is there already, `merge` decides (by default the first stays).
    /// Returns whether a new phrase was added.
    @discardableResult
    mutating func insert(_ tokens: [UInt64], _ value: Value, replace: ((Value) -> Bool)? = nil) -> Bool {
        guard !tokens.isEmpty else { return false }
        firstWords?.insert(tokens[0])
        var node: Int32 = 0
        for t in tokens {
            let next = Int32(payload.count)
            let (child, inserted) = edges.findOrInsert(node, t, next)
            if inserted {
                payload.append(-1)
                if node != 0 { nextWords?.insert(Self.edgeKey(node, t)) }
            }
            node = child
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

    @inline(__always) func step(_ node: Int32, _ token: UInt64) -> Int32? {
        if node == 0 {
            if let firstWords, !firstWords.mayContain(token) { return nil }
        } else if let nextWords, !nextWords.mayContain(Self.edgeKey(node, token)) {
            return nil
        }
        return edges.find(node, token)
    }

    /// Builds the filters of first words and of the other edges that ``step(_:_:)`` asks first
    /// (phrases inserted later are added to them).
    mutating func buildBitFilter() {
        var filter = BitFilter(expected: values.count)
        var next = BitFilter(expected: max(0, payload.count - 1 - values.count / 2))
        edges.forEach { node, token, _ in
            if node == 0 { filter.insert(token) } else { next.insert(Self.edgeKey(node, token)) }
        }
        firstWords = filter
        nextWords = next
    }

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
        guard let m = longestSlot(in: text, at: start, readings: readings, accept: { slot, reading in accept(values[Int(slot)], reading) }) else { return nil }
        return Match(start: start, end: m.end, reading: m.reading, value: values[Int(m.slot)])
    }

    /// A phrase found, with its value as an index into ``values``: a match that holds no
    /// copy of the value (whose strings each copy retains and releases).
    struct SlotMatch {
        var start: Int
        var end: Int
        var reading: Reading
        var slot: Int32
    }

    /// ``longest(in:at:readings:accept:)`` with the value's index: `accept` is given the index
    /// into ``values``, so that neither it nor the match copies the value.
    func longestSlot<R: Collection<Reading>>(in text: PreparedText, at start: Int, readings: R, accept: (Int32, Reading) -> Bool) -> SlotMatch? {
        var bestEnd = -1
        var bestReading: Reading? = nil
        var bestSlot: Int32 = -1
        let tokens = text.tokens
        for reading in readings {
            guard var node = step(0, reading.hash) else { continue }
            var end = start
            while true {
                let slot = payload[Int(node)]
                if slot >= 0, accept(slot, reading) {
                    if let b = bestReading, bestEnd > end || (bestEnd == end && b.stripped <= reading.stripped) {
                    } else {
                        bestEnd = end
                        bestReading = reading
                        bestSlot = slot
                    }
                }
                let next = end + 1
                guard next < tokens.count, let n = step(node, tokens[next].hash) else { break }
                node = n
                end = next
            }
        }
        guard let reading = bestReading else { return nil }
        return SlotMatch(start: start, end: bestEnd, reading: reading, slot: bestSlot)
    }

    /// Calls `body` with the first token of every phrase (each once), in no particular order.
    func forEachFirstToken(_ body: (UInt64) -> Void) {
        edges.forEach { node, token, _ in if node == 0 { body(token) } }
    }

    /// Whether some phrase starts with `token`.
    @inline(__always) func starts(with token: UInt64) -> Bool { !isEmpty && step(0, token) != nil }
}

/// The trie's edges: an open-addressing hash table from (node, token hash) to the child node,
/// cheaper than a `Dictionary` with a hashed key struct for millions of edges.
///
/// Each slot holds its key and its child together (16 bytes), so that a probe touches one
/// cache line, not one in each of three arrays: with a million names the table is far larger
/// than the caches, and most look-ups miss them.
struct EdgeTable: Sendable {
    struct Slot: Sendable {
        var token: UInt64
        /// The parent node, or -1 for an empty slot.
        var node: Int32
        var child: Int32
        static let empty = Slot(token: 0, node: -1, child: 0)
    }

    private var slots: [Slot] = []
    private var mask = 0
    private(set) var count = 0

    init() { allocate(16) }

    private mutating func allocate(_ capacity: Int) {
        slots = [Slot](repeating: .empty, count: capacity)
        mask = capacity - 1
    }

    @inline(__always) private static func slot(_ node: Int32, _ token: UInt64, _ mask: Int) -> Int {
        var x = token &+ UInt64(UInt32(bitPattern: node)) &* 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 31)) &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        return Int(truncatingIfNeeded: x) & mask
    }

    @inline(__always) func find(_ node: Int32, _ token: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { slots in
            var i = Self.slot(node, token, mask)
            while true {
                let s = slots[i]
                if s.node < 0 { return nil }
                if s.node == node && s.token == token { return s.child }
                i = (i + 1) & mask
            }
        }
    }

    /// Makes room for `count` edges in all.
    mutating func reserve(_ count: Int) {
        var capacity = slots.count
        while count * 2 > capacity { capacity *= 2 }
        if capacity > slots.count { grow(to: capacity) }
    }

    mutating func insert(_ node: Int32, _ token: UInt64, _ child: Int32) {
        if (count + 1) * 2 > slots.count { grow(to: slots.count * 2) }
        var i = Self.slot(node, token, mask)
        while slots[i].node >= 0 { i = (i + 1) & mask }
        slots[i] = Slot(token: token, node: node, child: child)
        count += 1
    }

    mutating func update(_ node: Int32, _ token: UInt64, _ child: Int32) {
        var i = Self.slot(node, token, mask)
        while slots[i].node >= 0 {
            if slots[i].node == node && slots[i].token == token {
                slots[i].child = child
                return
            }
            i = (i + 1) & mask
        }
    }

    /// The child of (node, token), or `child` inserted as it when there is none: one probe
    /// sequence where a find and an insert would take two.
    mutating func findOrInsert(_ node: Int32, _ token: UInt64, _ child: Int32) -> (child: Int32, inserted: Bool) {
        if (count + 1) * 2 > slots.count { grow(to: slots.count * 2) }
        var i = Self.slot(node, token, mask)
        while slots[i].node >= 0 {
            if slots[i].node == node && slots[i].token == token { return (slots[i].child, false) }
            i = (i + 1) & mask
        }
        slots[i] = Slot(token: token, node: node, child: child)
        count += 1
        return (child, true)
    }

    /// Adds `amount` to the child of (node, token), inserting it with `amount` when absent: one
    /// probe sequence where a find and an update would take two.
    mutating func add(_ node: Int32, _ token: UInt64, _ amount: Int32) {
        if (count + 1) * 2 > slots.count { grow(to: slots.count * 2) }
        var i = Self.slot(node, token, mask)
        while slots[i].node >= 0 {
            if slots[i].node == node && slots[i].token == token {
                slots[i].child &+= amount
                return
            }
            i = (i + 1) & mask
        }
        slots[i] = Slot(token: token, node: node, child: amount)
        count += 1
    }

    /// Calls `body` with every edge, in no particular order.
    func forEach(_ body: (_ node: Int32, _ token: UInt64, _ child: Int32) -> Void) {
        for s in slots where s.node >= 0 { body(s.node, s.token, s.child) }
    }

    private mutating func grow(to capacity: Int) {
        let old = slots
        allocate(capacity)
        count = 0
        for s in old where s.node >= 0 { insert(s.node, s.token, s.child) }
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

    mutating func add(_ key: UInt64, _ amount: Int32 = 1) { table.add(0, key, amount) }

    var count: Int { table.count }

    /// Calls `body` with every key and its value, in no particular order.
    func forEach(_ body: (_ key: UInt64, _ value: Int32) -> Void) { table.forEach { _, key, value in body(key, value) } }
}

/// A set of 64-bit hashes that may answer yes for a hash it does not hold, never no for one it
/// holds: one bit per hash in a table of about eight bits a hash (so about one in eight of
/// the hashes it does not hold gets a yes). Asked first, it spares a look-up in a large
/// table for most words.
struct BitFilter: Sendable {
    private var bits: [UInt64]
    private let shift: UInt64

    /// A filter for about `expected` hashes (at least 4,096 bits).
    init(expected: Int) {
        var count = 4096
        while count < expected * 8 { count *= 2 }
        bits = [UInt64](repeating: 0, count: count / 64)
        shift = UInt64(64 - count.trailingZeroBitCount)
    }

    /// The bit of a hash: the top bits of the hash mixed once (the table of edges uses other bits).
    @inline(__always) private func bit(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    mutating func insert(_ hash: UInt64) {
        let b = bit(hash)
        bits[b >> 6] |= 1 << UInt64(b & 63)
    }

    @inline(__always) func mayContain(_ hash: UInt64) -> Bool {
        let b = bit(hash)
        return bits.withUnsafeBufferPointer { $0[b >> 6] } & (1 << UInt64(b & 63)) != 0
    }
}

/// A set of 64-bit hashes on ``EdgeTable``: the rules' word lists, asked at many words, where
/// a `Set`'s seeded hashing of each key shows.
struct HashSet: Sendable, ExpressibleByArrayLiteral {
    private var table = HashMap()

    init<S: Sequence<UInt64>>(_ keys: S) {
        for k in keys { table.set(k, 1) }
    }

    init(arrayLiteral keys: UInt64...) { self.init(keys) }

    @inline(__always) func contains(_ key: UInt64) -> Bool { table[key] != nil }

    var count: Int { table.count }
}
