internal import CUchardet

/// Guesses the encoding of bytes that are not UTF-8 with uchardet, Mozilla's universal charset
/// detector. The only file that calls uchardet.
public enum CharsetDetection {
    /// How many bytes the detector looks at, at most: enough for any page's text, and a 50 MB
    /// input costs no more than a small one.
    public static let sampleLimit = 1 << 20

    /// The encoding uchardet finds for `bytes` (canonical name, lowercase: `windows-1256`,
    /// `iso-8859-6`, `windows-1252`, `utf-8`, `ascii`), or nil when it cannot tell.
    public static func detect(_ bytes: ArraySlice<UInt8>) -> String? {
        guard !bytes.isEmpty, let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let sample = bytes.prefix(sampleLimit)
        let status = sample.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { uchardet_handle_data(detector, $0.baseAddress, $0.count) }
        }
        guard status == 0 else { return nil }
        uchardet_data_end(detector)
        guard let name = uchardet_get_charset(detector) else { return nil }
        let found = String(cString: name)
        return found.isEmpty ? nil : TextDecoding.canonicalName(found)
    }
}
