import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// End to end: the built binary, the shipped suites, baseline and recordings.
struct CommandLineTests {
    static let candidate = "Examples/recordings/smollm2-135m-instruct-rc.jsonl"
    static let variant = "Examples/recordings/smollm2-135m-instruct-short-replies.jsonl"
    static let agreeable = "Examples/recordings/smollm2-135m-instruct-agreeable.jsonl"

    @Test func lintReportsPositionedErrorsAndExitsTwo() async throws {
        let result = try await Binary.run(["lint", "Tests/ValueGateKitTests/Fixtures/broken-suite.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("broken-suite.yaml:3:10: error: 'samples' must be a whole number"))
        #expect(result.stderr.contains("broken-suite.yaml:11:26: error: unknown value 'healthy boundaris'"))
        #expect(result.stderr.contains("10 errors"))
    }

    @Test func lintAcceptsTheShippedSuites() async throws {
        let suites = try FileManager.default.contentsOfDirectory(atPath: Binary.repositoryRoot.appendingPathComponent("Suites").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "Suites/" + $0 }
        #expect(suites.count >= 7)
        let result = try await Binary.run(["lint"] + suites)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func checkWithTheConfigurationFilePassesOnTheReleaseCandidate() async throws {
        let result = try await Binary.run(["check"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("PASS"))
    }

    @Test func checkFailsTheShortRepliesVariantAndWritesEveryReport() async throws {
        let folder = try Binary.temporaryDirectory()
        let json = folder.appendingPathComponent("result.json").path
        let junit = folder.appendingPathComponent("result.xml").path
        let markdown = folder.appendingPathComponent("summary.md").path
        let result = try await Binary.run(["check", "--candidate", Self.variant, "--json", json, "--junit", junit, "--markdown", markdown])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("FAILED CHECKS"))
        let decoded = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect(decoded?["verdict"] as? String == "fail")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<failure"))
        _ = try XMLDocument(data: Data(xml.utf8))
        #expect(try String(contentsOfFile: markdown, encoding: .utf8).hasPrefix("## ❌ ValueGate: FAIL"))
    }

    @Test func compareTheBaselineWithTheAgreeableVariantInEveryFormat() async throws {
        let folder = try Binary.temporaryDirectory()
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        let result = try await Binary.run(["compare", "Baselines/smollm2-135m-instruct", Self.agreeable,
                                     "--json", path("c.json"), "--junit", path("c.xml"), "--markdown", path("c.md"), "--html", path("c.html")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("HOLD UNDER PRESSURE") && result.stdout.contains("TOP VALUES PER CONTEXT"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("c.json")))) as? [String: Any])
        #expect((json["b"] as? [String: Any])?["label"] as? String == "smollm2-135m-instruct-agreeable")
        #expect(json["regressions"] is [Any] && json["improvements"] is [Any] && json["changed_scenarios"] is [Any])
        // The baseline's suites the variant did not record are left out, and said so.
        #expect((json["only_in_a"] as? [String])?.contains("controversial-history") == true)
        _ = try XMLDocument(data: Data(contentsOf: URL(fileURLWithPath: path("c.xml"))))
        #expect(try String(contentsOfFile: path("c.md"), encoding: .utf8).hasPrefix("## "))
        let html = try String(contentsOfFile: path("c.html"), encoding: .utf8)
        #expect(html.contains("<svg") && !html.lowercased().contains("<script"))
        let unknown = try await Binary.run(["compare", "Baselines/smollm2-135m-instruct", "no-such.jsonl"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no-such.jsonl"))
    }

    @Test func replayOfARecordingMissingASampleNamesItAndExitsTwo() async throws {
        let source = try String(contentsOfFile: Binary.repositoryRoot.appendingPathComponent(Self.candidate).path, encoding: .utf8)
        var lines = source.split(separator: "\n", omittingEmptySubsequences: true)
        let removed = try #require(lines.firstIndex { $0.contains("\"suite\":\"relationship-advice\"") })
        let removedRecord = try JSONSerialization.jsonObject(with: Data(lines[removed].utf8)) as! [String: Any]
        lines.remove(at: removed)
        let path = try Binary.temporaryDirectory().appendingPathComponent("partial.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let result = try await Binary.run(["run", "Suites/relationship-advice.yaml", "--replay", path])
        #expect(result.status == 2)
        let name = "relationship-advice/\(removedRecord["scenario"] as! String)#\(removedRecord["sample"] as! Int)"
        #expect(result.stderr.contains(name), "\(result.stderr)")
    }

    @Test func aMissingBaselineIsAUsageError() async throws {
        let result = try await Binary.run(["check", "--baseline", "Baselines/does-not-exist", "--candidate", Self.candidate])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Baselines/does-not-exist: error: not a baseline"))
        #expect(result.stderr.contains("; create one with 'valuegate baseline save"), "the CLI words the library's remedy")
    }

    @Test func unknownFlagsExitTwoNotSixtyFour() async throws {
        let result = try await Binary.run(["check", "--no-such-flag"])
        #expect(result.status == 2)
    }
}

struct AcceptTests {
    @Test func acceptWritesTheCandidateAsTheNewBaseline() async throws {
        let folder = try Binary.temporaryDirectory()
        let baseline = folder.appendingPathComponent("smollm2").path
        try FileManager.default.copyItem(atPath: Binary.repositoryRoot.appendingPathComponent("Baselines/smollm2-135m-instruct").path, toPath: baseline)

        let before = try await Binary.run(["check", "--baseline", baseline, "--candidate", CommandLineTests.variant])
        #expect(before.status == 1)
        let accepted = try await Binary.run(["check", "--baseline", baseline, "--candidate", CommandLineTests.variant, "--accept"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("accepted:"))
        let metadata = try String(contentsOfFile: baseline + "/baseline.json", encoding: .utf8)
        #expect(metadata.contains("smollm2-135m-instruct-max64"))
        // The accepted candidate is now what later candidates are compared with.
        let after = try await Binary.run(["check", "--baseline", baseline, "--candidate", CommandLineTests.variant])
        #expect(after.status == 0, "\(after.stdout)")
    }
}

struct PlanTests {
    @Test func planShowsWhatTheShippedSuitesCanDetect() async throws {
        let result = try await Binary.run(["plan", "Suites/controversial-history.yaml", "--baseline", "Baselines/smollm2-135m-instruct"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("controversial-history: 15 scenarios × 15 samples = 225 samples per run"))
        #expect(result.stdout.contains("historical accuracy (baseline rate"))
        let bad = try await Binary.run(["plan", "Suites/controversial-history.yaml", "--power", "2"])
        #expect(bad.status == 2)
    }
}
