import Foundation
import Crypto

/// The curated cue phrases of the lexicon extractor, loaded from JSON files.
///
/// Files (in `Resources/Lexicon`, or passed to ``init(files:)``):
/// - `values-*.json`, read in file-name order:
///   `{"values": [{"value": "honesty", "cues": ["honest", "truthful*", "tell * the truth"],
///   "when_negated": null, "negatable": true}]}`. `value` is a level-0 taxonomy name;
///   `when_negated` names the value expressed instead when a cue is negated or refused
///   ("I won't help you deceive her" expresses honesty, not deception); `negatable: false`
///   marks cues that already carry their negation, such as hedges ("not sure").
///   Several entries may name the same value; each keeps its own settings for its cues.
/// - `markers.json`: cues that steer polarity and response types rather than name values:
///   `negators`, `refusals`, `hypothetical` and `response_types` (keyed by the six response
///   types other than `no_values`), and optionally `not_negators` (phrases such as "not only"
///   or "don't hesitate" whose negator negates nothing), `contrasts` ("but", "however": end a
///   refusal's scope), `conditionals` ("if you": make undesired cues in the same clause
///   hypothetical) and `condemnations` ("is abusive", "red flag": an undesired cue in the same
///   sentence is being condemned, not endorsed).
///
/// The cue syntax is described on `CuePattern`: lowercase words separated by single spaces,
/// `word*` for any token starting with `word`, `*` for any one token.
public struct Lexicon: Sendable {
    /// One entry of a `values-*.json` file.
    struct Entry: Sendable {
        /// The value name as written (normalized), checked against the taxonomy by the extractor.
        let value: String
        let cues: [CuePattern]
        let whenNegated: String?
        let negatable: Bool
        /// Where it is written, for error messages: "values-common.json", "entry 12 ('honesty')".
        let file: String
        let place: String
    }

    /// What a matched cue means.
    enum Role: Sendable, Hashable {
        case value(entry: Int)
        case negator, notNegator, refusal, contrast, hypothetical, conditional, condemnation
        case response(ResponseType)
    }

    let entries: [Entry]
    /// Every cue of every file, compiled into one matcher; `roles[i]` says what pattern `i` means.
    let matcher: CueMatcher
    let roles: [Role]

    /// SHA-256 over all lexicon files (name and bytes, sorted by name), recorded in every
    /// profile's extractor fingerprint.
    public let hash: String

    /// Normalized names of the values that have at least one cue.
    public var coveredValues: Set<String> {
        Set(entries.filter { !$0.cues.isEmpty }.map(\.value))
    }

    /// The lexicon bundled with ValueExtractor, loaded and compiled once per process.
    public static func bundled() throws -> Lexicon {
        try BundledLexicon.shared.get()
    }

