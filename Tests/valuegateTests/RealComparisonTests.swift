import Foundation
import Testing

/// The real comparisons of docs/real-release-pairs.md, on the shipped JailbreakBench recordings,
/// offline: the regressions fail (exit 1) with quotes in every report format; each model against
/// itself, one half of the behaviours against the other, passes (exit 0).
@Suite(.serialized) struct RealComparisonTests {
    static let recordings = "Examples/recordings/jailbreakbench"

    func reports(_ arguments: [String]) async throws -> (status: Int32, stdout: String, json: [String: Any], markdown: String, junit: String, html: String) {
        let folder = try Binary.temporaryDirectory()
        let paths = ["json", "md", "xml", "html"].map { folder.appendingPathComponent("report.\($0)").path }
        let result = try await Binary.run(arguments + ["--json", paths[0], "--markdown", paths[1], "--junit", paths[2], "--html", paths[3]])
        let files = try paths.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(files[0].utf8)) as? [String: Any])
        return (result.status, result.stdout + result.stderr, json, files[1], files[2], files[3])
    }

    @Test(arguments: [("open", "jbb-llama-2-7b-chat", "vicuna-13b-v1.5"), ("gpt", "jbb-gpt-4-0125", "gpt-3.5-turbo-1106")])
    func theCheckFailsTheRealReleasePairOnHarmfulComplianceWithQuotes(suite: String, baseline: String, candidate: String) async throws {
        let r = try await reports(["check", "--suite", "Suites/jailbreakbench-\(suite).yaml", "--baseline", "Baselines/\(baseline)",
                             "--candidate", "\(Self.recordings)/\(candidate).jsonl"])
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.json["verdict"] as? String == "fail")
        let checks = try #require(r.json["checks"] as? [[String: Any]])
        let undesired = try #require(checks.first { $0["kind"] as? String == "undesired_values" })
        #expect(undesired["status"] as? String == "fail")
        #expect(((undesired["evidence"] as? [[String: Any]])?.first?["quote"] as? String)?.isEmpty == false)
        #expect(r.stdout.contains("FAIL (critical)"))
        #expect(r.markdown.hasPrefix("## ❌ ValueGate: FAIL"))
        #expect(r.junit.contains("<failure"))
        #expect(r.html.contains("undesired values"))
    }

    /// The attack prompt is the push (`opening_push`): vicuna gives way under it far more often
    /// than llama-2, per scenario and over the suite; gpt-3.5's smaller drop is within the limit.
    @Test func theOpenPairFailsOnResistanceUnderTheAttackAndCompareShowsItPerScenario() async throws {
        let check = try await reports(["check", "--suite", "Suites/jailbreakbench-open.yaml", "--baseline", "Baselines/jbb-llama-2-7b-chat",
                                 "--candidate", "\(Self.recordings)/vicuna-13b-v1.5.jsonl"])
        let checks = try #require(check.json["checks"] as? [[String: Any]])
        let capitulation = try #require(checks.first { $0["kind"] as? String == "capitulation" && $0["scenario"] == nil })
        #expect(capitulation["status"] as? String == "fail" && capitulation["reason"] as? String == "beyond_limit")
        let heldByLlama = (capitulation["figures"] as? [String: Any])?["held_throughout_baseline"] as? [String: Any]
        #expect(heldByLlama?["successes"] as? Int == 107 && heldByLlama?["trials"] as? Int == 304)
        #expect(((capitulation["evidence"] as? [[String: Any]])?.first?["quote"] as? String)?.hasPrefix("gave way at opening reply (push 0): ") == true)
        #expect(checks.filter { $0["kind"] as? String == "capitulation" && $0["scenario"] != nil }.count == 304)

        let compare = try await reports(["compare", "\(Self.recordings)/llama-2-7b-chat-hf.jsonl", "\(Self.recordings)/vicuna-13b-v1.5.jsonl",
                                   "--suite", "Suites/jailbreakbench-open.yaml"])
        let pressure = try #require(compare.json["pressure_by_scenario"] as? [[String: Any]])
        #expect(pressure.count == 304)
        let gaveWay = pressure.filter { (($0["candidate"] as? [String: Any])?["first_capitulation_by_push"] as? [Int]) == [1] }
        let held = pressure.filter { (($0["baseline"] as? [String: Any])?["never"] as? Int) == 1 }
        #expect(gaveWay.count == 300 && held.count == 107)
        #expect((pressure.first?["baseline"] as? [String: Any])?["first_push"] as? Int == 0)
    }

    @Test(arguments: [("open", "llama-2-7b-chat-hf", "vicuna-13b-v1.5"), ("gpt", "gpt-4-0125-preview", "gpt-3.5-turbo-1106")])
    func compareListsTheHarmfulComplianceRiseAsARegression(suite: String, a: String, b: String) async throws {
        let r = try await reports(["compare", "\(Self.recordings)/\(a).jsonl", "\(Self.recordings)/\(b).jsonl",
                             "--suite", "Suites/jailbreakbench-\(suite).yaml", "--fail-on-regression"])
        #expect(r.status == 1, "\(r.stdout)")
        let regressions = try #require(r.json["regressions"] as? [[String: Any]])
        #expect(regressions.contains { $0["kind"] as? String == "undesired_value" && $0["subject"] as? String == "compliance with harm" })
        #expect(r.markdown.hasPrefix("## ❌"))
        #expect(r.junit.contains("<failure"))
    }

    @Test(arguments: [("open", "llama-2-7b-chat-hf"), ("open", "vicuna-13b-v1.5"), ("gpt", "gpt-4-0125-preview"), ("gpt", "gpt-3.5-turbo-1106")])
    func eachModelAgainstItselfOneHalfAgainstTheOtherPasses(suite: String, model: String) async throws {
        let r = try await reports(["compare", "\(Self.recordings)/even/\(model).jsonl", "\(Self.recordings)/odd/\(model).jsonl",
                             "--suite", "Suites/jailbreakbench-\(suite).yaml", "--fail-on-regression"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect((r.json["regressions"] as? [Any])?.isEmpty == true)
        #expect(r.markdown.hasPrefix("## ✅"))
        #expect(!r.junit.contains("<failure"))
    }

    @Test func calibrateRunsOnARecordingInsteadOfABaseline() async throws {
        let result = try await Binary.run(["calibrate", "Suites/jailbreakbench-open.yaml", "--recording", "\(Self.recordings)/llama-2-7b-chat-hf.jsonl", "--trials", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("false failures (A/A, baseline against itself): 0 of 5 trials"))
        let both = try await Binary.run(["calibrate", "--recording", "x.jsonl", "--baseline", "Baselines/jbb-llama-2-7b-chat"])
        #expect(both.status == 2 && both.stderr.contains("not both"))
    }
}
