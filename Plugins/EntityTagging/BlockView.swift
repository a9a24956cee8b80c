import WarraqKit

/// A block's normalized text and its way back to the original: the normalized view with its
/// offset map, or, for the common block whose every scalar normalizes to exactly one scalar
/// on its own, the scalars mapped one for one, whose offsets are the original offsets.
enum BlockView {
    case identity(count: Int)
    case mapped(NormalizedText)

    var scalarCount: Int {
        switch self {
        case .identity(let count): count
        case .mapped(let view): view.scalarCount
        }
    }

    var originalScalarCount: Int {
        switch self {
        case .identity(let count): count
        case .mapped(let view): view.originalScalarCount
        }
    }

    /// The original scalars that the normalized scalars in `range` came from.
    func originalRange(of range: Range<Int>) -> Range<Int> {
        switch self {
        case .identity: range
        case .mapped(let view): view.originalRange(of: range)
        }
    }

    /// The first original scalar of the normalized scalar at `offset` (the original end past
    /// the last one).
    func originalStart(of offset: Int) -> Int {
        switch self {
        case .identity(let count): min(offset, count)
        case .mapped(let view): offset < view.scalarCount ? view.starts[offset] : view.originalScalarCount
        }
    }
}

/// For each scalar below U+0700, what it normalizes to when that is exactly one scalar
/// whatever surrounds it, else `UInt32.max`.
///
/// Built by asking the normalization itself about each scalar alone, so it follows every
/// option. Only base characters are asked about (no combining marks, which a Unicode form can
/// compose with what precedes them), and white space and quotes only when their options leave
/// them alone (collapsing spaces and choosing guillemets depend on the neighbours).
struct ScalarMap: Sendable {
    static let limit: UInt32 = 0x0700
    private let map: [UInt32]

    init(_ normalization: TextNormalization) {
        var map = [UInt32](repeating: .max, count: Int(Self.limit))
        func consider(_ v: UInt32) {
            guard let u = Unicode.Scalar(v) else { return }
            var s = String.UnicodeScalarView()
            s.append(u)
            let out = normalization.apply(to: String(s), trim: false).unicodeScalars
            if out.count == 1, let first = out.first { map[Int(v)] = first.value }
        }
        for v in UInt32(0x21)...0x7E where v != 0x22 && v != 0x27 { consider(v) }
        if !normalization.collapseWhitespace { consider(0x20) }
        if normalization.quotes == .keep {
            consider(0x22)
            consider(0x27)
        }
        for v in [UInt32(0xAB), 0xBB, 0x060C, 0x061B, 0x061F] { consider(v) }
        for v in UInt32(0x0621)...0x064A { consider(v) }  // letters and tatweel
        for v in UInt32(0x0660)...0x066D { consider(v) }  // digits, ٪ ٫ ٬ ٭
        self.map = map
    }

    /// The normalized scalars of `text` when every one of its scalars maps one for one.
    func scalars(of text: String) -> [UInt32]? {
        var result: [UInt32] = []
        return fill(&result, from: text) ? result : nil
    }

    /// Replaces `result` with the normalized scalars of `text` when every one of its scalars
    /// maps one for one, keeping the array's storage; false (and `result` unusable) otherwise.
    ///
    /// Reads the UTF-8 bytes straight: every scalar the map knows is below U+0800, so one or
    /// two bytes long, and a longer sequence means the text needs the full normalization.
    func fill(_ result: inout [UInt32], from text: String) -> Bool {
        var text = text
        return text.withUTF8 { fill(&result, utf8: $0) }
    }

    /// ``fill(_:from:)`` on valid UTF-8 bytes.
    func fill(_ result: inout [UInt32], utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        do {
            let n = utf8.count
            // Room for one scalar a byte (the storage of earlier texts is reused as it is),
            // written through a pointer, then cut to the scalars written.
            if result.count < n { result.append(contentsOf: repeatElement(0, count: n - result.count)) }
            var written = 0
            let ok = map.withUnsafeBufferPointer { map in
                result.withUnsafeMutableBufferPointer { out in
                    var i = 0
                    while i < n {
                        let b = utf8[i]
                        let v: UInt32
                        if b < 0x80 {
                            v = UInt32(b)
                            i += 1
                        } else if b & 0xE0 == 0xC0, i + 1 < n {
                            v = UInt32(b & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
                            i += 2
                        } else {
                            return false
                        }
                        guard v < Self.limit else { return false }
                        let m = map[Int(v)]
                        guard m != .max else { return false }
                        out[written] = m
                        written += 1
                    }
                    return true
                }
            }
            result.removeLast(result.count - written)
            return ok
        }
    }
}
