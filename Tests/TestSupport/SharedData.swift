import Foundation
import WarraqKit

/// Data from outside the repository, in `../shared/` beside the package: tests that need it
/// skip with a message when it is absent, so that a fresh clone's `swift test` passes.
public enum SharedData {
    /// `../shared` beside the package.
    public static let root = TestDocuments.packageRoot.appendingPathComponent("../shared").standardized

    /// The path of `relative` below `../shared`, or nil when it is not there.
    public static func path(_ relative: String) -> String? {
        let path = root.appendingPathComponent(relative).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}

/// Encodes text in a single-byte legacy encoding, with a table made by decoding every byte
/// through warraq's own decoder (iconv): for tests that need windows-1256 or iso-8859-6 bytes.
public struct LegacyEncoder {
    private var table: [Unicode.Scalar: UInt8] = [:]

    public init(_ encoding: String) throws {
        for byte in UInt8(0x80)...UInt8(0xFF) {
            var context = PluginContext(inputName: "table")
            guard let decoded = try? TextDecoding.decode(InputSource(bytes: [byte], path: nil), encoding: encoding, onInvalid: .error, context: &context),
                decoded.text.unicodeScalars.count == 1
            else { continue }
            table[decoded.text.unicodeScalars.first!] = byte
        }
    }

    /// The bytes of `text`; a scalar the encoding lacks is an error.
    public func encode(_ text: String) throws -> [UInt8] {
        var out: [UInt8] = []
        for s in text.unicodeScalars {
            if s.isASCII { out.append(UInt8(s.value)); continue }
            guard let b = table[s] else { throw LegacyEncoderError(scalar: s) }
            out.append(b)
        }
        return out
    }

    public struct LegacyEncoderError: Error { public var scalar: Unicode.Scalar }
}
