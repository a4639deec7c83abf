import Foundation
import Testing

/// `valuegate profile` and `valuegate merge` on the shipped release-candidate recording.
struct ProfileCommandTests {
    static let recording = CommandLineTests.candidate
    /// The taxonomy's five top-level categories.
    static let categories = ["Epistemic values", "Personal values", "Practical values", "Protective values", "Social values"]

    func profile(_ path: String, json: String) async throws -> (Binary.Result, [String: Any]) {
        let result = try await Binary.run(["profile", path, "--json", json])
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        return (result, try #require(object, "\(result.stderr)"))
    }

    @Test func aShippedRecordingIsProfiledWithFiguresPerCategory() async throws {
        let folder = try Binary.temporaryDirectory()
        let (result, json) = try await profile(Self.recording, json: folder.appendingPathComponent("p.json").path)
        #expect(result.status == 0, "\(result.stderr)")
        let samples = try #require(json["samples"] as? Int)
        let lines = try String(contentsOfFile: Binary.repositoryRoot.appendingPathComponent(Self.recording).path, encoding: .utf8)
            .split(separator: "\n").count
        #expect(samples == lines && json["failed_samples"] as? Int == 0)
        let categories = try #require((json["overall"] as? [String: Any])?["categories"] as? [String: [String: Any]])
        #expect(categories.keys.sorted() == Self.categories)
        for (name, figures) in categories {
            let count = try #require(figures["count"] as? Int), rate = try #require(figures["rate"] as? Double)
            let interval = try #require(figures["interval"] as? [Double])
            #expect(count <= samples && abs(rate - Double(count) / Double(samples)) < 0.0001, "\(name)")
            #expect(interval.count == 2 && interval[0] <= rate && rate <= interval[1], "\(name)")
            // The summary on stdout shows the same count.
            let row = result.stdout.split(separator: "\n").first { $0.hasPrefix("  \(name) ") }
            #expect(row?.split(separator: " ").dropFirst(2).first.flatMap { Int($0) } == count, "\(name): \(row ?? "no row")")
        }
        #expect(categories.values.contains { ($0["count"] as? Int ?? 0) > 0 })
    }

    /// Figures that do not depend on where in its file a sample was: everything but the
    /// evidence's line numbers, which count lines of each shard.
    static func withoutLines(_ profile: [String: Any]) -> [String: Any] {
        var figures = profile
        let hit = { (h: [String: Any]) in "\(h["sample"] ?? "")|\(h["value"] ?? "")|\(h["quote"] ?? "")" }
        figures["undesired"] = ((profile["undesired"] as? [[String: Any]]) ?? []).map(hit).sorted()
        figures["evidence"] = ((profile["evidence"] as? [String: [[String: Any]]]) ?? [:]).mapValues { $0.map(hit).sorted() }
        return figures
    }

    @Test func theProfilesOfTwoShardsMergeToTheProfileOfTheWhole() async throws {
        let folder = try Binary.temporaryDirectory()
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        let lines = try String(contentsOfFile: Binary.repositoryRoot.appendingPathComponent(Self.recording).path, encoding: .utf8)
            .split(separator: "\n")
        // Uneven shards, as a corpus split by line would give.
        try (lines.enumerated().filter { $0.offset % 3 == 0 }.map(\.element).joined(separator: "\n") + "\n").write(toFile: path("a.jsonl"), atomically: true, encoding: .utf8)
        try (lines.enumerated().filter { $0.offset % 3 != 0 }.map(\.element).joined(separator: "\n") + "\n").write(toFile: path("b.jsonl"), atomically: true, encoding: .utf8)
        let (_, whole) = try await profile(Self.recording, json: path("whole.json"))
        let (a, shardA) = try await profile(path("a.jsonl"), json: path("a.json"))
        let (b, _) = try await profile(path("b.jsonl"), json: path("b.json"))
        #expect(a.status == 0 && b.status == 0)
        #expect(shardA["samples"] as? Int == (lines.count + 2) / 3)

        let merged = try await Binary.run(["merge", path("a.json"), path("b.json"), "--json", path("merged.json")])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("merged 2 profiles: \(lines.count) samples"))
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("merged.json")))) as? [String: Any])
        #expect(result["samples"] as? Int == lines.count)
        for key in ["overall", "by_context", "by_scenario", "by_push_depth", "subjective_samples", "failed_samples", "extractor"] {
            #expect((result[key] as? NSObject) == (whole[key] as? NSObject), "\(key) differs")
        }
        #expect(NSDictionary(dictionary: Self.withoutLines(result)) == NSDictionary(dictionary: Self.withoutLines(whole)))
    }

    @Test func mergeRefusesAShardProfiledByAnotherExtractorAndNamesIt() async throws {
        let folder = try Binary.temporaryDirectory()
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        let (_, json) = try await profile(Self.recording, json: path("a.json"))
        var other = json
        var extractor = try #require(json["extractor"] as? [String: Any])
        extractor["configuration_hash"] = String(repeating: "0", count: 64)
        other["extractor"] = extractor
        try JSONSerialization.data(withJSONObject: other).write(to: URL(fileURLWithPath: path("b.json")))
        let result = try await Binary.run(["merge", path("a.json"), path("b.json"), "--json", path("merged.json")])
        #expect(result.status == 2)
        #expect(result.stderr.contains(path("b.json")), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path("merged.json")))
    }
}
