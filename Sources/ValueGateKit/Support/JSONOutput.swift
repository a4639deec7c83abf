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

    /// `userInfo` reaches the values' `encode(to:)`, e.g. `GateCheck.summaryKey`.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true, userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> Data {
        let encoder = encoder(pretty: pretty)
        encoder.userInfo = userInfo
        return try encoder.encode(value)
    }

    public static func write<T: Encodable>(_ value: T, to path: String, userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws {
        var data = try encode(value, userInfo: userInfo)
        data.append(UInt8(ascii: "\n"))
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}