    /// Loads a lexicon from file contents. Throws a ``LexiconError`` listing every problem,
    /// each naming its file and entry.
    public init(files: [(name: String, data: Data)]) throws {
        var issues: [LexiconError.Issue] = []
        let sorted = files.sorted { $0.name < $1.name }
        var seenNames = Set<String>()
        var entries: [Entry] = []
        var markers: LexiconFiles.MarkersFile?

        for file in sorted {
            guard seenNames.insert(file.name).inserted else {
                issues.append(.init(file: file.name, "given twice; each file name must be unique"))
                continue
            }
            if file.name == "markers.json" {
                do { markers = try JSONDecoder().decode(LexiconFiles.MarkersFile.self, from: file.data) } catch let error as DecodingError {
                    issues.append(.init(file: file.name, error.lexiconDescription))
                }
            } else if file.name.hasPrefix("values-") && file.name.hasSuffix(".json") {
                do {
                    let decoded = try JSONDecoder().decode(LexiconFiles.ValuesFile.self, from: file.data)
                    for (index, raw) in decoded.values.enumerated() {
                        if let entry = Lexicon.entry(raw, index: index, file: file.name, issues: &issues) { entries.append(entry) }
                    }
                } catch let error as DecodingError {
                    issues.append(.init(file: file.name, error.lexiconDescription))
                }
            } else {
                issues.append(.init(file: file.name, "unexpected lexicon file; name value files values-<topic>.json, and the marker file markers.json"))
            }
        }
        if markers == nil && !seenNames.contains("markers.json") {
            issues.append(.init(file: "markers.json", "missing; the lexicon needs its negators, refusals, hypothetical markers and response-type cues"))
        }

        var patterns: [CuePattern] = []
        var roles: [Role] = []
        var seenValueCues = Set<[String]>()
        for (index, entry) in entries.enumerated() {
            for cue in entry.cues where seenValueCues.insert([entry.value, cue.text]).inserted {
                patterns.append(cue)
                roles.append(.value(entry: index))
            }
        }
        if let markers {
            func add(_ cues: [String], _ role: Role, _ key: String) {
                for text in cues {
                    do { patterns.append(try CuePattern(parsing: text)); roles.append(role) } catch {
                        issues.append(.init(file: "markers.json", "\(key): cue '\(text)': \(error)"))
                    }
                }
            }
            add(markers.negators, .negator, "negators")
            add(markers.notNegators, .notNegator, "not_negators")
            add(markers.refusals, .refusal, "refusals")
            add(markers.contrasts, .contrast, "contrasts")
            add(markers.hypothetical, .hypothetical, "hypothetical")
            add(markers.conditionals, .conditional, "conditionals")
            add(markers.condemnations, .condemnation, "condemnations")
            for type in LexiconFiles.MarkersFile.responseTypeKeys {
                add(markers.responseTypes[type] ?? [], .response(type), "response_types.\(type.rawValue)")
            }
        }
        guard issues.isEmpty else { throw LexiconError(issues) }

        self.entries = entries
        self.matcher = CueMatcher(patterns: patterns)
        self.roles = roles
        self.hash = Lexicon.hash(sorted)
    }

    private static func entry(_ raw: LexiconFiles.ValueEntry, index: Int, file: String, issues: inout [LexiconError.Issue]) -> Entry? {
        let value = Taxonomy.normalize(raw.value)
        let place = "entry \(index) ('\(raw.value)')"
        func issue(_ message: String) -> LexiconError.Issue { .init(file: file, entry: place, message) }
        let before = issues.count
        if value.isEmpty { issues.append(issue("'value' is empty")) }
        if raw.cues.isEmpty { issues.append(issue("'cues' is empty; give at least one cue or remove the entry")) }
        var cues: [CuePattern] = []
        for text in raw.cues {
            do { cues.append(try CuePattern(parsing: text)) } catch {
                issues.append(issue("cue '\(text)': \(error)"))
            }
        }
        let whenNegated = raw.whenNegated.map(Taxonomy.normalize)
        if let whenNegated, whenNegated == value {
            issues.append(issue("'when_negated' names the value itself; name the value expressed instead, or remove it"))
        }
        if raw.negatable == false, whenNegated != nil {
            issues.append(issue("a cue that cannot be negated never uses 'when_negated'; remove one of them"))
        }
        guard issues.count == before else { return nil }
        return Entry(value: value, cues: cues, whenNegated: whenNegated, negatable: raw.negatable ?? true, file: file, place: place)
    }

    /// The JSON files of the bundled `Lexicon` resource folder, sorted by name.
    static func bundledFiles() throws -> [(name: String, data: Data)] {
        guard let folder = Bundle.module.url(forResource: "Lexicon", withExtension: nil) else {
            throw LexiconError([.init("the Lexicon resource folder is missing from the ValueExtractor bundle")])
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { (name: $0, data: try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    private static func hash(_ files: [(name: String, data: Data)]) -> String {
        var hasher = SHA256()
        for file in files {
            // Name, separator and length keep the byte stream unambiguous.
            hasher.update(data: Data(file.name.utf8))
            hasher.update(data: Data([0]))
            withUnsafeBytes(of: UInt64(file.data.count).littleEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: file.data)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Reading and compiling the bundled files takes milliseconds; do it once per process.
private final class BundledLexicon: Sendable {
    static let shared = BundledLexicon()
    private let result: Result<Lexicon, Error>

    private init() {
        result = Result { try Lexicon(files: Lexicon.bundledFiles()) }
    }

    func get() throws -> Lexicon { try result.get() }
}
