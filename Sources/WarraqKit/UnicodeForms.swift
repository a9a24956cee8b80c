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
