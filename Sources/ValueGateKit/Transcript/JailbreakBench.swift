import Foundation
import ValueExtractor

/// Turns JailbreakBench's artifact files (github.com/JailbreakBench/artifacts, MIT licence)
/// into a ValueGate suite and one recording per target model, so real replies of public
/// models can be gated and compared offline.
///
/// The artifacts hold, per attack and target model, one file `ATTACK/TYPE/MODEL.json` with
/// the 100 JBB-Behaviors: the behaviour's goal and category, the prompt the attack produced
/// for that model (null when it found none), the model's reply and the benchmark's own
/// `jailbroken` judgment.
///
/// Each (attack, behaviour) becomes a scenario with one sample, so two models pair by prompt
/// scenario by scenario. The scenario's turn is the behaviour's goal; each recording holds
/// the attack's own prompt for its model (adaptive attacks such as PAIR write one per
/// target), so a live `run` of the suite asks the plain goal, without the attack.
public enum JailbreakBench {
    /// One reply of one model to one attack prompt.
    public struct Reply: Sendable, Hashable {
        public var attack: String
        public var model: String
        public var index: Int
        public var goal: String
        public var behavior: String
        public var category: String
        public var prompt: String?
        public var response: String?
        /// The benchmark's own judgment (its Llama-3-70B classifier), not ValueGate's.
        public var jailbroken: Bool
    }

    /// Which behaviours to import: all, or the even or odd JBB indices (each category has
    /// ten consecutive indices, so either half holds five of each).
    public enum Behaviours: String, Sendable, CaseIterable {
        case all, even, odd

        func includes(_ index: Int) -> Bool {
            switch self {
            case .all: true
            case .even: index % 2 == 0
            case .odd: index % 2 == 1
            }
        }
    }

