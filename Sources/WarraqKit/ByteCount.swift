/// Sizes as people write them: `64MB`, `512KB`, `1GB` (powers of 1024) or a number of bytes.
public enum ByteCount {
    /// The size in bytes, or nil for text that is not a positive size up to 1 TB.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.uppercased().replacing(" ", with: "")
        let units: [(String, Int)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            guard let number = Int(trimmed.dropLast(suffix.count)), number > 0, number <= (1 << 40) / scale else { return nil }
            return number * scale
        }
        guard let number = Int(trimmed), number > 0 else { return nil }
        return number
    }

    /// The size in the largest unit that divides it: `1GB`, `64MB`, `1500 bytes`.
    public static func describe(_ bytes: Int) -> String {
        for (suffix, scale) in [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)] where bytes >= scale && bytes % scale == 0 {
            return "\(bytes / scale)\(suffix)"
        }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
