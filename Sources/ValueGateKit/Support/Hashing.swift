import Crypto
import Foundation

enum Hashing {
    /// Lower-case hex SHA-256.
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    static func sha256(_ text: String) -> String {
        sha256(Data(text.utf8))
    }

    /// SHA-256 of a value's JSON with sorted keys, so equal content always hashes equal.
    static func sha256<T: Encodable>(canonicalJSONOf value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding our own model types cannot fail; a failure here is a programming error.
        let data = try! encoder.encode(value)
        return sha256(data)
    }
}
