import Foundation
import Testing
@testable import ValueGateKit

/// Suite fingerprints, request hashes and cache keys are SHA-256 hex: the same content must
/// hash the same on every machine and in every release, or recordings stop matching suites.
struct HashingTests {
    @Test func sha256IsTheStandardLowerCaseHexDigest() {
        // FIPS 180-2 test vectors.
        #expect(Hashing.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hashing.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hashing.sha256(Data("abc".utf8)) == Hashing.sha256("abc"))
        let hex = Hashing.sha256("valuegate")
        #expect(hex.count == 64 && hex.allSatisfy { "0123456789abcdef".contains($0) })
    }

    struct Settings: Encodable {
        var temperature: Double
        var model: String
        var path: String
    }

    @Test func canonicalJSONHashesEqualContentEquallyWhateverTheKeyOrder() {
        let forward: [String: Int] = ["a": 1, "b": 2, "c": 3]
        var backward: [String: Int] = [:]
        for key in ["c", "b", "a"] { backward[key] = forward[key] }
        #expect(Hashing.sha256(canonicalJSONOf: forward) == Hashing.sha256(canonicalJSONOf: backward))
        // The hash is of the sorted-key JSON text, with slashes unescaped: fixed, so it can be recomputed elsewhere.
        let settings = Settings(temperature: 0.5, model: "m", path: "a/b")
        #expect(Hashing.sha256(canonicalJSONOf: settings) == Hashing.sha256(#"{"model":"m","path":"a/b","temperature":0.5}"#))
        #expect(Hashing.sha256(canonicalJSONOf: settings) != Hashing.sha256(canonicalJSONOf: Settings(temperature: 0.7, model: "m", path: "a/b")))
    }
}
