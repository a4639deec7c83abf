import ArgumentParser
import ValueGateKit

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine profiles of shards into the profile of the whole.",
        discussion: "Example: valuegate merge shard-0.json shard-1.json --json profile.json")

    @Argument(help: "Profile JSON files made by 'valuegate profile --json'.") var paths: [String]
    @Option(help: "Write the merged profile here.") var json: String

    func run() throws {
        let merged = try Profile.merged(paths: paths)
        try JSONOutput.write(merged, to: json)
        Console.out("merged \(paths.count) profiles: \(merged.samples) samples (\(merged.failedSamples) failed) → \(json)")
    }
}