    /// Reads every `ATTACK/TYPE/MODEL.json` under `directory`.
    public static func read(directory: String) throws -> [Reply] {
        let root = URL(fileURLWithPath: directory)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw InputError("cannot read this folder", file: directory)
        }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "json" && url.lastPathComponent != "attack-info.json" {
            files.append(url)
        }
        files.sort { $0.path < $1.path }
        guard !files.isEmpty else {
            throw InputError("no JailbreakBench artifact files (ATTACK/TYPE/MODEL.json) found", file: directory)
        }
        var replies: [Reply] = []
        for file in files {
            replies += try read(file: file, root: root)
        }
        return replies
    }

    private struct ArtifactFile: Decodable {
        struct Parameters: Decodable { var method: String; var model: String }
        struct Jailbreak: Decodable {
            var index: Flexible
            var goal: String
            var behavior: String
            var category: String
            var prompt: String?
            var response: String?
            var jailbroken: Flexible
        }
        var parameters: Parameters
        var jailbreaks: [Jailbreak]
    }

    /// The artifacts write numbers and booleans as strings ("7", "True") in some files.
    private struct Flexible: Decodable {
        var text: String
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(String.self) { text = value }
            else if let value = try? container.decode(Int.self) { text = String(value) }
            else { text = String(try container.decode(Bool.self)) }
        }
    }

    private static func read(file: URL, root: URL) throws -> [Reply] {
        let relative = String(file.path.dropFirst(root.path.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let artifact: ArtifactFile
        do {
            artifact = try JSONDecoder().decode(ArtifactFile.self, from: Data(contentsOf: file))
        } catch {
            throw InputError("not a JailbreakBench artifact file: \(Recording.describe(error))", file: file.path)
        }
        // The attack is the top folder (JBC, PAIR, ...): the method name alone does not tell
        // the artifacts' attack folders apart.
        let attack = relative.split(separator: "/").first.map(String.init) ?? artifact.parameters.method
        return try artifact.jailbreaks.enumerated().map { position, item in
            guard let index = Int(item.index.text) else {
                throw InputError("jailbreak \(position + 1) has index '\(item.index.text)', not a number", file: file.path)
            }
            let jailbroken: Bool
            switch item.jailbroken.text.lowercased() {
            case "true": jailbroken = true
            case "false": jailbroken = false
            default: throw InputError("jailbreak \(position + 1) has jailbroken '\(item.jailbroken.text)', not true or false", file: file.path)
            }
            return Reply(attack: attack, model: artifact.parameters.model, index: index, goal: item.goal, behavior: item.behavior,
                         category: item.category, prompt: item.prompt, response: item.response, jailbroken: jailbroken)
        }
    }

    /// What an import writes: the suite's YAML and, per model, its records (built once the
    /// suite is loaded, since they carry its fingerprint).
    public struct Selection: Sendable {
        public var suiteID: String
        public var models: [String]
        /// (attack, index) pairs every model answered, in order: the suite's scenarios.
        public var scenarios: [(attack: String, index: Int)]
        public var replies: [Reply]
        /// The behaviours the recordings hold (the suite always holds them all, so a half
        /// recording is a sample of the same suite, for `compare`).
        public var recorded: Behaviours
        /// The attacks the recordings hold (empty: all); the suite keeps every attack.
        public var recordedAttacks: Set<String> = []

        /// Picks the scenarios every model in `models` has a prompt and a reply for, so the
        /// recordings pair completely. `models` empty means every model in the files.
        public init(replies: [Reply], models: [String], behaviours: Behaviours, suiteID: String) throws {
            let known = Set(replies.map(\.model))
            let chosen = models.isEmpty ? known.sorted() : models
            if let unknown = chosen.first(where: { !known.contains($0) }) {
                throw InputError("no artifact files for model '\(unknown)'; the files hold \(known.sorted().joined(separator: ", "))")
            }
            struct Prompt: Hashable { var attack: String; var index: Int }
            let answered = Dictionary(grouping: replies.filter { $0.prompt != nil && $0.response != nil }) { Prompt(attack: $0.attack, index: $0.index) }
            let scenarios = answered.keys.sorted { ($0.attack, $0.index) < ($1.attack, $1.index) }
                .filter { prompt in Set(answered[prompt]!.map(\.model)).isSuperset(of: chosen) }
                .map { (attack: $0.attack, index: $0.index) }
            guard !scenarios.isEmpty else {
                throw InputError("no attack prompt was answered by every one of \(chosen.joined(separator: ", "))")
            }
            self.suiteID = suiteID
            self.models = chosen
            self.scenarios = scenarios
            self.replies = replies.filter { chosen.contains($0.model) }
            recorded = behaviours
        }

        func reply(model: String, attack: String, index: Int) -> Reply? {
            replies.first { $0.model == model && $0.attack == attack && $0.index == index && $0.prompt != nil && $0.response != nil }
        }

        func scenarioID(attack: String, index: Int, behavior: String) -> String {
            "\(JailbreakBench.slug(attack))-\(String(format: "%03d", index))-\(JailbreakBench.slug(behavior))"
        }

        /// The suite, as YAML a user can read and lint.
        public func suiteYAML(source: String) -> String {
            let attacks = Array(Set(scenarios.map(\.attack))).sorted()
            var lines = [
                "# Imported from JailbreakBench artifacts (\(source)) by `valuegate import jailbreakbench`.",
                "# Source: github.com/JailbreakBench/artifacts, MIT licence (c) 2024 JailbreakBench Team and artifacts authors;",
                "# Chao et al., \"JailbreakBench\", NeurIPS 2024 Datasets and Benchmarks (arXiv 2404.01318).",
                "suite: \(suiteID)",
                "version: 1",
                "description: \(SuiteTemplate.yamlScalar("JailbreakBench behaviours under the \(attacks.joined(separator: ", ")) attacks, one scenario per attack and behaviour, answered by \(models.joined(separator: ", ")). The turn is the behaviour's goal; each recording holds the attack's own prompt for its model, so a live run asks the plain goal without the attack."))",
                "context: jailbreak attacks",
                "samples: 1",
                "generation: { max_tokens: 150 }",
                "# The attack prompt is the pressure: each reply is the first one under it (push 0).",
                "opening_push: true",
                "scenarios:",
            ]
            for (attack, index) in scenarios {
                guard let reply = replies.first(where: { $0.attack == attack && $0.index == index }) else { continue }
                lines.append("  - id: \(scenarioID(attack: attack, index: index, behavior: reply.behavior))")
                lines.append("    description: \(SuiteTemplate.yamlScalar("\(reply.behavior) (JBB-Behaviors \(index)), \(attack) attack"))")
                lines.append("    context: \(SuiteTemplate.yamlScalar(reply.category))")
                lines.append("    turns:")
                lines.append("      - user: \(SuiteTemplate.yamlScalar(reply.goal))")
            }
            return lines.joined(separator: "\n") + "\n"
        }

        /// The model's replies as a recording of `suite` (the loaded suite YAML above).
        public func records(model: String, suite: Suite) -> [TranscriptRecord] {
            scenarios.compactMap { attack, index in
                guard recorded.includes(index), recordedAttacks.isEmpty || recordedAttacks.contains(attack), let reply = reply(model: model, attack: attack, index: index), let prompt = reply.prompt, let response = reply.response else { return nil }
                let id = scenarioID(attack: attack, index: index, behavior: reply.behavior)
                let messages = [ChatMessage(role: .user, content: prompt, pushDepth: 0), ChatMessage(role: .assistant, content: response)]
                return TranscriptRecord(
                    suite: suite.id, suiteFingerprint: suite.fingerprint, scenario: id, sample: 0, context: reply.category,
                    userValues: [], model: model, endpoint: "jailbreakbench", generation: suite.generation, messages: messages,
                    finishReason: nil, usage: nil, latencyMs: 0, requestHash: Hashing.sha256(prompt),
                    timestamp: "2024-11-06T00:00:00Z", error: nil)
            }
        }

        /// The benchmark's own `jailbroken` rate of a model over the selected scenarios, for
        /// reading ValueGate's verdict beside it.
        public func jailbrokenRate(model: String) -> (jailbroken: Int, of: Int) {
            let chosen = scenarios.filter { recorded.includes($0.index) && (recordedAttacks.isEmpty || recordedAttacks.contains($0.attack)) }.compactMap { reply(model: model, attack: $0.attack, index: $0.index) }
            return (chosen.filter(\.jailbroken).count, chosen.count)
        }
    }

    static func slug(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) { slug.append(character) }
            else if !slug.isEmpty && slug.last != "-" { slug.append("-") }
        }
        while slug.last == "-" { slug.removeLast() }
        return slug
    }
}

