import Foundation

/// Writes JSON text directly into a byte buffer, for the hot paths where `JSONEncoder`'s
/// generic machinery cost a fifth of a run's CPU (a recording line per sample, a request
/// body per turn). Callers write keys in sorted order, so the output matches what
/// `JSONEncoder` with `.sortedKeys` writes, and tests decode it back to check.
struct JSONText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    var data: Data { Data(bytes) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw(#"\""#)
            case UInt8(ascii: "\\"): raw(#"\\"#)
            case 0x0A: raw(#"\n"#)
            case 0x0D: raw(#"\r"#)
            case 0x09: raw(#"\t"#)
            case 0x08: raw(#"\b"#)
            case 0x0C: raw(#"\f"#)
            case 0x00..<0x20:
                raw(#"\u00"#)
                bytes.append(Hashing.hexDigits[Int(byte >> 4)])
                bytes.append(Hashing.hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    /// Whole numbers without a fraction, as JSONEncoder writes them.
    mutating func double(_ value: Double) {
        if value == value.rounded(), abs(value) < 1e15 { int(Int(value)) } else { bytes.append(contentsOf: "\(value)".utf8) }
    }

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    /// `"key":`, preceded by a comma unless it is the object's first key.
    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }

    mutating func array<T>(_ items: [T], _ write: (inout JSONText, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
