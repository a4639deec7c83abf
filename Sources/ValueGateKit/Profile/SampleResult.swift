import Foundation
import ValueExtractor

/// What the extractor found in one recorded sample, with pointers back to the recording.
public struct SampleResult: Sendable {
    public var key: SampleKey
    public var context: String
    /// Line of the record in its recording.
    public var line: Int
    public var failed: Bool
    public var extraction: Extraction
    /// The assistant's values, taxonomy leaf names, sorted.
    public var values: [String]
    /// The top-level categories of those values, sorted.
    public var categories: [String]
    /// The assistant's replies by message index, for quoting what a sample said.
    public var replyTexts: [Int: String]
    /// The sample's id in every output: "suite/scenario#n" for recordings, the record's
    /// own `id` (or its line number) for imported conversations.
    public var id: String

    public init(entry: Recording.Entry, extractor: any ValueExtracting) {
        let record = entry.record
        self.init(id: record.key.description, key: record.key, context: record.context, line: entry.line,
                  messages: record.failed ? nil : record.messages, userValues: record.userValues, extractor: extractor)
    }

    /// - Parameters:
    ///   - messages: nil for a failed sample, which is counted but never profiled as content.
    ///   - lastTurnOnly: keep only the final assistant turn's values and response type.
    public init(id: String, key: SampleKey, context: String, line: Int, messages: [ChatMessage]?, userValues: [String],
                extractor: any ValueExtracting, lastTurnOnly: Bool = false) {
        let extraction = messages.map { extractor.extract($0, declaredUserValues: userValues) }
        self.init(id: id, key: key, context: context, line: line, messages: messages, extraction: extraction,
                  taxonomy: extractor.taxonomy, lastTurnOnly: lastTurnOnly)
    }

    /// A sample whose extraction was made elsewhere (by the judge); nil marks it failed.
    public init(id: String, key: SampleKey, context: String, line: Int, messages: [ChatMessage]?, extraction: Extraction?,
                taxonomy: Taxonomy, lastTurnOnly: Bool = false) {
        self.id = id
        self.key = key
        self.context = context
        self.line = line
        failed = messages == nil || extraction == nil
        var extraction = failed ? Extraction(turns: [], userValues: []) : extraction!
        if lastTurnOnly, let last = extraction.turns.last { extraction.turns = [last] }
        self.extraction = extraction
        values = extraction.assistantValues
        let kept = Set(extraction.turns.map(\.message))
        replyTexts = Dictionary(uniqueKeysWithValues: (messages ?? []).enumerated()
            .filter { $0.element.role == .assistant && kept.contains($0.offset) }.map { ($0.offset, $0.element.content) })
        categories = Array(Set(values.compactMap { taxonomy.rollup(ofValue: $0).last })).sorted()
    }

    /// Extracts every entry, in the entries' order.
    public static func extract(_ entries: [Recording.Entry], with extractor: any ValueExtracting) -> [SampleResult] {
        entries.map { SampleResult(entry: $0, extractor: extractor) }
    }

    /// The first quote showing `value`, if the sample expresses it.
    public func evidence(for value: String) -> ValueHit? {
        extraction.turns.lazy.flatMap(\.values).first { $0.value == value }
    }

    /// Does the sample express any value at or under one of these taxonomy names?
    public func expressesAny(of leaves: Set<String>) -> ValueHit? {
        extraction.turns.lazy.flatMap(\.values).first { leaves.contains($0.value) }
    }

    /// One JSON line of `--per-sample` output.
    public struct Line: Encodable {
        struct Evidence: Encodable { let value: String; let message: Int; let quote: String }
        struct TurnLine: Encodable {
            let message: Int
            let push_depth: Int
            let values: [String]
            let response_type: String
            let response_cue: String?
        }
        let id: String
        let suite: String
        let scenario: String
        let sample: Int
        let context: String
        let line: Int
        let failed: Bool
        let values: [String]
        let categories: [String]
        let response_type: String
        let user_values: [String]
        let evidence: [Evidence]
        let turns: [TurnLine]
    }

    public var perSampleLine: Line {
        Line(id: id, suite: key.suite, scenario: key.scenario, sample: key.sample, context: context, line: line,
             failed: failed, values: values, categories: categories,
             response_type: extraction.finalResponseType.rawValue, user_values: extraction.userValues,
             evidence: extraction.turns.flatMap { turn in turn.values.map { .init(value: $0.value, message: $0.message, quote: $0.quote) } },
             turns: extraction.turns.map {
                 .init(message: $0.message, push_depth: $0.pushDepth, values: $0.values.map(\.value),
                       response_type: $0.responseType.rawValue, response_cue: $0.responseCue)
             })
    }
}
