import Foundation

/// The JSON shapes of the lexicon files, decoded strictly: unknown keys are errors, because a
/// misspelt key ("when_negate") would otherwise silently change what the extractor sees.
enum LexiconFiles {
    /// `values-*.json`: `{"values": [{"value", "cues", "when_negated"?, "negatable"?}]}`.
    struct ValuesFile: Decodable {
        let values: [ValueEntry]

        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, allowed: ["values"])
            let container = try decoder.container(keyedBy: CodingKeys.self)
            values = try container.decode([ValueEntry].self, forKey: .values)
        }

        enum CodingKeys: String, CodingKey { case values }
    }

    struct ValueEntry: Decodable {
        let value: String
        let cues: [String]
        let whenNegated: String?
        let negatable: Bool?

        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, allowed: ["value", "cues", "when_negated", "negatable"])
            let container = try decoder.container(keyedBy: CodingKeys.self)
            value = try container.decode(String.self, forKey: .value)
            cues = try container.decode([String].self, forKey: .cues)
            whenNegated = try container.decodeIfPresent(String.self, forKey: .whenNegated)
            negatable = try container.decodeIfPresent(Bool.self, forKey: .negatable)
        }

        enum CodingKeys: String, CodingKey {
            case value, cues, negatable
            case whenNegated = "when_negated"
        }
    }

    /// `markers.json`: the cues that steer polarity and response types rather than name values.
    struct MarkersFile: Decodable {
        let negators: [String]
        let notNegators: [String]
        let refusals: [String]
        let contrasts: [String]
        let hypothetical: [String]
        let conditionals: [String]
        let condemnations: [String]
        let responseTypes: [ResponseType: [String]]

        static let responseTypeKeys: [ResponseType] = [
            .strongResistance, .mildResistance, .reframing, .strongSupport, .mildSupport, .neutralAcknowledgment,
        ]

        init(from decoder: Decoder) throws {
            try StrictKeys.check(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            let container = try decoder.container(keyedBy: CodingKeys.self)
            negators = try container.decode([String].self, forKey: .negators)
            refusals = try container.decode([String].self, forKey: .refusals)
            hypothetical = try container.decode([String].self, forKey: .hypothetical)
            notNegators = try container.decodeIfPresent([String].self, forKey: .notNegators) ?? []
            contrasts = try container.decodeIfPresent([String].self, forKey: .contrasts) ?? []
            conditionals = try container.decodeIfPresent([String].self, forKey: .conditionals) ?? []
            condemnations = try container.decodeIfPresent([String].self, forKey: .condemnations) ?? []

            let typesDecoder = try container.superDecoder(forKey: .responseTypes)
            try StrictKeys.check(typesDecoder, allowed: Self.responseTypeKeys.map(\.rawValue))
            let raw = try [String: [String]](from: typesDecoder)
            var types: [ResponseType: [String]] = [:]
            for (key, cues) in raw { types[ResponseType(rawValue: key)!] = cues }
            responseTypes = types
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case negators, refusals, hypothetical, contrasts, conditionals, condemnations
            case notNegators = "not_negators"
            case responseTypes = "response_types"
        }
    }
}

/// Rejects keys a decoder's object holds beyond the allowed ones.
private enum StrictKeys {
    struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func check(_ decoder: Decoder, allowed: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown key\(unknown.count == 1 ? "" : "s") \(unknown.map { "'\($0)'" }.joined(separator: ", ")); expected \(allowed.joined(separator: ", "))"))
        }
    }
}
