import Foundation
import Testing
@testable import ValueGateKit

/// JSONText writes recording lines and request bodies without JSONEncoder: its output must be
/// valid JSON that reads back as what was written, and match JSONEncoder's sorted-key text.
struct JSONTextTests {
    func encoderText<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func everyControlCharacterQuoteAndBackslashIsEscapedAsJSONEncoderDoes() throws {
        let controls = String(String.UnicodeScalarView((0 ..< 0x20).compactMap(Unicode.Scalar.init)))
        for text in [controls, #"quote " backslash \ slash /"#, "é 🙂 \u{202E} \u{7F} \u{2028}", ""] {
            var json = JSONText()
            json.string(text)
            let written = String(decoding: json.data, as: UTF8.self)
            #expect(written == (try encoderText(text)), "\(text.unicodeScalars.map { $0.value })")
            #expect(try JSONDecoder().decode(String.self, from: json.data) == text)
        }
    }

    @Test func numbersAreWrittenAsJSONEncoderWritesThem() throws {
        for value in [0.0, 7.0, -3.0, 812.0, 0.7, 0.95, 1234.5, 95.5, 1e-3] {
            var json = JSONText()
            json.double(value)
            #expect(String(decoding: json.data, as: UTF8.self) == (try encoderText(value)), "\(value)")
        }
        var json = JSONText()
        json.int(-42)
        json.raw(" ")
        json.bool(true)
        json.raw(" ")
        json.bool(false)
        #expect(String(decoding: json.data, as: UTF8.self) == "-42 true false")
    }

    @Test func keysAndArraysBuildAnObjectThatReadsBack() throws {
        var json = JSONText()
        json.raw("{")
        json.key("a", first: true)
        json.array([1, 2, 3]) { $0.int($1) }
        json.key("b")
        json.array([String]()) { $0.string($1) }
        json.key("c")
        json.string("x")
        json.raw("}")
        #expect(String(decoding: json.data, as: UTF8.self) == #"{"a":[1,2,3],"b":[],"c":"x"}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: json.data) as? [String: Any])
        #expect(object["a"] as? [Int] == [1, 2, 3] && (object["b"] as? [Any])?.isEmpty == true && object["c"] as? String == "x")
    }
}
