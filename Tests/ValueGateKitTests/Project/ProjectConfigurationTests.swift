import Foundation
import Testing
@testable import ValueGateKit

/// `valuegate.yaml`: what `valuegate check` runs with no arguments.
struct ProjectConfigurationTests {
    func write(_ text: String) throws -> String {
        let path = try Fixtures.temporaryDirectory() + "/valuegate.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The error as the library prints it (file:line:column: error: message), nil if none.
    func inputError(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as InputError { return error.description } catch let error as Diagnostic { return error.description } catch {
            return "not an input error: \(error)"
        }
        return nil
    }

    @Test func configurationPathsMayNotLeaveTheProjectFolder() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = folder + "/valuegate.yaml"
        for escape in ["../outside.yaml", "/etc/passwd", "Suites/../../x.yaml"] {
            try "suites: [\(escape)]\nbaseline: Baselines/b\n".write(toFile: config, atomically: true, encoding: .utf8)
            let message = inputError { _ = try ProjectConfiguration.load(path: config) }
            #expect(message?.contains("'suites' path '\(escape)' leads outside the folder") == true, "\(message ?? "accepted")")
        }
        // A symbolic link inside the folder that points out of it is followed, and refused.
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: "/etc")
        try "suites: [link/passwd]\nbaseline: Baselines/b\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(inputError { _ = try ProjectConfiguration.load(path: config) }?.contains("'link/passwd' leads outside") == true)
        // The baseline and the candidate are held to the same rule.
        try "suites: [Suites/a.yaml]\nbaseline: ../b\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(inputError { _ = try ProjectConfiguration.load(path: config) }?.contains("'baseline' path '../b'") == true)
        try "suites: [Suites/a.yaml]\nbaseline: b\ncandidate: { record: /tmp/c.jsonl }\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(inputError { _ = try ProjectConfiguration.load(path: config) }?.contains("'candidate' path '/tmp/c.jsonl'") == true)
        try "suites: [Suites/a.yaml]\nbaseline: Baselines/b\ncandidate: { recording: rec/c.jsonl }\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try ProjectConfiguration.load(path: config).suites == ["Suites/a.yaml"])
    }

    @Test func relativePathsResolveAgainstTheFilesFolder() throws {
        let path = try write("suites: [Suites/a.yaml]\nbaseline: Baselines/b\ncandidate: { recording: rec/c.jsonl }\n")
        let folder = (path as NSString).deletingLastPathComponent
        let config = try ProjectConfiguration.load(path: path)
        #expect(config.directory == folder)
        #expect(config.resolve(config.baseline) == folder + "/Baselines/b")
        #expect(config.candidate?.recording.map(config.resolve) == folder + "/rec/c.jsonl")
        #expect(config.resolve("/abs/x.yaml") == "/abs/x.yaml")
    }

    @Test func anUnknownKeyIsAnErrorAtItsPositionListingTheAllowedKeys() throws {
        let path = try write("suites: [Suites/a.yaml]\nbaseline: Baselines/b\ncandidates: { recording: c.jsonl }\n")
        let message = try #require(inputError { _ = try ProjectConfiguration.load(path: path) })
        #expect(message.hasPrefix("\(path):3:1: error: unknown key 'candidates'"), "\(message)")
        #expect(message.contains("allowed keys: baseline, candidate, endpoint, suites"))
    }

    @Test func aMissingFileAndBadYAMLAreInputErrorsNamingTheFile() throws {
        let missing = try Fixtures.temporaryDirectory() + "/valuegate.yaml"
        #expect(inputError { _ = try ProjectConfiguration.load(path: missing) }?.hasPrefix("\(missing): error: cannot read the configuration file") == true)
        let broken = try write("suites: [Suites/a.yaml\nbaseline: b\n")
        #expect(inputError { _ = try ProjectConfiguration.load(path: broken) }?.hasPrefix(broken + ":") == true)
        let untyped = try write("suites: Suites/a.yaml\nbaseline: b\n")
        #expect(inputError { _ = try ProjectConfiguration.load(path: untyped) }?.hasPrefix(untyped + ": error:") == true)
    }

    @Test func theEndpointDefaultsToOpenAIStreamingWithATwoMinuteTimeout() throws {
        let path = try write("suites: [a.yaml]\nbaseline: b\nendpoint: { base_url: http://127.0.0.1:8088/v1, model: m }\n")
        let endpoint = try #require(try ProjectConfiguration.load(path: path).endpoint?.configuration())
        #expect(endpoint.kind == .openai && endpoint.stream && endpoint.timeout == 120)
        #expect(endpoint.baseURL == "http://127.0.0.1:8088/v1" && endpoint.model == "m" && endpoint.apiKeyEnvironmentVariable == nil)
        let other = try write("suites: [a.yaml]\nbaseline: b\nendpoint: { kind: gemini, base_url: http://x/v1, model: m }\n")
        let message = inputError { _ = try ProjectConfiguration.load(path: other).endpoint?.configuration() }
        #expect(message?.contains("endpoint kind 'gemini' is not supported; use one of openai, anthropic") == true, "\(message ?? "accepted")")
    }
}
