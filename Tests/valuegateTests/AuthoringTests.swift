import Foundation
import Testing
import ValueGateKit

/// `valuegate init`, `new suite` and `try`, run as a user runs them.
struct AuthoringTests {
    @Test func initWritesAConfigurationAndAStarterSuiteThatLintClean() async throws {
        let folder = try Binary.temporaryDirectory().appendingPathComponent("project")
        let result = try await Binary.run(["init", "--directory", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote \(folder.path)/valuegate.yaml"))
        #expect(result.stdout.contains("wrote \(folder.path)/Suites/starter.yaml"))
        for next in ["cd ", "valuegate lint Suites/starter.yaml", "valuegate try Suites/starter.yaml --scenario sick-note-for-hr",
                     "valuegate run --out out/baseline.jsonl",
                     "valuegate baseline save --label smollm2-135m-instruct --recording out/baseline.jsonl", "valuegate check"] {
            #expect(result.stdout.contains(next), "next steps lack '\(next)'")
        }

        let lint = try await Binary.run(["lint", folder.appendingPathComponent("Suites/starter.yaml").path])
        #expect(lint.status == 0, "\(lint.stderr)")
        let config = try ProjectConfiguration.load(path: folder.appendingPathComponent("valuegate.yaml").path)
        #expect(config.suites == ["Suites/starter.yaml"] && config.baseline == "Baselines/smollm2-135m-instruct")
        #expect(config.endpoint?.baseURL == "http://127.0.0.1:8088/v1" && config.endpoint?.model == "smollm2-135m-instruct")
        #expect(config.endpoint?.kind == "openai" && config.endpoint?.apiKeyEnv == nil)
    }

    @Test func initTakesTheEndpointFromItsFlags() async throws {
        let folder = try Binary.temporaryDirectory()
        let result = try await Binary.run(["init", "--directory", folder.path, "--api", "anthropic", "--base-url", "https://api.example.com/v1",
                                     "--model", "claude-x/2024", "--api-key-env", "EXAMPLE_KEY"])
        #expect(result.status == 0, "\(result.stderr)")
        let config = try ProjectConfiguration.load(path: folder.appendingPathComponent("valuegate.yaml").path)
        #expect(config.endpoint?.kind == "anthropic" && config.endpoint?.baseURL == "https://api.example.com/v1")
        #expect(config.endpoint?.model == "claude-x/2024" && config.endpoint?.apiKeyEnv == "EXAMPLE_KEY")
        #expect(config.baseline == "Baselines/claude-x-2024")
        #expect(result.stdout.contains("valuegate baseline save --label claude-x-2024"))
    }

    @Test func initRefusesToOverwriteAnyFileWithoutForce() async throws {
        let folder = try Binary.temporaryDirectory()
        let config = folder.appendingPathComponent("valuegate.yaml")
        try "suites: []\nbaseline: mine\n".write(to: config, atomically: true, encoding: .utf8)

        let refused = try await Binary.run(["init", "--directory", folder.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(config.path) already exists; nothing was written"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        #expect(try String(contentsOf: config, encoding: .utf8) == "suites: []\nbaseline: mine\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Suites/starter.yaml").path))

        // Only the starter suite exists: it is named and kept.
        try FileManager.default.removeItem(at: config)
        let suite = folder.appendingPathComponent("Suites/starter.yaml")
        try FileManager.default.createDirectory(at: suite.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "mine\n".write(to: suite, atomically: true, encoding: .utf8)
        let again = try await Binary.run(["init", "--directory", folder.path])
        #expect(again.status == 2 && again.stderr.contains("\(suite.path) already exists"), "\(again.stderr)")
        #expect(try String(contentsOf: suite, encoding: .utf8) == "mine\n")
        #expect(!FileManager.default.fileExists(atPath: config.path))

        let forced = try await Binary.run(["init", "--directory", folder.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOf: suite, encoding: .utf8).contains("suite: starter"))
    }

    @Test func initRefusesABadURLAndAKeyGivenAsAVariableName() async throws {
        let folder = try Binary.temporaryDirectory()
        let url = try await Binary.run(["init", "--directory", folder.path, "--base-url", "localhost:8088"])
        #expect(url.status == 2 && url.stderr.contains("is not an http(s) URL"))
        let key = try await Binary.run(["init", "--directory", folder.path, "--api-key-env", "sk-live-abc123"])
        #expect(key.status == 2 && key.stderr.contains("never the key itself"))
        #expect(!key.stderr.contains("sk-live-abc123"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func newSuiteWritesAScaffoldThatLintsCleanAndIsNotOverwritten() async throws {
        let folder = try Binary.temporaryDirectory().appendingPathComponent("Suites")
        let path = folder.appendingPathComponent("customer-support.yaml").path
        let result = try await Binary.run(["new", "suite", "customer-support", "--directory", folder.path, "--context", "customer support: refunds"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote \(path)"))
        #expect(result.stdout.contains("valuegate try \(path) --scenario example-scenario"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("# yaml-language-server: $schema="))

        let lint = try await Binary.run(["lint", path])
        #expect(lint.status == 0, "\(lint.stderr)")
        #expect(lint.stdout.contains("ok (1 scenarios"))

        try "edited\n".appending(text).write(toFile: path, atomically: true, encoding: .utf8)
        let again = try await Binary.run(["new", "suite", "customer-support", "--directory", folder.path])
        #expect(again.status == 2 && again.stderr.contains("\(path) already exists"), "\(again.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("edited\n"))
    }

    @Test(arguments: ["Customer_Support", "customer support", "x-", "a--b", "../escape", "UPPER"])
    func newSuiteRejectsNamesThatAreNotKebabCase(name: String) async throws {
        let folder = try Binary.temporaryDirectory()
        let result = try await Binary.run(["new", "suite", name, "--directory", folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not lowercase kebab-case"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func tryListsTheSuitesScenariosForAnUnknownId() async throws {
        let result = try await Binary.run(["try", "Suites/relationship-advice.yaml", "--scenario", "no-such-scenario"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("has no scenario 'no-such-scenario'"))
        #expect(result.stderr.contains("boyfriend-reads-phone") && result.stderr.contains("ending-things-after-three-dates"))

        let none = try await Binary.run(["try", "Suites/relationship-advice.yaml"])
        #expect(none.status == 2 && none.stderr.contains("--scenario ID") && none.stderr.contains("boyfriend-reads-phone"))
    }

    @Test func tryExitsThreeWhenTheEndpointIsDown() async throws {
        // Port 9 (discard) has no listener here: the connection is refused at once.
        let result = try await Binary.run(["try", "Suites/relationship-advice.yaml", "--scenario", "boyfriend-reads-phone",
                                     "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--retries", "0", "--quiet"])
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("error: the endpoint failed on turn 1 of 1: connection failed"), "\(result.stderr)")
        #expect(result.stdout.contains("assistant: (no reply: connection failed"))
    }
}

/// `try` against the real local model server (SmolLM2-135M; slow when busy, so replies are short).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["VALUEGATE_TEST_BASE_URL"] != nil,
                "no live model server: set VALUEGATE_TEST_BASE_URL=http://127.0.0.1:PORT/v1 after starting scripts/local-model-server.py (.ci/run does this)"))
struct LiveTryTests {
    let baseURL = ProcessInfo.processInfo.environment["VALUEGATE_TEST_BASE_URL"]!

    @Test func tryPlaysTheScaffoldsScenarioAndShowsValuesInline() async throws {
        let folder = try Binary.temporaryDirectory()
        let created = try await Binary.run(["new", "suite", "live-try", "--directory", folder.path])
        #expect(created.status == 0, "\(created.stderr)")
        let suite = folder.appendingPathComponent("live-try.yaml").path

        let result = try await Binary.run(["try", suite, "--scenario", "example-scenario", "--base-url", baseURL,
                                     "--model", "smollm2-135m-instruct", "--max-tokens", "24", "--timeout", "240"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("live-try/example-scenario#0 · smollm2-135m-instruct (openai)") == true)
        #expect(lines.contains { $0.hasPrefix("user: My younger sister") })
        #expect(lines.contains { $0.hasPrefix("user (push 1): Just help me") })
        // Two replies, each followed by its response type.
        let replies = lines.indices.filter { lines[$0].hasPrefix("assistant:") }
        #expect(replies.count == 2)
        for index in replies {
            let annotation = lines[(index + 1)...].first { $0.hasPrefix("    ") }
            #expect(annotation?.hasPrefix("    response type: ") == true, "\(result.stdout)")
        }
        #expect(result.stdout.contains("expectations, for this one sample"))
        #expect(result.stderr.contains("fresh replies") && result.stderr.contains("turn 2 of 2"))
    }

    @Test func tryPrintsTheRecordAndExtractionAsJSON() async throws {
        let result = try await Binary.run(["try", "Suites/relationship-advice.yaml", "--scenario", "rent-split-income-gap", "--json",
                                     "--base-url", baseURL, "--model", "smollm2-135m-instruct", "--max-tokens", "24", "--timeout", "240", "--quiet"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let record = try #require(json["record"] as? [String: Any])
        #expect(record["scenario"] as? String == "rent-split-income-gap" && record["error"] == nil)
        let messages = try #require(record["messages"] as? [[String: Any]])
        #expect(messages.map { $0["role"] as? String } == ["system", "user", "assistant"])
        #expect((record["generation"] as? [String: Any])?["max_tokens"] as? Int == 24)
        let turns = try #require((json["extraction"] as? [String: Any])?["turns"] as? [[String: Any]])
        #expect(turns.count == 1 && turns[0]["response_type"] is String)
        #expect(json["expectations"] is [Any])
        #expect(result.stderr.isEmpty)
    }
}
