#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import DocumentModel

/// Legacy encodings through the C library's iconv. The only file that calls iconv.
enum Iconv {
    /// True when iconv can read the encoding `name`.
    static func knows(_ name: String) -> Bool {
        let handle = iconv_open("UTF-8", name.uppercased())
        if handle == iconv_t(bitPattern: -1) { return false }
        iconv_close(handle)
        return true
    }

    /// Decodes `input` from the encoding `name` (any name iconv knows) into a String.
    static func decode(
        _ input: InputSource, from name: String, onInvalid: TextDecoding.InvalidPolicy, context: inout PluginContext
    ) throws(Diagnostic) -> String {
        let handle = iconv_open("UTF-8", name.uppercased())
        if handle == iconv_t(bitPattern: -1) {
            throw .error(
                "unknown-encoding", "unknown encoding '\(name)'", at: SourceLocation(path: input.displayName),
                notes: ["common encodings: \(TextDecoding.commonEncodings.joined(separator: ", ")); `iconv -l` lists every name"])
        }
        defer { iconv_close(handle) }

        let bytes = input.bytes
        var output = [UInt8](repeating: 0, count: max(64, bytes.count * 3 + 16))
        var produced = 0
        var firstBad: Int? = nil
        var badCount = 0
        var consumed = 0
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

        while consumed < bytes.count {
            var errorNumber: Int32 = 0
            var inLeft = bytes.count - consumed
            var outLeft = output.count - produced
            bytes.withUnsafeBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                        mutating: inBuffer.baseAddress!.advanced(by: consumed)).assumingMemoryBound(to: CChar.self)
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                        outBuffer.baseAddress!.advanced(by: produced)).assumingMemoryBound(to: CChar.self)
                    let status = iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
                    if status == -1 { errorNumber = errno }
                }
            }
            consumed = bytes.count - inLeft
            produced = output.count - outLeft
            if errorNumber == 0 { break }
            if errorNumber == E2BIG {
                output += [UInt8](repeating: 0, count: output.count)
                continue
            }
            // EILSEQ (a byte the encoding does not define) or EINVAL (a truncated sequence).
            if firstBad == nil { firstBad = consumed }
            badCount += 1
            if onInvalid == .error { break }
            if output.count - produced < 3 { output += [UInt8](repeating: 0, count: output.count) }
            for b in replacement {
                output[produced] = b
                produced += 1
            }
            consumed += 1
        }
        if let offset = firstBad {
            let location = SourceLocation(
                path: input.displayName, line: nil, column: nil, offset: offset)
            let byte = TextDecoding.hex(bytes[offset])
            switch onInvalid {
            case .error:
                throw .error(
                    "invalid-encoding", "byte 0x\(byte) at byte offset \(offset) is not valid \(name)", at: location,
                    notes: ["use on-invalid=replace to put U+FFFD in place of bad bytes, or give another encoding"])
            case .replace:
                context.warn("invalid-encoding-replaced", "\(badCount) byte\(badCount == 1 ? "" : "s") not valid \(name) replaced by U+FFFD, the first 0x\(byte) at byte offset \(offset)", at: location)
            }
        }
        return String(decoding: output[0..<produced], as: UTF8.self)
    }
}
