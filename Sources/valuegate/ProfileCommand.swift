import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Compute the value profile of a recording.",
        discussion: """
            Example: valuegate profile Baselines/smollm2-135m-instruct/transcripts.jsonl --json out/profile.json --per-sample out/samples.jsonl
            """)

    @Argument(help: "A recording (JSON Lines).") var path: String
    @Option(help: "Write the profile as JSON here.") var json: String?
    @Option(help: "Write one JSON line per sample here: id, values, categories, response_type, evidence.") var perSample: String?
    @Option(help: "Values to list in the summary.") var top = 15

    func run() throws {
        let extractor = try Shared.extractor()
        let contents = try Recording.readValid(path: path)
        for diagnostic in contents.diagnostics { Console.error(diagnostic.description) }
        let results = SampleResult.extract(contents.sortedEntries, with: extractor)
        let profile = Profile(results: results, extractor: extractor)
        if let json { try JSONOutput.write(profile, to: json) }
        if let perSample {
            var data = Data()
            for result in results {
                data.append(try JSONOutput.encode(result.perSampleLine, pretty: false))
                data.append(UInt8(ascii: "\n"))
            }
            try Console.write(String(decoding: data, as: UTF8.self), to: perSample)
        }
        Console.out(ProfileReport.terminal(profile, taxonomy: extractor.taxonomy, top: top))
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine profiles of shards into the profile of the whole.",
        discussion: "Example: valuegate merge shard-0.json shard-1.json --json profile.json")

    @Argument(help: "Profile JSON files made by 'valuegate profile --json'.") var paths: [String]
    @Option(help: "Write the merged profile here.") var json: String

    func run() throws {
        guard let first = paths.first else { throw UsageError("name at least one profile") }
        var merged = try Profile.load(path: first)
        for path in paths.dropFirst() {
            do { try merged.merge(try Profile.load(path: path)) } catch let error as UsageError { throw UsageError("\(path): \(error.message)") }
        }
        try JSONOutput.write(merged, to: json)
        Console.out("merged \(paths.count) profiles: \(merged.samples) samples (\(merged.failedSamples) failed) → \(json)")
    }
}
