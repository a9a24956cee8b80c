import Foundation

/// Unicode normalization forms, from Foundation; the only Foundation use in WarraqKit.
enum UnicodeForms {
    static func normalize(_ text: String, _ form: TextNormalization.UnicodeForm) -> String {
        switch form {
        case .none: text
        case .nfc: text.precomposedStringWithCanonicalMapping
        case .nfkc: text.precomposedStringWithCompatibilityMapping
        case .nfd: text.decomposedStringWithCanonicalMapping
        }
    }
}
