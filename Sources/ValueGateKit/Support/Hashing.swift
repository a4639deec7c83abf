import Crypto
import Foundation

enum Hashing {
    /// Lower-case hex digits, by value.
    static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex SHA-256.
    static func sha256(_ data: Data) -> String {
        // Hex by table: String(format:) per byte cost more than the hash itself.
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    static func sha256(_ text: String) -> String {
        sha256(Data(text.utf8))
    }

    /// SHA-256 of a value's JSON with sorted keys, so equal content always hashes equal.
    static func sha256<T: Encodable>(canonicalJSONOf value: T) -> String {
        let encoder = JSONOutput.encoder()
        // Encoding our own model types cannot fail; a failure here is a programming error.
        let data = try! encoder.encode(value)
        return sha256(data)
    }
}
