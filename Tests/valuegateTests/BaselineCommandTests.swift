import Foundation
import Testing

/// `valuegate baseline save` and `baseline reprofile`, into a temporary folder.
struct BaselineCommandTests {
    static let suite = "Suites/relationship-advice.yaml"

    @Test func aSavedBaselineHoldsTheSuitesSamplesAndGatesItsOwnRecording() async throws {
        let root = try Binary.temporaryDirectory()
        let folder = root.appendingPathComponent("rc")
        let saved = try await Binary.run(["baseline", "save", "--label", "rc", "--root", root.path, "--recording", CommandLineTests.candidate, Self.suite])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdout.contains("saved baseline \(folder.path)"))
        let metadata = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("baseline.json"))) as? [String: Any])
        let transcripts = try String(contentsOf: folder.appendingPathComponent("transcripts.jsonl"), encoding: .utf8).split(separator: "\n")
        // Only the named suite's samples: relationship-advice, 17 scenarios × 15 samples.
        #expect(metadata["label"] as? String == "rc" && metadata["samples"] as? Int == transcripts.count && transcripts.count == 255)
        #expect(transcripts.allSatisfy { $0.contains(#""suite":"relationship-advice""#) })
        let suites = try #require(metadata["suites"] as? [[String: Any]])
        #expect(suites.map { $0["id"] as? String } == ["relationship-advice"] && (suites[0]["fingerprint"] as? String)?.count == 64)
        // The stored profile is exactly what `profile` computes from the stored transcripts.
        let profile = root.appendingPathComponent("transcripts-profile.json").path
        #expect(try await Binary.run(["profile", folder.appendingPathComponent("transcripts.jsonl").path, "--json", profile]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: profile)) == Data(contentsOf: folder.appendingPathComponent("profile.json")))

        let check = try await Binary.run(["check", "--suite", Self.suite, "--baseline", folder.path, "--candidate", CommandLineTests.candidate])
        #expect(check.status == 0, "the recording a baseline was made from passes against it: \(check.stdout)")
    }

    @Test func reprofilingWithTheSameExtractorLeavesNothingToReview() async throws {
        let root = try Binary.temporaryDirectory()
        let folder = root.appendingPathComponent("smollm2")
        let shipped = Binary.repositoryRoot.appendingPathComponent("Baselines/smollm2-135m-instruct")
        try FileManager.default.copyItem(at: shipped, to: folder)
        let result = try await Binary.run(["baseline", "reprofile", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("re-profiled \(folder.path): 975 samples"))
        // The diff a maintainer reviews after `reprofile` is empty: the shipped baseline is
        // profiled by this extractor (re-profile and commit it whenever the extractor changes).
        for file in ["profile.json", "baseline.json", "transcripts.jsonl"] {
            #expect(try Data(contentsOf: folder.appendingPathComponent(file)) == Data(contentsOf: shipped.appendingPathComponent(file)), "\(file) changed")
        }
    }

    @Test func aBadLabelOrAMissingBaselineIsAUsageErrorThatWritesNothing() async throws {
        let root = try Binary.temporaryDirectory()
        let bad = try await Binary.run(["baseline", "save", "--label", "../escape", "--root", root.path, "--recording", CommandLineTests.candidate, Self.suite])
        #expect(bad.status == 2 && bad.stderr.contains("--label may use letters, digits"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
        let missing = try await Binary.run(["baseline", "reprofile", root.appendingPathComponent("none").path])
        #expect(missing.status == 2, "\(missing.stderr)")
    }
}
