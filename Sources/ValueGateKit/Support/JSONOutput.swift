import Foundation

/// JSON as valuegate writes it everywhere: sorted keys and unescaped slashes, so the same
/// value always gives the same bytes (hashes, recordings) and files diff well (indented).
public enum JSONOutput {
    /// The one encoder configuration; `pretty` indents, for files people review.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        try encoder(pretty: pretty).encode(value)
    }

    public static func write<T: Encodable>(_ value: T, to path: String) throws {
        var data = try encode(value)
        data.append(UInt8(ascii: "\n"))
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}
