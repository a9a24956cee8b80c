import DocumentModel

/// An entity as a stretch of tokens: the unit conlleval counts.
public struct Chunk: Sendable, Hashable {
    public var start: Int
    /// Exclusive.
    public var end: Int
    public var kind: EntityKind

    public init(start: Int, end: Int, kind: EntityKind) {
        self.start = start
        self.end = end
        self.kind = kind
    }
}

public enum Chunks {
    /// The chunks of a BIO sequence as conlleval reads it: a chunk starts at `B-`, at an `I-`
    /// after `O`, or where the type changes; mapped kinds only (ignored types read as `O`).
    public static func from(_ tags: [String], mapping: TagMapping) -> [Chunk] {
        var chunks: [Chunk] = []
        var open: (start: Int, type: String)? = nil
        func close(_ at: Int) {
            if let o = open, let kind = mapping.kind(of: o.type) ?? nil { chunks.append(Chunk(start: o.start, end: at, kind: kind)) }
            open = nil
        }
        for (i, tag) in tags.enumerated() {
            if tag == "O" {
                close(i)
                continue
            }
            let prefix = tag.prefix(1)
            let type = String(tag.dropFirst(2))
            if prefix == "B" || open == nil || open!.type != type {
                close(i)
                open = (i, type)
            }
        }
        close(tags.count)
        return chunks
    }
}

/// Counts of exact matches, per kind.
public struct EntityScore: Sendable {
    public struct Counts: Sendable {
        public var correct = 0
        public var predicted = 0
        public var gold = 0
        public var precision: Double { predicted == 0 ? 0 : Double(correct) / Double(predicted) }
        public var recall: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    public var byKind: [EntityKind: Counts] = [:]

    public init() {}

    /// All kinds together (micro-averaged).
    public var overall: Counts {
        var c = Counts()
        for v in byKind.values {
            c.correct += v.correct
            c.predicted += v.predicted
            c.gold += v.gold
        }
        return c
    }

    /// Adds one sentence; returns the misses and the false alarms.
    @discardableResult
    public mutating func add(gold: [Chunk], predicted: [Chunk]) -> (missed: [Chunk], falseAlarms: [Chunk]) {
        let g = Set(gold), p = Set(predicted)
        for c in gold { byKind[c.kind, default: Counts()].gold += 1 }
        for c in predicted { byKind[c.kind, default: Counts()].predicted += 1 }
        for c in g.intersection(p) { byKind[c.kind, default: Counts()].correct += 1 }
        return (gold.filter { !p.contains($0) }, predicted.filter { !g.contains($0) })
    }

    /// A table: kind, precision, recall, F1, correct, predicted, gold; then the micro average.
    public func table() -> String {
        func pct(_ v: Double) -> String {
            let x = (v * 1000).rounded() / 10
            let s = String(x)
            return String(repeating: " ", count: max(0, 6 - s.count)) + s
        }
        func row(_ name: String, _ c: Counts) -> String {
            name.padding(12) + pct(c.precision) + pct(c.recall) + pct(c.f1) + "   \(c.correct)/\(c.predicted)/\(c.gold)"
        }
        var lines = ["kind".padding(12) + "     P     R    F1   correct/predicted/gold"]
        for kind in byKind.keys.sorted() { lines.append(row(kind.rawValue, byKind[kind]!)) }
        lines.append(row("micro", overall))
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
