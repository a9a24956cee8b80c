import Foundation

/// Unicode normalization forms, from Foundation; the only Foundation use in WarraqKit.
enum UnicodeForms {
    static func normalize(_ text: String, _ form: TextNormalization.UnicodeForm) -> String {
        let first = foundation(text, form)
        // Foundation on Linux can leave the marks that follow a compatibility decomposition
        // out of canonical order (U+FC60 then U+064B under NFKC gives fatha before fathatan);
        // put them in order, and compose again where the form composes.
        guard let ordered = canonicallyOrdered(first) else { return first }
        switch form {
        case .nfc, .nfkc: return canonicallyOrdered(ordered.precomposedStringWithCanonicalMapping) ?? ordered.precomposedStringWithCanonicalMapping
        case .nfd, .none: return ordered
        }
    }

    private static func foundation(_ text: String, _ form: TextNormalization.UnicodeForm) -> String {
        switch form {
        case .none: text
        case .nfc: text.precomposedStringWithCanonicalMapping
        case .nfkc: text.precomposedStringWithCompatibilityMapping
        case .nfd: text.decomposedStringWithCanonicalMapping
        }
    }

    /// The text with each run of combining marks sorted by combining class (stably), or nil
    /// when it is in order already.
    static func canonicallyOrdered(_ text: String) -> String? {
        var scalars = Array(text.unicodeScalars)
        var changed = false
        var i = 0
        while i < scalars.count {
            guard scalars[i].properties.canonicalCombiningClass.rawValue != 0 else {
                i += 1
                continue
            }
            var j = i
            while j < scalars.count && scalars[j].properties.canonicalCombiningClass.rawValue != 0 { j += 1 }
            let run = scalars[i..<j]
            let sorted = run.enumerated().sorted {
                let a = $0.element.properties.canonicalCombiningClass.rawValue
                let b = $1.element.properties.canonicalCombiningClass.rawValue
                return a != b ? a < b : $0.offset < $1.offset
            }.map(\.element)
            if !sorted.elementsEqual(run) {
                scalars.replaceSubrange(i..<j, with: sorted)
                changed = true
            }
            i = j
        }
        return changed ? String(String.UnicodeScalarView(scalars)) : nil
    }
}

/// What a Unicode form makes of one scalar standing alone, looked up instead of asked of
/// Foundation, for the blocks outside ASCII and Arabic that news text uses most: Latin-1
/// (the no-break space, « »), general punctuation (dashes, curly quotes, the ellipsis, bidi
/// marks) and the Arabic presentation forms (ﻻ ﷲ ﷺ from PDFs and old sites). Each table is
/// made on first use, from Foundation, so the two always agree.
struct SingleScalarForms: Sendable {
    /// The first scalar of the block.
    let base: UInt32
    /// For each scalar of the block: -1 when the form leaves it alone, else where its
    /// mapping starts in ``pool`` (its length is in ``lengths``).
    let starts: [Int32]
    let lengths: [UInt8]
    let pool: [UInt32]

    init(base: UInt32, end: UInt32, form: TextNormalization.UnicodeForm) {
        self.base = base
        var starts: [Int32] = [], lengths: [UInt8] = [], pool: [UInt32] = []
        for v in base..<end {
            guard let scalar = Unicode.Scalar(v), form != .none else {
                starts.append(-1)
                lengths.append(0)
                continue
            }
            let alone = String(Character(scalar))
            let normalized = UnicodeForms.normalize(alone, form).unicodeScalars.map(\.value)
            if normalized == [v] {
                starts.append(-1)
                lengths.append(0)
            } else {
                starts.append(Int32(pool.count))
                lengths.append(UInt8(normalized.count))
                pool += normalized
            }
        }
        self.starts = starts
        self.lengths = lengths
        self.pool = pool
    }

    /// The table for `v` under `form`, or nil when `v` is in no block with a table.
    static func table(for v: UInt32, _ form: TextNormalization.UnicodeForm) -> SingleScalarForms? {
        let block: Int
        switch v {
        case 0x00A0..<0x0100: block = 0
        case 0x2000..<0x2070: block = 1
        case 0xFB50..<0xFE00: block = 2
        case 0xFE70..<0xFF00: block = 3
        default: return nil
        }
        switch form {
        case .none: return nil
        case .nfc: return nfc[block]
        case .nfkc: return nfkc[block]
        case .nfd: return nfd[block]
        }
    }

    private static let blocks: [(UInt32, UInt32)] = [(0x00A0, 0x0100), (0x2000, 0x2070), (0xFB50, 0xFE00), (0xFE70, 0xFF00)]
    private static let nfc = blocks.map { SingleScalarForms(base: $0.0, end: $0.1, form: .nfc) }
    private static let nfkc = blocks.map { SingleScalarForms(base: $0.0, end: $0.1, form: .nfkc) }
    private static let nfd = blocks.map { SingleScalarForms(base: $0.0, end: $0.1, form: .nfd) }
}
