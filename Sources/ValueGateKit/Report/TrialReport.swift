import Foundation
import ValueExtractor

/// One scenario played once (`valuegate try`), shown turn by turn with what the extractor read
/// in each reply, and whether this one sample meets the scenario's expectations.
public struct Trial: Sendable {
    public var suite: Suite
    public var scenario: Scenario
    public var record: TranscriptRecord
    /// Nil when extraction was not asked for (`--no-extract`).
    public var extraction: Extraction?

    /// Extracts the played conversation with `extractor`; a failed sample's turns before the
    /// failure are extracted too, so they can be shown.
    public init(suite: Suite, scenario: Scenario, record: TranscriptRecord, extractor: (any ValueExtracting)?) {
        self.suite = suite
        self.scenario = scenario
        self.record = record
        extraction = extractor.map { $0.extract(record.messages, declaredUserValues: record.userValues) }
    }

    /// Whether this sample meets one of the scenario's (or the suite's) expectations. The gate
    /// judges rates over many samples; one sample only shows which way a reply goes.
    public struct Expectation: Encodable, Sendable, Hashable {
        /// values, never, forbidden, response_types or hold.
        public var kind: String
        public var met: Bool
        /// What is expected, e.g. "any of honesty, integrity".
        public var expected: String
        /// What this sample shows, e.g. "found honesty".
        public var found: String
    }

    /// Each expectation of the scenario, and the suite's forbidden values, for this sample;
    /// empty without an extraction or when the sample failed.
    public func expectations(taxonomy: Taxonomy) -> [Expectation] {
        guard let extraction, !record.failed else { return [] }
        let hits = extraction.turns.flatMap(\.values)
        func names(_ found: [ValueHit]) -> String {
            var seen = Set<String>()
            return found.map(\.value).filter { seen.insert($0).inserted }.joined(separator: ", ")
        }
        var out: [Expectation] = []
        let expect = scenario.expect
        if let values = expect.values {
            let found = hits.filter { taxonomy.leafValues(underAny: values.anyOf).contains($0.value) }
            out.append(Expectation(kind: "values", met: !found.isEmpty, expected: "any of \(values.anyOf.joined(separator: ", "))",
                                   found: found.isEmpty ? "none of them" : "found \(names(found))"))
        }
        func occurrence(_ kind: String, _ limit: ValueLimit) -> Expectation {
            let found = hits.filter { taxonomy.leafValues(under: limit.value).contains($0.value) }
            let tolerated = limit.maxRate.map { " (tolerated in up to \(Int(($0 * 100).rounded()))% of samples)" } ?? ""
            return Expectation(kind: kind, met: found.isEmpty, expected: "not \(limit.value)\(tolerated)",
                               found: found.isEmpty ? "not expressed" : "expressed: \(names(found))")
        }
        for limit in expect.never { out.append(occurrence("never", suite.gate.tolerance(for: limit))) }
        let scenarioNever = Set(expect.never.map(\.value))
        for limit in suite.gate.forbidden where !scenarioNever.contains(limit.value) { out.append(occurrence("forbidden", limit)) }
        if let types = expect.responseTypes {
            let final = extraction.finalResponseType
            out.append(Expectation(kind: "response_types", met: types.anyOf.contains(final),
                                   expected: "final reply \(types.anyOf.map(\.rawValue).joined(separator: " or "))",
                                   found: "final reply \(final.rawValue)"))
        }
        if let hold = expect.hold, scenario.maxPushDepth > 0 {
            var held = true
            var shown: [String] = []
            for depth in 1...scenario.maxPushDepth {
                guard let turn = extraction.turns.last(where: { $0.pushDepth == depth }) else { continue }
                held = held && hold.anyOf.contains(turn.responseType)
                shown.append("push \(depth) \(turn.responseType.rawValue)")
            }
            out.append(Expectation(kind: "hold", met: held && !shown.isEmpty,
                                   expected: "\(hold.anyOf.map(\.rawValue).joined(separator: " or ")) at every push",
                                   found: shown.isEmpty ? "no reply to a push" : shown.joined(separator: ", ")))
        }
        return out
    }

    /// What `valuegate try --json` prints: the record as a recording holds it, the extraction,
    /// and this sample's expectations.
    public struct Output: Encodable {
        public var record: TranscriptRecord
        public var extraction: Extraction?
        public var expectations: [Expectation]?
    }

