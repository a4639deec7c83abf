import Foundation
import Yams

/// `valuegate.yaml` at the repository root: what `valuegate check` runs with no arguments.
///
/// ```yaml
/// suites: [Suites/relationship-advice.yaml]
/// baseline: Baselines/smollm2-135m-instruct
/// candidate: { recording: Examples/recordings/candidate.jsonl }
/// endpoint: { kind: openai, base_url: http://127.0.0.1:8088/v1, model: smollm2-135m-instruct, api_key_env: VALUEGATE_API_KEY }
/// # kind: anthropic for Messages; api_key_file: PATH instead of api_key_env; stream: false to turn streaming off
/// ```
public struct ProjectConfiguration: Decodable, Sendable {
    public static let fileName = "valuegate.yaml"

    public struct Candidate: Decodable, Sendable {
        /// Replay this recording (offline).
        public var recording: String?
        /// Or record here when playing live against `endpoint`.
        public var record: String?
    }

    public struct Endpoint: Decodable, Sendable {
        public var kind: String?
        public var baseURL: String
        public var model: String
        public var apiKeyEnv: String?
        public var apiKeyFile: String?
        public var timeout: Double?
        public var concurrency: Int?
        public var stream: Bool?

        enum CodingKeys: String, CodingKey {
            case kind, model, timeout, concurrency, stream
            case baseURL = "base_url"
            case apiKeyEnv = "api_key_env"
            case apiKeyFile = "api_key_file"
        }

        public func configuration() throws -> EndpointConfiguration {
            guard let kind = EndpointConfiguration.Kind(rawValue: kind ?? "openai") else {
                throw InputError("endpoint kind '\(kind ?? "")' is not supported; use one of \(EndpointConfiguration.Kind.allCases.map(\.rawValue).joined(separator: ", "))", file: ProjectConfiguration.fileName, setting: .endpointKind)
            }
            return EndpointConfiguration(kind: kind, baseURL: baseURL, model: model, apiKeyEnvironmentVariable: apiKeyEnv,
                                         apiKeyFile: apiKeyFile, timeout: timeout ?? 120, stream: stream ?? true)
        }
    }

    public var suites: [String]
    public var baseline: String
    public var candidate: Candidate?
    public var endpoint: Endpoint?
    /// Folder the configuration was read from; relative paths resolve against it.
    public var directory = "."

    enum CodingKeys: String, CodingKey { case suites, baseline, candidate, endpoint }
    static let knownKeys = Set(["suites", "baseline", "candidate", "endpoint"])

    public static func load(path: String) throws -> ProjectConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError("cannot read the configuration file; create one with the keys suites, baseline and candidate (see docs/formats.md)", file: path)
        }
        do {
            if let root = try Yams.compose(yaml: text)?.mapping {
                for (key, _) in root where !knownKeys.contains(key.string ?? "") {
                    throw InputError("unknown key '\(key.string ?? "?")'; allowed keys: \(knownKeys.sorted().joined(separator: ", "))",
                                     file: path, line: key.mark?.line, column: key.mark?.column)
                }
            }
            var configuration = try YAMLDecoder().decode(ProjectConfiguration.self, from: text)
            configuration.directory = (path as NSString).deletingLastPathComponent
            let named = configuration.suites.map { ("suites", $0) } + [("baseline", configuration.baseline)]
                + [configuration.candidate?.recording, configuration.candidate?.record].compactMap { $0 }.map { ("candidate", $0) }
            for (key, value) in named { try configuration.checkInside(value, key: key, file: path) }
            return configuration
        } catch let error as InputError {
            throw error
        } catch let error as YamlError {
            throw SuiteLoader.diagnostic(for: error, file: path)
        } catch {
            throw InputError(Recording.describe(error), file: path)
        }
    }

    /// Paths in the file must stay inside its folder (symbolic links followed): a change to
    /// the file in a pull request must not make CI read or write elsewhere on the machine.
    /// Paths given on the command line are the user's own choice and are not limited.
    func checkInside(_ path: String, key: String, file: String) throws {
        let root = URL(fileURLWithPath: directory.isEmpty ? "." : directory).standardizedFileURL.resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: resolve(path)).standardizedFileURL.resolvingSymlinksInPath().path
        guard target == root || target.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw InputError("'\(key)' path '\(path)' leads outside the folder of \(ProjectConfiguration.fileName); keep project files inside it", file: file, remedy: .pathOnCommandLine)
        }
    }

    /// A path from the file, resolved against the file's folder.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") || directory.isEmpty || directory == "." { return path }
        return (directory as NSString).appendingPathComponent(path)
    }
}
