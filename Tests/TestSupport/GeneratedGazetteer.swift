/// A small deterministic generator (xorshift64) for benchmark data that must be the same on
/// every run.
public struct XorShift {
    public var state: UInt64 = 0x2545_F491_4F6C_DD1D
    public init() {}
    public mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

/// Gazetteers of generated names for the benchmarks: names of one to three words of Arabic
/// letters (some of them real words), persons, places and organizations, always the same ones
/// for a given size.
public enum GeneratedGazetteer {
    /// The TSV text of `entries` generated names (`name<TAB>kind` lines after a comment).
    public static func tsv(entries: Int) -> String {
        var random = XorShift()
        let letters = Array("ابتثجحخدذرزسشصضطظعغفقكلمنهوي").map(String.init)
        let kinds = ["person", "place", "organization"]
        var tsv = "# generated for the benchmark\n"
        tsv.reserveCapacity(entries * 24)
        for _ in 0..<entries {
            let words = 1 + Int(random.next() % 3)
            var name: [String] = []
            for _ in 0..<words {
                let length = 3 + Int(random.next() % 5)
                name.append((0..<length).map { _ in letters[Int(random.next() % UInt64(letters.count))] }.joined())
            }
            tsv += name.joined(separator: " ") + "\t" + kinds[Int(random.next() % 3)] + "\n"
        }
        return tsv
    }
}
