import Foundation
import Testing
@testable import ValueGateKit

/// What `valuegate init` writes as valuegate.yaml loads back with every flag it was given,
/// and a bad URL or a key passed as a variable name is refused without echoing it.
struct ProjectTemplateTests {
    @Test func theProjectConfigurationLoadsWithEveryFlagItWasGiven() throws {
        let folder = try Fixtures.temporaryDirectory()
        let project = ProjectTemplate(kind: .anthropic, baseURL: "https://api.example.com/v1", model: "meta-llama/Llama-3.1-8B: instruct",
                                            apiKeyEnv: "EXAMPLE_KEY")
        try project.text.write(toFile: folder + "/valuegate.yaml", atomically: true, encoding: .utf8)
        let config = try ProjectConfiguration.load(path: folder + "/valuegate.yaml")
        #expect(config.suites == ["Suites/starter.yaml"])
        #expect(config.baseline == "Baselines/meta-llama-Llama-3.1-8B-instruct")
        #expect(config.candidate?.record == "out/candidate.jsonl" && config.candidate?.recording == nil)
        let endpoint = try #require(try config.endpoint?.configuration())
        #expect(endpoint.kind == .anthropic && endpoint.baseURL == "https://api.example.com/v1")
        #expect(endpoint.model == "meta-llama/Llama-3.1-8B: instruct" && endpoint.apiKeyEnvironmentVariable == "EXAMPLE_KEY")

        let local = ProjectTemplate().text
        try local.write(toFile: folder + "/valuegate.yaml", atomically: true, encoding: .utf8)
        let defaults = try #require(try ProjectConfiguration.load(path: folder + "/valuegate.yaml").endpoint?.configuration())
        #expect(defaults.kind == .openai && defaults.baseURL == "http://127.0.0.1:8088/v1" && defaults.model == "smollm2-135m-instruct")
        #expect(defaults.apiKeyEnvironmentVariable == nil)
        #expect(local.contains("# api_key_env: OPENAI_API_KEY"))
        #expect(local.contains("baseline: Baselines/smollm2-135m-instruct"))
    }

    @Test func aProjectWithABadURLOrAKeyForAVariableNameIsRefusedWithoutEchoingIt() {
        #expect { try ProjectTemplate(baseURL: "127.0.0.1:8088").check() } throws: { ($0 as? InputError)?.setting == .baseURL }
        #expect { try ProjectTemplate(model: " ").check() } throws: { ($0 as? InputError)?.setting == .model }
        do {
            try ProjectTemplate(apiKeyEnv: "sk-secret-123").check()
            Issue.record("a key given as a variable name was accepted")
        } catch {
            #expect(!"\(error)".contains("sk-secret-123"))
        }
        #expect(throws: Never.self) { try ProjectTemplate(apiKeyEnv: "OPENAI_API_KEY").check() }
    }

    @Test func writingANewProjectRefusesToOverwriteUnlessForced() throws {
        let folder = try Fixtures.temporaryDirectory()
        let written = try ProjectTemplate().write(into: folder, force: false)
        #expect(written.scenarios == 3 && FileManager.default.fileExists(atPath: written.suite))
        #expect { try ProjectTemplate().write(into: folder, force: false) } throws: { ($0 as? InputError)?.remedy == .overwriteOrWriteElsewhere }
        #expect(throws: Never.self) { try ProjectTemplate().write(into: folder, force: true) }
    }
}