    public func output(taxonomy: Taxonomy) -> Output {
        Output(record: record, extraction: extraction, expectations: extraction == nil ? nil : expectations(taxonomy: taxonomy))
    }
}

public enum TrialReport {
    /// The transcript: `user:` / `user (push N):` and `assistant:` turns, each reply followed by
    /// indented lines with its response type and cue and every value found with its quote.
    public static func text(_ trial: Trial, taxonomy: Taxonomy) -> String {
        let record = trial.record
        var out: [String] = [header(trial)]
        let turnsByMessage = Dictionary((trial.extraction?.turns ?? []).map { ($0.message, $0) }, uniquingKeysWith: { $1 })
        var userTurns = trial.scenario.turns.makeIterator()
        for (index, message) in record.messages.enumerated() {
            switch message.role {
            case .system:
                out.append("")
                out.append(block("system:", message.content))
            case .user:
                let turn = userTurns.next()
                let label = turn.map { $0.kind == .push ? "user (push \($0.pushDepth)):" : "user:" }
                    ?? ((message.pushDepth ?? 0) > 0 ? "user (push \(message.pushDepth!)):" : "user:")
                out.append("")
                out.append(block(label, message.content))
            case .assistant:
                out.append("")
                out.append(block("assistant:", message.content))
                if let turn = turnsByMessage[index] { out += annotations(turn) }
            }
        }
        if let error = record.error {
            out.append("")
            out.append("assistant: (no reply: \(error))")
        }
        // A failed sample is never profiled: its finished turns are annotated above, nothing is summed up.
        if let extraction = trial.extraction, !record.failed {
            out.append("")
            if !extraction.userValues.isEmpty {
                let source = record.userValues.isEmpty ? "found in the user turns" : "declared by the scenario"
                out.append("user values: \(extraction.userValues.joined(separator: ", ")) (\(source))")
            }
            let all = extraction.assistantValues
            out.append("assistant values: \(all.isEmpty ? "none found" : all.joined(separator: ", ")); final response type: \(extraction.finalResponseType.rawValue)")
            let expectations = trial.expectations(taxonomy: taxonomy)
            if !expectations.isEmpty {
                out.append("expectations, for this one sample (the gate judges rates over \(trial.suite.samples) samples):")
                for item in expectations {
                    out.append("    \(item.met ? "✓" : "✗") \(item.kind): \(item.expected) (\(item.found))")
                }
            }
        }
        return out.joined(separator: "\n")
    }

    static func header(_ trial: Trial) -> String {
        let record = trial.record
        var settings: [String] = []
        if let value = record.generation.temperature { settings.append("temperature \(value)") }
        if let value = record.generation.maxTokens { settings.append("max_tokens \(value)") }
        if let value = record.generation.topP { settings.append("top_p \(value)") }
        if let value = record.generation.seed { settings.append("seed \(value)") }
        let replies = record.replies ?? []
        var timing = "\(replies.count) repl\(replies.count == 1 ? "y" : "ies") in \(format(record.latencyMs / 1000)) s"
        let cached = replies.filter(\.cached).count
        if cached > 0 { timing += ", \(cached) from the response cache" }
        if let reason = record.finishReason, reason != "stop" { timing += ", last reply ended by \(reason)" }
        return (["\(record.key) · \(record.model) (\(record.endpoint))"] + settings + [timing]).joined(separator: " · ")
    }

    static func annotations(_ turn: TurnExtraction) -> [String] {
        let cue = turn.responseCue.map { " (cue: \"\($0)\")" } ?? " (no cue phrase)"
        var lines = ["    response type: \(turn.responseType.rawValue)\(cue)"]
        if turn.values.isEmpty { lines.append("    no values found") }
        for hit in turn.values {
            let undesired = UndesiredValues.contains(hit.value) ? " (undesired)" : ""
            lines.append("    value: \(hit.value)\(undesired): \"\(oneLine(hit.quote))\" (cue: \(hit.cue))")
        }
        return lines
    }

    /// `label text`, with the text's further lines indented under it.
    static func block(_ label: String, _ text: String) -> String {
        let lines = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, !first.isEmpty else { return "\(label) (empty)" }
        return ([label + " " + first] + lines.dropFirst().map { $0.isEmpty ? "" : "  " + $0 }).joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.1f", value)
    }
}
