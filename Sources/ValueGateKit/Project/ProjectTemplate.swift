import Foundation

/// What `valuegate init` writes as `valuegate.yaml`: the endpoint, the starter suite and the
/// baseline folder named after the model.
public struct ProjectTemplate: Sendable {
    public var kind: EndpointConfiguration.Kind
    public var baseURL: String
    public var model: String
    /// Written as `api_key_env`; nil writes the usual variable for the API, commented out.
    public var apiKeyEnv: String?
    public var suites: [String]

    public static let defaultBaseURL = "http://127.0.0.1:8088/v1"
    public static let defaultModel = "smollm2-135m-instruct"

    public init(kind: EndpointConfiguration.Kind = .openai, baseURL: String = ProjectTemplate.defaultBaseURL, model: String = ProjectTemplate.defaultModel,
                apiKeyEnv: String? = nil, suites: [String] = [SuiteTemplate.starterPath]) {
        self.kind = kind
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.suites = suites
    }

    /// An input error for a base URL that is not http(s), an empty model, or a key variable
    /// name that is no variable name (never echoed: it may be the key itself).
    public func check() throws {
        guard let url = URL(string: baseURL), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw InputError("base URL '\(baseURL)' is not an http(s) URL; expected e.g. \(Self.defaultBaseURL)", setting: .baseURL)
        }
        guard !model.trimmingCharacters(in: .whitespaces).isEmpty else { throw InputError("the model name must not be empty", setting: .model) }
        if let apiKeyEnv, apiKeyEnv.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) == nil {
            throw InputError("the API key variable must be the name of an environment variable (letters, digits and '_', e.g. OPENAI_API_KEY), never the key itself", setting: .apiKeyVariable)
        }
    }

    /// `Baselines/<model>`, the folder `baseline save --label <model>` writes.
    public var baselineLabel: String { SuiteTemplate.baselineLabel(forModel: model) }
    public var baseline: String { "Baselines/" + baselineLabel }

    /// The text of `valuegate.yaml` for a new project.
    public var text: String {
        let keyVariable = apiKeyEnv.map { "api_key_env: \(SuiteTemplate.yamlScalar($0))" }
            ?? "# api_key_env: \(kind == .anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY")"
        return """
            # ValueGate project configuration, read by `valuegate check` (and `run`, `try`, `baseline save`)
            # when run in this folder. Paths are relative to this file and must stay inside its folder.

            # The suites every check plays. Add new ones here (`valuegate new suite NAME` scaffolds one).
            suites:
            \(suites.map { "  - \(SuiteTemplate.yamlScalar($0))" }.joined(separator: "\n"))

            # The reviewed baseline the candidate is compared with. Record it once, review it, commit it:
            #   valuegate run --out out/baseline.jsonl
            #   valuegate baseline save --label \(baselineLabel) --recording out/baseline.jsonl
            baseline: \(SuiteTemplate.yamlScalar(baseline))

            # The release candidate `valuegate check` gates.
            candidate:
              # Live: play the suites against `endpoint` below and record here (resumable), then gate.
              record: out/candidate.jsonl
              # Offline instead: comment out `record` and replay a recording of the candidate.
              # recording: out/candidate.jsonl

            # The model endpoint `run`, `try` and `check` play against; flags such as --base-url override it.
            endpoint:
              kind: \(kind.rawValue)                 # openai (chat completions) or anthropic (Messages)
              base_url: \(SuiteTemplate.yamlScalar(baseURL))
              model: \(SuiteTemplate.yamlScalar(model))
              # The name of the environment variable holding the API key, never the key itself
              # (or api_key_file: PATH, a file whose first line is the key). A local server needs none.
              \(keyVariable)

            """
    }

    /// What `write(into:force:)` wrote.
    public struct Written: Sendable {
        public var configuration: String
        public var suite: String
        public var scenarios: Int
        /// The schema modeline's path, and whether a schema is there.
        public var schema: (path: String, found: Bool)
    }

    /// Writes `valuegate.yaml` and the starter suite into `directory`. Nothing is written when
    /// either exists, unless `force`; a starter that would not load is refused as a bug.
    public func write(into directory: String, force: Bool) throws -> Written {
        try check()
        let configuration = FileAccess.join(directory, ProjectConfiguration.fileName)
        let suite = FileAccess.join(directory, SuiteTemplate.starterPath)
        let existing = [configuration, suite].filter { FileManager.default.fileExists(atPath: $0) }
        if !existing.isEmpty, !force {
            throw InputError("\(existing.joined(separator: " and ")) already exist\(existing.count == 1 ? "s" : ""); nothing was written",
                             remedy: .overwriteOrWriteElsewhere)
        }
        let schema = SuiteTemplate.schemaReference(suiteDirectory: (suite as NSString).deletingLastPathComponent, projectRoot: directory)
        let starter = SuiteTemplate.starter(schemaReference: schema.path)
        let scenarios = try SuiteTemplate.checkLoads(starter, file: suite)
        try FileAccess.write(text, to: configuration)
        try FileAccess.write(starter, to: suite)
        return Written(configuration: configuration, suite: suite, scenarios: scenarios, schema: schema)
    }
}