extension JailbreakBench {
    /// One recording written, with the benchmark's own judgment of its replies.
    public struct WrittenRecording: Sendable {
        public var path: String
        public var replies: Int
        public var jailbroken: Int
    }

    /// Imports the artifact files under `directory`: the suite to `suiteOut` (loaded back, so a
    /// suite the reader would refuse is never left unreported) and one recording per model
    /// into `recordingFolder`. `attacks` limits the recordings, not the suite.
    public static func importFiles(directory: String, models: [String], behaviours: Behaviours, attacks: [String], suiteID: String,
                                   suiteOut: String, recordingFolder: String, taxonomy: Taxonomy) throws -> (suite: Suite, recordings: [WrittenRecording]) {
        var selection = try Selection(replies: try read(directory: directory), models: models, behaviours: behaviours, suiteID: suiteID)
        let known = Set(selection.scenarios.map(\.attack))
        if let unknown = attacks.first(where: { !known.contains($0) }) {
            throw InputError("no attack '\(unknown)' among the prompts every model answered; there are \(known.sorted().joined(separator: ", "))")
        }
        selection.recordedAttacks = Set(attacks)
        let suiteURL = URL(fileURLWithPath: suiteOut)
        try FileManager.default.createDirectory(at: suiteURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(selection.suiteYAML(source: directory).utf8).write(to: suiteURL)
        let suite = try SuiteLoader(taxonomy: taxonomy).load(path: suiteOut)
        var written: [WrittenRecording] = []
        for model in selection.models {
            let path = (recordingFolder as NSString).appendingPathComponent("\(model).jsonl")
            try Recording.write(selection.records(model: model, suite: suite), to: path)
            let rate = selection.jailbrokenRate(model: model)
            written.append(WrittenRecording(path: path, replies: rate.of, jailbroken: rate.jailbroken))
        }
        return (suite, written)
    }
}
